// Two-step sign-in with an authenticator app: RFC 6238 codes (6 digits, 30 s, SHA-1, the settings
// every app supports), accepted one step early or late for clocks that drift.
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Vestibule';
const PERIOD_SECONDS = 30;

const totp = (secretBase32: string, label = 'staff') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app reads from a QR code (the label is shown in the app). */
export const totpUri = (secretBase32: string, label: string): string => totp(secretBase32, label).toString();

/** The code for a moment (tests, and nothing else, need to make one). */
export const totpCode = (secretBase32: string, at: number): string => totp(secretBase32).generate({ timestamp: at });

/** The time step the code belongs to, or null if it is not a current code. */
export function totpStep(secretBase32: string, code: string, now: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}
