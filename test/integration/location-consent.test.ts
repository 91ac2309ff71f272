// Where the client is, and their consent, before every visit: when the practice asks, a client cannot
// say they are ready (nor be admitted without the provider's confirmation) before stating it; the
// provider alone sees it next to the name, flagged when outside the therapist's licences; the audit
// trail records region and consent version, never the address; nothing of it reaches the logs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RESTATE_AFTER_MS } from '../../server/signaling/handlers/location.js';
import type { ParticipantView, ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, ENGINES, type TestApp, testApp, type Visit } from '../support/app.js';
import { isType, WsClient } from '../support/ws-client.js';

let t: TestApp;
afterEach(async () => t?.app.close());

const ADDRESS = '221 Baker Street, Apt 4, Springfield';
const CONSENT = 'I agree to receive therapy by video and know its limits.';

/** The practice asks; the visit's therapist is licensed in California and New York; the client has a record. */
async function practiceAsks(app: TestApp['app'], opts: { everyVisit?: boolean; consent?: string } = {}) {
  const { practice } = app.vestibule;
  await practice.settings.setVisitChecks({ askLocation: true, consentText: opts.consent ?? CONSENT, consentEveryVisit: !!opts.everyVisit });
  const therapist = await practice.staff.create({ email: 'rivera@example.test', name: 'Dr. Rivera', role: 'therapist', now: Date.now() });
  await practice.staff.setLicensedRegions(therapist.id, ['US-CA', 'US-NY']);
  const record = await practice.clients.create(
    { name: 'Sam Patient', email: null, phone: null, timeZone: 'UTC', language: 'en', therapistId: therapist.id },
    Date.now(),
  );
  return { therapistId: therapist.id, clientRecordId: record.id };
}

/** A visit hosted by the therapist, its client participant standing for the client record. */
async function hostedVisit(app: TestApp['app'], who: { therapistId: string; clientRecordId: string }): Promise<Visit> {
  const v = await createVisit(app);
  const { db } = app.vestibule.database;
  await db.updateTable('appointments').set({ therapist_id: who.therapistId }).where('id', '=', v.appointmentId).execute();
  await db.updateTable('participants').set({ client_id: who.clientRecordId }).where('id', '=', v.clientId).execute();
  return v;
}

const clientIn = (id: string) => (m: ServerMessageOf<'roster'>) => m.participants.find((p) => p.id === id);
const rosterWith = (id: string, test: (p: ParticipantView) => boolean) =>
  isType('roster', (m) => {
    const p = m.participants.find((x) => x.id === id);
    return !!p && test(p);
  });
const refused = (code: string) => isType('error', (m) => m.code === code);

describe.each(ENGINES)('location and consent on %s', (engine) => {
  it('is required when on: no "ready", no plain Admit, until the client states it and agrees', async () => {
    t = await testApp({}, { engine });
    const v = await hostedVisit(t.app, await practiceAsks(t.app));
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    const request = await client.next<ServerMessageOf<'location-request'>>(isType('location-request'));
    expect(request).toEqual({ type: 'location-request', consent: { text: CONSENT, version: 1 }, stated: false });
    await provider.next(rosterWith(v.clientId, (p) => p.online && p.location?.stated === false));

    await client.request({ type: 'ready', ready: true }, refused('location_required'));
    await provider.request({ type: 'admit', participantId: v.clientId }, refused('location_required'));
    // Stating the place without agreeing to the consent that is due is not enough.
    await client.request({ type: 'location', country: 'US', region: 'US-NY' }, refused('location_required'));

    client.send({ type: 'location', country: 'US', region: 'US-NY', emergencyAddress: ADDRESS, consentVersion: 1 });
    const seen = await provider.next<ServerMessageOf<'roster'>>(rosterWith(v.clientId, (p) => p.location?.stated === true));
    expect(clientIn(v.clientId)(seen)?.location).toMatchObject({
      stated: true,
      country: 'US',
      region: 'US-NY',
      outsideLicence: false,
      emergencyAddress: ADDRESS,
      consentVersion: 1,
    });
    await client.request(
      { type: 'ready', ready: true },
      rosterWith(v.clientId, (p) => p.ready),
    );
    provider.send({ type: 'admit', participantId: v.clientId });
    await client.next(isType('admission', (m) => m.admission === 'admitted'));
  });

  it('flags a location outside the therapist’s licences, and lets the provider admit without one only when confirmed', async () => {
    t = await testApp({}, { engine });
    const who = await practiceAsks(t.app);
    const v = await hostedVisit(t.app, who);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    client.send({ type: 'location', country: 'US', region: 'US-TX', consentVersion: 1 });
    const seen = await provider.next<ServerMessageOf<'roster'>>(rosterWith(v.clientId, (p) => p.location?.stated === true));
    expect(clientIn(v.clientId)(seen)?.location).toMatchObject({ region: 'US-TX', outsideLicence: true, emergencyAddress: null });

    const second = await hostedVisit(t.app, who);
    const p2 = await WsClient.join(t.app, second.appointmentId, second.providerToken);
    const c2 = await WsClient.join(t.app, second.appointmentId, second.clientToken);
    await p2.next(rosterWith(second.clientId, (p) => p.online && p.location?.stated === false));
    p2.send({ type: 'admit', participantId: second.clientId, withoutLocation: true });
    await c2.next(isType('admission', (m) => m.admission === 'admitted'));
    const trail = await t.app.vestibule.store.auditTrail(second.appointmentId);
    expect(trail).toContainEqual({
      event: 'admitted without a stated location',
      participantId: second.clientId,
      actorId: second.providerId,
    });
  });

  it('records the region and consent version in the audit trail, the address only in the store, and nothing in the logs', async () => {
    t = await testApp({}, { engine });
    const v = await hostedVisit(t.app, await practiceAsks(t.app));
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    client.send({ type: 'location', country: 'US', region: 'US-CA', emergencyAddress: ADDRESS, consentVersion: 1 });
    await provider.next(rosterWith(v.clientId, (p) => p.location?.stated === true));
    await t.app.vestibule.hub.settle();

    const trail = await t.app.vestibule.store.auditTrail(v.appointmentId);
    expect(trail).toContainEqual({ event: 'location stated: US-CA; consent version 1', participantId: v.clientId, actorId: v.clientId });
    const { db } = t.app.vestibule.database;
    expect(JSON.stringify(await db.selectFrom('audit').selectAll().execute())).not.toContain('Baker');
    const row = await db.selectFrom('visit_locations').selectAll().where('participant_id', '=', v.clientId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ appointment_id: v.appointmentId, country: 'US', region: 'US-CA', emergency_address: ADDRESS });
    expect(Number(row.consent_version)).toBe(1);
    expect(Number(row.consented_at)).toBeGreaterThan(0);
    const logs = t.logs();
    expect(logs).not.toContain('Baker');
    expect(logs).not.toContain('US-CA');
    expect(logs).not.toContain('Springfield');
  });

  it('shows the location and address to the provider only, never to another client of the visit', async () => {
    t = await testApp({}, { engine });
    const v = await hostedVisit(t.app, await practiceAsks(t.app));
    const { store, links } = t.app.vestibule;
    const partner = await store.addParticipant(v.appointmentId, 'client', 'Alex Partner');
    const partnerToken = await links.issue((await store.appointment(v.appointmentId))!, partner);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    const other = await WsClient.join(t.app, v.appointmentId, partnerToken);
    provider.send({ type: 'admit', participantId: partner.id, withoutLocation: true });
    await other.next(isType('admission', (m) => m.admission === 'admitted'));
    client.send({ type: 'location', country: 'US', region: 'US-CA', emergencyAddress: ADDRESS, consentVersion: 1 });
    await provider.next(rosterWith(v.clientId, (p) => p.location?.stated === true));
    provider.send({ type: 'admit', participantId: v.clientId });
    await other.next(rosterWith(v.clientId, (p) => p.admission === 'admitted'));
    await client.next(rosterWith(partner.id, (p) => p.admission === 'admitted'));
    for (const c of [client, other]) {
      const seen = JSON.stringify(c.frames);
      expect(seen).not.toContain('Baker');
      expect(seen).not.toContain('US-CA');
      expect(seen).not.toContain('"location":');
    }
  });

  it('refuses bad location frames with a clear error, and changes nothing', async () => {
    t = await testApp({}, { engine });
    const v = await hostedVisit(t.app, await practiceAsks(t.app));
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    await provider.request({ type: 'location', country: 'US', region: 'US-CA' }, refused('forbidden'));
    const bad: unknown[] = [
      { type: 'location', country: 'US', region: 'Texas', consentVersion: 1 },
      { type: 'location', country: 'CA', region: 'US-NY', consentVersion: 1 },
      { type: 'location', country: 'US', region: 'US-CA', consentVersion: 7 },
      { type: 'location', country: 'US', region: 'US-CA', consentVersion: 1, emergencyAddress: 'x'.repeat(301) },
      { type: 'location', country: 'Mexico', region: 'Jalisco\u0007', consentVersion: 1 },
      { type: 'location', country: '', region: 'Jalisco', consentVersion: 1 },
      { type: 'location', country: '   ', region: '  ', consentVersion: 1 },
      { type: 'location', country: 'France', region: 'US-NY', consentVersion: 1 },
      { type: 'location', country: 'US', region: 'US-CA', consentVersion: 1, extra: true },
    ];
    for (const frame of bad) {
      const err = await client.request<ServerMessageOf<'error'>>(frame, isType('error'));
      expect(err.code, JSON.stringify(frame).slice(0, 80)).toBe('bad_frame');
    }
    expect(await t.app.vestibule.database.db.selectFrom('visit_locations').selectAll().execute()).toEqual([]);
    // Another country is written in the client's words.
    client.send({ type: 'location', country: 'Mexico', region: 'Jalisco', consentVersion: 1 });
    const seen = await provider.next<ServerMessageOf<'roster'>>(rosterWith(v.clientId, (p) => p.location?.stated === true));
    expect(clientIn(v.clientId)(seen)?.location).toMatchObject({ country: 'Mexico', region: 'Jalisco', outsideLicence: true });
    await t.app.vestibule.hub.settle();
    const trail = await t.app.vestibule.store.auditTrail(v.appointmentId);
    expect(trail.map((e) => e.event)).toContain('location stated: outside the US and Canada; consent version 1');
  });

  it('saying where one is again keeps the consent given; again at once is refused', async () => {
    t = await testApp({}, { engine });
    const v = await hostedVisit(t.app, await practiceAsks(t.app));
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    client.send({ type: 'location', country: 'US', region: 'US-NY', consentVersion: 1 });
    await provider.next(rosterWith(v.clientId, (p) => p.location?.stated === true && p.location.region === 'US-NY'));
    await client.request({ type: 'location', country: 'US', region: 'US-CA' }, refused('rate_limited'));
    // A few seconds later (the clock alone moves), the correction is taken and the consent stays on record.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + RESTATE_AFTER_MS);
      client.send({ type: 'location', country: 'US', region: 'US-CA' });
      const seen = await provider.next<ServerMessageOf<'roster'>>(
        rosterWith(v.clientId, (p) => p.location?.stated === true && p.location.region === 'US-CA'),
      );
      expect(clientIn(v.clientId)(seen)?.location).toMatchObject({ consentVersion: 1 });
    } finally {
      vi.useRealTimers();
    }
    const [row] = await t.app.vestibule.database.db.selectFrom('visit_locations').selectAll().execute();
    expect(row).toMatchObject({ region: 'US-CA', consent_version: 1 });
    expect(row?.consented_at).not.toBeNull();
  });

  it('asks consent once per client unless the practice asks at every visit, and again when the text changes', async () => {
    t = await testApp({}, { engine });
    const who = await practiceAsks(t.app);
    const first = await hostedVisit(t.app, who);
    const c1 = await WsClient.join(t.app, first.appointmentId, first.clientToken);
    await c1.next(isType('location-request', (m) => m.consent?.version === 1));
    c1.send({ type: 'location', country: 'US', region: 'US-CA', consentVersion: 1 });
    await c1.next(
      rosterWith(first.clientId, () => true),
      c1.frames.length,
    );
    await t.app.vestibule.hub.settle();

    const second = await hostedVisit(t.app, who);
    const c2 = await WsClient.join(t.app, second.appointmentId, second.clientToken);
    expect((await c2.next<ServerMessageOf<'location-request'>>(isType('location-request'))).consent).toBeNull();
    // The place is still asked at every visit.
    await c2.request({ type: 'ready', ready: true }, refused('location_required'));

    const { settings } = t.app.vestibule.practice;
    await settings.setVisitChecks({ askLocation: true, consentText: `${CONSENT} Updated.`, consentEveryVisit: false });
    const third = await hostedVisit(t.app, who);
    const c3 = await WsClient.join(t.app, third.appointmentId, third.clientToken);
    await c3.next(isType('location-request', (m) => m.consent?.version === 2));

    await settings.setVisitChecks({ askLocation: true, consentText: `${CONSENT} Updated.`, consentEveryVisit: true });
    expect((await settings.visitChecks()).consentVersion).toBe(2);
    c3.send({ type: 'location', country: 'US', region: 'US-CA', consentVersion: 2 });
    await c3.next(
      rosterWith(third.clientId, () => true),
      c3.frames.length,
    );
    const fourth = await hostedVisit(t.app, who);
    const c4 = await WsClient.join(t.app, fourth.appointmentId, fourth.clientToken);
    await c4.next(isType('location-request', (m) => m.consent?.version === 2));
  });

  it('asks nothing when the practice does not', async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    await client.request(
      { type: 'ready', ready: true },
      rosterWith(v.clientId, (p) => p.ready),
    );
    await client.request({ type: 'location', country: 'US', region: 'US-CA' }, refused('bad_frame'));
    provider.send({ type: 'admit', participantId: v.clientId });
    await client.next(isType('admission', (m) => m.admission === 'admitted'));
    expect(client.frames.some((m) => m.type === 'location-request')).toBe(false);
    expect(JSON.stringify(provider.frames)).not.toContain('"location":');
  });
});

describe('the practice’s choices', () => {
  it('are the owner’s to set; a changed consent text gets the next version; licences are codes', async () => {
    const { practiceApp, setUpOwner, addStaff, as } = await import('../support/practice.js');
    const p = await practiceApp();
    t = p;
    const owner = await setUpOwner(p);
    const therapist = await addStaff(p, owner, {
      email: 'ther@example.test',
      name: 'Theo Therapist',
      role: 'therapist',
      teletherapy: true,
    });
    const body = { askLocation: true, consentText: CONSENT, consentEveryVisit: false };
    expect((await as(p.app, therapist).put('/settings/visit-checks', body)).statusCode).toBe(403);
    const saved = await as(p.app, owner).put('/settings/visit-checks', body);
    expect(saved.json()).toEqual({ ...body, consentVersion: 1 });
    expect((await as(p.app, owner).put('/settings/visit-checks', body)).json().consentVersion).toBe(1);
    expect((await as(p.app, owner).put('/settings/visit-checks', { ...body, consentText: 'New words.' })).json().consentVersion).toBe(2);
    expect((await as(p.app, owner).put('/settings/visit-checks', { ...body, consentText: 'x'.repeat(10_001) })).statusCode).toBe(400);

    const licences = (regions: unknown) => as(p.app, owner).put(`/staff/${therapist.staffId}/licences`, { regions });
    expect((await licences(['US-CA', 'CA-ON'])).json().staff.licensedRegions).toEqual(['US-CA', 'CA-ON']);
    expect((await licences(['California'])).statusCode).toBe(400);
    // Shaped like a code but no state or province: it could never match a client's answer.
    const unknown = await licences(['US-CA', 'US-ZZ']);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'bad_region' });
    expect((await as(p.app, therapist).put(`/staff/${therapist.staffId}/licences`, { regions: [] })).statusCode).toBe(403);
  });
});
