// The speed test is no open bandwidth tap: transfers need a signed, short-lived ticket (from a
// rate-limited POST) that carries a byte budget; each address has an allowance per hour; the server
// caps transfers running at once. Refusals are plain JSON with a code, and are not error-level logs.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_TEST_BYTES,
  TICKET_BYTES,
  TICKET_TTL_MS,
  TRANSFER_TIME_LIMIT_MS,
  SpeedTestLimits,
  signTicket,
  speedTestKey,
} from '../../server/speed-test.js';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await t?.app.close();
  t = undefined;
});

const MiB = 1024 * 1024;

interface Refusal {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

async function ticketFor(app: FastifyInstance, remoteAddress = '127.0.0.1') {
  const res = await app.inject({ method: 'POST', url: '/api/connection-test/ticket', remoteAddress });
  return res;
}

async function ticket(app: FastifyInstance, remoteAddress = '127.0.0.1'): Promise<{ ticket: string; bytes: number }> {
  const res = await ticketFor(app, remoteAddress);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function download(app: FastifyInstance, bytes: number, tk: string | null, remoteAddress = '127.0.0.1') {
  return app.inject({
    method: 'GET',
    url: `/api/connection-test/download?bytes=${bytes}`,
    remoteAddress,
    headers: tk === null ? {} : { authorization: `Bearer ${tk}` },
  });
}

function upload(app: FastifyInstance, bytes: number, tk: string | null, remoteAddress = '127.0.0.1') {
  return app.inject({
    method: 'POST',
    url: '/api/connection-test/upload',
    remoteAddress,
    headers: { 'content-type': 'application/octet-stream', ...(tk === null ? {} : { authorization: `Bearer ${tk}` }) },
    payload: Buffer.alloc(bytes, 1),
  });
}

/** Log lines as objects. */
function logLines(logs: string): { level: number; msg?: string; [k: string]: unknown }[] {
  return logs
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: number });
}

describe('POST /api/connection-test/ticket', () => {
  it('hands out a ticket for one test’s bytes, valid for two minutes, never cached', async () => {
    t = await testApp();
    const res = await ticketFor(t.app);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ ticket: string; bytes: number; expiresInSeconds: number; maxTransferBytes: number }>();
    expect(body).toEqual({
      ticket: expect.stringMatching(/^v1\.[\w-]+\.[\w-]+$/),
      bytes: TICKET_BYTES,
      expiresInSeconds: 120,
      maxTransferBytes: MAX_TEST_BYTES,
    });
    // Enough for one test on a fast link: 128 KiB, 2 MiB, 8 MiB down and 64 KiB, 1 MiB, 8 MiB up.
    expect(TICKET_BYTES).toBeGreaterThanOrEqual(2 * (128 * 1024 + 2 * MiB + 8 * MiB));
    expect(TICKET_TTL_MS).toBe(120_000);
  });

  it('takes no body, and refuses one rather than ignore what it asks', async () => {
    t = await testApp();
    const asked = await t.app.inject({ method: 'POST', url: '/api/connection-test/ticket', payload: { bytes: 1_000_000_000 } });
    expect(asked.statusCode).toBe(400);
    expect(asked.json()).toMatchObject({ code: 'FST_ERR_VALIDATION', message: 'body must be empty: this request takes none' });
    for (const payload of [undefined, {}]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/connection-test/ticket', ...(payload ? { payload } : {}) });
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it('is rate-limited per address', async () => {
    t = await testApp();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await ticketFor(t.app, '203.0.113.5')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
    expect(codes[10]).toBe(429);
    expect((await ticketFor(t.app, '203.0.113.6')).statusCode).toBe(200);
  });

  it('never logs the ticket', async () => {
    t = await testApp();
    const { ticket: tk } = await ticket(t.app);
    await download(t.app, 1000, tk);
    await download(t.app, 1000, `${tk}x`);
    expect(t.logs()).not.toContain(tk.split('.')[2]);
  });
});

describe('transfers without a valid ticket are refused', () => {
  it('no ticket: 401 with a JSON body that says how to get one, for download and upload', async () => {
    t = await testApp();
    for (const res of [await download(t.app, 1000, null), await upload(t.app, 1000, null)]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="speed-test"');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json<Refusal>();
      expect(body).toMatchObject({ statusCode: 401, code: 'speed_test_ticket_required', error: 'Unauthorized' });
      expect(body.message).toContain('POST /api/connection-test/ticket');
    }
  });

  it('a forged or altered ticket: 403 ticket_invalid', async () => {
    t = await testApp();
    const { ticket: real } = await ticket(t.app);
    const [v, payload, sig] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { id: string; exp: number; b: number };
    const bigger = Buffer.from(JSON.stringify({ ...claims, b: 1e12 })).toString('base64url');
    const forged = [
      'nonsense',
      `${v}.${bigger}.${sig}`, // more bytes, old signature
      `${v}.${payload}.${sig.slice(0, -2)}`, // signature cut short
      // Signed with the link key itself: tickets have a key of their own.
      signTicket(t.app.vestibule.secrets.linkKey, { ...claims, bytes: claims.b }),
      // Signed with a key derived from another server's link key.
      signTicket(speedTestKey(new Uint8Array(32).fill(7)), { ...claims, bytes: claims.b }),
    ];
    for (const tk of forged) {
      const res = await download(t.app, 1000, tk);
      expect(res.statusCode, tk).toBe(403);
      expect(res.json<Refusal>()).toMatchObject({ statusCode: 403, code: 'speed_test_ticket_invalid', error: 'Forbidden' });
    }
    // The real one still works.
    expect((await download(t.app, 1000, real)).statusCode).toBe(200);
  });

  it('an expired ticket: 403 ticket_expired, for one signed with the right key and for a real one two minutes on', async () => {
    t = await testApp();
    const key = speedTestKey(t.app.vestibule.secrets.linkKey);
    const old = signTicket(key, { id: 'old-ticket', exp: Date.now() - 1, bytes: TICKET_BYTES });
    const res = await download(t.app, 1000, old);
    expect(res.statusCode).toBe(403);
    expect(res.json<Refusal>()).toMatchObject({ code: 'speed_test_ticket_expired', message: expect.stringContaining('expired') });

    const { ticket: tk } = await ticket(t.app);
    expect((await upload(t.app, 1000, tk)).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + TICKET_TTL_MS + 1);
    const late = await upload(t.app, 1000, tk);
    expect(late.statusCode).toBe(403);
    expect(late.json<Refusal>().code).toBe('speed_test_ticket_expired');
  });

  it('an upload must declare its length', async () => {
    t = await testApp();
    const { ticket: tk } = await ticket(t.app);
    const body = new PassThrough();
    body.end(Buffer.alloc(1000));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/connection-test/upload',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${tk}`, 'transfer-encoding': 'chunked' },
      payload: body,
    });
    expect(res.statusCode).toBe(411);
    expect(res.json<Refusal>().code).toBe('length_required');
  });

  it('refusals are info-level log lines with a code, not errors with a stack', async () => {
    t = await testApp();
    await download(t.app, 1000, null);
    await download(t.app, 1000, 'v1.bad.bad');
    const lines = logLines(t.logs()).filter((l) => l.msg === 'speed test refused');
    expect(lines.map((l) => [l.level, l.code])).toEqual([
      [30, 'speed_test_ticket_required'],
      [30, 'speed_test_ticket_invalid'],
    ]);
    expect(logLines(t.logs()).some((l) => l.level >= 50)).toBe(false);
    expect(t.logs()).not.toContain('"stack"');
  });
});

describe('byte budgets', () => {
  it('a ticket moves at most its bytes, both ways together', async () => {
    t = await testApp();
    const { ticket: tk, bytes } = await ticket(t.app);
    expect(bytes).toBe(3 * MAX_TEST_BYTES);
    expect((await download(t.app, MAX_TEST_BYTES, tk)).statusCode).toBe(200);
    expect((await upload(t.app, MAX_TEST_BYTES, tk)).statusCode).toBe(200);
    expect((await download(t.app, MAX_TEST_BYTES - 10, tk)).statusCode).toBe(200);
    // 10 bytes left.
    const over = await download(t.app, 11, tk);
    expect(over.statusCode).toBe(403);
    expect(over.json<Refusal>()).toMatchObject({ code: 'speed_test_ticket_spent', message: expect.stringContaining('(10 left)') });
    expect((await upload(t.app, 11, tk)).json<Refusal>().code).toBe('speed_test_ticket_spent');
    expect((await upload(t.app, 10, tk)).statusCode).toBe(200);
    expect((await download(t.app, 1, tk)).statusCode).toBe(403);
    // A new ticket starts afresh (the address has allowance left).
    expect((await download(t.app, 1000, (await ticket(t.app)).ticket)).statusCode).toBe(200);
  });

  it('an address has an allowance per hour, across tickets; other addresses keep theirs', async () => {
    t = await testApp({ SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR: String(4 * MiB) });
    const a = '203.0.113.7';
    const first = await ticket(t.app, a);
    const second = await ticket(t.app, a);
    // A ticket is never worth more than what the address has left.
    expect(first.bytes).toBe(4 * MiB);
    expect((await download(t.app, 3.5 * MiB, first.ticket, a)).statusCode).toBe(200);
    const spent = await download(t.app, MiB, second.ticket, a);
    expect(spent.statusCode).toBe(429);
    expect(spent.json<Refusal>()).toMatchObject({ statusCode: 429, code: 'speed_test_budget_spent', error: 'Too Many Requests' });
    expect(spent.json<Refusal>().message).toMatch(/allowance for the hour\. Try again in 60 minutes\./);
    expect(Number(spent.headers['retry-after'])).toBeGreaterThan(3500);
    expect(Number(spent.headers['retry-after'])).toBeLessThanOrEqual(3600);
    // Uploads count too.
    expect((await upload(t.app, MiB, second.ticket, a)).statusCode).toBe(429);
    expect((await upload(t.app, 0.5 * MiB, second.ticket, a)).statusCode).toBe(200);
    // Nothing left: no new ticket either.
    const noTicket = await ticketFor(t.app, a);
    expect(noTicket.statusCode).toBe(429);
    expect(noTicket.json<Refusal>().code).toBe('speed_test_budget_spent');
    // Another address is not affected.
    const other = await ticket(t.app, '203.0.113.8');
    expect((await download(t.app, 3 * MiB, other.ticket, '203.0.113.8')).statusCode).toBe(200);
    // An hour later the allowance is whole again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60 * 60_000 + 1000);
    const fresh = await ticket(t.app, a);
    expect(fresh.bytes).toBe(4 * MiB);
  });

  it('a ticket used from another address counts against that address', async () => {
    t = await testApp({ SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR: String(4 * MiB) });
    const tk = (await ticket(t.app, '203.0.113.7')).ticket;
    expect((await download(t.app, 3 * MiB, tk, '198.51.100.1')).statusCode).toBe(200);
    expect((await ticket(t.app, '198.51.100.1')).bytes).toBe(MiB);
    expect((await ticket(t.app, '203.0.113.7')).bytes).toBe(4 * MiB);
  });

  it('an IPv6 /64 is one address', async () => {
    t = await testApp({ SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR: String(4 * MiB) });
    const tk = (await ticket(t.app, '2001:db8:1:2::a')).ticket;
    expect((await download(t.app, 3.5 * MiB, tk, '2001:db8:1:2::a')).statusCode).toBe(200);
    expect((await ticketFor(t.app, '2001:db8:1:2:ffff::b')).statusCode).toBe(429);
    expect((await ticketFor(t.app, '2001:db8:1:3::a')).statusCode).toBe(200);
  });

  it('forgets expired tickets and finished windows', () => {
    let now = 1_000_000;
    const limits = new SpeedTestLimits({ bytesPerAddressPerHour: 10 * MiB, maxConcurrent: 2, now: () => now });
    limits.begin({ id: 'a', exp: now + TICKET_TTL_MS, bytes: MiB }, '203.0.113.1', 1000)();
    expect(limits.size).toEqual({ tickets: 1, addresses: 1 });
    now += TICKET_TTL_MS;
    limits.sweep();
    expect(limits.size).toEqual({ tickets: 0, addresses: 1 });
    now += 60 * 60_000;
    limits.sweep();
    expect(limits.size).toEqual({ tickets: 0, addresses: 0 });
  });
});

describe('the server’s cap on transfers at once', () => {
  /** A download over a real socket, held open: the server has sent headers and waits for us to read. */
  async function heldDownload(app: FastifyInstance, tk: string): Promise<IncomingMessage> {
    const { port } = app.server.address() as { port: number };
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: `/api/connection-test/download?bytes=${MAX_TEST_BYTES}`,
        headers: { authorization: `Bearer ${tk}` },
      });
      req.once('response', (res) => {
        res.pause();
        resolve(res);
      });
      req.once('error', reject);
      req.end();
    });
  }

  it('answers 503 with a JSON error and Retry-After while full, and serves again once a transfer ends', async () => {
    t = await testApp({ SPEED_TEST_MAX_CONCURRENT: '1' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const first = await ticket(t.app);
    const second = await ticket(t.app);
    const held = await heldDownload(t.app, first.ticket);
    expect(held.statusCode).toBe(200);

    for (const res of [await download(t.app, 1000, second.ticket), await upload(t.app, 1000, second.ticket), await ticketFor(t.app)]) {
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.json<Refusal>()).toMatchObject({ statusCode: 503, code: 'speed_test_busy', error: 'Service Unavailable' });
      expect(res.json<Refusal>().message).toBe('Too many speed tests are running right now. Try again in a minute.');
    }
    held.destroy();
    await vi.waitFor(async () => expect((await download(t!.app, 1000, second.ticket)).statusCode).toBe(200), {
      timeout: 3000,
      interval: 20,
    });
    // A refused transfer cost the ticket nothing: all its bytes but the 1000 just moved are left.
    expect((await download(t.app, MAX_TEST_BYTES, second.ticket)).statusCode).toBe(200);
    expect((await download(t.app, MAX_TEST_BYTES, second.ticket)).statusCode).toBe(200);
    expect((await download(t.app, TICKET_BYTES - 2 * MAX_TEST_BYTES - 1000, second.ticket)).statusCode).toBe(200);
    // A full server is worth a warning to the operator, not an error.
    const busy = logLines(t.logs()).filter((l) => l.code === 'speed_test_busy');
    expect(busy.length).toBeGreaterThanOrEqual(3);
    expect(busy.every((l) => l.level === 40)).toBe(true);
    expect(logLines(t.logs()).some((l) => l.level >= 50)).toBe(false);
  });

  it('one address runs at most two transfers at once, so it cannot take every place', async () => {
    t = await testApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const tk = (await ticket(t.app)).ticket;
    const held = [await heldDownload(t.app, tk), await heldDownload(t.app, tk)];
    const third = await download(t.app, 1000, tk);
    expect(third.statusCode).toBe(429);
    expect(third.json<Refusal>()).toMatchObject({ code: 'speed_test_in_progress', message: expect.stringContaining('already running') });
    expect((await download(t.app, 1000, (await ticket(t.app, '198.51.100.4')).ticket, '198.51.100.4')).statusCode).toBe(200);
    held[0]!.destroy();
    await vi.waitFor(async () => expect((await download(t!.app, 1000, tk)).statusCode).toBe(200), { timeout: 3000, interval: 20 });
    held[1]!.destroy();
  });

  it('cuts off a transfer that runs past the time limit, and frees its place', async () => {
    t = await testApp({ SPEED_TEST_MAX_CONCURRENT: '1' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const tk = (await ticket(t.app)).ticket;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Never read: the server cannot finish sending it.
    const held = await heldDownload(t.app, tk);
    expect((await download(t.app, 1000, tk)).statusCode).toBe(503);
    vi.advanceTimersByTime(TRANSFER_TIME_LIMIT_MS - 1);
    expect((await download(t.app, 1000, tk)).statusCode).toBe(503);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await download(t!.app, 1000, tk)).statusCode).toBe(200), { timeout: 3000, interval: 20 });
    expect(t.logs()).toContain('speed-test transfer took too long; closing it');
    held.destroy();
  });

  it('counts a transfer until its response closes, however it ends', async () => {
    t = await testApp({ SPEED_TEST_MAX_CONCURRENT: '1' });
    const { ticket: tk } = await ticket(t.app);
    // Finished, refused (413) and parse-failed transfers all free their place.
    expect((await download(t.app, 1000, tk)).statusCode).toBe(200);
    expect((await upload(t.app, 1000, tk)).statusCode).toBe(200);
    const tooBig = await t.app.inject({
      method: 'POST',
      url: '/api/connection-test/upload',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${tk}` },
      payload: Buffer.alloc(MAX_TEST_BYTES + 1),
    });
    expect(tooBig.statusCode).toBe(413);
    const notOctets = await t.app.inject({
      method: 'POST',
      url: '/api/connection-test/upload',
      headers: { authorization: `Bearer ${tk}` },
      payload: { hello: 'x' },
    });
    expect(notOctets.statusCode).toBeGreaterThanOrEqual(400);
    await vi.waitFor(async () => expect((await download(t!.app, 1000, tk)).statusCode).toBe(200), { timeout: 3000, interval: 20 });
  });
});

describe('settings', () => {
  it.each([
    ['SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR', '1000', /SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR must be a whole number from 1048576/],
    ['SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR', 'lots', /SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR/],
    ['SPEED_TEST_MAX_CONCURRENT', '0', /SPEED_TEST_MAX_CONCURRENT must be a whole number from 1 to 1000/],
  ])('%s=%s is refused at start-up, naming the setting', async (name, value, message) => {
    const { loadConfig } = await import('../../server/config.js');
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('defaults: 64 MiB per address per hour, 8 transfers at once', async () => {
    const { loadConfig } = await import('../../server/config.js');
    expect(loadConfig({}).speedTest).toEqual({ bytesPerAddressPerHour: 64 * MiB, maxConcurrent: 8 });
  });
});
