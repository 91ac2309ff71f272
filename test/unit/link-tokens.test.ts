import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EARLY_ENTRY_MS } from '../../shared/constants.js';
import { LinkTokens } from '../../server/links/link-tokens.js';
import { AppointmentStore } from '../../server/store/appointments.js';
import type { Database } from '../../server/store/db.js';
import { testDatabase } from '../support/app.js';

const KEY = new TextEncoder().encode('k'.repeat(32));
const START = Date.parse('2026-11-23T15:00:00Z');
const END = START + 50 * 60_000;

let database: Database;
let store: AppointmentStore;
let links: LinkTokens;
let apptId: string;
let token: string;
let clientId: string;

afterEach(() => database.close());

beforeEach(async () => {
  database = await testDatabase();
  store = new AppointmentStore(database.db);
  links = new LinkTokens(KEY, database.db);
  const appt = await store.createAppointment({ title: 'Visit', startsAt: START, endsAt: END });
  apptId = appt.id;
  const client = await store.addParticipant(appt.id, 'client', 'Sam');
  clientId = client.id;
  token = await links.issue(appt, client);
});

const at = (ms: number) => new Date(ms);

describe('link time window', () => {
  it('is refused before 15 minutes ahead of the start, with the opening time', async () => {
    const r = await links.verify(token, apptId, at(START - EARLY_ENTRY_MS - 60_000));
    expect(r).toMatchObject({ ok: false, code: 'link_too_early', opensAt: START - EARLY_ENTRY_MS, startsAt: START });
  });

  it('works from 15 minutes before the start', async () => {
    const r = await links.verify(token, apptId, at(START - EARLY_ENTRY_MS + 1000));
    expect(r).toMatchObject({ ok: true, claims: { appointmentId: apptId, participantId: clientId, role: 'client' } });
  });

  it('works during the appointment', async () => {
    expect((await links.verify(token, apptId, at(START + 30 * 60_000))).ok).toBe(true);
  });

  it('is expired after the end', async () => {
    expect(await links.verify(token, apptId, at(END + 1000))).toEqual({ ok: false, code: 'link_expired' });
  });
});

describe('link integrity', () => {
  const now = at(START);

  it('rejects a token whose payload was altered', async () => {
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.role = 'provider';
    const forged = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
    expect(await links.verify(forged, apptId, now)).toEqual({ ok: false, code: 'link_invalid' });
  });

  it('rejects a token whose signature was altered', async () => {
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = token.slice(0, -2) + last + token.at(-1);
    expect(await links.verify(forged, apptId, now)).toEqual({ ok: false, code: 'link_invalid' });
  });

  it('does not trust the opening time of a tampered too-early token', async () => {
    const [h, p] = token.split('.') as [string, string, string];
    const forged = `${h}.${p}.${'x'.repeat(43)}`;
    expect(await links.verify(forged, apptId, at(START - 3600_000))).toEqual({ ok: false, code: 'link_invalid' });
  });

  it('rejects alg "none" and tokens signed with another key', async () => {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${token.split('.')[1]}.`;
    expect((await links.verify(none, apptId, now)).ok).toBe(false);
    const otherKey = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await links.verify(otherKey, apptId, now)).toEqual({ ok: false, code: 'link_invalid' });
  });

  it('rejects a correctly signed token for another audience', async () => {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const wrongAud = await new SignJWT({ ...payload, aud: 'something-else' }).setProtectedHeader({ alg: 'HS256' }).sign(KEY);
    expect(await links.verify(wrongAud, apptId, now)).toEqual({ ok: false, code: 'link_invalid' });
  });

  it('rejects a token presented for another appointment', async () => {
    const other = await store.createAppointment({ title: 'Other', startsAt: START, endsAt: END });
    expect(await links.verify(token, other.id, now)).toEqual({ ok: false, code: 'link_wrong_appointment' });
  });
});

describe('revocation', () => {
  it('refuses a revoked link and keeps other links working', async () => {
    const appt = (await store.appointment(apptId))!;
    const fresh = await links.issue(appt, (await store.participant(clientId))!);
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;
    await links.revoke(jti);
    expect(await links.verify(token, apptId, at(START))).toEqual({ ok: false, code: 'link_revoked' });
    expect((await links.verify(fresh, apptId, at(START))).ok).toBe(true);
  });

  it('revokes every link of a participant', async () => {
    await links.revokeAllFor(clientId);
    expect(await links.verify(token, apptId, at(START))).toEqual({ ok: false, code: 'link_revoked' });
  });
});
