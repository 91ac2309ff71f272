// The browser app: a few HTML pages and their bundles, built by scripts/build.mjs into clientDir and
// held in memory. The visit page's URL carries only the appointment id; the token stays in the fragment.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
};

export default async function pageRoutes(app: FastifyInstance): Promise<void> {
  const dir = app.vestibule.config.clientDir;
  const files = new Map<string, Buffer>();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) if (TYPES[extname(name)]) files.set(name, readFileSync(join(dir, name)));
  } else {
    app.log.warn({ dir }, 'browser bundle not built; run `npm run build`');
  }

  const serve = (reply: FastifyReply, name: string) => {
    const body = files.get(name);
    if (!body) return reply.code(503).type('text/plain').send('Vestibule is starting up or was not built. Run `npm run build`.');
    return reply
      .type(TYPES[extname(name)]!)
      .header('cache-control', name.endsWith('.html') ? 'no-store' : 'public, max-age=300')
      .send(body);
  };

  const idParams = {
    type: 'object',
    properties: { appointmentId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
    required: ['appointmentId'],
  } as const;

  app.get('/', async (_req, reply) => serve(reply, 'index.html'));
  app.get('/test', async (_req, reply) => serve(reply, 'test.html'));
  app.get('/v/:appointmentId', { schema: { params: idParams } }, async (_req, reply) => serve(reply, 'visit.html'));
  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    {
      schema: {
        params: { type: 'object', properties: { file: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,80}$' } }, required: ['file'] },
      },
    },
    async (req, reply) => {
      if (req.params.file.endsWith('.html') || !files.has(req.params.file)) return reply.code(404).send({ error: 'not found' });
      return serve(reply, req.params.file);
    },
  );
}
