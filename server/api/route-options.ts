// The options every /api/v1 route shares: its scope, the per-key rate limit, the bearer security
// requirement and the problem answers in its schema (so the OpenAPI document lists them).
import type { FastifySchema } from 'fastify';
import type { ApiKeyScope } from '../store/schema.js';
import { perKeyLimit } from './auth.js';
import { PROBLEMS } from './schemas.js';

export interface ApiRouteContext {
  requestsPerMinutePerKey: number;
}

export function keyRoute<S extends FastifySchema & { response: Record<number, unknown> }>(
  ctx: ApiRouteContext,
  scope: ApiKeyScope,
  schema: S,
) {
  return {
    schema: { ...schema, security: [{ apiKey: [] }], response: { ...PROBLEMS, ...schema.response } },
    config: { apiAccess: scope, rateLimit: perKeyLimit(ctx.requestsPerMinutePerKey) },
  };
}
