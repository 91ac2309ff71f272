// One-time links: the first-start set-up link (once, for an hour, replaced by a newer one, gone once
// an owner exists), invitations and password resets (each once; a reset ends open sessions).
import { afterEach, describe, expect, it } from 'vitest';
import { ensureSetupLink } from '../../server/practice/setup-link.js';
import {
  OWNER_EMAIL,
  PASSWORD,
  type PracticeTestApp,
  as,
  practiceApp,
  sessionFor,
  setUpOwner,
  signIn,
  tokenOf,
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
  return t;
}
const post = (t: PracticeTestApp, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/practice${url}`, headers: { 'x-vestibule-csrf': '1' }, payload });
const setupBody = (token: string, password = PASSWORD) => ({ token, name: 'Olive Owner', email: OWNER_EMAIL, password });
const setupLink = (t: PracticeTestApp) => ensureSetupLink(t.database.db, t.app.vestibule.config.publicUrl, t.clock.now);

describe('the set-up link', () => {
  it('creates the owner once; afterwards there is no set-up link', async () => {
    const t = await start({ PUBLIC_URL: 'https://visits.example.org' });
    const url = await setupLink(t);
    expect(url).toMatch(/^https:\/\/visits\.example\.org\/practice\/setup#t=[A-Za-z0-9_-]{43}$/);
    const created = await post(t, '/setup', setupBody(tokenOf(url!)));
    expect(created.statusCode).toBe(201);
    const again = await post(t, '/setup', { ...setupBody(tokenOf(url!)), email: 'second@practice.example' });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('link_used_or_expired');
    expect(await setupLink(t)).toBeNull();
    const session = await sessionFor(t.app, OWNER_EMAIL);
    expect((await as(t.app, session).get('/session')).json().staff).toMatchObject({ role: 'owner', status: 'active', name: 'Olive Owner' });
  });

  it('expires after an hour, and a newer link replaces an older one', async () => {
    const t = await start();
    const first = tokenOf((await setupLink(t))!);
    t.clock.advance(61 * MIN);
    expect((await post(t, '/setup', setupBody(first))).json().code).toBe('link_used_or_expired');
    const second = tokenOf((await setupLink(t))!);
    const third = tokenOf((await setupLink(t))!);
    expect((await post(t, '/setup', setupBody(second))).statusCode).toBe(400);
    expect((await post(t, '/setup', setupBody(third))).statusCode).toBe(201);
  });

  it('refuses a weak password without using up the link', async () => {
    const t = await start();
    const token = tokenOf((await setupLink(t))!);
    const weak = await post(t, '/setup', setupBody(token, 'short'));
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toEqual({ error: 'A password needs at least 12 characters.', code: 'weak_password' });
    expect((await post(t, '/setup', setupBody(token, 'aaaaaaaaaaaaaaaa'))).json().code).toBe('weak_password');
    expect((await post(t, '/setup', setupBody(token))).statusCode).toBe(201);
  });
});

describe('invitations', () => {
  it('an invited person cannot sign in until they accept; the link works once', async () => {
    const t = await start();
    const owner = await setUpOwner(t);
    const invited = await as(t.app, owner).post('/staff/invitations', {
      email: 'tess@practice.example',
      name: 'Tess',
      role: 'therapist',
      teletherapy: true,
    });
    expect(invited.statusCode).toBe(201);
    const { staff, invitation } = invited.json();
    expect(staff).toMatchObject({ role: 'therapist', teletherapy: true, status: 'invited' });
    expect(invitation.url).toMatch(/\/practice\/accept-invitation#t=/);
    expect(Date.parse(invitation.expiresAt)).toBe(t.clock.now() + 72 * 60 * MIN);
    expect((await signIn(t.app, 'tess@practice.example', '')).statusCode).toBe(400);
    expect((await signIn(t.app, 'tess@practice.example')).statusCode).toBe(401);
    const token = tokenOf(invitation.url);
    const accepted = await post(t, '/invitations/accept', { token, password: PASSWORD });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ staffId: staff.id, email: 'tess@practice.example' });
    expect((await post(t, '/invitations/accept', { token, password: 'another long password' })).statusCode).toBe(400);
    expect((await signIn(t.app, 'tess@practice.example')).statusCode).toBe(200);
    // Not usable as another kind of link either.
    expect((await post(t, '/password-reset', { token, password: PASSWORD })).statusCode).toBe(400);
  });

  it('refuses a second account with the same email in another case', async () => {
    const t = await start();
    const owner = await setUpOwner(t);
    const res = await as(t.app, owner).post('/staff/invitations', { email: OWNER_EMAIL.toUpperCase(), name: 'Dup', role: 'therapist' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('email_taken');
  });

  it('expires after 72 hours; sending it again gives a working link', async () => {
    const t = await start();
    const owner = await setUpOwner(t);
    const { staff, invitation } = (
      await as(t.app, owner).post('/staff/invitations', { email: 'x@practice.example', name: 'X', role: 'scheduler' })
    ).json();
    t.clock.advance(73 * 60 * MIN);
    const fresh = await sessionFor(t.app, OWNER_EMAIL);
    expect((await post(t, '/invitations/accept', { token: tokenOf(invitation.url), password: PASSWORD })).statusCode).toBe(400);
    const again = (await as(t.app, fresh).post(`/staff/${staff.id}/invitation`)).json().invitation;
    expect((await post(t, '/invitations/accept', { token: tokenOf(again.url), password: PASSWORD })).statusCode).toBe(200);
  });
});

describe('password reset', () => {
  it('works once, ends open sessions, and the old password stops working', async () => {
    const t = await start();
    const owner = await setUpOwner(t);
    const { invitation, staff } = (
      await as(t.app, owner).post('/staff/invitations', { email: 'tess@practice.example', name: 'Tess', role: 'therapist' })
    ).json();
    await post(t, '/invitations/accept', { token: tokenOf(invitation.url), password: PASSWORD });
    const tess = await sessionFor(t.app, 'tess@practice.example');
    const reset = await as(t.app, owner).post(`/staff/${staff.id}/password-reset`);
    expect(reset.statusCode).toBe(200);
    const token = tokenOf(reset.json().reset.url);
    expect(reset.json().reset.url).toMatch(/\/practice\/reset-password#t=/);
    const newPassword = 'a brand new passphrase';
    expect((await post(t, '/password-reset', { token, password: newPassword })).statusCode).toBe(200);
    expect((await post(t, '/password-reset', { token, password: 'yet another passphrase' })).statusCode).toBe(400);
    expect((await as(t.app, tess).get('/session')).statusCode).toBe(401);
    expect((await signIn(t.app, 'tess@practice.example')).statusCode).toBe(401);
    expect((await signIn(t.app, 'tess@practice.example', newPassword)).statusCode).toBe(200);
  });

  it('expires after an hour', async () => {
    const t = await start();
    const owner = await setUpOwner(t);
    const reset = (await as(t.app, owner).post(`/staff/${owner.staffId}/password-reset`)).json().reset;
    t.clock.advance(61 * MIN);
    expect((await post(t, '/password-reset', { token: tokenOf(reset.url), password: 'a brand new passphrase' })).statusCode).toBe(400);
  });
});
