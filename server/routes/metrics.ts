// GET /metrics on the public port, in Prometheus text format: only when METRICS_TOKEN is set, and
// only with `Authorization: Bearer <METRICS_TOKEN>`. Without a token the route does not exist (404):
// metrics are then served on METRICS_LISTEN's private address alone, if anywhere (server/metrics.ts).
import type { FastifyInstance } from 'fastify';
import { metricsAuthorized } from '../metrics.js';

export default async function metricsRoutes(app: FastifyInstance): Promise<void> {
  const { config, metrics } = app.vestibule;
  const token = config.metrics.token;
  if (!token) return;
  app.get('/metrics', { logLevel: 'warn' }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    if (!metricsAuthorized(req.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'A valid metrics token is required' });
    }
    return reply.header('content-type', metrics.contentType).send(await metrics.render());
  });
}
