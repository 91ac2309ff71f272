// GET /healthz for load balancers and the Docker HEALTHCHECK: the process answers and the database reads.
import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: {
        response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } },
      },
    },
    async () => {
      await app.vestibule.database.ping();
      return { ok: true };
    },
  );
}
