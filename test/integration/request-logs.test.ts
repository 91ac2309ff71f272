// Request log lines keep client addresses out by default: only the network (IPv4 /24, IPv6 /48) is
// logged unless LOG_CLIENT_ADDRESSES says otherwise, also when the address comes from a proxy header.
import { afterEach, describe, expect, it } from 'vitest';
import { addressForLog, limitKey, truncateAddress } from '../../server/client-address.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.app.close();
  t = undefined;
});

/** The request log lines ("incoming request") as objects. */
function requestLines(logs: string): { req: Record<string, unknown> }[] {
  return logs
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { req?: Record<string, unknown> })
    .filter((l): l is { req: Record<string, unknown> } => l.req !== undefined);
}

describe('client addresses in request logs', () => {
  it('by default logs only the IPv4 /24, and no source port', async () => {
    t = await testApp();
    await t.app.inject({ method: 'GET', url: '/healthz?x=1', remoteAddress: '203.0.113.77' });
    await t.app.inject({ method: 'GET', url: '/no-such-page', remoteAddress: '203.0.113.77' });
    const logs = t.logs();
    expect(logs).not.toContain('203.0.113.77');
    const lines = requestLines(logs);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.req.remoteAddress).toBe('203.0.113.0/24');
      expect(line.req).not.toHaveProperty('remotePort');
      expect(line.req.method).toBe('GET');
    }
  });

  it('by default logs only the IPv6 /48', async () => {
    t = await testApp();
    await t.app.inject({ method: 'GET', url: '/no-such-page', remoteAddress: '2001:db8:85a3:8d3:1319:8a2e:370:7348' });
    const logs = t.logs();
    expect(logs).not.toMatch(/8d3|1319|8a2e|7348/);
    expect(requestLines(logs)[0]!.req.remoteAddress).toBe('2001:db8:85a3::/48');
  });

  it('truncates the address a trusted proxy forwards, not the proxy’s', async () => {
    t = await testApp({ TRUST_PROXY: '1' });
    await t.app.inject({
      method: 'GET',
      url: '/no-such-page',
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': '198.51.100.23' },
    });
    const logs = t.logs();
    expect(logs).not.toContain('198.51.100.23');
    expect(requestLines(logs)[0]!.req.remoteAddress).toBe('198.51.100.0/24');
  });

  it('LOG_CLIENT_ADDRESSES=off logs no address at all', async () => {
    t = await testApp({ LOG_CLIENT_ADDRESSES: 'off' });
    await t.app.inject({ method: 'GET', url: '/no-such-page', remoteAddress: '203.0.113.77' });
    const logs = t.logs();
    expect(logs).not.toContain('203.0.113');
    const [line] = requestLines(logs);
    expect(line!.req).not.toHaveProperty('remoteAddress');
    expect(line!.req.url).toBe('/no-such-page');
  });

  it('LOG_CLIENT_ADDRESSES=full logs the whole address, as the operator asked', async () => {
    t = await testApp({ LOG_CLIENT_ADDRESSES: 'full' });
    await t.app.inject({ method: 'GET', url: '/no-such-page', remoteAddress: '203.0.113.77' });
    expect(requestLines(t.logs())[0]!.req.remoteAddress).toBe('203.0.113.77');
  });

  it('refuses an unknown setting, naming it', () => {
    expect(() => loadConfig({ LOG_CLIENT_ADDRESSES: 'some' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_CLIENT_ADDRESSES: 'some' })).toThrow(/LOG_CLIENT_ADDRESSES must be one of "off", "truncated", "full"/);
    expect(loadConfig({}).logClientAddresses).toBe('truncated');
  });
});

describe('address reduction', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['not an address', undefined],
    [undefined, undefined],
  ])('truncates %s to %s', (ip, expected) => {
    expect(truncateAddress(ip)).toBe(expected);
  });

  it('follows the setting', () => {
    expect(addressForLog('203.0.113.77', 'off')).toBeUndefined();
    expect(addressForLog('203.0.113.77', 'truncated')).toBe('203.0.113.0/24');
    expect(addressForLog('203.0.113.77', 'full')).toBe('203.0.113.77');
  });

  it('counts an IPv6 /64 as one address for limits, IPv4 addresses one by one', () => {
    expect(limitKey('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe(limitKey('2001:db8:85a3:8d3::9'));
    expect(limitKey('2001:db8:85a3:8d3::9')).toBe('2001:db8:85a3:8d3::/64');
    expect(limitKey('2001:db8:85a3:8d4::9')).not.toBe(limitKey('2001:db8:85a3:8d3::9'));
    expect(limitKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(limitKey('198.51.100.7')).not.toBe(limitKey('198.51.100.8'));
    expect(limitKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(limitKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });
});
