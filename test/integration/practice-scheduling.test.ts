// Booking through the practice API: series across a DST change, visit links that open the visit
// (issued, revoked, kept by moves, withdrawn by cancellations and switching video off), Teletherapy rules,
// the audit log and its CSV, and logs that never carry a name, an email or a token.
import { afterEach, describe, expect, it } from 'vitest';
import { LinkTokens } from '../../server/links/link-tokens.js';
import { type PracticeTestApp, type Session, addStaff, as, practiceApp, setUpOwner, tokenOf } from '../support/practice.js';

const DAY = 86_400_000;
let open: PracticeTestApp[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function start() {
  const t = await practiceApp();
  open.push(t);
  const owner = await setUpOwner(t);
  const therapist = await addStaff(t, owner, {
    email: 'tess@practice.example',
    name: 'Tess Therapist',
    role: 'therapist',
    teletherapy: true,
  });
  const scheduler = await addStaff(t, owner, { email: 'sam@practice.example', name: 'Sam Scheduler', role: 'scheduler' });
  const client = (
    await as(t.app, therapist).post('/clients', {
      name: 'Robin Client',
      email: 'robin@client.example',
      timeZone: 'America/New_York',
      language: 'es',
    })
  ).json().client;
  return { ...t, owner, therapist, scheduler, client };
}
type Started = Awaited<ReturnType<typeof start>>;

async function bookOne(t: Started, by: Session, extra: object = {}) {
  const res = await as(t.app, by).post('/appointments', {
    therapistId: t.therapist.staffId,
    clientIds: [t.client.id],
    start: t.clock.now() + DAY,
    minutes: 50,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().appointments[0];
}

/** Checks a visit URL's token the way the visit page's socket will. */
function verify(t: Started, url: string, appointmentId: string, at: number) {
  const links = new LinkTokens(t.app.vestibule.secrets.linkKey, t.database.db);
  return links.verify(tokenOf(url), appointmentId, new Date(at));
}

describe('series', () => {
  it('makes one appointment per week at 15:00 New York time across the spring DST change, stored in UTC', async () => {
    const t = await start();
    const res = await as(t.app, t.scheduler).post('/appointments', {
      therapistId: t.therapist.staffId,
      clientIds: [t.client.id],
      start: '2026-03-02T15:00:00-05:00',
      minutes: 50,
      repeat: { every: 'weekly', count: 4, timeZone: 'America/New_York' },
    });
    expect(res.statusCode).toBe(201);
    const appts = res.json().appointments;
    expect(appts.map((a: { startsAt: string }) => a.startsAt)).toEqual([
      '2026-03-02T20:00:00.000Z',
      '2026-03-09T19:00:00.000Z',
      '2026-03-16T19:00:00.000Z',
      '2026-03-23T19:00:00.000Z',
    ]);
    expect(appts[1].endsAt).toBe('2026-03-09T19:50:00.000Z');
    expect(new Set(appts.map((a: { seriesId: string }) => a.seriesId)).size).toBe(1);
    expect(appts[0].seriesId).toBeTruthy();
    // Each occurrence has its own participants: the therapist as provider, then the client.
    const ids = appts.flatMap((a: { participants: { id: string }[] }) => a.participants.map((p) => p.id));
    expect(new Set(ids).size).toBe(8);
    expect(appts[0].participants.map((p: { role: string; name: string; clientId: string | null }) => [p.role, p.name, p.clientId])).toEqual(
      [
        ['provider', 'Tess Therapist', null],
        ['client', 'Robin Client', t.client.id],
      ],
    );
    const stored = await t.database.db
      .selectFrom('appointments')
      .select('starts_at')
      .where('series_id', '=', appts[0].seriesId)
      .orderBy('starts_at')
      .execute();
    expect(stored.map((r) => Number(r.starts_at))).toEqual(appts.map((a: { startsAt: string }) => Date.parse(a.startsAt)));
  });

  it('every other week, up to 52 occurrences, and no more', async () => {
    const t = await start();
    const body = { therapistId: t.therapist.staffId, clientIds: [t.client.id], start: '2026-10-20T10:00:00+02:00', minutes: 50 };
    const two = await as(t.app, t.scheduler).post('/appointments', {
      ...body,
      repeat: { every: 'every-other-week', count: 2, timeZone: 'Europe/Berlin' },
    });
    expect(two.json().appointments.map((a: { startsAt: string }) => a.startsAt)).toEqual([
      '2026-10-20T08:00:00.000Z',
      '2026-11-03T09:00:00.000Z',
    ]);
    const many = await as(t.app, t.scheduler).post('/appointments', { ...body, repeat: { every: 'weekly', count: 52, timeZone: 'UTC' } });
    expect(many.json().appointments).toHaveLength(52);
    expect(
      (await as(t.app, t.scheduler).post('/appointments', { ...body, repeat: { every: 'weekly', count: 53, timeZone: 'UTC' } })).statusCode,
    ).toBe(400);
    const badZone = await as(t.app, t.scheduler).post('/appointments', {
      ...body,
      repeat: { every: 'weekly', count: 2, timeZone: 'Mars/Base' },
    });
    expect(badZone.json().code).toBe('bad_time_zone');
  });

  it('refuses bad bookings with a clear 400', async () => {
    const t = await start();
    const api = as(t.app, t.scheduler);
    const base = { therapistId: t.therapist.staffId, clientIds: [t.client.id], start: t.clock.now() + DAY, minutes: 50 };
    expect((await api.post('/appointments', { ...base, start: '2026-03-02T15:00' })).statusCode).toBe(400);
    expect((await api.post('/appointments', { ...base, minutes: 2 })).statusCode).toBe(400);
    expect((await api.post('/appointments', { ...base, clientIds: [] })).statusCode).toBe(400);
    expect((await api.post('/appointments', { ...base, clientIds: Array(6).fill(t.client.id) })).statusCode).toBe(400);
    expect((await api.post('/appointments', { ...base, clientIds: [t.client.id, t.client.id] })).json().error).toBe(
      'A client is listed twice.',
    );
    expect((await api.post('/appointments', { ...base, therapistId: undefined })).json().error).toBe('Choose the therapist (therapistId).');
    expect((await api.post('/appointments', { ...base, clientIds: ['nobody'] })).statusCode).toBe(404);
  });
});

describe('visit links', () => {
  it('a client link and the provider link open the visit; revoking ends the client link; all audited by id', async () => {
    const t = await start();
    const appt = await bookOne(t, t.scheduler);
    const [provider, client] = appt.participants;
    const clientLink = await as(t.app, t.scheduler).post(`/appointments/${appt.id}/participants/${client.id}/link`);
    const clientUrl = clientLink.json().longUrl;
    expect(clientLink.statusCode).toBe(200);
    const during = Date.parse(appt.startsAt) + 60_000;
    expect(await verify(t, clientUrl, appt.id, during)).toMatchObject({
      ok: true,
      claims: { participantId: client.id, role: 'client' },
    });
    const providerLink = await as(t.app, t.therapist).post(`/appointments/${appt.id}/participants/${provider.id}/link`);
    expect(await verify(t, providerLink.json().longUrl, appt.id, during)).toMatchObject({ ok: true, claims: { role: 'provider' } });
    const refused = await as(t.app, t.scheduler).post(`/appointments/${appt.id}/participants/${provider.id}/link`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('provider_link_refused');
    expect((await as(t.app, t.scheduler).delete(`/appointments/${appt.id}/participants/${client.id}/links`)).statusCode).toBe(204);
    expect(await verify(t, clientUrl, appt.id, during)).toEqual({ ok: false, code: 'link_revoked' });
    const audit = (await as(t.app, t.owner).get(`/audit?appointmentId=${appt.id}`)).json().entries;
    expect(audit.map((e: { event: string; staffId: string; participantId: string }) => [e.event, e.staffId, e.participantId])).toEqual([
      ['links revoked', t.scheduler.staffId, client.id],
      ['link issued', t.therapist.staffId, provider.id],
      ['link issued', t.scheduler.staffId, client.id],
      ['appointment created', t.scheduler.staffId, null],
    ]);
  });

  it('moving keeps the links (they open at the new time); cancelling or switching video off withdraws them', async () => {
    const t = await start();
    const api = as(t.app, t.therapist);
    for (const change of ['move', 'cancel', 'video off'] as const) {
      const appt = await bookOne(t, t.therapist);
      const url = (await api.post(`/appointments/${appt.id}/participants/${appt.participants[1].id}/link`)).json().longUrl;
      const during = Date.parse(appt.startsAt) + 60_000;
      if (change === 'move') {
        const newStart = t.clock.now() + 2 * DAY;
        const moved = await api.put(`/appointments/${appt.id}/time`, { start: newStart });
        expect(moved.json()).toMatchObject({ linksRevoked: false, appointment: { startsAt: new Date(newStart).toISOString() } });
        expect(Date.parse(moved.json().appointment.endsAt) - Date.parse(moved.json().appointment.startsAt)).toBe(50 * 60_000);
        expect(await verify(t, url, appt.id, during)).toMatchObject({ ok: false, code: 'link_too_early', opensAt: newStart - 15 * 60_000 });
        expect((await verify(t, url, appt.id, newStart + 60_000)).ok).toBe(true);
      }
      if (change === 'cancel') {
        expect((await api.post(`/appointments/${appt.id}/cancel`)).json().appointment.cancelled).toBe(true);
        expect(await verify(t, url, appt.id, during)).toEqual({ ok: false, code: 'visit_cancelled' });
      }
      if (change === 'video off') {
        expect((await api.put(`/appointments/${appt.id}/video`, { on: false })).json().appointment.video).toBe(false);
        expect(await verify(t, url, appt.id, during)).toEqual({ ok: false, code: 'link_revoked' });
      }
      const events = (await as(t.app, t.owner).get(`/audit?appointmentId=${appt.id}`))
        .json()
        .entries.map((e: { event: string }) => e.event);
      expect(events.includes('links revoked')).toBe(change !== 'move');
      const again = await api.post(`/appointments/${appt.id}/participants/${appt.participants[1].id}/link`);
      expect(again.statusCode).toBe(change === 'move' ? 200 : 409);
    }
  });
});

describe('Teletherapy', () => {
  it('a therapist without it cannot book or switch on a video visit, nor can anyone for them', async () => {
    const t = await start();
    expect((await as(t.app, t.owner).put(`/staff/${t.therapist.staffId}/teletherapy`, { on: false })).statusCode).toBe(200);
    const base = { clientIds: [t.client.id], start: t.clock.now() + DAY, minutes: 50 };
    const own = await as(t.app, t.therapist).post('/appointments', base);
    expect(own.statusCode).toBe(403);
    expect(own.json()).toEqual({
      error: 'Teletherapy is off for your account, so you cannot hold video visits. An owner or manager can turn it on.',
      code: 'teletherapy_off',
    });
    const bySchedule = await as(t.app, t.scheduler).post('/appointments', { ...base, therapistId: t.therapist.staffId });
    expect(bySchedule.statusCode).toBe(403);
    expect(bySchedule.json().error).toMatch(/Teletherapy is off for this therapist/);
    const inPerson = await as(t.app, t.therapist).post('/appointments', { ...base, video: false });
    expect(inPerson.statusCode).toBe(201);
    const id = inPerson.json().appointments[0].id;
    expect((await as(t.app, t.therapist).put(`/appointments/${id}/video`, { on: true })).statusCode).toBe(403);
    // The therapist cannot switch it on for themself.
    expect((await as(t.app, t.therapist).put(`/staff/${t.therapist.staffId}/teletherapy`, { on: true })).statusCode).toBe(403);
  });

  it("turning it off withdraws the therapist's provider links for visits to come", async () => {
    const t = await start();
    const appt = await bookOne(t, t.therapist);
    const url = (await as(t.app, t.therapist).post(`/appointments/${appt.id}/participants/${appt.participants[0].id}/link`)).json().longUrl;
    const during = Date.parse(appt.startsAt) + 60_000;
    expect((await verify(t, url, appt.id, during)).ok).toBe(true);
    await as(t.app, t.owner).put(`/staff/${t.therapist.staffId}/teletherapy`, { on: false });
    expect(await verify(t, url, appt.id, during)).toEqual({ ok: false, code: 'link_revoked' });
    const audit = (await as(t.app, t.owner).get(`/audit?staffId=${t.therapist.staffId}`)).json().entries;
    expect(audit[0]).toMatchObject({ event: 'teletherapy off', staffId: t.owner.staffId, subjectStaffId: t.therapist.staffId });
  });
});

describe('the audit log', () => {
  it('lists sign-ins, failures and changes by id, filtered by time, and exports CSV', async () => {
    const t = await start();
    await as(t.app, t.owner).put(`/staff/${t.scheduler.staffId}/role`, { role: 'manager' });
    const all = (await as(t.app, t.owner).get('/audit?limit=500')).json().entries;
    const events = all.map((e: { event: string }) => e.event);
    expect(events).toEqual(
      expect.arrayContaining(['practice set up', 'sign-in', 'staff invited as therapist', 'invitation accepted', 'client created']),
    );
    expect(all[0]).toMatchObject({
      event: 'role changed from scheduler to manager',
      staffId: t.owner.staffId,
      subjectStaffId: t.scheduler.staffId,
    });
    const later = new Date(t.clock.now() + 1).toISOString();
    expect((await as(t.app, t.owner).get(`/audit?from=${later}`)).json().entries).toEqual([]);
    const csv = await as(t.app, t.owner).get('/audit.csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('at,event,staffId,subjectStaffId,appointmentId,participantId,clientId');
    expect(lines).toHaveLength(all.length + 1);
    // Ids are random base64url: one that starts with "-" is written as '-… so no spreadsheet reads a formula.
    const asCell = (id: string) => (id.startsWith('-') ? `'${id}` : id);
    expect(lines[1]).toBe(
      `"${new Date(t.clock.now()).toISOString()}","role changed from scheduler to manager","${asCell(t.owner.staffId)}","${asCell(t.scheduler.staffId)}",,,`,
    );
  });
});

describe('logs', () => {
  it('never carry a name, an email or a token through a whole working day', async () => {
    const t = await start();
    await as(t.app, t.owner).post('/clients/search', { name: 'Robin' });
    await t.app.inject({
      method: 'POST',
      url: '/api/practice/sign-in',
      headers: { 'x-vestibule-csrf': '1' },
      payload: { email: 'tess@practice.example', password: 'wrong password here' },
    });
    const appt = await bookOne(t, t.scheduler);
    const issued = (await as(t.app, t.scheduler).post(`/appointments/${appt.id}/participants/${appt.participants[1].id}/link`)).json();
    const link = issued.longUrl;
    const reset = (await as(t.app, t.owner).post(`/staff/${t.therapist.staffId}/password-reset`)).json().reset.url;
    await as(t.app, t.owner).post('/clients', {
      name: 'Bad',
      timeZone: 'Nowhere/Else',
      language: 'en',
      therapistId: t.therapist.staffId,
      email: 'bad@client.example',
    });
    const logs = t.logs();
    expect(logs).toContain('/api/practice/appointments');
    for (const secret of [
      'Robin',
      'robin@client.example',
      'bad@client.example',
      'tess@practice.example',
      'owner@practice.example',
      'Tess Therapist',
      'Olive Owner',
      tokenOf(link),
      issued.url.split('#')[1],
      tokenOf(reset),
      t.owner.cookie.split('=')[1]!,
      t.owner.csrf,
      'wrong password here',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
