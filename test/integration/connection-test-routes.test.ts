// The connection test's HTTP routes on a fresh app per test: download and upload sizes are capped,
// upload reports what arrived, and TURN credentials appear only when TURN is configured, never the secret.
// Transfers carry a speed-test ticket here; what happens without one is in speed-test-tickets.test.ts.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect } from 'node:net';
import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { MAX_TEST_BYTES, TEST_TURN_TTL_SECONDS } from '../../server/routes/connection-test.js';
import { loadOrCreateSecrets } from '../../server/secrets.js';
import { testDatabase } from '../support/app.js';
import { turnCredential } from '../../server/turn/credentials.js';

const dirs: string[] = [];
const apps: FastifyInstance[] = [];

async function makeApp(env: Record<string, string> = {}, logger?: Logger): Promise<{ app: FastifyInstance; turnSecret: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vestibule-ct-'));
  dirs.push(dir);
  const config = loadConfig({ DATA_DIR: dir, CLIENT_DIR: join(dir, 'no-client'), LOG_LEVEL: 'silent', ...env });
  const secrets = loadOrCreateSecrets(dir, {});
  const app = await buildApp({ config, secrets, database: await testDatabase(), ...(logger ? { logger } : {}) });
  apps.push(app);
  return { app, turnSecret: config.turn?.secret ?? secrets.turnSecret };
}

/** The headers of a transfer under a fresh speed-test ticket. */
async function withTicket(app: FastifyInstance, headers: Record<string, string> = {}): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/connection-test/ticket' });
  expect(res.statusCode).toBe(200);
  return { ...headers, authorization: `Bearer ${res.json<{ ticket: string }>().ticket}` };
}

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/connection-test/download', () => {
  it('sends exactly the bytes asked for, uncached and uncompressed', async () => {
    const { app } = await makeApp();
    const res = await app.inject({
      method: 'GET',
      url: '/api/connection-test/download?bytes=200000',
      headers: await withTicket(app, { 'accept-encoding': 'gzip, br' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(200_000);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-length']).toBe('200000');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('sends random bytes, not a repeating pattern that something on the way could compress', async () => {
    const { app } = await makeApp();
    const res = await app.inject({ method: 'GET', url: '/api/connection-test/download?bytes=65536', headers: await withTicket(app) });
    const counts = new Array<number>(256).fill(0);
    for (const b of res.rawPayload) counts[b]!++;
    // 65536 uniform bytes: every value appears, none dominates.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(400);
  });

  it.each([
    ['above the cap', `${MAX_TEST_BYTES + 1}`],
    ['zero', '0'],
    ['not a number', 'lots'],
  ])('refuses a size %s with a 400 that says why', async (_label, bytes) => {
    const { app } = await makeApp();
    const res = await app.inject({ method: 'GET', url: `/api/connection-test/download?bytes=${bytes}`, headers: await withTicket(app) });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/bytes/);
  });

  it('requires a size', async () => {
    const { app } = await makeApp();
    const res = await app.inject({ method: 'GET', url: '/api/connection-test/download', headers: await withTicket(app) });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/bytes/);
  });
});

describe('POST /api/connection-test/upload', () => {
  it('answers with the number of bytes that arrived and the time they took', async () => {
    const { app } = await makeApp();
    const body = Buffer.alloc(300_000, 7);
    const res = await app.inject({
      method: 'POST',
      url: '/api/connection-test/upload',
      headers: await withTicket(app, { 'content-type': 'application/octet-stream' }),
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    const json = res.json<{ bytes: number; ms: number; firstChunkBytes: number }>();
    expect(json.bytes).toBe(300_000);
    expect(json.ms).toBeGreaterThanOrEqual(0);
    expect(json.firstChunkBytes).toBeGreaterThan(0);
    expect(json.firstChunkBytes).toBeLessThanOrEqual(300_000);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('an upload the client cuts off (a tab closed mid-test) is its doing: no error-level line', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logged += String(chunk);
        cb();
      },
    });
    const { app } = await makeApp({}, pino({ level: 'info' }, sink));
    const headers = await withTicket(app, { 'content-type': 'application/octet-stream' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      `POST /api/connection-test/upload HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${headers.authorization}\r\n` +
        `content-type: application/octet-stream\r\ncontent-length: 1000000\r\n\r\n`,
    );
    socket.write(Buffer.alloc(64 * 1024, 1));
    socket.destroy();
    const errorLines = () => logged.split('\n').filter((line) => line.includes('"err"'));
    await expect.poll(() => errorLines().length, { timeout: 10_000, message: 'the server to log the cut-off upload' }).toBeGreaterThan(0);
    expect(errorLines().map((line) => JSON.parse(line).level)).not.toContain(50);
  });

  it('refuses a body above the cap with 413', async () => {
    const { app } = await makeApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/connection-test/upload',
      headers: await withTicket(app, { 'content-type': 'application/octet-stream' }),
      payload: Buffer.alloc(MAX_TEST_BYTES + 1),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ message: string }>().message).toMatch(/larger than/);
  });

  it('refuses a body that is not octet-stream', async () => {
    const { app } = await makeApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/connection-test/upload',
      headers: await withTicket(app),
      payload: { hello: 'x' },
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('keeps octet-stream bodies to this route only', async () => {
    const { app } = await makeApp();
    app.post('/elsewhere', async () => ({ ok: true }));
    const res = await app.inject({
      method: 'POST',
      url: '/elsewhere',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(10),
    });
    expect(res.statusCode).toBe(415);
  });
});

describe('GET /api/connection-test/ice', () => {
  it('says no TURN is configured and hands out nothing when there is none', async () => {
    const { app } = await makeApp();
    const res = await app.inject({ method: 'GET', url: '/api/connection-test/ice' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ iceServers: [], turnConfigured: false });
  });

  it('hands out short-lived test credentials signed with the configured secret, never the secret', async () => {
    const secret = 'configured-secret-5b1e9d';
    const urls =
      'turn:turn.example.org:3478?transport=udp,turn:turn.example.org:3478?transport=tcp,turns:turn.example.org:443?transport=tcp';
    const { app } = await makeApp({ TURN_URLS: urls, TURN_SECRET: secret });
    const before = Math.floor(Date.now() / 1000);
    const res = await app.inject({ method: 'GET', url: '/api/connection-test/ice' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    const json = res.json<{ iceServers: { urls: string[]; username: string; credential: string }[]; turnConfigured: boolean }>();
    expect(json.turnConfigured).toBe(true);
    expect(json.iceServers).toHaveLength(1);
    const [server] = json.iceServers;
    expect(server!.urls).toEqual(urls.split(','));
    const [expiry, id] = server!.username.split(':');
    expect(id).toMatch(/^test-[a-f0-9]{16}$/);
    expect(Number(expiry)).toBeGreaterThan(before);
    expect(Number(expiry)).toBeLessThanOrEqual(before + TEST_TURN_TTL_SECONDS + 1);
    expect(server!.credential).toBe(turnCredential(secret, server!.username));
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('falls back to the generated secret from the data folder, and never sends it', async () => {
    const { app, turnSecret } = await makeApp({ TURN_URLS: 'turn:127.0.0.1:3478' });
    const res = await app.inject({ method: 'GET', url: '/api/connection-test/ice' });
    expect(res.body).not.toContain(turnSecret);
    const [server] = res.json<{ iceServers: { username: string; credential: string }[] }>().iceServers;
    expect(server!.credential).toBe(turnCredential(turnSecret, server!.username));
  });

  it('gives every test its own throwaway id', async () => {
    const { app } = await makeApp({ TURN_URLS: 'turn:127.0.0.1:3478', TURN_SECRET: 's3cret-value-1234' });
    const names = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/connection-test/ice' });
      names.add(res.json<{ iceServers: { username: string }[] }>().iceServers[0]!.username.split(':')[1]!);
    }
    expect(names.size).toBe(3);
  });

  it('is rate-limited', async () => {
    const { app } = await makeApp({ TURN_URLS: 'turn:127.0.0.1:3478', TURN_SECRET: 's3cret-value-1234' });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await app.inject({ method: 'GET', url: '/api/connection-test/ice' })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});
