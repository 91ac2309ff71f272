// The role matrix over HTTP: every role tries every action and is allowed (2xx) or refused (403).
// A therapist reaching another therapist's client or appointment by id gets 404, as if it did not
// exist. Actions that change their target get a fresh one for each role.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../server/store/schema.js';
import { type PracticeTestApp, type Session, addStaff, as, practiceApp, setUpOwner } from '../support/practice.js';

const DAY = 86_400_000;
type Api = ReturnType<typeof as>;

interface Fixture {
  t: PracticeTestApp;
  sessions: Record<StaffRole, Session>;
  therapistId: string;
  otherTherapistId: string;
  myClientId: string;
  otherClientId: string;
  myAppointment: { id: string; providerId: string; clientParticipantId: string };
  otherAppointment: { id: string; providerId: string; clientParticipantId: string };
}

let fx: Fixture;
let counter = 0;
const unique = () => `u${++counter}`;

const ownerApi = () => as(fx.t.app, fx.sessions.owner);
async function invite(role: StaffRole): Promise<string> {
  const res = await ownerApi().post('/staff/invitations', { email: `${unique()}@practice.example`, name: 'New Person', role });
  return res.json().staff.id;
}
const clientBody = (therapistId?: string) => ({
  name: 'Client Person',
  timeZone: 'America/New_York',
  language: 'en',
  ...(therapistId ? { therapistId } : {}),
});
async function newClient(therapistId: string): Promise<string> {
  return (await ownerApi().post('/clients', clientBody(therapistId))).json().client.id;
}
const booking = (therapistId: string, clientId: string) => ({
  therapistId,
  clientIds: [clientId],
  start: fx.t.clock.now() + DAY,
  minutes: 50,
});
async function newAppointment(therapistId: string, clientId: string) {
  const a = (await ownerApi().post('/appointments', booking(therapistId, clientId))).json().appointments[0];
  return { id: a.id as string, providerId: a.participants[0].id as string, clientParticipantId: a.participants[1].id as string };
}

beforeAll(async () => {
  const t = await practiceApp();
  const owner = await setUpOwner(t);
  fx = { t, sessions: { owner } } as Fixture;
  const sessions = {
    owner,
    manager: await addStaff(t, owner, { email: 'mia@practice.example', name: 'Mia Manager', role: 'manager' }),
    therapist: await addStaff(t, owner, { email: 'tess@practice.example', name: 'Tess Therapist', role: 'therapist', teletherapy: true }),
    scheduler: await addStaff(t, owner, { email: 'sam@practice.example', name: 'Sam Scheduler', role: 'scheduler' }),
  };
  const other = await addStaff(t, owner, { email: 'otto@practice.example', name: 'Otto Other', role: 'therapist', teletherapy: true });
  fx.sessions = sessions;
  fx.therapistId = sessions.therapist.staffId;
  fx.otherTherapistId = other.staffId;
  fx.myClientId = await newClient(fx.therapistId);
  fx.otherClientId = await newClient(fx.otherTherapistId);
  fx.myAppointment = await newAppointment(fx.therapistId, fx.myClientId);
  fx.otherAppointment = await newAppointment(fx.otherTherapistId, fx.otherClientId);
}, 60_000);
afterAll(async () => fx.t.app.close());

interface Action {
  name: string;
  allowed: StaffRole[];
  /** The answer a therapist gets when refused (default 403). */
  therapistRefusal?: 403 | 404;
  run(api: Api, role: StaffRole): Promise<LightMyRequestResponse>;
}

const ALL: StaffRole[] = ['owner', 'manager', 'therapist', 'scheduler'];
const STAFF_ADMINS: StaffRole[] = ['owner', 'manager'];
const NOT_THERAPIST: StaffRole[] = ['owner', 'manager', 'scheduler'];

const ACTIONS: Action[] = [
  // Staff
  { name: 'list staff', allowed: STAFF_ADMINS, run: (api) => api.get('/staff') },
  { name: 'list therapists', allowed: ALL, run: (api) => api.get('/therapists') },
  {
    name: 'invite a therapist',
    allowed: STAFF_ADMINS,
    run: (api) => api.post('/staff/invitations', { email: `${unique()}@practice.example`, name: 'N', role: 'therapist' }),
  },
  {
    name: 'invite an owner',
    allowed: ['owner'],
    run: (api) => api.post('/staff/invitations', { email: `${unique()}@practice.example`, name: 'N', role: 'owner' }),
  },
  {
    name: "change a therapist's role",
    allowed: STAFF_ADMINS,
    run: async (api) => api.put(`/staff/${await invite('therapist')}/role`, { role: 'scheduler' }),
  },
  {
    name: "change an owner's role",
    allowed: ['owner'],
    run: async (api) => api.put(`/staff/${await invite('owner')}/role`, { role: 'therapist' }),
  },
  {
    name: 'turn Teletherapy on',
    allowed: STAFF_ADMINS,
    run: async (api) => api.put(`/staff/${await invite('therapist')}/teletherapy`, { on: true }),
  },
  {
    name: 'turn Teletherapy off',
    allowed: STAFF_ADMINS,
    run: async (api) => api.put(`/staff/${await invite('therapist')}/teletherapy`, { on: false }),
  },
  {
    name: 'deactivate a staff member',
    allowed: STAFF_ADMINS,
    run: async (api) => api.post(`/staff/${await invite('scheduler')}/deactivate`),
  },
  { name: 'deactivate an owner', allowed: ['owner'], run: async (api) => api.post(`/staff/${await invite('owner')}/deactivate`) },
  {
    name: 'issue a password reset link',
    allowed: STAFF_ADMINS,
    run: async (api) => api.post(`/staff/${await invite('therapist')}/password-reset`),
  },
  { name: 'reset two-step sign-in', allowed: STAFF_ADMINS, run: async (api) => api.post(`/staff/${await invite('therapist')}/totp/reset`) },
  {
    name: 'send an invitation again',
    allowed: STAFF_ADMINS,
    run: async (api) => api.post(`/staff/${await invite('therapist')}/invitation`),
  },
  // Practice settings and the audit log
  { name: 'read settings', allowed: ['owner'], run: (api) => api.get('/settings') },
  {
    name: 'change settings',
    allowed: ['owner'],
    run: (api) => api.put('/settings', { idleTimeoutMinutes: 30, absoluteLifetimeHours: 12, requireTotp: false }),
  },
  { name: 'read the audit log', allowed: ['owner'], run: (api) => api.get('/audit') },
  { name: 'export the audit log', allowed: ['owner'], run: (api) => api.get('/audit.csv') },
  // Clients
  {
    name: "create a client in the therapist's caseload",
    allowed: ALL,
    run: (api, role) => api.post('/clients', clientBody(role === 'therapist' ? undefined : fx.therapistId)),
  },
  {
    name: "create a client in another therapist's caseload",
    allowed: NOT_THERAPIST,
    run: (api) => api.post('/clients', clientBody(fx.otherTherapistId)),
  },
  { name: 'search clients', allowed: ALL, run: (api) => api.post('/clients/search', { name: 'client' }) },
  { name: "read the therapist's client", allowed: ALL, run: (api) => api.get(`/clients/${fx.myClientId}`) },
  {
    name: "read another therapist's client",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: (api) => api.get(`/clients/${fx.otherClientId}`),
  },
  {
    name: "update the therapist's client",
    allowed: ALL,
    run: (api, role) => api.put(`/clients/${fx.myClientId}`, clientBody(role === 'therapist' ? undefined : fx.therapistId)),
  },
  {
    name: "update another therapist's client",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: (api) => api.put(`/clients/${fx.otherClientId}`, clientBody(fx.otherTherapistId)),
  },
  { name: "delete the therapist's client", allowed: ALL, run: async (api) => api.delete(`/clients/${await newClient(fx.therapistId)}`) },
  {
    name: "delete another therapist's client",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: async (api) => api.delete(`/clients/${await newClient(fx.otherTherapistId)}`),
  },
  // Appointments
  {
    name: 'list appointments',
    allowed: ALL,
    run: (api) => api.get(`/appointments?from=${fx.t.clock.now()}&to=${fx.t.clock.now() + 30 * DAY}`),
  },
  { name: "read the therapist's appointment", allowed: ALL, run: (api) => api.get(`/appointments/${fx.myAppointment.id}`) },
  {
    name: "read another therapist's appointment",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: (api) => api.get(`/appointments/${fx.otherAppointment.id}`),
  },
  {
    name: 'book a video visit with the therapist',
    allowed: ALL,
    run: (api) => api.post('/appointments', booking(fx.therapistId, fx.myClientId)),
  },
  {
    name: 'book a video visit with another therapist',
    allowed: NOT_THERAPIST,
    run: (api) => api.post('/appointments', booking(fx.otherTherapistId, fx.otherClientId)),
  },
  {
    name: "reschedule the therapist's appointment",
    allowed: ALL,
    run: async (api) =>
      api.put(`/appointments/${(await newAppointment(fx.therapistId, fx.myClientId)).id}/time`, { start: fx.t.clock.now() + 2 * DAY }),
  },
  {
    name: "reschedule another therapist's appointment",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: async (api) =>
      api.put(`/appointments/${(await newAppointment(fx.otherTherapistId, fx.otherClientId)).id}/time`, {
        start: fx.t.clock.now() + 2 * DAY,
      }),
  },
  {
    name: "cancel the therapist's appointment",
    allowed: ALL,
    run: async (api) => api.post(`/appointments/${(await newAppointment(fx.therapistId, fx.myClientId)).id}/cancel`),
  },
  {
    name: "cancel another therapist's appointment",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: async (api) => api.post(`/appointments/${(await newAppointment(fx.otherTherapistId, fx.otherClientId)).id}/cancel`),
  },
  {
    name: "turn video off for the therapist's appointment",
    allowed: ALL,
    run: async (api) => api.put(`/appointments/${(await newAppointment(fx.therapistId, fx.myClientId)).id}/video`, { on: false }),
  },
  // Visit links
  {
    name: "issue a client's link",
    allowed: ALL,
    run: (api) => api.post(`/appointments/${fx.myAppointment.id}/participants/${fx.myAppointment.clientParticipantId}/link`),
  },
  {
    name: 'issue the provider link',
    allowed: ['therapist'],
    run: (api) => api.post(`/appointments/${fx.myAppointment.id}/participants/${fx.myAppointment.providerId}/link`),
  },
  {
    name: "revoke a client's links",
    allowed: ALL,
    run: (api) => api.delete(`/appointments/${fx.myAppointment.id}/participants/${fx.myAppointment.clientParticipantId}/links`),
  },
  {
    name: "issue a client's link for another therapist's appointment",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: (api) => api.post(`/appointments/${fx.otherAppointment.id}/participants/${fx.otherAppointment.clientParticipantId}/link`),
  },
  {
    name: "revoke links in another therapist's appointment",
    allowed: NOT_THERAPIST,
    therapistRefusal: 404,
    run: (api) => api.delete(`/appointments/${fx.otherAppointment.id}/participants/${fx.otherAppointment.clientParticipantId}/links`),
  },
];

const CASES = ACTIONS.flatMap((action) => ALL.map((role) => ({ action, role })));

describe('the role matrix', () => {
  it.each(CASES.map((c) => [`${c.role}: ${c.action.name}`, c] as const))('%s', async (_name, { action, role }) => {
    const res = await action.run(as(fx.t.app, fx.sessions[role]), role);
    if (action.allowed.includes(role)) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
      expect(res.statusCode, res.body).toBeLessThan(300);
    } else {
      expect(res.statusCode, res.body).toBe(role === 'therapist' ? (action.therapistRefusal ?? 403) : 403);
    }
  });
});

describe('what each role sees', () => {
  const range = () => `/appointments?from=${fx.t.clock.now()}&to=${fx.t.clock.now() + 30 * DAY}`;

  it("a therapist's lists hold only their own clients and appointments; a scheduler's hold everyone's", async () => {
    const mine = await as(fx.t.app, fx.sessions.therapist).get(range());
    expect(mine.json().appointments.every((a: { therapistId: string }) => a.therapistId === fx.therapistId)).toBe(true);
    const asked = await as(fx.t.app, fx.sessions.therapist).get(`${range()}&therapistId=${fx.otherTherapistId}`);
    expect(asked.json().appointments.every((a: { therapistId: string }) => a.therapistId === fx.therapistId)).toBe(true);
    const clients = await as(fx.t.app, fx.sessions.therapist).post('/clients/search', { therapistId: fx.otherTherapistId });
    expect(clients.json().clients.every((c: { therapistId: string }) => c.therapistId === fx.therapistId)).toBe(true);
    const everyone = await as(fx.t.app, fx.sessions.scheduler).get(range());
    const therapists = new Set(everyone.json().appointments.map((a: { therapistId: string }) => a.therapistId));
    expect(therapists).toEqual(new Set([fx.therapistId, fx.otherTherapistId]));
    const seen = await as(fx.t.app, fx.sessions.therapist).get('/therapists');
    expect(seen.json().therapists.map((x: { id: string }) => x.id)).toEqual([fx.therapistId]);
  });

  it('a manager cannot deactivate or demote the owner, and the last owner stays an owner', async () => {
    const manager = as(fx.t.app, fx.sessions.manager);
    expect((await manager.post(`/staff/${fx.sessions.owner.staffId}/deactivate`)).statusCode).toBe(403);
    expect((await manager.put(`/staff/${fx.sessions.manager.staffId}/role`, { role: 'owner' })).statusCode).toBe(403);
    const owners = (await ownerApi().get('/staff'))
      .json()
      .staff.filter((m: { role: string; status: string }) => m.role === 'owner' && m.status !== 'deactivated');
    for (const o of owners) if (o.id !== fx.sessions.owner.staffId) await ownerApi().post(`/staff/${o.id}/deactivate`);
    const demote = await ownerApi().put(`/staff/${fx.sessions.owner.staffId}/role`, { role: 'manager' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('last_owner');
    expect((await ownerApi().post(`/staff/${fx.sessions.owner.staffId}/deactivate`)).statusCode).toBe(409);
  });

  it('a scheduler cannot be given Teletherapy or be booked as the therapist', async () => {
    const owner = ownerApi();
    expect((await owner.put(`/staff/${fx.sessions.scheduler.staffId}/teletherapy`, { on: true })).statusCode).toBe(409);
    const res = await owner.post('/appointments', { ...booking(fx.sessions.scheduler.staffId, fx.myClientId), video: false });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('not_a_therapist');
  });
});
