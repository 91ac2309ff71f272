// Errors a browser can reach, as pages in the product's style (the home page's stylesheet), never
// Fastify's raw JSON. API routes keep answering JSON. Table-driven: a new kind of error is one entry.
import type { FastifyReply, FastifyRequest } from 'fastify';

export type PageError = 'missing-appointment' | 'bad-link' | 'not-found';

interface ErrorPageText {
  status: number;
  title: string;
  body: string;
}

const ERROR_PAGES: Record<PageError, ErrorPageText> = {
  'missing-appointment': {
    status: 404,
    title: 'This link is incomplete',
    body: 'Part of the visit link is missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
  },
  'bad-link': {
    status: 400,
    title: 'This link is not valid',
    body: 'The visit link was changed or cut short. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
  },
  'not-found': {
    status: 404,
    title: 'Page not found',
    body: 'There is nothing at this address. To join a visit, open the personal link your provider sent you.',
  },
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Paths whose errors are for programs, answered as JSON. */
export function isApiPath(url: string): boolean {
  return /^\/(api|ws|healthz|readyz|metrics|assets)(\/|$|\?)/.test(url);
}

/** The stylesheet the home page uses (its content-hashed name, read from the built index.html). */
export function stylesheetOf(indexHtml: string | undefined): string | null {
  return indexHtml?.match(/href="(\/assets\/[\w.-]+\.css)"/)?.[1] ?? null;
}

export function renderErrorPage(kind: PageError, stylesheet: string | null): { status: number; html: string } {
  const page = ERROR_PAGES[kind];
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <link rel="icon" href="data:,">
  <title>${escapeHtml(page.title)} · Vestibule</title>
  ${stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : ''}
</head>
<body>
  <main>
    <section class="problem" data-problem="${kind}">
      <h1>${escapeHtml(page.title)}</h1>
      <p>${escapeHtml(page.body)}</p>
      <p><a href="/test">Test your camera, microphone and connection</a></p>
    </section>
  </main>
</body>
</html>
`;
  return { status: page.status, html };
}

export function sendErrorPage(reply: FastifyReply, kind: PageError, stylesheet: string | null): FastifyReply {
  const { status, html } = renderErrorPage(kind, stylesheet);
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** For the not-found handler: a page for browsers' page requests, JSON for the API. */
export function wantsPage(req: FastifyRequest): boolean {
  return req.method === 'GET' && !isApiPath(req.url);
}
