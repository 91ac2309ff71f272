// The browser app: a few HTML pages and their bundles, built by scripts/build.mjs into clientDir and
// held in memory. The visit page's URL carries only the appointment id; the token stays in the fragment.
//
// The build names each asset by its content (visit-XXXXXXXX.js) and writes brotli and gzip copies
// next to it (name.br, name.gz). Here each response is the copy the browser accepts (br, then gzip,
// else the file itself), sent as it is, with `vary: accept-encoding` and a strong etag per copy.
// Hashed assets are cached for a year; pages are never stored (they name the current assets).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { sendErrorPage, stylesheetOf, wantsPage } from './error-page.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  // Background effects: MediaPipe's wasm, model and graph (scripts/build-background-assets.mjs).
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.binarypb': 'application/octet-stream',
  '.data': 'application/octet-stream',
};

/** A name the build gave from the content (esbuild's [hash]: 8 characters of base32). */
const HASHED = /-[A-Z2-7]{8}\.[a-z]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

type Packed = 'br' | 'gzip';
type Encoding = Packed | 'identity';
/** The compressed copies the server sends, best first, and their file suffixes. */
const PREFERENCE: Packed[] = ['br', 'gzip'];
const SUFFIX: Record<Packed, string> = { br: '.br', gzip: '.gz' };

interface Variant {
  body: Buffer;
  etag: string;
}

interface StaticFile {
  type: string;
  cacheControl: string;
  variants: Partial<Record<Encoding, Variant>> & { identity: Variant };
}

/** Reads a file, or undefined when it is missing (a build running meanwhile may remove it). */
function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function loadFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type || name.startsWith('.')) continue;
    const body = readIfPresent(join(dir, name));
    if (!body) continue;
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    const variants: StaticFile['variants'] = { identity: { body, etag: `"${hash}"` } };
    for (const enc of PREFERENCE) {
      const packed = readIfPresent(join(dir, name + SUFFIX[enc]));
      if (packed) variants[enc] = { body: packed, etag: `"${hash}-${enc}"` };
    }
    const cacheControl = name.endsWith('.html') ? 'no-store' : HASHED.test(name) ? IMMUTABLE : 'public, max-age=300';
    files.set(name, { type, cacheControl, variants });
  }
  return files;
}

/**
 * The content codings an Accept-Encoding header allows (RFC 9110 §12.5.3): a listed coding with
 * q > 0, or one covered by `*` with q > 0. No header at all means identity only.
 */
export function acceptedEncodings(header: string | undefined): Set<Packed> {
  const accepted = new Set<Packed>();
  if (!header) return accepted;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (!coding) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(coding.trim(), Number.isFinite(value) ? value : 0);
  }
  for (const coding of PREFERENCE) {
    const value = q.get(coding) ?? (coding === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
    if (value > 0) accepted.add(coding);
  }
  return accepted;
}

/** True when If-None-Match names this etag (weak comparison, as RFC 9110 §13.1.2 asks). */
function notModified(req: FastifyRequest, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

export default async function pageRoutes(app: FastifyInstance): Promise<void> {
  const dir = app.vestibule.config.clientDir;
  const built = existsSync(dir);
  if (!built) app.log.warn({ dir }, 'browser bundle not built; run `npm run build`');
  const files = built ? loadFiles(dir) : new Map<string, StaticFile>();

  const serve = (req: FastifyRequest, reply: FastifyReply, name: string) => {
    const file = files.get(name);
    if (!file) return reply.code(503).type('text/plain').send('Vestibule is starting up or was not built. Run `npm run build`.');
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    const encoding: Encoding = PREFERENCE.find((e) => accepted.has(e) && file.variants[e]) ?? 'identity';
    const variant = file.variants[encoding] ?? file.variants.identity;
    reply.type(file.type).header('cache-control', file.cacheControl).header('vary', 'accept-encoding').header('etag', variant.etag);
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    if (notModified(req, variant.etag)) return reply.code(304).send();
    return reply.send(variant.body);
  };

  const idParams = {
    type: 'object',
    properties: { appointmentId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
    required: ['appointmentId'],
  } as const;

  app.get('/', async (req, reply) => serve(req, reply, 'index.html'));
  app.get('/test', async (req, reply) => serve(req, reply, 'test.html'));
  // The practice dashboard: one page, each path a screen (client/practice/main.ts). One-time links
  // carry their token in the fragment, which never reaches the server.
  const signedInScreens = [
    '/practice/clients',
    '/practice/outbox',
    '/practice/staff',
    '/practice/audit',
    '/practice/integrations',
    '/practice/settings',
  ];
  for (const path of [
    '/practice',
    '/practice/sign-in',
    '/practice/setup',
    '/practice/accept-invitation',
    '/practice/reset-password',
    ...signedInScreens,
  ]) {
    app.get(path, async (req, reply) => serve(req, reply, 'practice.html'));
  }
  const stylesheet = stylesheetOf(files.get('index.html')?.variants.identity.body.toString('utf8'));
  // A visit link without its appointment id, or with a mangled one: a page that says so, not JSON.
  app.get('/v', async (req, reply) => sendErrorPage(req, reply, 'missing-appointment', stylesheet));
  app.get('/v/', async (req, reply) => sendErrorPage(req, reply, 'missing-appointment', stylesheet));
  app.get('/v/:appointmentId', { schema: { params: idParams }, attachValidation: true }, async (req, reply) =>
    req.validationError ? sendErrorPage(req, reply, 'bad-link', stylesheet) : serve(req, reply, 'visit.html'),
  );
  // Short links: the same page, which exchanges the code in the fragment (server/routes/short-link-routes.ts).
  app.get('/j', async (req, reply) => serve(req, reply, 'visit.html'));
  app.setNotFoundHandler(async (req, reply) => {
    if (wantsPage(req)) return sendErrorPage(req, reply, 'not-found', stylesheet);
    return reply.code(404).send({ error: 'not found' });
  });
  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    {
      schema: {
        params: { type: 'object', properties: { file: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,80}$' } }, required: ['file'] },
      },
    },
    async (req, reply) => {
      if (req.params.file.endsWith('.html') || !files.has(req.params.file)) return reply.code(404).send({ error: 'not found' });
      return serve(req, reply, req.params.file);
    },
  );
}
