// GET /ws: the signaling WebSocket. Pages from other origins and addresses that flooded bad links
// are refused before the upgrade; everything after it happens in runSocketSession.
import type { FastifyInstance } from 'fastify';
import { forgetUpgrade } from './forget-upgrade.js';
import { HeartbeatSweep } from './heartbeat.js';
import { runSocketSession, type SocketDeps } from './socket-session.js';

export default async function signalingRoutes(app: FastifyInstance): Promise<void> {
  const { hub, links, config, metrics, signalingGuard: guard } = app.vestibule;
  const log = app.log.child({ module: 'ws' });
  const heartbeat = new HeartbeatSweep(config.heartbeatMs);
  app.addHook('onClose', async () => heartbeat.stop());
  // One object for every socket: a copy per socket was ~100 bytes for each participant, for an hour.
  const sessionDeps: SocketDeps = { hub, links, log, metrics, guard, heartbeat, helloTimeoutMs: config.signaling.helloTimeoutMs };
  app.get(
    '/ws',
    {
      websocket: true,
      schema: { querystring: { type: 'object', additionalProperties: false, properties: {} } },
      // The socket's own limits (signaling-guard.ts) replace the service-wide one here: both of an
      // address's counts are read in one round trip.
      config: { rateLimit: false },
      onRequest: async (req, reply) => {
        if (!guard.originAllowed(req.headers.origin)) {
          req.log.info('websocket from a foreign origin refused');
          return reply.code(403).send({ error: 'This page may not open Vestibule visits' });
        }
        const refusal = await guard.upgradeRefusal(req.ip);
        if (!refusal) return;
        metrics.rateLimited(refusal.reason === 'bad_links' ? 'bad_hello' : 'ws_upgrade');
        reply.header('retry-after', String(refusal.retryAfterSeconds));
        if (refusal.reason === 'bad_links') {
          return reply.code(429).send({ error: 'Too many invalid links from this address; wait a minute and try again' });
        }
        return reply.code(429).send({ error: 'Too many connections from this address; wait a minute and try again' });
      },
    },
    (socket, req) => {
      forgetUpgrade(socket, req.raw);
      runSocketSession(socket, sessionDeps, { address: req.ip, tcp: req.raw.socket ?? undefined });
    },
  );
}
