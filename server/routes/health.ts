// Probes for load balancers, orchestrators and the Docker HEALTHCHECK. Both are cheap, outside the
// HTTP rate limit (a load balancer polls from one address) and logged at warn level only.
//   GET /healthz: liveness. The process answers; touches nothing else, so a database outage never
//     gets the machine restarted. 200 { ok: true, node }.
//   GET /readyz: readiness. Every registered dependency answers (server/readiness.ts: the database,
//     later Redis) and the machine is not draining. 200 { ok: true, node }, or
//     503 { ok: false, node, failing: ['database' | 'redis' | 'draining', …] }.
import type { FastifyInstance } from 'fastify';

const probeSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ok: { type: 'boolean' },
    node: { type: 'string' },
    failing: { type: 'array', items: { type: 'string' } },
  },
  required: ['ok', 'node'],
} as const;

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  const { config, readiness } = app.vestibule;
  const node = config.nodeId;
  const probe = {
    logLevel: 'warn',
    config: { rateLimit: false },
    schema: { response: { 200: probeSchema, 503: probeSchema } },
  } as const;

  app.get('/healthz', probe, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { ok: true, node };
  });

  /** The failing names of the previous answer, so a change is logged once, not at every poll. */
  let lastFailing = '';
  app.get('/readyz', probe, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    const result = await readiness.run();
    const failing = result.ok ? '' : result.failing.join(',');
    if (failing !== lastFailing) {
      if (result.ok) app.log.warn({ node }, 'ready for traffic again');
      else app.log.warn({ node, failing: result.failing, reasons: result.reasons }, 'not ready for traffic');
      lastFailing = failing;
    }
    if (result.ok) return { ok: true, node };
    return reply.code(503).send({ ok: false, node, failing: result.failing });
  });
}
