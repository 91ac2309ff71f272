// Errors a browser can reach, as pages in the product's style (the home page's stylesheet), never
// Fastify's raw JSON. API routes keep answering JSON. Table-driven: a new kind of error is one entry.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { visitProblemSpanish } from '../../shared/i18n/catalogues/es/visit-problems.js';
import { languageSwitchMessages } from '../../shared/i18n/catalogues/language-switch.js';
import { visitProblemMessages } from '../../shared/i18n/catalogues/visit-problems.js';
import { isLanguage, LANGUAGES, type Language, type Messages, type Translate, wordsFrom } from '../../shared/i18n/translate.js';

export type PageError = 'missing-appointment' | 'bad-link' | 'not-found';

type Key = keyof (typeof visitProblemMessages)['en'];
type Words = Translate<Key>;

/** The server speaks every language from the start (only browser pages load a language when they need it). */
const PROBLEM_WORDS: Readonly<Record<Language, Messages<Key>>> = { en: visitProblemMessages.en, es: visitProblemSpanish };

const ERROR_PAGES: Record<PageError, { status: number; text(t: Words): { title: string; body: string } }> = {
  'missing-appointment': {
    status: 404,
    text: (t) => ({ title: t('missingToken.title'), body: t('page.missingAppointment.body') }),
  },
  'bad-link': { status: 400, text: (t) => ({ title: t('invalid.title'), body: t('page.badLink.body') }) },
  'not-found': { status: 404, text: (t) => ({ title: t('page.notFound.title'), body: t('page.notFound.body') }) },
};

/**
 * The page's language: `?lang=` when it names one we have (the switch on the page sets it), else the
 * first of the browser's Accept-Language that we have (by quality), else English.
 */
export function errorPageLanguage(req: Pick<FastifyRequest, 'headers' | 'query'>): Language {
  const asked = (req.query as { lang?: unknown } | undefined)?.lang;
  if (isLanguage(asked)) return asked;
  const header = req.headers['accept-language'];
  const ranked = (typeof header === 'string' ? header : '')
    .slice(0, 500)
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { base: tag.toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.base).find(isLanguage) ?? 'en';
}

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

/**
 * Links to this page in the other languages, each named in its own language (the pages' switch, without
 * script). Query-only: a path copied from the request could be `//other.example/…`, a link to another host.
 */
function languageLinks(current: Language): string {
  const links = LANGUAGES.filter((l) => l !== current).map(
    (l) => `<a href="?lang=${l}" lang="${l}" hreflang="${l}">${escapeHtml(languageSwitchMessages[l].thisLanguage)}</a>`,
  );
  return `<nav class="language-switch" aria-label="${escapeHtml(languageSwitchMessages[current].switchLabel)}">${links.join(' ')}</nav>`;
}

export function renderErrorPage(kind: PageError, stylesheet: string | null, language: Language = 'en'): { status: number; html: string } {
  const page = ERROR_PAGES[kind];
  const t = wordsFrom(PROBLEM_WORDS[language]);
  const { title, body } = page.text(t);
  const html = `<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <link rel="icon" href="data:,">
  <title>${escapeHtml(title)} · Vestibule</title>
  ${stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : ''}
</head>
<body>
  <main>
    ${languageLinks(language)}
    <section class="problem" data-problem="${kind}">
      <h1>${escapeHtml(title)}</h1>
      <p>${escapeHtml(body)}</p>
      <p><a href="/test">${escapeHtml(t('testLink'))}</a></p>
    </section>
  </main>
</body>
</html>
`;
  return { status: page.status, html };
}

/** The error page in the language the request asks for; never cached (the language varies). */
export function sendErrorPage(req: FastifyRequest, reply: FastifyReply, kind: PageError, stylesheet: string | null): FastifyReply {
  const { status, html } = renderErrorPage(kind, stylesheet, errorPageLanguage(req));
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'Accept-Language')
    .send(html);
}

/** For the not-found handler: a page for browsers' page requests, JSON for the API. */
export function wantsPage(req: FastifyRequest): boolean {
  return req.method === 'GET' && !isApiPath(req.url);
}
