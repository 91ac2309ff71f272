// Where webhooks may go. https only (http too when WEBHOOK_ALLOW_HTTP is on, for tests and local
// development), no user:password in the URL, and never an internal address: loopback, private,
// link-local (cloud metadata), carrier-grade NAT, unique-local IPv6, unless
// WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on. Names are checked when registered and again on every
// connection (the address actually dialled), so a name that later points inside is still refused.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { WebhookSettings } from '../../config.js';

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(net, bits, 'ipv6');

export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class TargetRefused extends Error {}

/** The URL as it will be called, or a plain reason it will not be. */
export function checkTargetUrl(raw: string, settings: WebhookSettings): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new TargetRefused('The webhook URL is not a valid URL.');
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && settings.allowHttp))
    throw new TargetRefused('The webhook URL must start with https://.');
  if (u.username || u.password) throw new TargetRefused('The webhook URL must not carry a user name or password.');
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!settings.allowPrivateAddresses && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isInternalAddress(host)))) {
    throw new TargetRefused('The webhook URL points at an internal address, which Vestibule does not call.');
  }
  return u;
}

/** A DNS lookup for http(s).request that refuses internal addresses (unless allowed). */
export function guardedLookup(settings: WebhookSettings) {
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      if (!settings.allowPrivateAddresses && list.some((a) => isInternalAddress(a.address))) {
        return callback(new TargetRefused('the name points at an internal address'), '');
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
