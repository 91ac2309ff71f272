// Staff passwords: Argon2id (the library's defaults: 19 MiB, 2 passes, the OWASP baseline), and
// the few rules a password must meet.
import { hash, verify } from '@node-rs/argon2';
import { badRequest } from './errors.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function checkPasswordRules(password: string): void {
  if ([...password].length < PASSWORD_MIN) throw badRequest(`A password needs at least ${PASSWORD_MIN} characters.`, 'weak_password');
  if (password.length > PASSWORD_MAX) throw badRequest(`A password has at most ${PASSWORD_MAX} characters.`, 'weak_password');
  if (new Set(password).size < 4)
    throw badRequest('That password repeats too few characters; choose a less predictable one.', 'weak_password');
}

export const hashPassword = (password: string): Promise<string> => hash(password);

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (no such account, or an invitation not yet
 * accepted) it checks against a throwaway one, so the answer takes as long either way and the time
 * does not tell whether an email has an account.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hash('not a password of anyone');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
