// The API for other systems: the key-scope matrix, problem details naming the field, the API key's
// reach (the front desk's) and its audit trail, per-key rate limits, and keys shown once, stored hashed.
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../server/practice/secret-tokens.js';
import { signIn as signInAs, T0 } from '../support/practice.js';
import { START, apiKey, apiPractice, booked, routes, withKey } from '../support/api.js';

import type { ApiPractice as Practice } from '../support/api.js';
let open: Practice[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});
async function start(env: Record<string, string> = {}) {
  const t = await apiPractice(env);
  open.push(t);
  return t;
}

describe('API keys and scopes', () => {
  it('answers each route by key: none and revoked 401, read-only 403 on changes, read-write everything', async () => {
    const t = await start();
    const read = await apiKey(t.app, 'read');
    const write = await apiKey(t.app, 'read-write');
    const revoked = await apiKey(t.app, 'read-write', 'old');
    await t.app.apiKeys.revoke(revoked.id);
    const appt = await booked(t, write.secret);
    const table = routes(t, appt);
    // A client to delete, for the delete route.
    const spare = (
      await withKey(t.app, write.secret)('POST', '/clients', {
        name: 'Spare',
        timeZone: 'UTC',
        language: 'en',
        therapistId: t.therapist.staffId,
      })
    ).json().client;
    const all = [...table, { method: 'DELETE' as const, url: `/clients/${spare.id}`, writes: true, ok: 204 }];
    for (const r of all) {
      const body = 'body' in r ? r.body : undefined;
      const none = await withKey(t.app, null)(r.method, r.url, body);
      expect([r.url, none.statusCode, none.json().code]).toEqual([r.url, 401, 'no_api_key']);
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
      const old = await withKey(t.app, revoked.secret)(r.method, r.url, body);
      expect([r.url, old.statusCode, old.json().code]).toEqual([r.url, 401, 'bad_api_key']);
      const byRead = await withKey(t.app, read.secret)(r.method, r.url, body);
      if (r.writes) expect([r.url, byRead.statusCode, byRead.json().code]).toEqual([r.url, 403, 'read_only_key']);
      else expect([r.url, byRead.statusCode]).toEqual([r.url, 200]);
      const byWrite = await withKey(t.app, write.secret)(r.method, r.url, body);
      expect([r.url, byWrite.statusCode, byWrite.body.slice(0, 200)]).toEqual([r.url, r.ok, byWrite.body.slice(0, 200)]);
    }
  });

  it('keeps only the SHA-256 of a key, and shows when it was last used', async () => {
    const t = await start();
    const key = await apiKey(t.app, 'read');
    const row = await t.database.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.hash).toBe(sha256Hex(key.secret));
    expect(JSON.stringify(row)).not.toContain(key.secret);
    expect(key.secret).toMatch(/^vst_[A-Za-z0-9_-]{43}$/);
    expect(row.last_used_at).toBeNull();
    await withKey(t.app, key.secret)('GET', '/clients');
    const listed = (await t.app.apiKeys.list()).find((k) => k.id === key.id)!;
    expect(listed.lastUsedAt).toBe(T0);
    expect(listed).not.toHaveProperty('hash');
  });

  it('refuses a key that is one character off', async () => {
    const t = await start();
    const key = await apiKey(t.app, 'read');
    const forged = key.secret.slice(0, -1) + (key.secret.endsWith('A') ? 'B' : 'A');
    expect((await withKey(t.app, forged)('GET', '/clients')).statusCode).toBe(401);
  });
});

describe('problem details', () => {
  it('names the field a body gets wrong, as a JSON Pointer', async () => {
    const t = await start();
    const key = await apiKey(t.app, 'read-write');
    const call = withKey(t.app, key.secret);
    const cases = [
      { body: { name: 'A', timeZone: 'UTC', language: 'fr' }, field: '/language', message: /one of "en", "es"/ },
      { body: { timeZone: 'UTC', language: 'en' }, field: '/name', message: /required/ },
      { body: { name: 'A', timeZone: 'UTC', language: 'en', email: 'not an email' }, field: '/email', message: /./ },
    ];
    for (const c of cases) {
      const res = await call('POST', '/clients', c.body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem).toMatchObject({ status: 400, code: 'invalid_request', title: 'Bad request' });
      expect(problem.errors[0]).toMatchObject({ in: 'body', field: c.field });
      expect(problem.errors[0].message).toMatch(c.message);
      expect(problem.detail).toContain(c.field);
    }
    const badList = await call('POST', '/appointments', { therapistId: t.therapist.staffId, clientIds: [], start: START, minutes: 50 });
    expect(badList.json().errors[0].field).toBe('/clientIds');
    const badQuery = await call('GET', '/appointments?from=yesterday&to=1');
    expect(badQuery.json()).toMatchObject({ status: 400, errors: [{ in: 'querystring', field: '/from' }] });
  });

  it('refuses a field it does not know instead of dropping it, so a misspelt one clears nothing', async () => {
    const t = await start();
    const call = withKey(t.app, (await apiKey(t.app, 'read-write')).secret);
    const person = { name: 'Robin', timeZone: 'UTC', language: 'en', therapistId: t.therapist.staffId };
    const made = await call('POST', '/clients', { ...person, email: 'robin@example.org' });
    expect(made.statusCode).toBe(201);
    const { id } = made.json().client;
    // "emial" for "email": dropped, the update would have read as "no email" and erased the one on file.
    const misspelt = await call('PUT', `/clients/${id}`, { ...person, emial: 'robin@example.net' });
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.json().errors[0]).toMatchObject({ in: 'body', field: '/emial' });
    expect((await call('GET', `/clients/${id}`)).json().client.email).toBe('robin@example.org');
  });

  it('refuses text holding U+0000 and moments past year 9999 as bad requests, before anything is stored', async () => {
    const t = await start();
    const call = withKey(t.app, (await apiKey(t.app, 'read-write')).secret);
    const before = (await call('GET', '/clients')).json().clients.length;
    // PostgreSQL cannot store U+0000 in text: it failed there as a server error, after the request was let in.
    const nul = await call('POST', '/clients', { name: 'Ro\u0000bin', timeZone: 'UTC', language: 'en' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toMatchObject({ code: 'invalid_request', errors: [{ in: 'body', field: '/name' }] });
    expect((await call('GET', '/clients')).json().clients).toHaveLength(before);
    // The dashboard's routes and an unauthenticated one say the same, in their own words.
    const signIn = await signInAs(t.app, 'a\u0000@b.example', 'x');
    expect(signIn.statusCode).toBe(400);
    expect(signIn.json()).toMatchObject({ code: 'invalid_request' });
    expect(signIn.json().error).toContain('U+0000');
    // A property name is the sender's text: it goes back to them, never into a log line.
    const keyed = await call('POST', '/clients', { name: 'Robin', timeZone: 'UTC', language: 'en', 'Robin Private\u0000': 1 });
    expect(keyed.json().errors[0]).toMatchObject({ in: 'body', field: '/Robin Private\u0000' });
    // Routes outside the API and the dashboard answer as Fastify does, which logs the error's message.
    const code = await t.app.inject({ method: 'POST', url: '/api/visit-code', payload: { 'Robin Private\u0000': 'x' } });
    expect(code.statusCode).toBe(400);
    expect(t.logs()).toContain('must not contain the character U+0000');
    expect(t.logs()).not.toContain('Robin Private');

    // A start JavaScript can hold but ISO 8601 cannot write once the length is added: stored, then a 500.
    const appointments = async () => (await t.database.db.selectFrom('appointments').select('id').execute()).length;
    const booked = await appointments();
    const far = await call('POST', '/appointments', {
      therapistId: t.therapist.staffId,
      clientIds: [t.client.id],
      start: 8_640_000_000_000_000,
      minutes: 5,
    });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0]).toMatchObject({ in: 'body', field: '/start' });
    expect(await appointments()).toBe(booked);
  });

  it('answers unknown routes, missing things and refusals by the rules as problems too', async () => {
    const t = await start();
    const call = withKey(t.app, (await apiKey(t.app, 'read-write')).secret);
    expect((await call('GET', '/nothing-here')).json()).toMatchObject({ status: 404, code: 'not_found' });
    expect((await call('GET', '/clients/nobody')).json()).toMatchObject({ status: 404, code: 'not_found', detail: 'No such client.' });
    const tooBig = await call('POST', '/clients', { name: 'x'.repeat(20_000), timeZone: 'UTC', language: 'en' });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('what an API key may do', () => {
  /** A practice, a read-write key and an appointment it booked, with its client. */
  async function keyedBooking() {
    const t = await start();
    const key = await apiKey(t.app, 'read-write');
    const appt = await booked(t, key.secret);
    return { t, call: withKey(t.app, key.secret), appt, client: appt.participants.find((p) => p.role === 'client')! };
  }

  it('acts with the front desk’s reach: books for any therapist, issues client links, never the provider’s', async () => {
    const { call, appt, client } = await keyedBooking();
    const provider = appt.participants.find((p) => p.role === 'provider')!;
    const link = await call('POST', `/appointments/${appt.id}/participants/${client.id}/link`);
    expect(link.json()).toMatchObject({ participantId: client.id, role: 'client' });
    expect(link.json().url).toMatch(/\/j#[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(link.json().longUrl).toMatch(/\/v\/[A-Za-z0-9_-]+#t=/);
    const refused = await call('POST', `/appointments/${appt.id}/participants/${provider.id}/link`);
    expect(refused.json()).toMatchObject({ status: 403, code: 'provider_link_refused' });
  });

  it('a request that takes no body refuses one, rather than ignore what it says; an empty one passes', async () => {
    const { call, appt, client } = await keyedBooking();
    const path = `/appointments/${appt.id}/participants/${client.id}/link`;
    const refused = await call('POST', path, { sendEmail: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'invalid_request', errors: [{ in: 'body' }] });
    expect((await call('POST', path, {})).statusCode).toBe(200);
    expect((await call('POST', path)).statusCode).toBe(200);
  });

  it('moves an appointment and says, truly, that the links already sent keep working', async () => {
    const { t, call, appt, client } = await keyedBooking();
    expect((await call('POST', `/appointments/${appt.id}/participants/${client.id}/link`)).statusCode).toBe(200);
    const moved = await call('PUT', `/appointments/${appt.id}/time`, { start: Date.parse(START) + 86_400_000 });
    expect(moved.json()).toMatchObject({ linksRevoked: false });
    const links = await t.database.db.selectFrom('links').select('revoked_at').where('participant_id', '=', client.id).execute();
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l) => l.revoked_at === null)).toBe(true);
  });

  it('is named in the audit log and in appointment events as the API key', async () => {
    const t = await start();
    const key = await apiKey(t.app, 'read-write');
    const events: { type: string; actor: unknown }[] = [];
    t.app.vestibule.practice.events.listen(async (e) => void events.push({ type: e.type, actor: e.actor }));
    const appt = await booked(t, key.secret);
    await withKey(t.app, key.secret)('POST', `/appointments/${appt.id}/cancel`);
    expect(events).toEqual([
      { type: 'appointment.created', actor: { kind: 'api-key', id: key.id } },
      { type: 'appointment.cancelled', actor: { kind: 'api-key', id: key.id } },
    ]);
    const audit = await t.app.vestibule.practice.audit.list({ appointmentId: appt.id, limit: 10 });
    expect(audit.map((l) => [l.event, l.staffId])).toContainEqual(['appointment cancelled', `api-key:${key.id}`]);
  });

  it('lists today’s visits with where each stands', async () => {
    const t = await start();
    const key = await apiKey(t.app, 'read-write');
    const appt = await booked(t, key.secret);
    const res = await withKey(t.app, key.secret)('GET', '/visits/today?timeZone=America/New_York');
    expect(res.json().visits).toEqual([expect.objectContaining({ appointmentId: appt.id, status: 'scheduled' })]);
    const bad = await withKey(t.app, key.secret)('GET', '/visits/today?timeZone=Mars/Olympus');
    expect(bad.json()).toMatchObject({ status: 400, code: 'bad_time_zone' });
  });
});

describe('rate limits', () => {
  it('counts per key: one key over its limit is refused with a problem while another goes on', async () => {
    const t = await start({ API_REQUESTS_PER_MINUTE_PER_KEY: '3' });
    const busy = withKey(t.app, (await apiKey(t.app, 'read')).secret);
    const calm = withKey(t.app, (await apiKey(t.app, 'read')).secret);
    for (let i = 0; i < 3; i++) expect((await busy('GET', '/clients')).statusCode).toBe(200);
    const refused = await busy('GET', '/clients');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await calm('GET', '/clients')).statusCode).toBe(200);
  });
});
