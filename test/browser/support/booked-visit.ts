// A visit booked through the practice API of a server the spec started itself (DEMO off), for one
// client whose preferred language is given: the client's and the provider's links as the dashboard
// issues them. The owner is also the therapist.
import { expect } from '@playwright/test';
import type { RunningServer } from './server-process.js';
import { setupLink } from './practice-pages.js';

export interface BookedVisit {
  appointmentId: string;
  clientName: string;
  /** The links the dashboard gives: `url` short (/j#CODE), `longUrl` /v/ID#t=TOKEN[&lang=…]. */
  client: { url: string; longUrl: string };
  provider: { url: string; longUrl: string };
}

async function call(base: string, auth: { cookie: string; csrf: string }, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/api/practice${path}`, {
    method,
    headers: {
      'x-vestibule-csrf': auth.csrf,
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
  return text ? JSON.parse(text) : null;
}

/** Sets up the practice's owner (once per server) and returns how to call its API as them. */
export async function ownerSession(server: RunningServer): Promise<{ cookie: string; csrf: string; staffId: string }> {
  const link = await setupLink(server);
  const owner = { name: 'Dana Owner', email: 'dana@example.test', password: 'correct horse battery staple' };
  await call(server.baseUrl, { cookie: '', csrf: '1' }, 'POST', '/setup', {
    token: new URLSearchParams(link.split('#')[1]).get('t'),
    ...owner,
  });
  const signIn = await fetch(`${server.baseUrl}/api/practice/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-vestibule-csrf': '1' },
    body: JSON.stringify({ email: owner.email, password: owner.password }),
  });
  expect(signIn.status, 'sign-in').toBe(200);
  const body = (await signIn.json()) as { csrfToken: string; staff: { id: string } };
  const session = { cookie: signIn.headers.getSetCookie()[0]!.split(';')[0]!, csrf: body.csrfToken, staffId: body.staff.id };
  await call(server.baseUrl, session, 'PUT', `/staff/${session.staffId}/teletherapy`, { on: true });
  return session;
}

/** A video visit starting in five minutes (so it is open now) with one client who reads `language`. */
export async function bookVisit(
  server: RunningServer,
  session: { cookie: string; csrf: string; staffId: string },
  client: { name: string; language: 'en' | 'es' },
): Promise<BookedVisit> {
  const api = (method: string, path: string, body?: unknown) => call(server.baseUrl, session, method, path, body);
  const created = await api('POST', '/clients', {
    name: client.name,
    timeZone: 'UTC',
    language: client.language,
    therapistId: session.staffId,
  });
  const booked = await api('POST', '/appointments', {
    therapistId: session.staffId,
    clientIds: [created.client.id],
    start: Date.now() + 5 * 60_000,
    minutes: 50,
  });
  const appt = booked.appointments[0] as { id: string; participants: { id: string; role: string }[] };
  const participant = (role: string) => appt.participants.find((p) => p.role === role)!.id;
  return {
    appointmentId: appt.id,
    clientName: client.name,
    client: await api('POST', `/appointments/${appt.id}/participants/${participant('client')}/link`),
    provider: await api('POST', `/appointments/${appt.id}/participants/${participant('provider')}/link`),
  };
}
