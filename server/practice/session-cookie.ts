// The staff session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (other sites' pages
// do not send it), and under an https PUBLIC_URL Secure with the __Host- prefix (only this exact
// host, path /, never over plain HTTP). Its value is an opaque random token.

const NAME = 'vestibule_staff';

export interface CookieOptions {
  secure: boolean;
}

export const sessionCookieName = ({ secure }: CookieOptions): string => (secure ? `__Host-${NAME}` : NAME);

/** The session cookie's value from a Cookie header, or undefined. */
export function readSessionCookie(header: string | undefined, opts: CookieOptions): string | undefined {
  if (!header) return undefined;
  const name = sessionCookieName(opts);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    // Ours are base64url; anything else was not set by this server.
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export function sessionCookie(value: string, maxAgeSeconds: number, opts: CookieOptions): string {
  const attributes = [
    `${sessionCookieName(opts)}=${value}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (opts.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** Tells the browser to forget the cookie. */
export const clearedSessionCookie = (opts: CookieOptions): string => sessionCookie('', 0, opts);
