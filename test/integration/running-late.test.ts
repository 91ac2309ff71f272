// Running late, as the therapist learns of it: a client waiting two minutes past the start of a visit
// the therapist has not opened raises an alert on the live channel (by the clock alone, nobody acting)
// and one email, however many rounds and nodes look; a provider in the visit means no alert; a client
// not arrived five minutes past the start shows as such, and "Send the link again" emails them again
// (audited, once per minute, once for a double click) or, with no address or no mail, hands out a link.
// Visits are booked with their start already in the past, and the practice clock is moved: nothing
// waits in real time.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveParticipantStatus, LiveVisitStatus } from '../../shared/live-status.js';
import { waitingAlertKey } from '../../server/mail/waiting-alerts.js';
import { freshPgDatabase } from '../support/pg.js';
import { addStaff, as, type PracticeTestApp, practiceApp, type Session, setUpOwner, tokenOf } from '../support/practice.js';
import { type RunningRedis, startRedis } from '../support/redis.js';
import { TestSmtpServer } from '../support/smtp.js';
import { SseClient, type SseEvent } from '../support/sse-client.js';
import { WsClient } from '../support/ws-client.js';

const MIN = 60_000;
const CLIENT_NAME = 'Casey Latecomer';
const CLIENT_EMAIL = 'casey@client.example';
const THERAPIST_EMAIL = 'tess@practice.example';

let apps: PracticeTestApp[] = [];
let open: { close(): void }[] = [];
afterEach(async () => {
  for (const c of open) c.close();
  open = [];
  for (const t of apps) await t.app.close();
  apps = [];
});

interface LatePractice {
  t: PracticeTestApp;
  owner: Session;
  tess: Session;
}

/** A practice on the real clock (visit links check it), its lateness looked at every 50 ms, no mail rounds of its own. */
async function latePractice(env: Record<string, string> = {}): Promise<LatePractice> {
  const t = await practiceApp({ MAIL_POLL_SECONDS: '0', LIVE_LATENESS_CHECK_MS: '50', ...env });
  apps.push(t);
  t.clock.t = Date.now();
  const owner = await setUpOwner(t);
  const tess = await addStaff(t, owner, { email: THERAPIST_EMAIL, name: 'Tess Therapist', role: 'therapist', teletherapy: true });
  // The therapist's invitation is not what these tests look at.
  for (const m of await t.app.vestibule.mail.outbox.list({ statuses: ['queued'], limit: 10 }))
    await t.app.vestibule.mail.outbox.markSentByHand(m.id, t.clock.now());
  return { t, owner, tess };
}

async function withSmtp(env: Record<string, string> = {}) {
  const smtp = await TestSmtpServer.start();
  open.push({ close: () => void smtp.stop() });
  const p = await latePractice({ SMTP_URL: smtp.url, MAIL_FROM: 'Vestibule <visits@practice.example>', ...env });
  return { ...p, smtp };
}

interface Visit {
  appointmentId: string;
  providerId: string;
  clientId: string;
}

/** A video visit of Tess's with one client, starting `minutesAgo` before the practice clock. */
async function bookStarted(app: FastifyInstance, tess: Session, now: number, minutesAgo: number, email: string | null = CLIENT_EMAIL) {
  const client = await as(app, tess).post('/clients', { name: CLIENT_NAME, email, timeZone: 'UTC', language: 'en' });
  expect(client.statusCode, client.body).toBe(201);
  const booked = await as(app, tess).post('/appointments', {
    clientIds: [client.json().client.id],
    start: now - minutesAgo * MIN,
    minutes: 50,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  const appt = booked.json().appointments[0];
  const id = (role: string) => appt.participants.find((p: { role: string }) => p.role === role).id as string;
  return { appointmentId: appt.id, providerId: id('provider'), clientId: id('client') } satisfies Visit;
}

async function join(app: FastifyInstance, who: Session, v: Visit, participantId: string): Promise<WsClient> {
  const link = await as(app, who).post(`/appointments/${v.appointmentId}/participants/${participantId}/link`);
  const ws = await WsClient.join(app, v.appointmentId, tokenOf(link.json().longUrl), { real: true });
  open.push(ws);
  return ws;
}

async function openLive(app: FastifyInstance, who: Session): Promise<SseClient> {
  const sse = await SseClient.open(app, `/api/practice/live?from=${Date.now() - 3 * 3600_000}&to=${Date.now() + 3600_000}`, who.cookie);
  open.push(sse);
  return sse;
}

function statusOf(v: Visit, participantId: string, match: (p: LiveParticipantStatus) => boolean) {
  return (e: SseEvent) => {
    if (e.event !== 'status') return false;
    const s = e.data as LiveVisitStatus;
    const p = s.appointmentId === v.appointmentId ? s.participants.find((x) => x.id === participantId) : undefined;
    return p !== undefined && match(p);
  };
}

const lastStatusOf = (sse: SseClient, v: Visit, participantId: string) =>
  sse.events
    .filter(statusOf(v, participantId, () => true))
    .map((e) => (e.data as LiveVisitStatus).participants.find((p) => p.id === participantId)!)
    .at(-1);

/** The messages that reached the therapist (the client's invitation is sent too when a visit is booked). */
const toTherapist = (smtp: TestSmtpServer) => smtp.received.filter((m) => m.envelopeTo.includes(THERAPIST_EMAIL));

/** Resolves once `count` messages have reached the therapist. */
async function therapistMail(smtp: TestSmtpServer, count: number) {
  for (let n = smtp.received.length; toTherapist(smtp).length < count; n++) await smtp.waitFor(n + 1);
  return toTherapist(smtp);
}

async function waitingAlerts(t: PracticeTestApp) {
  return (await t.app.vestibule.mail.outbox.list({ limit: 50 })).filter((m) => m.kind === 'waiting-alert');
}

// Each test builds a practice (or two, or two nodes) and signs people in: more than the default time on a loaded machine.
const SLOW = { timeout: 60_000 };

describe('a client waiting in a visit the therapist has not opened', SLOW, () => {
  it('raises the alert on the clock alone at two minutes, and emails the therapist exactly once', async () => {
    const { t, tess, smtp } = await withSmtp();
    const v = await bookStarted(t.app, tess, t.clock.now(), 1);
    const live = await openLive(t.app, tess);
    await join(t.app, tess, v, v.clientId);
    await live.next(
      statusOf(v, v.clientId, (p) => p.admission === 'waiting' && p.connected),
      'the client waiting',
    );
    // One minute past the start: no alert, and the mail round makes none.
    expect(lastStatusOf(live, v, v.clientId)?.waitingAlert).toBe(false);
    await t.app.vestibule.mail.tick();
    expect(await waitingAlerts(t)).toEqual([]);

    // The clock passes two minutes past the start; nobody does anything.
    t.clock.advance(MIN + 1000);
    await live.next(
      statusOf(v, v.clientId, (p) => p.waitingAlert),
      'the waiting alert, sent by the clock',
    );
    await t.app.vestibule.mail.tick();
    await t.app.vestibule.mail.tick();
    const [mail] = await therapistMail(smtp, 1);
    expect(toTherapist(smtp)).toHaveLength(1);
    expect(mail!.envelopeTo).toEqual([THERAPIST_EMAIL]);
    expect(mail!.parsed.subject).toBe('A client is waiting for your video visit');
    expect(mail!.parsed.subject).not.toContain(CLIENT_NAME);
    expect(mail!.parsed.text).toContain(`${CLIENT_NAME} has been waiting since`);
    expect(mail!.parsed.text).toContain(`${t.app.vestibule.config.publicUrl}/practice`);
    // Another minute and more rounds: still the one message, stored under the visit and client's key.
    t.clock.advance(MIN);
    await t.app.vestibule.mail.tick();
    const stored = await waitingAlerts(t);
    expect(stored).toHaveLength(1);
    expect(await t.app.vestibule.mail.outbox.hasKey(waitingAlertKey(v.appointmentId, v.clientId))).toBe(true);
    expect(toTherapist(smtp)).toHaveLength(1);
    expect(t.logs()).not.toContain(CLIENT_NAME);
    expect(t.logs()).not.toContain(THERAPIST_EMAIL);
  });

  it('raises nothing while the provider is in the visit, and does once the provider has gone', async () => {
    const { t, tess, smtp } = await withSmtp();
    const withProvider = await bookStarted(t.app, tess, t.clock.now(), 1);
    // A second visit, where nobody hosts: its alert shows the clock has been looked at.
    const alone = await bookStarted(t.app, tess, t.clock.now(), 1);
    const live = await openLive(t.app, tess);
    const provider = await join(t.app, tess, withProvider, withProvider.providerId);
    await join(t.app, tess, withProvider, withProvider.clientId);
    await join(t.app, tess, alone, alone.clientId);
    await live.next(
      statusOf(withProvider, withProvider.providerId, (p) => p.connected),
      'the provider in the visit',
    );
    await live.next(
      statusOf(withProvider, withProvider.clientId, (p) => p.admission === 'waiting' && p.connected),
      'the client waiting',
    );
    await live.next(
      statusOf(alone, alone.clientId, (p) => p.admission === 'waiting' && p.connected),
      'the other client waiting',
    );

    t.clock.advance(MIN + 1000);
    await live.next(
      statusOf(alone, alone.clientId, (p) => p.waitingAlert),
      'the alert of the visit nobody opened',
    );
    expect(live.events.filter(statusOf(withProvider, withProvider.clientId, (p) => p.waitingAlert))).toEqual([]);
    await t.app.vestibule.mail.tick();
    expect((await waitingAlerts(t)).map((m) => m.appointmentId)).toEqual([alone.appointmentId]);

    provider.close();
    await live.next(
      statusOf(withProvider, withProvider.clientId, (p) => p.waitingAlert),
      'the alert once the provider left',
    );
    await t.app.vestibule.mail.tick();
    await therapistMail(smtp, 2);
    expect((await waitingAlerts(t)).map((m) => m.appointmentId).sort()).toEqual([alone.appointmentId, withProvider.appointmentId].sort());
  });

  it('sends no alert email when the practice has no mail server (the dashboard still shows it)', async () => {
    const { t, tess } = await latePractice();
    const v = await bookStarted(t.app, tess, t.clock.now(), 3);
    const live = await openLive(t.app, tess);
    await join(t.app, tess, v, v.clientId);
    await live.next(
      statusOf(v, v.clientId, (p) => p.waitingAlert),
      'the waiting alert',
    );
    await t.app.vestibule.mail.tick();
    expect(await waitingAlerts(t)).toEqual([]);
  });
});

describe('a therapist who has left the practice', SLOW, () => {
  it('is sent no alert email once deactivated', async () => {
    const { t, tess } = await withSmtp();
    const v = await bookStarted(t.app, tess, t.clock.now(), 3);
    await join(t.app, tess, v, v.clientId);
    await t.app.vestibule.practice.staff.deactivate(tess.staffId, t.clock.now());
    await t.app.vestibule.mail.tick();
    expect(await waitingAlerts(t)).toEqual([]);
  });
});

describe('two nodes on one PostgreSQL database and one Redis', SLOW, () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis?.stop());

  it('the node without the client sees them waiting, and both nodes together send one email', async () => {
    const smtp = await TestSmtpServer.start();
    open.push({ close: () => void smtp.stop() });
    const DATABASE_URL = await freshPgDatabase();
    const mailEnv = { SMTP_URL: smtp.url, MAIL_FROM: 'Vestibule <visits@practice.example>', DATABASE_URL, REDIS_URL: redis.url };
    const { t: a, tess } = await latePractice({ ...mailEnv, NODE_ID: 'node-a' });
    const b = await practiceApp({ MAIL_POLL_SECONDS: '0', ...mailEnv, NODE_ID: 'node-b' });
    apps.push(b);
    b.clock.t = a.clock.t;
    const v = await bookStarted(a.app, tess, a.clock.now(), 3);
    const live = await openLive(a.app, tess);
    await join(a.app, tess, v, v.clientId);
    await live.next(
      statusOf(v, v.clientId, (p) => p.waitingAlert),
      'the waiting alert on node A',
    );
    // Node B holds no socket of this visit, yet finds the client waiting through the shared state.
    await Promise.all([b.app.vestibule.mail.tick(), a.app.vestibule.mail.tick(), b.app.vestibule.mail.tick()]);
    await Promise.all([a.app.vestibule.mail.tick(), b.app.vestibule.mail.tick()]);
    await therapistMail(smtp, 1);
    expect(toTherapist(smtp)).toHaveLength(1);
    expect(await waitingAlerts(a)).toHaveLength(1);
  });

  it('node B alone finds a client who waits on node A', async () => {
    const smtp = await TestSmtpServer.start();
    open.push({ close: () => void smtp.stop() });
    const DATABASE_URL = await freshPgDatabase();
    const mailEnv = { SMTP_URL: smtp.url, MAIL_FROM: 'Vestibule <visits@practice.example>', DATABASE_URL, REDIS_URL: redis.url };
    const { t: a, tess } = await latePractice({ ...mailEnv, NODE_ID: 'node-a' });
    const b = await practiceApp({ MAIL_POLL_SECONDS: '0', ...mailEnv, NODE_ID: 'node-b' });
    apps.push(b);
    b.clock.t = a.clock.t;
    const v = await bookStarted(a.app, tess, a.clock.now(), 3);
    const live = await openLive(a.app, tess);
    await join(a.app, tess, v, v.clientId);
    await live.next(
      statusOf(v, v.clientId, (p) => p.admission === 'waiting' && p.connected),
      'the client waiting on node A',
    );
    await b.app.vestibule.mail.tick();
    const [mail] = await therapistMail(smtp, 1);
    expect(mail!.parsed.subject).toBe('A client is waiting for your video visit');
  });
});

describe('a client who has not arrived', SLOW, () => {
  it('shows as not arrived five minutes past the start, by the clock alone, until they come', async () => {
    const { t, tess } = await latePractice();
    const v = await bookStarted(t.app, tess, t.clock.now(), 4);
    const live = await openLive(t.app, tess);
    await live.next(
      statusOf(v, v.clientId, (p) => p.admission === 'invited' && !p.connected),
      'the client invited',
    );
    expect(lastStatusOf(live, v, v.clientId)?.notArrived).toBe(false);
    t.clock.advance(MIN + 1000);
    await live.next(
      statusOf(v, v.clientId, (p) => p.notArrived),
      'not arrived, five minutes past the start',
    );
    await join(t.app, tess, v, v.clientId);
    await live.next(
      statusOf(v, v.clientId, (p) => p.connected && !p.notArrived),
      'arrived',
    );
  });

  it('"Send the link again" emails the visit link again, audited, once a minute and once for a double click', async () => {
    const { t, owner, tess, smtp } = await withSmtp();
    const v = await bookStarted(t.app, tess, t.clock.now(), 6);
    await t.app.vestibule.mail.tick();
    await smtp.waitFor(1); // the invitation made when booking
    const resend = () => as(t.app, tess).post(`/appointments/${v.appointmentId}/participants/${v.clientId}/resend`);
    const first = await resend();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ via: 'email' });
    const again = await resend();
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('resent_recently');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    await t.app.vestibule.mail.tick();
    const mails = await smtp.waitFor(2);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.envelopeTo).toEqual([CLIENT_EMAIL]);
    expect(mails[1]!.parsed.text).toMatch(/\/j#[0-9A-Z-]+/);

    // A minute later, a double click: two requests at once store one message.
    t.clock.advance(MIN + 1000);
    const both = await Promise.all([resend(), resend()]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 429]);
    await t.app.vestibule.mail.tick();
    await smtp.waitFor(3);
    expect(smtp.received).toHaveLength(3);

    const audit = await as(t.app, owner).get(`/audit?appointmentId=${v.appointmentId}`);
    expect(audit.statusCode, audit.body).toBe(200);
    const events = (audit.json().entries as { event: string; participantId: string | null }[]).filter(
      (e) => e.event === 'visit link emailed again',
    );
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.participantId === v.clientId)).toBe(true);
    expect(t.logs()).not.toContain(CLIENT_EMAIL);
  });

  it('hands out a fresh link instead when the client has no email address, or the practice sends no mail', async () => {
    const { t, tess } = await withSmtp();
    const noEmail = await bookStarted(t.app, tess, t.clock.now(), 6, null);
    const res = await as(t.app, tess).post(`/appointments/${noEmail.appointmentId}/participants/${noEmail.clientId}/resend`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ via: 'link', reason: 'no_email', url: expect.stringContaining('/j#') });

    const off = await latePractice();
    const v = await bookStarted(off.t.app, off.tess, off.t.clock.now(), 6);
    const queuedBefore = (await off.t.app.vestibule.mail.outbox.list({ limit: 50 })).length;
    const link = await as(off.t.app, off.tess).post(`/appointments/${v.appointmentId}/participants/${v.clientId}/resend`);
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json()).toMatchObject({ via: 'link', reason: 'mail_off', url: expect.stringContaining('/j#') });
    expect(await off.t.app.vestibule.mail.outbox.list({ limit: 50 })).toHaveLength(queuedBefore);
    const audit = await as(off.t.app, off.owner).get(`/audit?appointmentId=${v.appointmentId}`);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().entries.some((e: { event: string }) => e.event === 'link issued')).toBe(true);
  });

  it('refuses to send the provider link, and to anyone who cannot see the visit', async () => {
    const { t, owner, tess } = await withSmtp();
    const v = await bookStarted(t.app, tess, t.clock.now(), 6);
    const provider = await as(t.app, tess).post(`/appointments/${v.appointmentId}/participants/${v.providerId}/resend`);
    expect(provider.statusCode).toBe(400);
    expect(provider.json().code).toBe('not_a_client');
    const theo = await addStaff(t, owner, { email: 'theo@practice.example', name: 'Theo Therapist', role: 'therapist', teletherapy: true });
    const other = await as(t.app, theo).post(`/appointments/${v.appointmentId}/participants/${v.clientId}/resend`);
    expect([403, 404]).toContain(other.statusCode);
  });
});
