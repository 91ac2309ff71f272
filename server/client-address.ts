// Client IP addresses, reduced to what a purpose needs: logs get a network prefix (IPv4 /24, IPv6 /48)
// or nothing by default, and per-address limits count an IPv6 /64 as one address (one home or phone
// gets a whole /64, so counting single IPv6 addresses would let one device look like billions).
import { isIPv4, isIPv6 } from 'node:net';

export type LogClientAddresses = 'off' | 'truncated' | 'full';

/** An IPv4-mapped IPv6 address (::ffff:203.0.113.7, as dual-stack sockets report IPv4) as plain IPv4. */
function unmapped(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

/** The eight 16-bit groups of an IPv6 address (zone and embedded IPv4 tail allowed), or null. */
export function ipv6Groups(ip: string): number[] | null {
  const addr = ip.replace(/%.*$/, '');
  if (!isIPv6(addr)) return null;
  let text = addr;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  const groups = [...h, ...fill, ...t].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** The first `n` groups of an IPv6 address as a prefix: "2001:db8:85a3::". */
function prefix(groups: number[], n: number): string {
  return `${groups
    .slice(0, n)
    .map((g) => g.toString(16))
    .join(':')}::`;
}

/** The network an address belongs to, for logs: "203.0.113.0/24", "2001:db8:85a3::/48"; undefined if unparsable. */
export function truncateAddress(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const a = unmapped(ip);
  if (isIPv4(a)) return `${a.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = ipv6Groups(a);
  return groups ? `${prefix(groups, 3)}/48` : undefined;
}

/** What a request's log line says about where it came from, under LOG_CLIENT_ADDRESSES. */
export function addressForLog(ip: string | undefined, mode: LogClientAddresses): string | undefined {
  if (mode === 'off') return undefined;
  return mode === 'full' ? ip : truncateAddress(ip);
}

/** The key per-address limits count under: an IPv4 address, or an IPv6 /64. */
export function limitKey(ip: string): string {
  const a = unmapped(ip);
  if (isIPv4(a)) return a;
  const groups = ipv6Groups(a);
  return groups ? `${prefix(groups, 4)}/64` : a;
}
