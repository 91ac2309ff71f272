// The browser app as the server sends it: a fresh build into a temporary folder, served by a fresh
// app. Compressed copies decompress to the file itself, assets named by their content are cached for
// a year, pages never, and the visit page stays within its size budget, with no Spanish in what it
// loads at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildReport, buildAll } from '../../scripts/build.mjs';
import { SPANISH_VISIT_WORDS } from '../../client/visit/spanish-words.js';
import { ALL_CATALOGUES, ALL_SPANISH } from '../../shared/i18n/catalogues/index.js';
import { type TestApp, testApp } from '../support/app.js';

/**
 * The visit page: HTML and all it loads at once, gzip ("the whole visit page under 40 KB gzipped").
 * What it does not need at once loads with import(): Spanish (only on a Spanish page), the provider's
 * parts, the connection test with its stylesheet, the location form, background effects. About 39.5 KB.
 */
const VISIT_PAGE_BUDGET = 40_000;
const HASHED = /^[\w.-]+-[A-Z2-7]{8}\.(js|css)$/;
const VISIT = '/v/appt_123';

let out: string;
let report: BuildReport;
let t: TestApp;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'vestibule-assets-'));
  report = await buildAll({ quiet: true, outDir: out, server: false });
  t = await testApp({ CLIENT_DIR: report.dir });
}, 60_000);

afterAll(async () => {
  await t?.app.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** The /assets/ names an HTML page refers to. */
function assetRefs(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
}
/** Chunks a script imports at once (import … from "./x.js", import "./x.js"). */
function staticImports(js: string): string[] {
  return [...js.matchAll(/\bimport\s*(?:[^"'();]*?\bfrom\s*)?["']\.\/([^"']+)["']/g)].map((m) => m[1]!);
}
/** Chunks a script loads later with import("./x.js"). */
function dynamicImports(js: string): string[] {
  return [...js.matchAll(/\bimport\(\s*["']\.\/([^"']+)["']\s*\)/g)].map((m) => m[1]!);
}

/** The visit page's HTML URL and every asset it loads at once: its links, scripts and their imports. */
async function visitPageUrls(): Promise<string[]> {
  const html = (await get(VISIT)).body;
  const seen = new Set<string>();
  const queue = assetRefs(html);
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (name.endsWith('.js')) queue.push(...staticImports((await get(`/assets/${name}`)).body));
  }
  return [VISIT, ...[...seen].map((n) => `/assets/${n}`)];
}

/** The assets the visit page may load later (import()), at any depth, with what those import at once. */
async function visitPageLaterUrls(): Promise<string[]> {
  const now = new Set((await visitPageUrls()).filter((u) => u.endsWith('.js')).map((u) => u.slice('/assets/'.length)));
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const name of now) queue.push(...dynamicImports((await get(`/assets/${name}`)).body));
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name) || now.has(name)) continue;
    seen.add(name);
    const js = (await get(`/assets/${name}`)).body;
    queue.push(...staticImports(js), ...dynamicImports(js));
  }
  return [...seen].map((n) => `/assets/${n}`);
}

/** What the files say, their strings' escapes (esbuild writes "\xF3" for "ó") read as the characters. */
async function textOf(urls: string[]): Promise<string> {
  const bodies = await Promise.all(urls.map(async (u) => (await get(u)).body));
  return bodies
    .join('\n')
    .replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g, (_m, a, b, c) =>
      String.fromCodePoint(Number.parseInt(a ?? b ?? c, 16)),
    )
    .replace(/\\(["'`\\])/g, '$1');
}

/** The longest message of an area whose Spanish differs from its English. */
function spanishSample(area: string): string {
  const { en, es } = ALL_CATALOGUES[area]!;
  return Object.keys(es)
    .filter((k) => es[k] !== en[k])
    .map((k) => es[k]!)
    .sort((a, b) => b.length - a.length)[0]!;
}

describe('content encoding', () => {
  it('sends br when asked for br, gzip when asked for gzip only, the file itself otherwise; all decode to the same bytes', async () => {
    const urls = await visitPageUrls();
    expect(urls.length).toBeGreaterThanOrEqual(4); // the page, its stylesheet, its script and a chunk
    for (const url of urls) {
      const plain = await get(url);
      expect(plain.statusCode, url).toBe(200);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.headers.vary, url).toBe('accept-encoding');
      const identity = plain.rawPayload;

      const br = await get(url, { 'accept-encoding': 'br' });
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers.vary, url).toBe('accept-encoding');
      expect(br.rawPayload.length, url).toBeLessThan(identity.length);
      expect(brotliDecompressSync(br.rawPayload).equals(identity), url).toBe(true);

      const gzip = await get(url, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding'], url).toBe('gzip');
      expect(gzip.headers.vary, url).toBe('accept-encoding');
      expect(gzip.rawPayload.length, url).toBeLessThan(identity.length);
      expect(gunzipSync(gzip.rawPayload).equals(identity), url).toBe(true);

      // Each copy is its own representation: its own strong etag.
      const etags = [plain, br, gzip].map((r) => String(r.headers.etag));
      for (const e of etags) expect(e, url).toMatch(/^"[^"]+"$/);
      expect(new Set(etags).size, url).toBe(3);
    }
  });

  it('prefers br, then gzip, and honours q=0', async () => {
    const url = (await visitPageUrls()).find((u) => u.endsWith('.js'))!;
    const encodingFor = async (ae: string) => (await get(url, { 'accept-encoding': ae })).headers['content-encoding'] ?? 'identity';
    expect(await encodingFor('gzip, deflate, br, zstd')).toBe('br');
    expect(await encodingFor('gzip;q=1.0, br;q=0.5')).toBe('br');
    expect(await encodingFor('br;q=0, gzip')).toBe('gzip');
    expect(await encodingFor('deflate, gzip;q=0')).toBe('identity');
    expect(await encodingFor('*')).toBe('br');
    expect(await encodingFor('*;q=0')).toBe('identity');
    expect(await encodingFor('identity')).toBe('identity');
    expect(await encodingFor('')).toBe('identity');
  });
});

describe('caching', () => {
  it('keeps hashed assets for a year and never stores pages', async () => {
    for (const url of await visitPageUrls()) {
      const res = await get(url, { 'accept-encoding': 'gzip' });
      if (url.startsWith('/assets/')) {
        expect(url.slice('/assets/'.length), url).toMatch(HASHED);
        expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
      } else {
        expect(res.headers['cache-control'], url).toBe('no-store');
      }
    }
    for (const url of ['/', '/test', VISIT]) expect((await get(url)).headers['cache-control'], url).toBe('no-store');
  });

  it('answers 304 to a matching If-None-Match, per copy', async () => {
    for (const url of [VISIT, (await visitPageUrls()).find((u) => u.endsWith('.js'))!]) {
      const first = await get(url, { 'accept-encoding': 'br' });
      const again = await get(url, { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
      expect(again.statusCode, url).toBe(304);
      expect(again.rawPayload.length, url).toBe(0);
      expect(again.headers.vary, url).toBe('accept-encoding');
      // The gzip copy is another representation: the br etag does not match it.
      const other = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
      expect(other.statusCode, url).toBe(200);
    }
  });

  it('answers 404 for an asset it does not have', async () => {
    const js = (await visitPageUrls()).find((u) => u.endsWith('.js'))!;
    for (const url of [
      '/assets/visit.js',
      '/assets/visit-AAAAAAAA.js',
      '/assets/styles.css',
      `${js}.br`,
      `${js}.gz`,
      '/assets/visit.html',
    ]) {
      expect((await get(url, { 'accept-encoding': 'br, gzip' })).statusCode, url).toBe(404);
    }
  });
});

describe('the pages the build writes', () => {
  it('refer only to hashed assets that exist, and preload every chunk their scripts import', async () => {
    for (const page of ['/', '/test', VISIT]) {
      const html = (await get(page)).body;
      const refs = assetRefs(html);
      expect(refs.length, page).toBeGreaterThan(0);
      expect(html, page).not.toMatch(/<(script|style)(?![^>]*\bsrc=)[^>]*>[^<]/); // nothing inline: the CSP allows none
      expect(html, page).not.toMatch(/\sstyle=/);
      for (const name of refs) {
        expect(name, page).toMatch(HASHED);
        expect((await get(`/assets/${name}`)).statusCode, `${page} -> ${name}`).toBe(200);
      }
      for (const name of refs.filter((r) => r.endsWith('.js'))) {
        const js = (await get(`/assets/${name}`)).body;
        for (const i of staticImports(js)) expect(refs, `${page}: ${name} imports ${i}`).toContain(i);
        for (const d of dynamicImports(js)) {
          expect(d, `${name} loads ${d} later`).toMatch(HASHED);
          expect((await get(`/assets/${d}`)).statusCode, `${name} loads ${d} later`).toBe(200);
        }
        // Stylesheets a script adds later (client/util/stylesheet.ts).
        for (const [, sheet] of js.matchAll(/\/assets\/([\w.-]+\.css)/g)) {
          expect(sheet, `${name} adds ${sheet} later`).toMatch(HASHED);
          expect((await get(`/assets/${sheet}`)).statusCode, `${name} adds ${sheet} later`).toBe(200);
        }
      }
    }
  });

  it('keeps Spanish out of what the visit page loads at once: a Spanish page loads it later', async () => {
    const now = await textOf(await visitPageUrls());
    const later = await textOf(await visitPageLaterUrls());
    for (const area of Object.keys(ALL_SPANISH)) expect(now, `${area}'s Spanish`).not.toContain(spanishSample(area));
    for (const area of Object.keys(SPANISH_VISIT_WORDS)) expect(later, `${area}'s Spanish`).toContain(spanishSample(area));
  });

  it('loads what only a click or the call needs later: the dialogs, the attendees panel, the background picker, and their styles', async () => {
    const nowUrls = await visitPageUrls();
    const nowScripts = await textOf(nowUrls.filter((u) => u.endsWith('.js')));
    const nowSheets = await textOf(nowUrls.filter((u) => u.endsWith('.css')));
    const laterScripts = await textOf(await visitPageLaterUrls());
    // Class names each part's code draws.
    for (const part of ['vb-dialog-buttons', 'attendee-section', 'background-option']) {
      expect(nowScripts.includes(part), `${part}: drawn by code loaded at once`).toBe(false);
      expect(laterScripts.includes(part), `${part}: drawn by code loaded later`).toBe(true);
    }
    // The dialogs' and the picker's styles are in sheets their code adds (client/util/stylesheet.ts), not in the page's.
    for (const rule of ['.vb-dialog-buttons', '.background-option']) expect(nowSheets.includes(rule), `${rule} at once`).toBe(false);
    const sheets = new Set([...(nowScripts + laterScripts).matchAll(/\/assets\/((?:dialogs|background)-\w+\.css)/g)].map((m) => m[1]!));
    expect(sheets.size).toBe(2);
    const laterSheets = await textOf([...sheets].map((sheet) => `/assets/${sheet}`));
    for (const rule of ['.vb-dialog-buttons', '.background-option']) expect(laterSheets.includes(rule), `${rule} later`).toBe(true);
  });

  it('keeps the visit page (HTML and all it loads at once) within its budget, gzip', async () => {
    let total = 0;
    const sizes: Record<string, number> = {};
    for (const url of await visitPageUrls()) {
      const res = await get(url, { 'accept-encoding': 'gzip' });
      sizes[url] = res.rawPayload.length;
      total += res.rawPayload.length;
    }
    expect(total, JSON.stringify(sizes)).toBeLessThan(VISIT_PAGE_BUDGET);
    // The table `npm run build` prints measures the same thing.
    expect(report.pages.visit!.total.gzip).toBe(total);
  });
});
