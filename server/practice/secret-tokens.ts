// Random opaque tokens (session cookies, one-time links) and what the store keeps of them: a SHA-256
// hash, so a copy of the database opens no session and no link.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * The CSRF token bound to a session: derived from the cookie's value, which only the browser holds,
 * so a page on another site can neither read the cookie nor compute this.
 */
export const csrfTokenFor = (sessionValue: string): string =>
  createHash('sha256').update(`vestibule-csrf\0${sessionValue}`).digest('base64url');

/** Compares two strings in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
