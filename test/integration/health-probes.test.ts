// Probes for load balancers and orchestrators: /healthz says the process is alive (and touches
// nothing else), /readyz says the machine should get traffic (every registered dependency answers
// and it is not draining). Both name the machine.
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { DRAINING, Readiness } from '../../server/readiness.js';
import { ENGINES, testApp, type TestApp } from '../support/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

describe('/healthz', () => {
  it('answers 200 with the node id, without touching the database', async () => {
    t = await testApp({ NODE_ID: 'vestibule-a.1' });
    await t.database.close();
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, node: 'vestibule-a.1' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('defaults the node id to the host name', async () => {
    t = await testApp();
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json().node).toBe(loadConfig({}).nodeId);
    expect(loadConfig({}).nodeId).toBe(
      hostname()
        .replace(/[^A-Za-z0-9_.-]/g, '-')
        .slice(0, 64),
    );
  });
});

describe('/readyz', () => {
  it('answers 200 with the node id when the database answers and the node is not draining', async () => {
    t = await testApp({ NODE_ID: 'node-1' });
    expect(t.app.vestibule.readiness.names).toEqual(['database']);
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, node: 'node-1' });
  });

  it.each(ENGINES)("answers 503 naming 'database' once the %s database is gone, and logs it once", async (engine) => {
    t = await testApp({ NODE_ID: 'node-1' }, { engine });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await t.database.close();
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ ok: false, node: 'node-1', failing: ['database'] });
    }
    // Still alive: a load balancer stops sending traffic, nothing restarts it.
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const lines = t
      .logs()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; failing?: string[] });
    const notReady = lines.filter((l) => l.msg === 'not ready for traffic');
    expect(notReady).toHaveLength(1);
    expect(notReady[0]!.level).toBe(40);
    expect(notReady[0]!.failing).toEqual(['database']);
    // The probes themselves are logged at warn only: no request lines for them.
    expect(lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toHaveLength(0);
  });

  it('names every failing check a service registered, and recovers when it answers again', async () => {
    t = await testApp({ NODE_ID: 'node-1' });
    let redisUp = false;
    t.app.vestibule.readiness.add({
      name: 'redis',
      check: async () => {
        if (!redisUp) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
    });
    let res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ok: false, node: 'node-1', failing: ['redis'] });
    // The reason is for the operator's log, not for whoever asks.
    expect(res.body).not.toContain('ECONNREFUSED');
    expect(t.logs()).toContain('ECONNREFUSED');
    redisUp = true;
    res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(t.logs()).toContain('ready for traffic again');
  });

  it("answers 503 'draining' once the lifecycle says the node is draining", async () => {
    t = await testApp({ NODE_ID: 'node-1' });
    t.app.vestibule.lifecycle.draining = true;
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ok: false, node: 'node-1', failing: ['draining'] });
    // Draining is not dying.
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('is outside the HTTP rate limit, like /healthz', async () => {
    t = await testApp({ HTTP_REQUESTS_PER_MINUTE: '10' });
    for (let i = 0; i < 25; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    }
  });
});

describe('readiness checks', () => {
  it('runs them together, counts one that hangs as failing, and lists draining last', async () => {
    const lifecycle = { draining: true };
    const readiness = new Readiness(
      lifecycle,
      [
        { name: 'database', check: async () => {} },
        { name: 'redis', check: () => new Promise<void>(() => {}) },
        {
          name: 'broken',
          check: () => {
            throw new Error('thrown, not rejected');
          },
        },
      ],
      50,
    );
    const started = Date.now();
    const result = await readiness.run();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toEqual({
      ok: false,
      failing: ['redis', 'broken', DRAINING],
      reasons: { redis: 'no answer within 50 ms', broken: 'thrown, not rejected', draining: 'the machine is shutting down' },
    });
    lifecycle.draining = false;
    expect((await new Readiness(lifecycle, [{ name: 'database', check: async () => {} }]).run()).ok).toBe(true);
  });

  it('refuses two checks of one name', () => {
    const readiness = new Readiness({ draining: false }, [{ name: 'database', check: async () => {} }]);
    expect(() => readiness.add({ name: 'database', check: async () => {} })).toThrow(/already registered/);
    expect(() => readiness.add({ name: 'draining', check: async () => {} })).toThrow(/already registered/);
  });
});

describe('NODE_ID', () => {
  it('NODE_ID: 1 to 64 of [A-Za-z0-9_.-]', () => {
    expect(loadConfig({ NODE_ID: 'eu-west_1.vestibule-2' }).nodeId).toBe('eu-west_1.vestibule-2');
    expect(loadConfig({ NODE_ID: 'a'.repeat(64) }).nodeId).toHaveLength(64);
    for (const bad of ['a'.repeat(65), 'node 1', 'node/1', 'nöde', 'a:b']) {
      expect(() => loadConfig({ NODE_ID: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ NODE_ID: 'node 1' })).toThrow(/NODE_ID must be 1 to 64/);
  });
});
