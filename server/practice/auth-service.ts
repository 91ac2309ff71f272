// Staff sign-in and sessions. Sign-in checks the password (Argon2id) and, when the account has it,
// an authenticator code; failures count per account and per address, and too many lock both out for
// a while with a plain message. A session is an opaque random cookie value; the store keeps its hash,
// when it was last used (idle timeout, a practice setting) and when it ends regardless (absolute
// lifetime). Every request re-reads the session and its staff member, so sign-out, deactivation and
// role changes take effect on the next request, on every machine.
import { limitKey, truncateAddress } from '../client-address.js';
import type { Config } from '../config.js';
import type { PracticeSettingsStore } from '../store/practice-settings.js';
import type { LockoutPolicy, SignInFailureStore } from '../store/sign-in-failures.js';
import type { StaffCredentials, StaffMember, StaffStore } from '../store/staff.js';
import type { StaffAuditStore } from '../store/staff-audit.js';
import type { SessionWithStaff, StaffSessionStore } from '../store/staff-sessions.js';
import { PracticeError, notSignedIn } from './errors.js';
import { verifyPassword } from './passwords.js';
import { csrfTokenFor, randomToken, sha256Hex } from './secret-tokens.js';
import { totpStep } from './totp.js';

/** Writing last_seen_at on every request would be a write per click; this is precise enough for idle timeouts. */
const TOUCH_EVERY_MS = 15_000;
const DAY_MS = 86_400_000;

export interface SignInRequest {
  email: string;
  password: string;
  /** The authenticator app's code, for accounts that use one. */
  code?: string | undefined;
  ip: string;
}

export interface SignedIn {
  /** The cookie's value: handed to the browser once, never stored or logged. */
  sessionValue: string;
  csrfToken: string;
  maxAgeSeconds: number;
  staff: StaffMember;
}

export interface Authenticated {
  sessionId: string;
  csrfToken: string;
  staff: SessionWithStaff['staff'];
  /** The practice requires two-step sign-in and this person has not set it up yet. */
  mustEnrollTotp: boolean;
}

const INCORRECT = 'The email or password is not right.';

export class StaffAuth {
  constructor(
    private readonly d: {
      staff: StaffStore;
      sessions: StaffSessionStore;
      settings: PracticeSettingsStore;
      failures: SignInFailureStore;
      audit: StaffAuditStore;
      limits: Config['practice'];
      now: () => number;
    },
  ) {}

  async signIn(req: SignInRequest): Promise<SignedIn> {
    const now = this.d.now();
    const keys = failureKeys(req.email, req.ip);
    const member = await this.d.staff.byEmail(req.email);
    const locked = await this.lockedUntil(keys, now);
    if (locked) {
      await this.d.audit.record({ event: 'sign-in refused: locked out', subjectStaffId: member?.id ?? null }, now);
      throw lockedOut(locked, now);
    }
    const passwordOk = await verifyPassword(member?.passwordHash ?? null, req.password);
    if (!member || !passwordOk) return this.fail(keys, member?.id ?? null, now, 'sign-in failed', INCORRECT, 'sign_in_failed');
    if (member.deactivatedAt !== null) {
      await this.d.audit.record({ event: 'sign-in refused: deactivated', subjectStaffId: member.id }, now);
      throw new PracticeError(403, 'deactivated', 'This account has been deactivated. Ask the practice’s owner or manager.');
    }
    if (member.totpEnabled) await this.checkCode(member, req.code, keys, now);
    await this.d.failures.clear(keys.accountHere);
    return this.openSession(member, req.ip, now);
  }

  /** The signed-in staff member for a cookie value, or null if the session is unknown or over. */
  /** `touch: false` checks without counting as activity (the live channel's periodic re-check must not defeat the idle timeout). */
  async authenticate(sessionValue: string, { touch = true } = {}): Promise<Authenticated | null> {
    const now = this.d.now();
    const session = await this.d.sessions.find(sha256Hex(sessionValue));
    if (!session || session.revokedAt !== null || session.staff.deactivatedAt !== null || now >= session.expiresAt) return null;
    const settings = await this.d.settings.get();
    if (now - session.lastSeenAt >= settings.idleTimeoutMinutes * 60_000) {
      await this.d.sessions.revoke(session.id, now);
      return null;
    }
    if (touch && now - session.lastSeenAt >= TOUCH_EVERY_MS) await this.d.sessions.touch(session.id, now);
    return {
      sessionId: session.id,
      csrfToken: csrfTokenFor(sessionValue),
      staff: session.staff,
      mustEnrollTotp: settings.requireTotp && !session.staff.totpEnabled,
    };
  }

  async signOut(sessionId: string, staffId: string): Promise<void> {
    const now = this.d.now();
    await this.d.sessions.revoke(sessionId, now);
    await this.d.audit.record({ event: 'sign-out', staffId }, now);
  }

  /** Ends every session of a staff member, on every device. */
  async signOutEverywhere(staffId: string, actorId: string | null, event = 'signed out everywhere'): Promise<void> {
    const now = this.d.now();
    await this.d.sessions.revokeAllFor(staffId, now);
    await this.d.audit.record({ event, staffId: actorId, subjectStaffId: staffId }, now);
  }

  private async lockedUntil(keys: FailureKeys, now: number): Promise<number | null> {
    const times: (number | null)[] = [];
    for (const key of [keys.accountHere, keys.address, keys.account]) times.push(await this.d.failures.lockedUntil(key, now));
    const locked = times.filter((t): t is number => t !== null);
    return locked.length ? Math.max(...locked) : null;
  }

  private policy(max: number): LockoutPolicy {
    const lockMs = this.d.limits.lockoutMinutes * 60_000;
    return { max, windowMs: lockMs, lockMs };
  }

  /** Counts a failure against the account and the address, audits it, and refuses. */
  private async fail(keys: FailureKeys, staffId: string | null, now: number, event: string, message: string, code: string): Promise<never> {
    const { limits } = this.d;
    const locks = [
      await this.d.failures.recordFailure(keys.accountHere, now, this.policy(limits.signInFailuresPerAccount)),
      await this.d.failures.recordFailure(keys.address, now, this.policy(limits.signInFailuresPerAddress)),
      await this.d.failures.recordFailure(keys.account, now, this.policy(limits.signInFailuresPerAccountEverywhere)),
    ];
    await this.d.audit.record({ event, subjectStaffId: staffId }, now);
    await this.d.failures.deleteStale(now - DAY_MS);
    const locked = Math.max(...locks.map((t) => t ?? 0));
    if (locked) throw lockedOut(locked, now);
    throw notSignedIn(message, code);
  }

  private async checkCode(member: StaffMember & StaffCredentials, code: string | undefined, keys: FailureKeys, now: number): Promise<void> {
    if (!code) throw notSignedIn('Enter the 6-digit code from your authenticator app.', 'totp_required');
    const step = member.totpSecret ? totpStep(member.totpSecret, code, now) : null;
    // A code is good once: the step is recorded only if it is newer than the last one used.
    if (step === null || !(await this.d.staff.useTotpStep(member.id, step))) {
      await this.fail(
        keys,
        member.id,
        now,
        'sign-in failed: code',
        'That code is not right. Codes change every 30 seconds; try the current one.',
        'totp_invalid',
      );
    }
  }

  private async openSession(member: StaffMember, ip: string, now: number): Promise<SignedIn> {
    const { absoluteLifetimeHours } = await this.d.settings.get();
    const sessionValue = randomToken();
    const maxAgeSeconds = absoluteLifetimeHours * 3600;
    await this.d.sessions.create({
      id: sha256Hex(sessionValue),
      staffId: member.id,
      now,
      expiresAt: now + maxAgeSeconds * 1000,
      ipPrefix: truncateAddress(ip) ?? null,
    });
    await this.d.audit.record({ event: 'sign-in', staffId: member.id, subjectStaffId: member.id }, now);
    // Housekeeping while we are here: sessions past their end are of no use to anyone.
    await this.d.sessions.deleteExpired(now - DAY_MS);
    return { sessionValue, csrfToken: csrfTokenFor(sessionValue), maxAgeSeconds, staff: member };
  }
}

/**
 * Failures are counted three ways. An account is paused after a few failures from one address
 * (`accountHere`): someone elsewhere guessing at a clinician's email cannot lock the clinician out.
 * An address is paused after many failures on any accounts. And an account is paused for everyone only
 * after many failures from many addresses (`account`), which stops guessing spread over machines.
 */
interface FailureKeys {
  accountHere: string;
  address: string;
  account: string;
}

function failureKeys(email: string, ip: string): FailureKeys {
  const account = `account:${email.trim().toLowerCase()}`;
  const address = `address:${limitKey(ip)}`;
  return { accountHere: sha256Hex(`${account}|${address}`), address: sha256Hex(address), account: sha256Hex(account) };
}

function lockedOut(until: number, now: number): PracticeError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return new PracticeError(
    429,
    'locked_out',
    `Too many failed sign-ins. Sign-in is paused for ${minutes} minute${minutes === 1 ? '' : 's'}; then try again, or ask the practice's owner to reset your password.`,
    Math.ceil((until - now) / 1000),
  );
}
