// Every response carries the security headers: pages, bundles, the health check, refusals and 404s.
// The Content-Security-Policy lets pages open sockets to this service only, and HSTS is sent only when
// the service is served over HTTPS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { securityHeaders, socketOrigin } from '../../server/security-headers.js';
import { testApp, type TestApp } from '../support/app.js';
import { tempDir } from '../support/temp-dir.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

/** A stand-in for the built bundle, so the page routes answer 200. */
function clientDir(): string {
  const dir = join(tempDir('vestibule-client-'), 'client');
  mkdirSync(dir);
  for (const page of ['index.html', 'test.html', 'visit.html']) writeFileSync(join(dir, page), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'visit.js'), 'console.log(1)');
  return dir;
}

const ROUTES: [string, string, number][] = [
  ['the home page', '/', 200],
  ['the connection test page', '/test', 200],
  ['a visit page', '/v/appt_123', 200],
  ['a bundle', '/assets/visit.js', 200],
  ['the health check', '/healthz', 200],
  ['a 404', '/no/such/page', 404],
  ['a missing bundle', '/assets/nothing.js', 404],
  ['a refused request', '/v/..%2F..', 400],
];

function expectCommonHeaders(headers: Record<string, unknown>): void {
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['permissions-policy']).toBe(
    'camera=(self), microphone=(self), display-capture=(self), speaker-selection=(self), fullscreen=(self)',
  );
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  // Scripts from this origin only; WebAssembly may compile (the background segmentation), eval may not.
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).not.toContain("'unsafe-inline'");
  expect(csp).toContain("object-src 'none'");
}

/** The connect-src directive's sources. */
function connectSrc(headers: Record<string, unknown>): string[] {
  const directive = String(headers['content-security-policy'])
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src '));
  return directive!.split(/\s+/).slice(1);
}

describe('security headers over plain HTTP (development)', () => {
  it.each(ROUTES)('on %s (%s)', async (_label, url, status) => {
    t = await testApp({ CLIENT_DIR: clientDir(), PUBLIC_URL: 'http://localhost:8080' });
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expectCommonHeaders(res.headers);
    expect(connectSrc(res.headers)).toEqual(["'self'", 'ws://localhost:8080']);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('security headers over HTTPS', () => {
  it.each(ROUTES)('on %s (%s), with HSTS', async (_label, url, status) => {
    t = await testApp({ CLIENT_DIR: clientDir(), PUBLIC_URL: 'https://visits.example.org' });
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expectCommonHeaders(res.headers);
    expect(connectSrc(res.headers)).toEqual(["'self'", 'wss://visits.example.org']);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('on a rate-limited refusal too', async () => {
    t = await testApp({ PUBLIC_URL: 'https://visits.example.org' });
    let res = await t.app.inject({ method: 'GET', url: '/api/connection-test/ice' });
    for (let i = 0; i < 10 && res.statusCode !== 429; i++) res = await t.app.inject({ method: 'GET', url: '/api/connection-test/ice' });
    expect(res.statusCode).toBe(429);
    expectCommonHeaders(res.headers);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('socketOrigin', () => {
  it.each([
    ['http://localhost:8080', 'ws://localhost:8080'],
    ['https://visits.example.org', 'wss://visits.example.org'],
    ['https://visits.example.org:8443/base', 'wss://visits.example.org:8443'],
    ['https://[2001:db8::1]', 'wss://[2001:db8::1]'],
  ])('%s → %s', (url, origin) => {
    expect(socketOrigin(url)).toBe(origin);
  });

  it('never allows sockets to any host', () => {
    const csp = securityHeaders({ publicUrl: 'https://visits.example.org' })['content-security-policy']!;
    expect(csp).not.toMatch(/connect-src[^;]*\bwss?:(\s|;|$)/);
  });
});
