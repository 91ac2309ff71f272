// Prometheus metrics on /metrics: never public by default (a bearer token on the public port, or a
// private address of their own), and with labels no visitor can make grow.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { type MetricsListener, OTHER, VestibuleMetrics, metricsAuthorized, startMetricsListener } from '../../server/metrics.js';
import { testApp, type TestApp } from '../support/app.js';

const TOKEN = 'metrics-token-0123456789abcdef';

let t: TestApp | undefined;
let listener: MetricsListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  await t?.app.close();
  t = undefined;
});

/** The value of one sample in Prometheus text, e.g. sample(text, 'vestibule_errors_total{code="internal"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every label value of one label in the text. */
function labelValues(text: string, label: string): Set<string> {
  return new Set([...text.matchAll(new RegExp(`[{,]${label}="([^"]*)"`, 'g'))].map((m) => m[1]!));
}

async function scrape(app: TestApp['app']): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe('/metrics on the public port', () => {
  it('is not served at all without METRICS_TOKEN, even when METRICS_LISTEN is set', async () => {
    t = await testApp();
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    await t.app.close();
    t = await testApp({ METRICS_LISTEN: '127.0.0.1:0' });
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
  });

  it('refuses a missing or wrong token with 401', async () => {
    t = await testApp({ METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN.slice(0, -1)}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body).not.toContain('vestibule_');
    }
  });

  it('serves Prometheus text with the right token: process metrics and every Vestibule series', async () => {
    t = await testApp({ METRICS_TOKEN: TOKEN });
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'vestibule_visits_open',
      'vestibule_participants',
      'vestibule_frames_in_total',
      'vestibule_frames_out_total',
      'vestibule_errors_total',
      'vestibule_rate_limit_refusals_total',
      'vestibule_connection_tests_total',
      'vestibule_client_errors_total',
    ]) {
      expect(res.body).toContain(`# TYPE ${name} `);
    }
    // Every series exists from the start, at 0.
    expect(sample(res.body, 'vestibule_frames_in_total{type="hello"}')).toBe(0);
    expect(sample(res.body, 'vestibule_frames_out_total{type="welcome"}')).toBe(0);
    expect(sample(res.body, 'vestibule_errors_total{code="link_expired"}')).toBe(0);
    expect(sample(res.body, 'vestibule_visits_open')).toBe(0);
    expect(sample(res.body, 'vestibule_participants{state="in_call"}')).toBe(0);
  });

  it('counts what the app reports, and reads the visit gauges at scrape time', async () => {
    t = await testApp({ METRICS_TOKEN: TOKEN });
    const m = t.app.vestibule.metrics;
    m.frameIn('hello');
    m.frameIn('signal');
    m.frameIn('signal');
    m.frameOut('welcome');
    m.frameOut('error');
    m.error('bad_frame');
    m.rateLimited('ws_frames');
    m.clientError('invalid_utf8');
    let live = { visitsOpen: 2, waiting: 1, inCall: 3 };
    m.setVisitGauges(() => live);
    let text = await scrape(t.app);
    expect(sample(text, 'vestibule_frames_in_total{type="hello"}')).toBe(1);
    expect(sample(text, 'vestibule_frames_in_total{type="signal"}')).toBe(2);
    expect(sample(text, 'vestibule_frames_out_total{type="welcome"}')).toBe(1);
    expect(sample(text, 'vestibule_frames_out_total{type="error"}')).toBe(1);
    expect(sample(text, 'vestibule_errors_total{code="bad_frame"}')).toBe(1);
    expect(sample(text, 'vestibule_rate_limit_refusals_total{limit="ws_frames"}')).toBe(1);
    expect(sample(text, 'vestibule_client_errors_total{kind="invalid_utf8"}')).toBe(1);
    expect(sample(text, 'vestibule_visits_open')).toBe(2);
    expect(sample(text, 'vestibule_participants{state="waiting"}')).toBe(1);
    expect(sample(text, 'vestibule_participants{state="in_call"}')).toBe(3);
    live = { visitsOpen: 0, waiting: 0, inCall: 0 };
    m.frameIn('signal');
    text = await scrape(t.app);
    expect(sample(text, 'vestibule_visits_open')).toBe(0);
    // Counters keep their totals from one scrape to the next, each frame counted once.
    expect(sample(text, 'vestibule_frames_in_total{type="signal"}')).toBe(3);
    expect(sample(text, 'vestibule_frames_out_total{type="welcome"}')).toBe(1);
    // A broken callback makes its gauges read NaN instead of failing the scrape.
    m.setVisitGauges(() => {
      throw new Error('hub gone');
    });
    text = await scrape(t.app);
    expect(sample(text, 'vestibule_visits_open')).toBeNaN();
    expect(sample(text, 'vestibule_participants{state="waiting"}')).toBeNaN();
    expect(sample(text, 'vestibule_frames_in_total{type="hello"}')).toBe(1);
  });

  it('keeps label values to fixed sets: anything a client invents counts as "other"', async () => {
    t = await testApp({ METRICS_TOKEN: TOKEN });
    const m = t.app.vestibule.metrics;
    const before = await scrape(t.app);
    m.frameIn('../../etc/passwd');
    m.frameIn({ toString: () => 'x' });
    m.frameIn(undefined);
    m.frameIn('welcome'); // a server message type is not a client one
    m.frameOut('hello');
    m.error('Robert"); DROP TABLE' as never);
    m.rateLimited('203.0.113.7' as never);
    m.clientError('Dr. Okafor' as never);
    const text = await scrape(t.app);
    expect(text).not.toMatch(/passwd|DROP|203\.0\.113|Okafor/);
    for (const label of ['type', 'code', 'limit', 'kind', 'state']) expect(labelValues(text, label)).toEqual(labelValues(before, label));
    expect(sample(text, `vestibule_frames_in_total{type="${OTHER}"}`)).toBe(4);
    expect(sample(text, `vestibule_frames_out_total{type="${OTHER}"}`)).toBe(1);
    expect(sample(text, `vestibule_errors_total{code="${OTHER}"}`)).toBe(1);
    expect(sample(text, `vestibule_rate_limit_refusals_total{limit="${OTHER}"}`)).toBe(1);
    expect(sample(text, `vestibule_client_errors_total{kind="${OTHER}"}`)).toBe(1);
  });

  it('counts HTTP and WebSocket-upgrade rate-limit refusals, and speed-test tickets', async () => {
    t = await testApp({ METRICS_TOKEN: TOKEN, WS_UPGRADES_PER_MINUTE: '1' });
    // The connection test's ICE route allows ten a minute per address.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await t.app.inject({ method: 'GET', url: '/api/connection-test/ice' })).statusCode);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: '/ws' });
    const ticket = await t.app.inject({ method: 'POST', url: '/api/connection-test/ticket' });
    expect(ticket.statusCode).toBe(200);
    const text = await scrape(t.app);
    expect(sample(text, 'vestibule_rate_limit_refusals_total{limit="http"}')).toBe(2);
    expect(sample(text, 'vestibule_rate_limit_refusals_total{limit="ws_upgrade"}')).toBe(2);
    expect(sample(text, 'vestibule_connection_tests_total')).toBe(1);
  });

  it('counts the global HTTP limit too', async () => {
    t = await testApp({ METRICS_TOKEN: TOKEN, HTTP_REQUESTS_PER_MINUTE: '10' });
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await t.app.inject({ method: 'GET', url: '/' })).statusCode);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    // /metrics is under the global limit too (a wrong token is worth limiting): read the registry directly.
    const text = await t.app.vestibule.metrics.render();
    expect(sample(text, 'vestibule_rate_limit_refusals_total{limit="http"}')).toBe(3);
  });

  it('gives each app its own registry', async () => {
    const a = new VestibuleMetrics({ defaultMetrics: false });
    const b = new VestibuleMetrics({ defaultMetrics: false });
    a.frameIn('ping');
    expect(sample(await a.render(), 'vestibule_frames_in_total{type="ping"}')).toBe(1);
    expect(sample(await b.render(), 'vestibule_frames_in_total{type="ping"}')).toBe(0);
    expect(await a.render()).not.toContain('process_cpu_user_seconds_total');
  });
});

describe('the metrics listener (METRICS_LISTEN)', () => {
  it('serves /metrics and nothing else on its own address', async () => {
    t = await testApp({ METRICS_LISTEN: '127.0.0.1:0' });
    t.app.vestibule.metrics.frameIn('ping');
    listener = await startMetricsListener(t.app.vestibule.config, t.app.vestibule.metrics);
    expect(listener.address?.host).toBe('127.0.0.1');
    const base = `http://127.0.0.1:${listener.address!.port}`;
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'vestibule_frames_in_total{type="ping"}')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect((await fetch(`${base}/metrics?x=1`)).status).toBe(200);
    for (const path of ['/', '/healthz', '/readyz', '/ws', '/api/connection-test/ice', '/metrics/', '/metricsx']) {
      const other = await fetch(`${base}${path}`);
      expect(other.status, path).toBe(404);
      expect(await other.text()).not.toContain('vestibule_');
    }
    expect((await fetch(`${base}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    await listener.close();
    await listener.close();
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });

  it('asks for the token too when METRICS_TOKEN is set', async () => {
    t = await testApp({ METRICS_LISTEN: '127.0.0.1:0', METRICS_TOKEN: TOKEN });
    listener = await startMetricsListener(t.app.vestibule.config, t.app.vestibule.metrics);
    const url = `http://127.0.0.1:${listener.address!.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('starts nothing when METRICS_LISTEN is not set', async () => {
    t = await testApp();
    listener = await startMetricsListener(t.app.vestibule.config, t.app.vestibule.metrics);
    expect(listener.address).toBeNull();
  });

  it('fails to start on an address in use', async () => {
    t = await testApp({ METRICS_LISTEN: '127.0.0.1:0' });
    listener = await startMetricsListener(t.app.vestibule.config, t.app.vestibule.metrics);
    const taken = { ...t.app.vestibule.config, metrics: { token: null, listen: { host: '127.0.0.1', port: listener.address!.port } } };
    await expect(startMetricsListener(taken, t.app.vestibule.metrics)).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('settings', () => {
  it('METRICS_TOKEN: 16 or more printable characters, never repeated in the error', () => {
    expect(loadConfig({}).metrics).toEqual({ token: null, listen: null });
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metrics.token).toBe(TOKEN);
    for (const bad of ['short-secret', 'with a space in it, long enough']) {
      expect(() => loadConfig({ METRICS_TOKEN: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ METRICS_TOKEN: bad })).not.toThrow(bad);
    }
  });

  it('METRICS_LISTEN: host:port, [IPv6]:port, or a port on the loopback', () => {
    expect(loadConfig({ METRICS_LISTEN: '127.0.0.1:9464' }).metrics.listen).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_LISTEN: '0.0.0.0:9464' }).metrics.listen).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(loadConfig({ METRICS_LISTEN: '[::1]:9464' }).metrics.listen).toEqual({ host: '::1', port: 9464 });
    expect(loadConfig({ METRICS_LISTEN: 'metrics.internal:9464' }).metrics.listen).toEqual({ host: 'metrics.internal', port: 9464 });
    expect(loadConfig({ METRICS_LISTEN: '9464' }).metrics.listen).toEqual({ host: '127.0.0.1', port: 9464 });
    for (const bad of ['127.0.0.1', '127.0.0.1:70000', 'http://127.0.0.1:9464', '::1:9464', '127.0.0.1:94 64']) {
      expect(() => loadConfig({ METRICS_LISTEN: bad }), bad).toThrow(/METRICS_LISTEN must be host:port/);
    }
  });

  it('compares the bearer token exactly', () => {
    expect(metricsAuthorized(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(metricsAuthorized(`bearer  ${TOKEN}`, TOKEN)).toBe(true);
    expect(metricsAuthorized(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(metricsAuthorized(`Bearer ${TOKEN.toUpperCase()}`, TOKEN)).toBe(false);
    expect(metricsAuthorized(undefined, TOKEN)).toBe(false);
    expect(metricsAuthorized('Bearer ', '')).toBe(false);
  });
});
