// Builds the Fastify app; never listens (server/main.ts does). Tests build a fresh one per test.
import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { MAX_FRAME_BYTES } from '../shared/constants.js';
import type { Config } from './config.js';
import { httpServerFactory } from './http-server.js';
import services from './plugins/services.js';
import connectionTestRoutes from './routes/connection-test.js';
import healthRoutes from './routes/health.js';
import pageRoutes from './routes/pages.js';
import type { Secrets } from './secrets.js';
import signalingRoutes from './signaling/route.js';
import { type Database, isDatabaseUnavailable } from './store/db.js';

export interface BuildOptions {
  config: Config;
  secrets: Secrets;
  /** The opened, migrated store; the app closes it when it closes. */
  database: Database;
  /** A pino logger; tests pass one writing to a buffer, or none for silence. */
  logger?: FastifyBaseLogger;
}

/** Response headers for a page that handles health data: no referrer, no framing, self-only sources. */
const SECURITY_HEADERS: Record<string, string> = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self), speaker-selection=(self), fullscreen=(self)',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: opts.config.trustProxy,
    serverFactory: httpServerFactory({
      connectionsPerAddress: opts.config.trustProxy ? 0 : opts.config.signaling.connectionsPerAddress,
      headersTimeoutMs: opts.config.headersTimeoutMs,
      requestTimeoutMs: 60_000,
    }),
  });
  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isDatabaseUnavailable(err)) {
      req.log.error({ err: err.message }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'Vestibule cannot reach its database right now; try again in a moment' });
    }
    // Everything else as Fastify answers it by default (its parent error handler).
    return reply.send(err);
  });
  await app.register(rateLimit, { max: opts.config.httpRequestsPerMinute, timeWindow: '1 minute' });
  await app.register(websocket, { options: { maxPayload: 4 * MAX_FRAME_BYTES } });
  await app.register(services, { config: opts.config, secrets: opts.secrets, database: opts.database });
  await app.register(healthRoutes);
  await app.register(pageRoutes);
  await app.register(signalingRoutes);
  await app.register(connectionTestRoutes);
  return app;
}
