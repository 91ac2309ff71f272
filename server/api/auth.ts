// Who is calling /api/v1: `Authorization: Bearer vst_…`. A read key may use the routes that only
// read; anything that changes something needs a read-write key. Revoked and unknown keys are 401,
// a key without the scope 403. Rate limits count per key (its fingerprint), on every node alike.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKey } from '../store/api-keys.js';
import type { ApiKeyScope } from '../store/schema.js';
import type { ApiKeyService } from './api-key-service.js';
import { keyFingerprint } from './api-key-service.js';
import { ApiProblem } from './problem.js';

/** What a route needs: a key's scope, or nothing (the OpenAPI document and its reference page). */
export type ApiAccess = ApiKeyScope | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    apiAccess?: ApiAccess;
  }
  interface FastifyRequest {
    apiKey: ApiKey | null;
  }
}

export function bearerOf(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export function installApiKeyAuth(app: FastifyInstance, keys: ApiKeyService): void {
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.apiAccess ?? 'read-write';
    if (access === 'public') return;
    const secret = bearerOf(req);
    if (!secret) throw new ApiProblem(401, 'no_api_key', 'Send an API key: Authorization: Bearer vst_…');
    const key = await keys.authenticate(secret);
    if (!key) throw new ApiProblem(401, 'bad_api_key', 'This API key is not valid or has been revoked.');
    if (access === 'read-write' && key.scope !== 'read-write') {
      throw new ApiProblem(403, 'read_only_key', 'This API key may only read; this request needs a read-write key.');
    }
    req.apiKey = key;
  });
}

/** The key a request was let in with; only called on routes that need one. */
export function callingKey(req: FastifyRequest): ApiKey {
  if (!req.apiKey) throw new ApiProblem(401, 'no_api_key', 'Send an API key.');
  return req.apiKey;
}

/** Rate-limit settings for a route: per key, or per address for requests without one. */
export function perKeyLimit(max: number) {
  return {
    max,
    timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => {
      const secret = bearerOf(req);
      return secret ? `api-key:${keyFingerprint(secret)}` : `api-ip:${req.ip}`;
    },
  };
}
