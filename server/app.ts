// Builds the Fastify app; never listens (server/main.ts does). Tests build a fresh one per test.
import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { MAX_FRAME_BYTES } from '../shared/constants.js';
import { addressForLog, type LogClientAddresses } from './client-address.js';
import type { Config } from './config.js';
import { errorSerializer } from './log-errors.js';
import { refuseNulText } from './nul-text.js';
import { httpServerFactory } from './http-server.js';
import api from './api/plugin.js';
import services from './plugins/services.js';
import practice from './practice/plugin.js';
import connectionTestRoutes from './routes/connection-test.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import shortLinkRoutes from './routes/short-link-routes.js';
import pageRoutes from './routes/pages.js';
import type { Secrets } from './secrets.js';
import { securityHeaders } from './security-headers.js';
import signalingRoutes from './signaling/route.js';
import { type Database, isDatabaseUnavailable } from './store/db.js';

export interface BuildOptions {
  config: Config;
  secrets: Secrets;
  /** The opened, migrated store; the app closes it when it closes. */
  database: Database;
  /** A pino logger; tests pass one writing to a buffer, or none for silence. */
  logger?: FastifyBaseLogger;
  /** The service's clock for the practice API (sessions, lockouts) and the signaling limits' minute windows; tests pass their own. */
  now?: () => number;
}

/**
 * Fastify's request log line, minus what identifies a person: the client's address as LOG_CLIENT_ADDRESSES
 * says (by default only its network), and no source port unless addresses are logged in full.
 */
export function requestSerializer(mode: LogClientAddresses): (req: FastifyRequest) => Record<string, unknown> {
  return (req) => {
    const remoteAddress = addressForLog(req.ip, mode);
    return {
      method: req.method,
      url: req.url,
      host: req.host,
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(mode === 'full' ? { remotePort: req.socket?.remotePort } : {}),
    };
  };
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger
      ? {
          loggerInstance: opts.logger.child(
            {},
            { serializers: { req: requestSerializer(opts.config.logClientAddresses), err: errorSerializer } },
          ),
        }
      : { logger: false }),
    bodyLimit: 1024 * 1024,
    // Fastify's validator drops properties a schema does not name; a misspelt field ("emial") would then
    // pass as absent, and an update would clear what it meant to set. Refused instead, with a 400 naming it.
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: opts.config.trustProxy,
    serverFactory: httpServerFactory({
      connectionsPerAddress: opts.config.trustProxy ? 0 : opts.config.signaling.connectionsPerAddress,
      headersTimeoutMs: opts.config.headersTimeoutMs,
      requestTimeoutMs: 60_000,
    }),
  });
  const headers = Object.entries(securityHeaders(opts.config));
  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of headers) reply.header(k, v);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isDatabaseUnavailable(err)) {
      req.log.error({ err }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'Vestibule cannot reach its database right now; try again in a moment' });
    }
    // Our fault: Fastify would log the message as the line's text and send it to the client, and a
    // database's message can quote a value. Logged through the err serializer; the client gets words.
    if ((err.statusCode ?? 500) >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: 'Something went wrong on our side; try again in a moment' });
    }
    // A client's mistake, as Fastify answers it by default (its parent error handler).
    return reply.send(err);
  });
  refuseNulText(app);
  await app.register(services, { config: opts.config, secrets: opts.secrets, database: opts.database, now: opts.now });
  const { redis } = app.vestibule;
  // With several nodes the counts live in Redis, so a limit holds however requests are spread.
  await app.register(rateLimit, {
    max: opts.config.httpRequestsPerMinute,
    timeWindow: '1 minute',
    ...(redis ? { redis, nameSpace: 'vst:rl:', skipOnError: true } : {}),
    // Also called for the routes' own limits (they inherit it). /ws counts its sockets itself (signaling-guard.ts).
    onExceeded: () => app.vestibule.metrics.rateLimited('http'),
  });
  await app.register(websocket, {
    options: { maxPayload: 4 * MAX_FRAME_BYTES },
    // Errors before the session takes the socket over (signaling/forget-upgrade.ts) land here; after,
    // the session handles them the same way: the client's doing, counted and logged once at info,
    // without a stack; the socket is dropped.
    errorHandler(error: Error & { code?: string }, socket, request) {
      const kind = error.code === 'WS_ERR_INVALID_UTF8' ? 'invalid_utf8' : 'socket_error';
      app.vestibule.metrics.clientError(kind);
      request.log.info({ code: error.code ?? 'unknown' }, 'websocket protocol error; socket dropped');
      socket.terminate();
    },
    // At shutdown the hub tells the other nodes these people are reconnecting, then every page gets
    // 1001 (going away) and reconnects (the default would close with no code, 1005).
    preClose(this: FastifyInstance, done: () => void) {
      app.vestibule.hub.closeAll();
      for (const client of this.websocketServer.clients) client.close(1001, 'server restarting');
      this.websocketServer.close();
      done();
    },
  });
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(pageRoutes);
  await app.register(signalingRoutes);
  await app.register(connectionTestRoutes);
  await app.register(shortLinkRoutes);
  await app.register(practice);
  await app.register(api);
  return app;
}
