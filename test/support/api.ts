// Helpers for the /api/v1 tests: a practice with a therapist (Teletherapy on) and a client, API keys
// of each scope, and requests carrying a key as another system would.
import type { TestAppOptions } from './app.js';
import type { FastifyInstance } from 'fastify';
import type { ApiKeyScope } from '../../server/store/schema.js';
import { expect } from 'vitest';
import { type PracticeTestApp, T0, addStaff, as, practiceApp, setUpOwner } from './practice.js';

export type ApiPractice = Awaited<ReturnType<typeof apiPractice>>;
type Practice = ApiPractice;

export async function apiPractice(env: Record<string, string> = {}, opts: TestAppOptions = {}) {
  const t: PracticeTestApp = await practiceApp(env, opts);
  const owner = await setUpOwner(t);
  const therapist = await addStaff(t, owner, {
    email: 'tess@practice.example',
    name: 'Tess Therapist',
    role: 'therapist',
    teletherapy: true,
  });
  const client = (
    await as(t.app, therapist).post('/clients', {
      name: 'Robin Client',
      email: 'robin@client.example',
      timeZone: 'America/New_York',
      language: 'en',
    })
  ).json().client as { id: string };
  return { ...t, owner, therapist, client };
}

export async function apiKey(app: FastifyInstance, scope: ApiKeyScope, name = `${scope} key`) {
  const { key, secret } = await app.apiKeys.create(name, scope, null);
  return { id: key.id, secret };
}

export function withKey(app: FastifyInstance, secret: string | null) {
  return (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: secret ? { authorization: `Bearer ${secret}` } : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
}

export const START = new Date(T0 + 3_600_000).toISOString();

export async function booked(t: Practice, secret: string) {
  const res = await withKey(t.app, secret)('POST', '/appointments', {
    therapistId: t.therapist.staffId,
    clientIds: [t.client.id],
    start: START,
    minutes: 50,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().appointments[0] as { id: string; participants: { id: string; role: string }[] };
}

/** Every route, with what a read-write key sends to it. */
export function routes(t: Practice, appt: { id: string; participants: { id: string; role: string }[] }) {
  const client = appt.participants.find((p) => p.role === 'client')!;
  const link = `/appointments/${appt.id}/participants/${client.id}`;
  return [
    { method: 'GET', url: '/clients', writes: false, ok: 200 },
    { method: 'POST', url: '/clients/search', body: { name: 'rob' }, writes: false, ok: 200 },
    { method: 'GET', url: `/clients/${t.client.id}`, writes: false, ok: 200 },
    {
      method: 'GET',
      url: `/appointments?from=${encodeURIComponent(new Date(T0).toISOString())}&to=${T0 + 86_400_000}`,
      writes: false,
      ok: 200,
    },
    { method: 'GET', url: `/appointments/${appt.id}`, writes: false, ok: 200 },
    { method: 'GET', url: '/visits/today?timeZone=America/New_York', writes: false, ok: 200 },
    {
      method: 'POST',
      url: '/clients',
      body: { name: 'Kai New', timeZone: 'Europe/Madrid', language: 'es', therapistId: t.therapist.staffId },
      writes: true,
      ok: 201,
    },
    {
      method: 'PUT',
      url: `/clients/${t.client.id}`,
      body: { name: 'Robin Client', timeZone: 'America/Chicago', language: 'en', therapistId: t.therapist.staffId },
      writes: true,
      ok: 200,
    },
    {
      method: 'POST',
      url: '/appointments',
      body: { therapistId: t.therapist.staffId, clientIds: [t.client.id], start: START, minutes: 30 },
      writes: true,
      ok: 201,
    },
    { method: 'POST', url: `${link}/link`, writes: true, ok: 200 },
    { method: 'DELETE', url: `${link}/links`, writes: true, ok: 204 },
    { method: 'PUT', url: `/appointments/${appt.id}/time`, body: { start: new Date(T0 + 7_200_000).toISOString() }, writes: true, ok: 200 },
    { method: 'PUT', url: `/appointments/${appt.id}/video`, body: { on: false }, writes: true, ok: 200 },
    { method: 'POST', url: `/appointments/${appt.id}/cancel`, writes: true, ok: 200 },
  ] as const satisfies { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; body?: object; writes: boolean; ok: number }[];
}
