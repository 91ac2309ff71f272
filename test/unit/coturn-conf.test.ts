// Static checks on the production coturn.conf: authentication, abuse limits and, above all,
// that the relay can never be pointed at private, loopback or metadata addresses.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';

const raw = readFileSync(new URL('../../coturn.conf', import.meta.url), 'utf8');

/** option name -> every value given (flags get ''). Comment and blank lines are ignored. */
function parseConf(text: string): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    const name = (eq === -1 ? trimmed : trimmed.slice(0, eq)).trim();
    const value = eq === -1 ? '' : trimmed.slice(eq + 1).trim();
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return options;
}

// --- A small IP range helper: addresses as bigints, per family --------------------------------

type Family = 4 | 6;

function ipv4ToBigInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(ip: string): bigint {
  let text = ip;
  // An embedded dotted IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4ToBigInt(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  if (groups.length !== 8) throw new Error(`bad IPv6 address ${ip}`);
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function parseIp(ip: string): { family: Family; value: bigint } {
  const family = isIP(ip);
  if (family === 4) return { family, value: ipv4ToBigInt(ip) };
  if (family === 6) return { family, value: ipv6ToBigInt(ip) };
  throw new Error(`not an IP address: ${ip}`);
}

interface Range {
  family: Family;
  first: bigint;
  last: bigint;
  text: string;
}

/** coturn's denied-peer-ip syntax: a single address or FIRST-LAST. */
function parseRange(text: string): Range {
  const [firstText = '', lastText = firstText] = text.split('-');
  const first = parseIp(firstText);
  const last = parseIp(lastText);
  if (first.family !== last.family || first.value > last.value) throw new Error(`bad range ${text}`);
  return { family: first.family, first: first.value, last: last.value, text };
}

function coveredBy(ranges: Range[], ip: string): Range | undefined {
  const { family, value } = parseIp(ip);
  return ranges.find((r) => r.family === family && r.first <= value && value <= r.last);
}

// -------------------------------------------------------------------------------------------------

const conf = parseConf(raw);
const denied = (conf.get('denied-peer-ip') ?? []).map(parseRange);

describe('production coturn.conf', () => {
  it('never relays to loopback peers (the option is not even mentioned)', () => {
    expect(raw).not.toContain('allow-loopback-peers');
    expect(conf.has('allowed-peer-ip')).toBe(false);
    expect(conf.has('server-relay')).toBe(false);
  });

  it('authenticates with TURN REST shared-secret credentials', () => {
    expect(conf.get('use-auth-secret')).toEqual(['']);
    expect(conf.get('static-auth-secret')?.[0]).toMatch(/^CHANGE_ME/);
    expect(conf.get('realm')?.[0]).toMatch(/\S/);
    expect(conf.has('no-auth')).toBe(false);
    expect(conf.has('lt-cred-mech')).toBe(false);
  });

  it('sets the hardening and quota options', () => {
    for (const flag of ['fingerprint', 'no-cli', 'no-multicast-peers', 'no-tlsv1', 'no-tlsv1_1']) {
      expect(conf.get(flag), flag).toEqual(['']);
    }
    expect(Number(conf.get('user-quota')?.[0])).toBeGreaterThan(0);
    expect(Number(conf.get('total-quota')?.[0])).toBeGreaterThan(0);
    expect(conf.get('listening-port')).toEqual(['3478']);
    expect(conf.get('tls-listening-port')).toEqual(['5349']);
    expect(conf.get('cert')?.[0]).toMatch(/^\//);
    expect(conf.get('pkey')?.[0]).toMatch(/^\//);
  });

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata service
    '100.64.0.1',
    '224.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    'ff02::1',
  ])('denies peer %s', (ip) => {
    expect(coveredBy(denied, ip), `${ip} is not in any denied-peer-ip range`).toBeDefined();
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '2a00:1450:4001::1'])('still allows public peer %s', (ip) => {
    expect(coveredBy(denied, ip)?.text).toBeUndefined();
  });

  // Measured with coturn 4.6.1: a denied-peer-ip of "::" (alone or as a range start) makes it
  // refuse every IPv4 peer, silently breaking all relayed calls.
  it('does not list the unspecified IPv6 address, which coturn treats as "deny all IPv4"', () => {
    expect(denied.filter((r) => r.family === 6 && r.first === 0n).map((r) => r.text)).toEqual([]);
  });

  it('has well-formed denied-peer-ip entries (single address or FIRST-LAST)', () => {
    expect(denied.length).toBeGreaterThanOrEqual(20);
  });
});
