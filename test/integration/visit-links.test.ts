// Links that follow their appointment (issue 13) and short links (issue 14), on both engines: the
// time window comes from the store, old tokens with nbf/exp keep working at the new time, a cancelled
// visit says so (to a new hello and to a connected page), and /j#CODE codes are exchanged, limited
// per address against guessing, and refused once their link is revoked.
import { afterEach, describe, expect, it } from 'vitest';
import { ShortLinks, canonicalCode, newCode, shortUrl } from '../../server/links/short-links.js';
import { UNKNOWN_CODES_PER_MINUTE } from '../../server/routes/short-link-routes.js';
import { newId } from '../../server/store/appointments.js';
import { EARLY_ENTRY_MS } from '../../shared/constants.js';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, ENGINES, type TestApp, testApp, type Visit } from '../support/app.js';
import { previousReleaseToken } from '../support/previous-release-token.js';
import { isType, WsClient } from '../support/ws-client.js';

const HOUR = 3600_000;
const PUBLIC_URL = 'https://telehealth.example-practice.org';
let t: TestApp;
afterEach(async () => t?.app.close());

const moveTo = (v: Visit, startsAt: number, minutes = 50) =>
  t.app.vestibule.practice.schedule.reschedule(v.appointmentId, startsAt, startsAt + minutes * 60_000);
const verify = (token: string, v: Visit, at: number) => t.app.vestibule.links.verify(token, v.appointmentId, new Date(at));

/** A token as releases before this change signed it (with nbf/exp), for a freshly recorded link. */
async function oldStyleToken(v: Visit, startsAt: number, endsAt: number): Promise<string> {
  const jti = newId();
  await t.database.db.insertInto('links').values({ jti, participant_id: v.clientId, issued_at: Date.now(), revoked_at: null }).execute();
  return previousReleaseToken(t.app.vestibule.secrets.linkKey, { id: v.appointmentId, startsAt, endsAt }, v.clientId, jti);
}

/** Issues the client of `v` a short link and returns its code. */
async function shortCodeFor(v: Visit): Promise<string> {
  const { store, links } = t.app.vestibule;
  const appt = (await store.appointment(v.appointmentId))!;
  return (await new ShortLinks(t.database.db, links).issue(appt, (await store.participant(v.clientId))!)).code;
}

const exchange = (code: string, remoteAddress = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url: '/api/visit-code', payload: { code }, remoteAddress });

describe.each(ENGINES)('visit links on %s', (engine) => {
  describe('the window comes from the appointment as it is now', () => {
    it('a link issued before a move opens at the new time and not at the old one', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app, { startsInMin: 60 });
      const newStart = Date.now() + 26 * HOUR;
      await moveTo(v, newStart);
      expect(await verify(v.clientToken, v, Date.now() + 60 * 60_000)).toEqual({
        ok: false,
        code: 'link_too_early',
        opensAt: newStart - EARLY_ENTRY_MS,
        startsAt: newStart,
        providerName: 'Dr. Okafor',
      });
      expect((await verify(v.clientToken, v, newStart - EARLY_ENTRY_MS + 1000)).ok).toBe(true);
      expect(await verify(v.clientToken, v, newStart + 50 * 60_000)).toEqual({ ok: false, code: 'link_expired' });
    });

    it('a link for tomorrow opens now once the appointment is moved to now, over the socket', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app, { startsInMin: 24 * 60 });
      const early = await WsClient.tryJoin(t.app, v.appointmentId, v.clientToken);
      expect(early.frames[0]).toMatchObject({ type: 'error', code: 'link_too_early', fatal: true });
      await moveTo(v, Date.now() - 60_000);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      expect(client.frames[0]).toMatchObject({ type: 'welcome', self: { id: v.clientId } });
    });

    it('an old token with nbf/exp opens at the new time, past its own exp; a tampered one is still refused', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app, { startsInMin: 60 });
      const appt = (await t.app.vestibule.store.appointment(v.appointmentId))!;
      const old = await oldStyleToken(v, appt.startsAt, appt.endsAt);
      expect((await verify(old, v, appt.startsAt)).ok).toBe(true);
      const newStart = appt.startsAt + 7 * 24 * HOUR;
      await moveTo(v, newStart);
      expect(await verify(old, v, appt.startsAt)).toMatchObject({ ok: false, code: 'link_too_early', opensAt: newStart - EARLY_ENTRY_MS });
      expect(await verify(old, v, newStart + 60_000)).toMatchObject({ ok: true, claims: { participantId: v.clientId, role: 'client' } });
      const [h, p] = old.split('.') as [string, string];
      expect(await verify(`${h}.${p}.${'x'.repeat(43)}`, v, newStart + 60_000)).toEqual({ ok: false, code: 'link_invalid' });
    });
  });

  describe('a cancelled visit', () => {
    it('refuses its links with visit_cancelled, even though cancelling revoked them', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      await t.app.vestibule.practice.schedule.cancel(v.appointmentId, Date.now());
      await t.app.vestibule.links.revokeAllFor(v.clientId);
      expect(await verify(v.clientToken, v, Date.now())).toEqual({ ok: false, code: 'visit_cancelled' });
      const c = await WsClient.tryJoin(t.app, v.appointmentId, v.clientToken);
      expect(c.frames[0]).toMatchObject({ type: 'error', code: 'visit_cancelled', fatal: true });
    });

    it('tells a connected page the visit was cancelled (not that its link was withdrawn)', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
      await t.app.vestibule.practice.schedule.cancel(v.appointmentId, Date.now());
      await t.app.vestibule.links.revokeAllFor(v.clientId);
      const err = await client.next<ServerMessageOf<'error'>>(isType('error', (m) => m.code === 'visit_cancelled'));
      expect(err.fatal).toBe(true);
      expect((await client.closed()).code).toBe(4000);
    });
  });

  describe('short links', () => {
    it('are at most 80 characters, and their code is exchanged (typed loosely) for a token that joins', async () => {
      t = await testApp({ PUBLIC_URL }, { engine });
      const v = await createVisit(t.app);
      const code = await shortCodeFor(v);
      const url = shortUrl(PUBLIC_URL, code);
      expect(url.length).toBeLessThanOrEqual(80);
      expect(url).toMatch(/^https:\/\/telehealth\.example-practice\.org\/j#[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      // As read back over the phone: lower case, spaces instead of dashes, O for 0 and l for 1.
      const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
      const res = await exchange(typed);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const { appointmentId, token } = res.json();
      expect(appointmentId).toBe(v.appointmentId);
      const client = await WsClient.join(t.app, appointmentId, token);
      expect(client.frames[0]).toMatchObject({ type: 'welcome', self: { id: v.clientId, role: 'client' } });
      expect(t.logs()).not.toContain(code);
      expect(t.logs()).not.toContain(canonicalCode(code)!);
    });

    it('stores only a hash of the code', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const code = await shortCodeFor(v);
      const rows = await t.database.db.selectFrom('short_links').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(canonicalCode(code)!);
    });

    it('a revoked short link is refused', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const code = await shortCodeFor(v);
      await t.app.vestibule.links.revokeAllFor(v.clientId);
      const { appointmentId, token } = (await exchange(code)).json();
      const c = await WsClient.tryJoin(t.app, appointmentId, token);
      expect(c.frames[0]).toMatchObject({ type: 'error', code: 'link_revoked', fatal: true });
    });

    it('an address that tries too many unknown codes is refused until its count falls; others are not', async () => {
      // The service's clock stands still at the middle of a minute, so retry-after is known exactly.
      const midMinute = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
      t = await testApp({}, { engine, now: () => midMinute });
      const v = await createVisit(t.app);
      const code = await shortCodeFor(v);
      for (let i = 0; i < UNKNOWN_CODES_PER_MINUTE; i++) {
        const miss = await exchange(newCode());
        expect(miss.statusCode).toBe(404);
        expect(miss.json().code).toBe('link_invalid');
      }
      const refused = await exchange(code);
      expect(refused.statusCode).toBe(429);
      // 10 this minute count as 9 once 36 s have passed: 30 s left of it, then 6 s into the next.
      expect(refused.headers['retry-after']).toBe('36');
      expect((await exchange(code, '198.51.100.9')).statusCode).toBe(200);
    });

    it('refuses bodies that are not a code with a clear 400', async () => {
      t = await testApp({}, { engine });
      for (const payload of [{}, { code: '' }, { code: 'x'.repeat(65) }]) {
        const res = await t.app.inject({ method: 'POST', url: '/api/visit-code', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      }
      expect(t.logs()).not.toMatch(/"level":50/);
    });
  });
});

describe('codes', () => {
  it('are 15 characters of an unambiguous alphabet in three groups, and differ each time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newCode()));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){2}$/);
  });

  it('are read back whatever the case, spacing or O/I/L, and nothing else is taken for one', () => {
    expect(canonicalCode('7kq2m xh9dp 4trwb')).toBe('7KQ2MXH9DP4TRWB');
    expect(canonicalCode('OIL00-11111-22222')).toBe('011001111122222');
    expect(canonicalCode('7KQ2M-XH9DP-4TRW')).toBeNull();
    expect(canonicalCode('7KQ2M-XH9DP-4TRWU')).toBeNull();
    expect(canonicalCode('7KQ2M-XH9DP-4TRWB/')).toBeNull();
  });
});
