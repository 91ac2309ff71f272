// Builds the Fastify app; never listens (server/main.ts does). Tests build a fresh one per test.
import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { MAX_FRAME_BYTES } from '../shared/constants.js';
import type { Config } from './config.js';
import services from './plugins/services.js';
import connectionTestRoutes from './routes/connection-test.js';
import healthRoutes from './routes/health.js';
import pageRoutes from './routes/pages.js';
import type { Secrets } from './secrets.js';
import { securityHeaders } from './security-headers.js';
import signalingRoutes from './signaling/route.js';
import type { Db } from './store/db.js';

export interface BuildOptions {
  config: Config;
  secrets: Secrets;
  db: Db;
  /** A pino logger; tests pass one writing to a buffer, or none for silence. */
  logger?: FastifyBaseLogger;
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    trustProxy: opts.config.trustProxy,
  });
  const headers = Object.entries(securityHeaders(opts.config));
  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of headers) reply.header(k, v);
  });
  await app.register(rateLimit, { max: 600, timeWindow: '1 minute' });
  await app.register(websocket, { options: { maxPayload: 4 * MAX_FRAME_BYTES } });
  await app.register(services, { config: opts.config, secrets: opts.secrets, db: opts.db });
  await app.register(healthRoutes);
  await app.register(pageRoutes);
  await app.register(signalingRoutes);
  await app.register(connectionTestRoutes);
  return app;
}
