// Checks an HS256 JSON Web Token's signature synchronously, with node:crypto. The visit links are
// HS256 tokens that jose signs; jose verifies through WebCrypto, whose every call is a job on the
// thread pool and a promise back: on the join path, where each participant presents one, that cost
// more than the rest of the check. The rules are the same: the header must name HS256, the signature
// must match in constant time, and nothing from an unsigned or tampered token is trusted.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Hs256Check = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'malformed' | 'signature' };

const MAX_TOKEN_LENGTH = 4096;

export function verifyHs256(token: string, key: Uint8Array): Hs256Check {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  // Signed by us: now the header and payload may be read.
  const head = parseJsonObject(header);
  if (head?.alg !== 'HS256' || head.crit !== undefined) return { ok: false, reason: 'malformed' };
  const body = parseJsonObject(payload);
  return body ? { ok: true, payload: body } : { ok: false, reason: 'malformed' };
}

function parseJsonObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
