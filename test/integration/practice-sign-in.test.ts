// Staff sign-in over HTTP: passwords, lockouts and their end, two-step codes, the session cookie's
// flags, idle and absolute expiry, signing out (here and everywhere), the CSRF defence, and a
// deactivated account's open session.
import { afterEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../server/practice/totp.js';
import {
  type PracticeTestApp,
  PASSWORD,
  OWNER_EMAIL,
  addStaff,
  as,
  cookieFrom,
  practiceApp,
  sessionFor,
  setUpOwner,
  signIn,
} from '../support/practice.js';

const MIN = 60_000;
let open: PracticeTestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});
async function start(env: Record<string, string> = {}) {
  const t = await practiceApp(env);
  open.push(t);
  const owner = await setUpOwner(t);
  return { ...t, owner };
}

/** Turns on two-step sign-in for a signed-in person; returns the secret (a test stands in for the app). */
async function enrollTotp(t: PracticeTestApp, session: Awaited<ReturnType<typeof sessionFor>>): Promise<string> {
  const started = await as(t.app, session).post('/me/totp/start');
  expect(started.statusCode).toBe(200);
  const { secret, uri } = started.json();
  expect(uri).toMatch(/^otpauth:\/\/totp\/Vestibule/);
  const confirmed = await as(t.app, session).post('/me/totp/confirm', { code: totpCode(secret, t.clock.now()) });
  expect(confirmed.statusCode).toBe(200);
  return secret;
}

describe('sign-in', () => {
  it('refuses a wrong password and an unknown email with the same plain message', async () => {
    const t = await start();
    const wrong = await signIn(t.app, OWNER_EMAIL, 'not the password at all');
    const unknown = await signIn(t.app, 'nobody@practice.example', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: 'The email or password is not right.', code: 'sign_in_failed' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    // Case does not matter in an email.
    expect((await signIn(t.app, OWNER_EMAIL.toUpperCase())).statusCode).toBe(200);
  });

  it('locks an account after 5 failures, refuses even the right password, and lets it in after 15 minutes', async () => {
    const t = await start();
    for (let i = 1; i <= 4; i++) expect((await signIn(t.app, OWNER_EMAIL, 'wrong password here')).statusCode).toBe(401);
    const fifth = await signIn(t.app, OWNER_EMAIL, 'wrong password here');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error).toMatch(/Too many failed sign-ins.*15 minutes/);
    expect(fifth.headers['retry-after']).toBe('900');
    t.clock.advance(14 * MIN);
    const stillLocked = await signIn(t.app, OWNER_EMAIL);
    expect(stillLocked.statusCode).toBe(429);
    expect(stillLocked.json().error).toMatch(/1 minute;/);
    t.clock.advance(MIN);
    expect((await signIn(t.app, OWNER_EMAIL)).statusCode).toBe(200);
    // The count starts afresh after a success.
    for (let i = 1; i <= 4; i++) expect((await signIn(t.app, OWNER_EMAIL, 'wrong password here')).statusCode).toBe(401);
    expect((await signIn(t.app, OWNER_EMAIL)).statusCode).toBe(200);
  });

  it('a stranger’s failed guesses at an account do not lock its owner out elsewhere; guesses from many addresses do', async () => {
    const t = await start({ SIGN_IN_FAILURES_PER_ACCOUNT_EVERYWHERE: '11' });
    const guess = (n: number) => signIn(t.app, OWNER_EMAIL, 'wrong password here', undefined, `203.0.113.${n}`);
    for (let i = 1; i <= 4; i++) expect((await guess(1)).statusCode).toBe(401);
    expect((await guess(1)).statusCode).toBe(429);
    expect((await signIn(t.app, OWNER_EMAIL, 'wrong password here', undefined, '203.0.113.1')).statusCode).toBe(429);
    // The owner, at the practice's own address, still signs in.
    expect((await signIn(t.app, OWNER_EMAIL, PASSWORD, undefined, '198.51.100.7')).statusCode).toBe(200);
    // Spread over more addresses, the guesses reach the account's limit everywhere: 11 failures in all (the refused attempt counts none).
    for (let i = 1; i <= 5; i++) await guess(2);
    const last = await guess(3);
    expect(last.statusCode).toBe(429);
    expect((await signIn(t.app, OWNER_EMAIL, PASSWORD, undefined, '198.51.100.7')).statusCode).toBe(429);
    t.clock.advance(15 * MIN);
    expect((await signIn(t.app, OWNER_EMAIL, PASSWORD, undefined, '198.51.100.7')).statusCode).toBe(200);
  });

  it('locks an address after its own limit of failures, whatever the accounts', async () => {
    const t = await start({ SIGN_IN_FAILURES_PER_ADDRESS: '3' });
    expect((await signIn(t.app, 'a@x.example', 'wrong password 1')).statusCode).toBe(401);
    expect((await signIn(t.app, 'b@x.example', 'wrong password 2')).statusCode).toBe(401);
    expect((await signIn(t.app, 'c@x.example', 'wrong password 3')).statusCode).toBe(429);
    expect((await signIn(t.app, OWNER_EMAIL)).statusCode).toBe(429);
    t.clock.advance(15 * MIN);
    expect((await signIn(t.app, OWNER_EMAIL)).statusCode).toBe(200);
  });

  it('asks for the authenticator code, refuses a wrong or replayed one, and accepts the right one', async () => {
    const t = await start();
    const secret = await enrollTotp(t, t.owner);
    t.clock.advance(MIN);
    const noCode = await signIn(t.app, OWNER_EMAIL);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('totp_required');
    const wrongCode = await signIn(t.app, OWNER_EMAIL, PASSWORD, '000000' === totpCode(secret, t.clock.now()) ? '111111' : '000000');
    expect(wrongCode.statusCode).toBe(401);
    expect(wrongCode.json().code).toBe('totp_invalid');
    const code = totpCode(secret, t.clock.now());
    const right = await signIn(t.app, OWNER_EMAIL, PASSWORD, code);
    expect(right.statusCode).toBe(200);
    expect((await signIn(t.app, OWNER_EMAIL, PASSWORD, code)).json().code).toBe('totp_invalid');
    // A wrong password with a right code is still a wrong password.
    t.clock.advance(MIN);
    expect((await signIn(t.app, OWNER_EMAIL, 'wrong password here', totpCode(secret, t.clock.now()))).json().code).toBe('sign_in_failed');
  });

  it('when the practice requires two-step sign-in, someone without it can only set it up', async () => {
    const t = await start();
    await enrollTotp(t, t.owner);
    const therapist = await addStaff(t, t.owner, { email: 'tess@practice.example', name: 'Tess', role: 'therapist' });
    expect(
      (await as(t.app, t.owner).put('/settings', { idleTimeoutMinutes: 30, absoluteLifetimeHours: 12, requireTotp: true })).statusCode,
    ).toBe(200);
    const session = await as(t.app, therapist).get('/session');
    expect(session.json().mustEnrollTotp).toBe(true);
    const refused = await as(t.app, therapist).post('/clients/search', {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('totp_enrollment_required');
    await enrollTotp(t, therapist);
    expect((await as(t.app, therapist).post('/clients/search', {})).statusCode).toBe(200);
  });

  it('an owner cannot require two-step sign-in before having it', async () => {
    const t = await start();
    const res = await as(t.app, t.owner).put('/settings', { idleTimeoutMinutes: 30, absoluteLifetimeHours: 12, requireTotp: true });
    expect(res.statusCode).toBe(409);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Strict, and not Secure on a plain-HTTP address', async () => {
    const t = await start();
    const res = await signIn(t.app, OWNER_EMAIL);
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^vestibule_staff=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    // Only a hash is stored.
    const value = cookieFrom(res).split('=')[1]!;
    const rows = await t.database.db.selectFrom('staff_sessions').select('id').execute();
    expect(rows.some((r) => r.id.includes(value))).toBe(false);
  });

  it('is Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    const t = await start({ PUBLIC_URL: 'https://visits.example.org' });
    const header = String((await signIn(t.app, OWNER_EMAIL)).headers['set-cookie']);
    expect(header).toMatch(/^__Host-vestibule_staff=[A-Za-z0-9_-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure$/);
    // The plain name is not accepted there.
    const plain = cookieFrom(await signIn(t.app, OWNER_EMAIL)).replace('__Host-', '');
    expect((await t.app.inject({ url: '/api/practice/session', headers: { cookie: plain } })).statusCode).toBe(401);
  });
});

describe('session lifetime', () => {
  it('ends after the idle timeout, and activity keeps it alive until then', async () => {
    const t = await start();
    for (let i = 0; i < 3; i++) {
      t.clock.advance(29 * MIN);
      expect((await as(t.app, t.owner).get('/session')).statusCode).toBe(200);
    }
    t.clock.advance(30 * MIN);
    const ended = await as(t.app, t.owner).get('/session');
    expect(ended.statusCode).toBe(401);
    expect(ended.json().code).toBe('session_ended');
  });

  it('follows the idle timeout the owner sets', async () => {
    const t = await start();
    expect(
      (await as(t.app, t.owner).put('/settings', { idleTimeoutMinutes: 10, absoluteLifetimeHours: 12, requireTotp: false })).statusCode,
    ).toBe(200);
    t.clock.advance(11 * MIN);
    expect((await as(t.app, t.owner).get('/session')).statusCode).toBe(401);
  });

  it('ends at its absolute lifetime however busy', async () => {
    const t = await start();
    for (let elapsed = 0; elapsed + 20 * MIN < 12 * 60 * MIN; elapsed += 20 * MIN) {
      t.clock.advance(20 * MIN);
      expect((await as(t.app, t.owner).get('/session')).statusCode).toBe(200);
    }
    t.clock.advance(20 * MIN);
    expect((await as(t.app, t.owner).get('/session')).statusCode).toBe(401);
  });

  it('signing out ends this session; signing out everywhere ends all of them', async () => {
    const t = await start();
    const second = await sessionFor(t.app, OWNER_EMAIL);
    const third = await sessionFor(t.app, OWNER_EMAIL);
    const out = await as(t.app, t.owner).post('/sign-out');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^vestibule_staff=; Path=\/; Max-Age=0/);
    expect((await as(t.app, t.owner).get('/session')).statusCode).toBe(401);
    expect((await as(t.app, second).get('/session')).statusCode).toBe(200);
    expect((await as(t.app, second).post('/sign-out-everywhere')).statusCode).toBe(204);
    expect((await as(t.app, second).get('/session')).statusCode).toBe(401);
    expect((await as(t.app, third).get('/session')).statusCode).toBe(401);
  });

  it('a request that takes no body refuses one, and nothing happens: signing out with a body stays signed in', async () => {
    const t = await start();
    const refused = await as(t.app, t.owner).post('/sign-out', { everywhere: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'invalid_request', error: expect.stringContaining('takes none') });
    expect((await as(t.app, t.owner).get('/session')).statusCode).toBe(200);
    expect((await as(t.app, t.owner).post('/sign-out', {})).statusCode).toBe(204);
  });

  it("refuses a deactivated staff member's open session on their next request", async () => {
    const t = await start();
    const therapist = await addStaff(t, t.owner, { email: 'tess@practice.example', name: 'Tess', role: 'therapist' });
    expect((await as(t.app, therapist).post('/clients/search', {})).statusCode).toBe(200);
    expect((await as(t.app, t.owner).post(`/staff/${therapist.staffId}/deactivate`)).statusCode).toBe(200);
    expect((await as(t.app, therapist).post('/clients/search', {})).statusCode).toBe(401);
    const again = await signIn(t.app, 'tess@practice.example');
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('deactivated');
  });
});

describe('CSRF defence', () => {
  it('refuses a change without the session-bound header, with a wrong one, or from another origin', async () => {
    const t = await start();
    const base = { method: 'POST' as const, url: '/api/practice/clients/search', payload: {} };
    const withCookie = { cookie: t.owner.cookie };
    const missing = await t.app.inject({ ...base, headers: withCookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_refused');
    expect((await t.app.inject({ ...base, headers: { ...withCookie, 'x-vestibule-csrf': 'guess' } })).statusCode).toBe(403);
    const good = { ...withCookie, 'x-vestibule-csrf': t.owner.csrf };
    expect((await t.app.inject({ ...base, headers: { ...good, origin: 'https://evil.example' } })).statusCode).toBe(403);
    expect((await t.app.inject({ ...base, headers: { ...good, 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ ...base, headers: { ...good, origin: 'http://localhost:8080', 'sec-fetch-site': 'same-origin' } })).statusCode,
    ).toBe(200);
    // Reading needs no token.
    expect((await t.app.inject({ url: '/api/practice/session', headers: withCookie })).statusCode).toBe(200);
  });

  it('refuses a sign-in without the header (a cross-site form cannot send one)', async () => {
    const t = await start();
    const res = await t.app.inject({ method: 'POST', url: '/api/practice/sign-in', payload: { email: OWNER_EMAIL, password: PASSWORD } });
    expect(res.statusCode).toBe(403);
  });
});

describe('requests', () => {
  it('caps bodies at 16 KiB, explains invalid ones, and keeps answers out of caches', async () => {
    const t = await start();
    const big = await as(t.app, t.owner).post('/clients/search', { name: 'x'.repeat(20_000) });
    expect(big.statusCode).toBe(413);
    const invalid = await as(t.app, t.owner).post('/clients', { name: 'Robin', timeZone: 'UTC', language: 'fr' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('invalid_request');
    expect(invalid.json().error).toMatch(/^The request is not valid: body\/language/);
    const session = await as(t.app, t.owner).get('/session');
    expect(session.headers['cache-control']).toBe('no-store');
    expect(session.json().staff).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(session.json())).not.toMatch(/argon2/);
  });
});

describe('a lost authenticator', () => {
  it('an owner resets two-step sign-in: the person signs in with the password alone and sets it up again', async () => {
    const t = await start();
    const therapist = await addStaff(t, t.owner, { email: 'tess@practice.example', name: 'Tess', role: 'therapist' });
    await enrollTotp(t, therapist);
    expect((await signIn(t.app, 'tess@practice.example')).json().code).toBe('totp_required');
    const reset = await as(t.app, t.owner).post(`/staff/${therapist.staffId}/totp/reset`);
    expect(reset.json().staff.totpEnabled).toBe(false);
    expect((await as(t.app, therapist).get('/session')).statusCode).toBe(401);
    expect((await signIn(t.app, 'tess@practice.example')).statusCode).toBe(200);
  });
});
