// Helpers for the practice API's tests: an app with a clock the test moves, the owner set up through
// the real set-up link, staff invited and signed in over HTTP, and requests carrying the session
// cookie and CSRF token as the dashboard will.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ensureSetupLink } from '../../server/practice/setup-link.js';
import type { StaffRole } from '../../server/store/schema.js';
import { type TestApp, type TestAppOptions, testApp } from './app.js';

export const PASSWORD = 'correct horse battery staple';
export const T0 = Date.parse('2026-03-01T12:00:00Z');

export class Clock {
  t = T0;
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface PracticeTestApp extends TestApp {
  clock: Clock;
}

export async function practiceApp(env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<PracticeTestApp> {
  const clock = new Clock();
  const t = await testApp(env, { ...opts, now: clock.now });
  return { ...t, clock };
}

/** A signed-in staff member as the dashboard holds them: the cookie and the CSRF token. */
export interface Session {
  staffId: string;
  email: string;
  cookie: string;
  csrf: string;
}

/** The link token in a visit link's fragment (`#t=TOKEN`, perhaps followed by `&lang=es`). */
export const tokenOf = (url: string): string => new URLSearchParams(url.split('#')[1]).get('t')!;

/** The cookie pair (name=value) from a response's Set-Cookie header. */
export function cookieFrom(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const line = Array.isArray(header) ? header[0]! : String(header);
  return line.split(';')[0]!;
}

export async function signIn(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
  code?: string,
  remoteAddress = '127.0.0.1',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    remoteAddress,
    url: '/api/practice/sign-in',
    headers: { 'x-vestibule-csrf': '1' },
    payload: { email, password, ...(code ? { code } : {}) },
  });
}

export async function sessionFor(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const res = await signIn(app, email, password);
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { staffId: body.staff.id, email, cookie: cookieFrom(res), csrf: body.csrfToken };
}

/** Requests as a signed-in staff member. */
export function as(app: FastifyInstance, session: Session) {
  const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/practice${url}`,
      headers: { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-vestibule-csrf': session.csrf }) },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  return {
    get: (url: string) => send('GET', url),
    post: (url: string, payload: unknown = {}) => send('POST', url, payload),
    put: (url: string, payload: unknown) => send('PUT', url, payload),
    delete: (url: string) => send('DELETE', url),
  };
}

export const OWNER_EMAIL = 'owner@practice.example';

/** Creates the owner through the set-up link, then signs them in. */
export async function setUpOwner(t: PracticeTestApp): Promise<Session> {
  const url = await ensureSetupLink(t.database.db, t.app.vestibule.config.publicUrl, t.clock.now);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/practice/setup',
    headers: { 'x-vestibule-csrf': '1' },
    payload: { token: tokenOf(url!), name: 'Olive Owner', email: OWNER_EMAIL, password: PASSWORD },
  });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return sessionFor(t.app, OWNER_EMAIL);
}

/** Invites a staff member as `by`, accepts the invitation with PASSWORD, and signs them in. */
export async function addStaff(
  t: PracticeTestApp,
  by: Session,
  who: { email: string; name: string; role: StaffRole; teletherapy?: boolean },
): Promise<Session> {
  const invited = await as(t.app, by).post('/staff/invitations', who);
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.statusCode} ${invited.body}`);
  const accepted = await t.app.inject({
    method: 'POST',
    url: '/api/practice/invitations/accept',
    headers: { 'x-vestibule-csrf': '1' },
    payload: { token: tokenOf(invited.json().invitation.url), password: PASSWORD },
  });
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.statusCode} ${accepted.body}`);
  return sessionFor(t.app, who.email);
}
