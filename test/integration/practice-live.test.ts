// The dashboard's live channel (GET /api/practice/live): a client joining over real signaling shows up
// in their therapist's stream as waiting, then ready, with their connection test, then in the call;
// nobody else's stream sees it; schedulers are refused; a stream ends when its sign-in stops holding;
// and it works when the dashboard and the client are on different nodes.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEnd, LiveParticipantStatus, LiveVisitStatus } from '../../shared/live-status.js';
import { ENGINES } from '../support/app.js';
import { freshPgDatabase } from '../support/pg.js';
import { addStaff, as, type PracticeTestApp, practiceApp, type Session, setUpOwner, tokenOf } from '../support/practice.js';
import { type RunningRedis, startRedis } from '../support/redis.js';
import { type SseClient as Sse, SseClient, type SseEvent } from '../support/sse-client.js';
import { isType, WsClient } from '../support/ws-client.js';

let apps: PracticeTestApp[] = [];
let open: { close(): void }[] = [];
afterEach(async () => {
  for (const c of open) c.close();
  open = [];
  for (const t of apps) await t.app.close();
  apps = [];
});

/** A practice on the real clock (the visits' links check it), with its owner signed in. */
async function livePractice(env: Record<string, string> = {}, opts: Parameters<typeof practiceApp>[1] = {}) {
  const t = await practiceApp(env, opts);
  apps.push(t);
  t.clock.t = Date.now();
  return { t, owner: await setUpOwner(t) };
}

interface BookedVisit {
  appointmentId: string;
  providerId: string;
  clientId: string;
  clientToken: string;
}

/** A video visit of `who`'s starting now with one new client, and the client's link. */
async function bookVisit(app: FastifyInstance, who: Session, clientName: string): Promise<BookedVisit> {
  const client = await as(app, who).post('/clients', { name: clientName, timeZone: 'UTC', language: 'en' });
  const booked = await as(app, who).post('/appointments', { clientIds: [client.json().client.id], start: Date.now(), minutes: 50 });
  expect(booked.statusCode, booked.body).toBe(201);
  const appt = booked.json().appointments[0];
  const participant = (role: string) => appt.participants.find((p: { role: string }) => p.role === role).id as string;
  const link = await as(app, who).post(`/appointments/${appt.id}/participants/${participant('client')}/link`);
  return {
    appointmentId: appt.id,
    providerId: participant('provider'),
    clientId: participant('client'),
    clientToken: tokenOf(link.json().longUrl),
  };
}

const today = () => `/api/practice/live?from=${Date.now() - 3600_000}&to=${Date.now() + 12 * 3600_000}`;

async function openLive(app: FastifyInstance, who: Session): Promise<Sse> {
  const sse = await SseClient.open(app, today(), who.cookie);
  open.push(sse);
  return sse;
}

/** A status event of this visit where the participant matches. */
function statusOf(appointmentId: string, participantId: string, match: (p: LiveParticipantStatus) => boolean) {
  return (e: SseEvent) => {
    if (e.event !== 'status') return false;
    const s = e.data as LiveVisitStatus;
    const p = s.appointmentId === appointmentId ? s.participants.find((x) => x.id === participantId) : undefined;
    return p !== undefined && match(p);
  };
}

const therapistNamed = (name: string, email: string) => ({ email, name, role: 'therapist' as const, teletherapy: true });

describe.each(ENGINES)('live status on %s', (engine) => {
  it('shows the client invited, then waiting, ready with a test summary, and in the call', async () => {
    const { t, owner } = await livePractice({}, { engine });
    const tess = await addStaff(t, owner, therapistNamed('Tess Therapist', 'tess@practice.example'));
    const v = await bookVisit(t.app, tess, 'Casey Client');
    const live = await openLive(t.app, tess);
    expect(live.status).toBe(200);
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.admission === 'invited' && !p.connected),
      'the client invited',
    );

    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
    open.push(client);
    const waiting = await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.admission === 'waiting' && p.connected),
      'the client waiting',
    );
    const since = (waiting.data as LiveVisitStatus).participants.find((p) => p.id === v.clientId)!.waitingSince;
    expect(since).toBeGreaterThan(Date.now() - 60_000);

    client.send({ type: 'ready', ready: true });
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.ready),
      'the client ready',
    );
    client.send({ type: 'test-summary', summary: { verdict: 'warn', text: 'Slow upload' } });
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.testSummary?.text === 'Slow upload'),
      'the test summary',
    );

    // The therapist starts the visit (their own link) and admits the client.
    const providerLink = await as(t.app, tess).post(`/appointments/${v.appointmentId}/participants/${v.providerId}/link`);
    const provider = await WsClient.join(t.app, v.appointmentId, tokenOf(providerLink.json().longUrl), { real: true });
    open.push(provider);
    await live.next(
      statusOf(v.appointmentId, v.providerId, (p) => p.connected),
      'the therapist in the visit',
    );
    provider.send({ type: 'admit', participantId: v.clientId });
    await client.next(isType('admission', (m) => m.admission === 'admitted'));
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.admission === 'admitted' && p.connected),
      'the client in the call',
    );
    // No name travels on the channel, and none reaches the logs.
    expect(JSON.stringify(live.events)).not.toContain('Casey');
    expect(t.logs()).not.toContain('Casey');
  });
});

describe('who sees what', () => {
  it("another therapist's stream and the owner's own stream never show the visit", async () => {
    const { t, owner } = await livePractice();
    const tess = await addStaff(t, owner, therapistNamed('Tess Therapist', 'tess@practice.example'));
    const theo = await addStaff(t, owner, therapistNamed('Theo Therapist', 'theo@practice.example'));
    const tessVisit = await bookVisit(t.app, tess, 'Casey Client');
    const theoVisit = await bookVisit(t.app, theo, 'Robin Client');
    const theoLive = await openLive(t.app, theo);
    const ownerLive = await openLive(t.app, owner);
    const tessLive = await openLive(t.app, tess);
    const client = await WsClient.join(t.app, tessVisit.appointmentId, tessVisit.clientToken, { real: true });
    open.push(client);
    await tessLive.next(
      statusOf(tessVisit.appointmentId, tessVisit.clientId, (p) => p.connected),
      'the client waiting',
    );
    // Theo's stream carries Theo's visit only; the owner hosts none today, so theirs carries nothing.
    await theoLive.next(
      statusOf(theoVisit.appointmentId, theoVisit.clientId, () => true),
      "Theo's own visit",
    );
    const seen = (sse: Sse) => sse.events.map((e) => (e.data as LiveVisitStatus).appointmentId);
    expect(seen(theoLive)).not.toContain(tessVisit.appointmentId);
    expect(seen(ownerLive)).toEqual([]);
  });

  it('refuses a scheduler (they see appointments, never a visit), a signed-out request and a bad range', async () => {
    const { t, owner } = await livePractice();
    const desk = await addStaff(t, owner, { email: 'desk@practice.example', name: 'Dee Desk', role: 'scheduler' });
    const refused = await SseClient.open(t.app, today(), desk.cookie);
    expect(refused.status).toBe(403);
    expect(refused.events[0]!.data).toMatchObject({ code: 'live_status_refused' });
    expect((await SseClient.open(t.app, today(), '')).status).toBe(401);
    const backwards = await SseClient.open(t.app, `/api/practice/live?from=${Date.now()}&to=${Date.now() - 1}`, owner.cookie);
    expect(backwards.status).toBe(400);
  });

  it('allows a few streams per sign-in, not more', async () => {
    const { t, owner } = await livePractice();
    for (let i = 0; i < 4; i++) expect((await openLive(t.app, owner)).status).toBe(200);
    const fifth = await SseClient.open(t.app, today(), owner.cookie);
    expect(fifth.status).toBe(429);
  });
});

describe('the stream ends', () => {
  const fast = { LIVE_SESSION_RECHECK_MS: '100' };

  it('when its session signs out', async () => {
    const { t, owner } = await livePractice(fast);
    const live = await openLive(t.app, owner);
    expect((await as(t.app, owner).post('/sign-out')).statusCode).toBe(204);
    await live.ended('the stream to end after sign-out');
    expect(live.events.at(-1)).toEqual({ event: 'end', data: { reason: 'session_ended' } satisfies LiveEnd });
  });

  it('when the account is deactivated', async () => {
    const { t, owner } = await livePractice(fast);
    const tess = await addStaff(t, owner, therapistNamed('Tess Therapist', 'tess@practice.example'));
    const live = await openLive(t.app, tess);
    expect((await as(t.app, owner).post(`/staff/${tess.staffId}/deactivate`)).statusCode).toBe(200);
    await live.ended('the stream to end after deactivation');
    expect(live.events.at(-1)?.event).toBe('end');
  });

  it('when the server stops, and lets go of the visits it watched', async () => {
    const { t, owner } = await livePractice();
    const tess = await addStaff(t, owner, therapistNamed('Tess Therapist', 'tess@practice.example'));
    const v = await bookVisit(t.app, tess, 'Casey Client');
    const live = await openLive(t.app, tess);
    await live.next(
      statusOf(v.appointmentId, v.clientId, () => true),
      'the first status',
    );
    expect(t.app.vestibule.hub.hasConnections()).toBe(true);
    live.close();
    await expect
      .poll(() => t.app.vestibule.hub.hasConnections(), { timeout: 5_000, message: 'the watched visit dropped once the page went away' })
      .toBe(false);
    const again = await openLive(t.app, tess);
    await again.next(
      statusOf(v.appointmentId, v.clientId, () => true),
      'the first status',
    );
    await t.app.close();
    apps = [];
    await again.ended('the stream to end at shutdown');
    expect(again.events.at(-1)).toEqual({ event: 'end', data: { reason: 'server_restarting' } });
  });
});

describe('a watched visit', () => {
  it('a visit held only for a dashboard is read again when someone joins (it may have been moved meanwhile)', async () => {
    const { t, owner } = await livePractice();
    const tess = await addStaff(t, owner, therapistNamed('Tess Therapist', 'tess@practice.example'));
    const v = await bookVisit(t.app, tess, 'Casey Client');
    const live = await openLive(t.app, tess);
    await live.next(
      statusOf(v.appointmentId, v.clientId, () => true),
      'the first status',
    );
    const later = Date.now() + 5 * 60_000;
    expect((await as(t.app, tess).put(`/appointments/${v.appointmentId}/time`, { start: later, minutes: 50 })).statusCode).toBe(200);
    const link = await as(t.app, tess).post(`/appointments/${v.appointmentId}/participants/${v.clientId}/link`);
    const client = await WsClient.join(t.app, v.appointmentId, tokenOf(link.json().longUrl), { real: true });
    open.push(client);
    expect(client.frames[0]).toMatchObject({ type: 'welcome', appointment: { startsAt: later } });
  });
});

describe('two nodes', () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis?.stop());

  it('the dashboard on node B sees a client who joined on node A', async () => {
    const DATABASE_URL = await freshPgDatabase();
    const { t: a, owner } = await livePractice({ DATABASE_URL, REDIS_URL: redis.url, NODE_ID: 'node-a' });
    const b = await practiceApp({ DATABASE_URL, REDIS_URL: redis.url, NODE_ID: 'node-b' });
    apps.push(b);
    b.clock.t = a.clock.t;
    const tess = await addStaff(a, owner, therapistNamed('Tess Therapist', 'tess@practice.example'));
    const v = await bookVisit(a.app, tess, 'Casey Client');
    const live = await openLive(b.app, tess);
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => !p.connected),
      'the client not here yet',
    );
    const client = await WsClient.join(a.app, v.appointmentId, v.clientToken, { real: true });
    open.push(client);
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.admission === 'waiting' && p.connected),
      'the client waiting on node A',
    );
    client.send({ type: 'ready', ready: true });
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.ready),
      'ready, from node A',
    );
    client.close();
    await live.next(
      statusOf(v.appointmentId, v.clientId, (p) => p.ready && !p.connected),
      'the client gone from the waiting room',
    );
  });
});
