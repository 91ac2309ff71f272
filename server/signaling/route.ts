// GET /ws: the signaling WebSocket. Everything after the upgrade happens in runSocketSession.
import type { FastifyInstance } from 'fastify';
import { runSocketSession } from './socket-session.js';

export default async function signalingRoutes(app: FastifyInstance): Promise<void> {
  const { hub, links, config } = app.vestibule;
  const log = app.log.child({ module: 'ws' });
  app.get(
    '/ws',
    {
      websocket: true,
      schema: { querystring: { type: 'object', additionalProperties: false, properties: {} } },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    (socket) => runSocketSession(socket, { hub, links, log, heartbeatMs: config.heartbeatMs }),
  );
}
