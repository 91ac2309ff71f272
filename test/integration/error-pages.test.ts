// Every error a browser can reach is a page in the product's style, not Fastify's raw JSON: a visit
// link without its appointment id, a mangled one, an unknown address. API routes keep JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';
import { type TestApp, testApp } from '../support/app.js';

let out: string;
let t: TestApp;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'vestibule-error-pages-'));
  const report = await buildAll({ quiet: true, outDir: out, server: false });
  t = await testApp({ CLIENT_DIR: report.dir });
}, 60_000);

afterAll(async () => {
  await t?.app.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

describe('error pages', () => {
  it.each([
    ['/v/', 404, 'This link is incomplete'],
    ['/v', 404, 'This link is incomplete'],
    ['/v/not%20an%20id!', 400, 'This link is not valid'],
    ['/no/such/page', 404, 'Page not found'],
  ])('%s is a page that says what happened', async (url, status, title) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(`<h1>${title}</h1>`);
    // In the product's style: the home page's stylesheet, which the server really serves.
    const css = res.body.match(/href="(\/assets\/[\w.-]+\.css)"/)?.[1];
    expect(css).toBeDefined();
    expect((await get(css!)).statusCode).toBe(200);
    expect(res.body).not.toContain('"statusCode"');
  });

  it('speaks the language the browser prefers, or the one asked for with ?lang=, and says which on <html>', async () => {
    const es = await t.app.inject({
      method: 'GET',
      url: '/v/',
      headers: { accept: 'text/html', 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
    });
    expect(es.body).toContain('<html lang="es">');
    expect(es.body).toContain('<h1>A este enlace le falta una parte</h1>');
    expect(es.body).not.toContain('This link is incomplete');
    expect(es.headers.vary).toMatch(/Accept-Language/);
    // A language we do not have falls to the next the browser accepts, then to English.
    const fr = await t.app.inject({
      method: 'GET',
      url: '/no/such/page',
      headers: { accept: 'text/html', 'accept-language': 'fr-FR, es;q=0.4' },
    });
    expect(fr.body).toContain('<h1>Página no encontrada</h1>');
    const de = await t.app.inject({ method: 'GET', url: '/no/such/page', headers: { accept: 'text/html', 'accept-language': 'de' } });
    expect(de.body).toContain('<html lang="en">');
    const chosen = await t.app.inject({ method: 'GET', url: '/v/?lang=en', headers: { accept: 'text/html', 'accept-language': 'es' } });
    expect(chosen.body).toContain('<h1>This link is incomplete</h1>');
    // The switch to the other language, named in it.
    expect(es.body).toMatch(/<a href="\?lang=en" lang="en" hreflang="en">English<\/a>/);
    // A path that browsers read as another host is never copied into the link.
    const odd = await t.app.inject({ method: 'GET', url: '//evil.example/x', headers: { accept: 'text/html' } });
    expect(odd.body).not.toContain('evil.example');
  });

  it('API and asset routes keep answering JSON', async () => {
    for (const url of ['/api/no-such-thing', '/assets/nothing-here.js']) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });
});
