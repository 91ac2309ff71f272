// Self-tests of the server harnesses: real PostgreSQL, Redis and nginx, started on private ports.
import type { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type RunningNginx, startNginx } from '../support/nginx.js';
import { freshPgDatabase } from '../support/pg.js';
import { startPostgres } from '../support/postgres.js';
import { tcpConnects, withTimeout } from '../support/processes.js';
import { type RunningRedis, startRedis } from '../support/redis.js';
import { watchCommands } from '../support/redis-monitor.js';

const WAIT_MS = 10_000;

/** The next `event` from `emitter` (unlike events.once, an 'error' meanwhile does not reject: ioredis emits one per refused reconnect). */
function nextEvent(emitter: EventEmitter, event: string, what: string): Promise<unknown[]> {
  return withTimeout(new Promise((resolve) => emitter.once(event, (...args: unknown[]) => resolve(args))), WAIT_MS, what);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL harness', () => {
  it('freshPgDatabase gives a new, isolated, empty database each time', async () => {
    const [first, second] = await Promise.all([freshPgDatabase(), freshPgDatabase()]);
    expect(first).not.toBe(second);
    await withClient(first, async (c) => {
      await c.query('CREATE TABLE visits (id int PRIMARY KEY)');
      await c.query('INSERT INTO visits VALUES (1)');
      expect((await c.query('SELECT count(*)::int AS n FROM visits')).rows[0].n).toBe(1);
    });
    const other = await withClient(second, (c) => c.query("SELECT to_regclass('public.visits') AS t, current_database() AS db"));
    expect(other.rows[0]).toEqual({ t: null, db: new URL(second).pathname.slice(1) });
  });

  it('startPostgres runs its own cluster, creates named databases, and stop() shuts it down', async () => {
    const postgres = await startPostgres();
    try {
      expect(postgres.url).toBe(`postgres://postgres@127.0.0.1:${postgres.port}/postgres`);
      const url = await postgres.createDatabase('harness_named');
      expect(url).toBe(`postgres://postgres@127.0.0.1:${postgres.port}/harness_named`);
      const row = await withClient(url, (c) => c.query('SELECT current_database() AS db, current_setting($1) AS fsync', ['fsync']));
      expect(row.rows[0]).toEqual({ db: 'harness_named', fsync: 'off' });
      await expect(postgres.createDatabase('bad"name')).rejects.toThrow(/unsafe database name/);
    } finally {
      await postgres.stop();
    }
    expect(postgres.logs()).toContain('database system is shut down');
    expect(await tcpConnects(postgres.port)).toBe(false);
  });
});

describe('Redis harness', () => {
  let redis: RunningRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url, { lazyConnect: true });
    client.on('error', () => {}); // refused reconnects while Redis is down are expected here
    await withTimeout(client.connect(), WAIT_MS, `ioredis to connect to ${redis.url}`);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('serves SET/GET', async () => {
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
  });

  it('watchCommands lists what a client sends and, once stopped, leaves no connection of its own behind', async () => {
    const connections = async () =>
      String(await client.client('LIST'))
        .trim()
        .split('\n').length;
    const before = await connections();
    const watch = await watchCommands(redis.url, (args) => args[0]?.toLowerCase() === 'set');
    await client.set('watched', '1');
    await watch.stop();
    expect(watch.sent).toEqual([['set', 'watched', '1']]);
    // A connection left open would outlive its test file and retry forever once that file's Redis stops.
    await expect
      .poll(connections, { timeout: WAIT_MS, message: `Redis to list only the ${before} connection(s) it had before the watch` })
      .toBe(before);
  });

  it('after SIGKILL, restart() on the same port brings it back (empty) and ioredis reconnects', async () => {
    // A watch a failing test never stopped: it must give up with its Redis, not retry for the rest of the run.
    const forgotten = await watchCommands(redis.url, () => true);
    const reconnecting = nextEvent(client, 'reconnecting', 'ioredis to notice Redis was killed');
    await redis.kill();
    await reconnecting;
    await withTimeout(forgotten.ended, WAIT_MS, 'the unstopped command watch to close for good once its Redis was killed');
    await expect(withTimeout(forgotten.stop(), WAIT_MS, 'stop() of a watch whose Redis is gone to fail')).rejects.toThrow(/closed/i);
    expect(await tcpConnects(redis.port)).toBe(false);

    const ready = nextEvent(client, 'ready', 'ioredis to reconnect to the restarted Redis');
    await redis.restart();
    await ready;
    expect(await client.get('greeting')).toBeNull(); // nothing was persisted
    await client.set('greeting', 'again');
    expect(await client.get('greeting')).toBe('again');
    expect(redis.logs()).toContain('restarting redis-server');
  });
});

/** A tiny app node: answers every request with its id and the proxy headers it saw; echoes WebSocket messages. */
async function startUpstream(id: string): Promise<{ port: number; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const h = req.headers;
    res.end(JSON.stringify({ id, forwardedFor: h['x-forwarded-for'], forwardedProto: h['x-forwarded-proto'], host: h.host }));
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`${id}:${String(data)}`)));
  await withTimeout(new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)), WAIT_MS, `upstream ${id} to listen`);
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      for (const client of wss.clients) client.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await withTimeout(closed, WAIT_MS, `upstream ${id} to close`);
    },
  };
}

interface Answer {
  id: string;
  forwardedFor?: string;
  forwardedProto?: string;
  host?: string;
}

function get(url: string, cookie?: string): Promise<Answer> {
  const request = new Promise<Answer>((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${url}: ${res.statusCode} ${body}`)),
      );
    });
    req.once('error', reject);
  });
  return withTimeout(request, WAIT_MS, `GET ${url}${cookie ? ` with cookie ${cookie}` : ''}`);
}

async function idsOf(url: string, count: number, cookie?: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await get(url, cookie)).id);
  return ids;
}

/** Opens a WebSocket through `url`, sends one message and returns the reply. */
async function wsRoundTrip(url: string, cookie: string, message: string): Promise<string> {
  const socket = new WebSocket(url.replace('http:', 'ws:'), { headers: { cookie } });
  try {
    const reply = new Promise<string>((resolve, reject) => {
      socket.once('open', () => socket.send(message));
      socket.once('message', (data) => resolve(String(data)));
      socket.once('error', reject);
    });
    return await withTimeout(reply, WAIT_MS, `a WebSocket reply through ${url} (cookie ${cookie})`);
  } finally {
    socket.terminate();
  }
}

describe('nginx harness', () => {
  let a: Awaited<ReturnType<typeof startUpstream>>;
  let b: Awaited<ReturnType<typeof startUpstream>>;
  let nginx: RunningNginx;
  beforeAll(async () => {
    [a, b] = await Promise.all([startUpstream('a'), startUpstream('b')]);
    nginx = await startNginx({
      upstreams: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
      pinByCookie: true,
    });
  });
  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('round-robins requests without a cookie over both upstreams and sets the proxy headers', async () => {
    expect(new Set(await idsOf(nginx.url, 4))).toEqual(new Set(['a', 'b']));
    expect(await get(nginx.url)).toMatchObject({ forwardedFor: '127.0.0.1', forwardedProto: 'http', host: `127.0.0.1:${nginx.port}` });
  });

  it('pins requests with cookie node=N to upstream N', async () => {
    expect(await idsOf(nginx.url, 3, 'node=0')).toEqual(['a', 'a', 'a']);
    expect(await idsOf(nginx.url, 3, 'node=1')).toEqual(['b', 'b', 'b']);
  });

  it('passes WebSocket upgrades through, pinned by the cookie', async () => {
    expect(await wsRoundTrip(nginx.url, 'node=0', 'hi')).toBe('a:hi');
    expect(await wsRoundTrip(nginx.url, 'node=1', 'hi')).toBe('b:hi');
  });

  it('fails over to the other upstream when the pinned one is down', async () => {
    await b.stop();
    expect(await idsOf(nginx.url, 3, 'node=1')).toEqual(['a', 'a', 'a']);
    expect(await idsOf(nginx.url, 3)).toEqual(['a', 'a', 'a']);
    expect(await wsRoundTrip(nginx.url, 'node=1', 'still there?')).toBe('a:still there?');
  });
});

describe('nginx harness without pinning', () => {
  it('ignores the node cookie and round-robins', async () => {
    const [a, b] = await Promise.all([startUpstream('a'), startUpstream('b')]);
    const nginx = await startNginx({
      upstreams: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    try {
      expect(new Set(await idsOf(nginx.url, 4, 'node=1'))).toEqual(new Set(['a', 'b']));
    } finally {
      await nginx.stop();
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
