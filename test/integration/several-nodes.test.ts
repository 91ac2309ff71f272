// Two Vestibule nodes sharing one PostgreSQL database and one Redis: a provider on one and a client on
// the other have the same visit; limits and revocations hold across nodes; a Redis restart is survived.
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { ShortLinks } from '../../server/links/short-links.js';
import { createVisit, type TestApp, testApp, type Visit } from '../support/app.js';
import { freshPgDatabase } from '../support/pg.js';
import { type RunningRedis, startRedis } from '../support/redis.js';
import { watchCommands } from '../support/redis-monitor.js';
import { upgradeStatus } from '../support/upgrade.js';
import { isType, WsClient } from '../support/ws-client.js';

let redis: RunningRedis;
let apps: TestApp[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());
afterEach(async () => {
  for (const t of apps) await t.app.close();
  apps = [];
});

/** Two nodes on one fresh database and the run's Redis. */
async function twoNodes(env: Record<string, string> = {}, opts: { now?: () => number } = {}): Promise<[FastifyInstance, FastifyInstance]> {
  const DATABASE_URL = await freshPgDatabase();
  for (const NODE_ID of ['node-a', 'node-b']) apps.push(await testApp({ DATABASE_URL, REDIS_URL: redis.url, NODE_ID, ...env }, opts));
  return [apps[0]!.app, apps[1]!.app];
}

const real = { real: true };

/** How many times Redis has run each command so far (INFO commandstats), read through a node's connection. */
async function commandCalls(node: FastifyInstance, commands: string[]): Promise<Record<string, number>> {
  const info = await node.vestibule.redis!.info('commandstats');
  return Object.fromEntries(commands.map((c) => [c, Number(new RegExp(`^cmdstat_${c}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0)]));
}

async function admittedAcross(a: FastifyInstance, b: FastifyInstance, v: Visit) {
  const provider = await WsClient.join(a, v.appointmentId, v.providerToken, real);
  const client = await WsClient.join(b, v.appointmentId, v.clientToken, real);
  await provider.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.online && p.admission === 'waiting')));
  provider.send({ type: 'admit', participantId: v.clientId });
  await client.next(isType('admission', (m) => m.admission === 'admitted'));
  await client.next(isType('peer-joined', (m) => m.peerId === v.providerId));
  await provider.next(isType('peer-joined', (m) => m.peerId === v.clientId));
  return { provider, client };
}

describe('two nodes, one visit', () => {
  it('share the link secret, the waiting room, admission, signals, chat, media state and the end of the session', async () => {
    const [a, b] = await twoNodes();
    expect(Buffer.from(a.vestibule.secrets.linkKey)).toEqual(Buffer.from(b.vestibule.secrets.linkKey));
    const v = await createVisit(a);
    const { provider, client } = await admittedAcross(a, b, v);

    client.send({ type: 'signal', to: v.providerId, description: { type: 'offer', sdp: 'v=0\r\n' } });
    const relayed = await provider.next<ServerMessageOf<'signal'>>(isType('signal'));
    expect(relayed.from).toBe(v.clientId);
    provider.send({ type: 'signal', to: v.clientId, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' } });
    await client.next(isType('signal', (m) => m.from === v.providerId));

    client.send({ type: 'chat', channel: 'call', text: 'hello from node b' });
    expect((await provider.next<ServerMessageOf<'chat'>>(isType('chat'))).text).toBe('hello from node b');
    client.send({ type: 'media-state', audio: true, video: false, screen: false });
    await provider.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.media?.video === false)));

    provider.send({ type: 'end-session' });
    await client.next(isType('session-ended'));
    expect((await client.closed()).code).toBe(4004);
    expect((await b.vestibule.store.participant(v.clientId))!.admission).toBe('invited');
  });

  it('a client rejoining a session restarted on the other node is let in before this node hears of the restart', async () => {
    const [, b] = await twoNodes();
    const v = await createVisit(b);
    const provider = await WsClient.join(b, v.appointmentId, v.providerToken, real);
    const client = await WsClient.join(b, v.appointmentId, v.clientToken, real);
    provider.send({ type: 'end-session' });
    expect((await client.closed()).code).toBe(4004);
    // Node a started the session again; its message to node b is still on the way (written straight
    // to the shared database here, so it never arrives): node b still holds the visit as ended.
    await b.vestibule.store.setEndedAt(v.appointmentId, null);
    const again = await WsClient.tryJoin(b, v.appointmentId, v.clientToken, real);
    expect(again.joinReply).toMatchObject({ type: 'welcome', appointment: { endedAt: null } });
    await provider.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.online)));
  });

  it('a client whose socket drops is announced as reconnecting, and comes back through the other node still admitted', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { provider, client } = await admittedAcross(a, b, v);
    const mark = provider.frames.length;
    client.ws.terminate();
    const left = await provider.next<ServerMessageOf<'peer-left'>>(isType('peer-left'), mark);
    expect(left).toMatchObject({ peerId: v.clientId, reconnecting: true });
    const back = await WsClient.join(a, v.appointmentId, v.clientToken, real);
    expect(back.frames[0]).toMatchObject({ type: 'welcome', self: { admission: 'admitted' } });
    await provider.next(
      isType('peer-joined', (m) => m.peerId === v.clientId),
      mark,
    );
  });

  it('a link opened on the other node while still open on the first: the newer connection is welcomed, the older one is told and closed', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { provider, client: older } = await admittedAcross(a, b, v);
    const mark = provider.frames.length;
    const newer = await WsClient.join(a, v.appointmentId, v.clientToken, real);
    expect(newer.frames[0]).toMatchObject({ type: 'welcome', self: { id: v.clientId, admission: 'admitted' } });
    expect(await older.next(isType('error'))).toMatchObject({ code: 'replaced', fatal: true });
    expect((await older.closed()).code).toBe(4001);
    await provider.next(
      isType('peer-joined', (m) => m.peerId === v.clientId),
      mark,
    );
    expect(a.vestibule.hub.online(v.appointmentId).sort()).toEqual([v.providerId, v.clientId].sort());
  });

  it('a node taken for dead while still alive (a long pause) introduces its people again to their peers', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { client } = await admittedAcross(a, b, v);
    const introduced = await client.next<ServerMessageOf<'peer-joined'>>(isType('peer-joined'));
    const mark = client.frames.length;
    // What node b's reaper publishes when node a's mark lapses: node a's provider is offline.
    const reaper = new Redis(redis.url);
    const presence = { participantId: v.providerId, node: 'node-a', session: introduced.session };
    await reaper.publish(`vst:v:${v.appointmentId}`, JSON.stringify({ from: 'node-b', event: { kind: 'offline', presence } }));
    reaper.disconnect();
    // Node a still holds that socket: it says so again and the client hears the provider is back, same session.
    const again = await client.next<ServerMessageOf<'peer-joined'>>(
      isType('peer-joined', (m) => m.peerId === v.providerId),
      mark,
    );
    expect(again.session).toBe(introduced.session);
    await client.next(
      isType('roster', (m) => m.participants.some((p) => p.id === v.providerId && p.online)),
      mark,
    );
  });

  it('the waiting-room notice posted on one node reaches those waiting on the other, also when they arrive later', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const provider = await WsClient.join(a, v.appointmentId, v.providerToken, real);
    provider.send({ type: 'waiting-notice', notice: { kind: 'minutes', minutes: 15 } });
    await provider.next(isType('waiting-notice'));
    // Node b holds nobody in the visit yet: the notice comes from the shared state when the client arrives.
    const client = await WsClient.join(b, v.appointmentId, v.clientToken, real);
    const got = await client.next<ServerMessageOf<'waiting-notice'>>(isType('waiting-notice'));
    expect(got.notice).toEqual({ kind: 'minutes', minutes: 15 });
    const mark = client.frames.length;
    provider.send({ type: 'waiting-notice', notice: { kind: 'text', text: 'Two more minutes' } });
    const changed = await client.next<ServerMessageOf<'waiting-notice'>>(isType('waiting-notice'), mark);
    expect(changed.notice).toEqual({ kind: 'text', text: 'Two more minutes' });
  });

  it("the provider's switch for the automatic video pause holds on the other node, also for those who arrive later", async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const provider = await WsClient.join(a, v.appointmentId, v.providerToken, real);
    provider.send({ type: 'audio-first', on: false });
    await provider.next(isType('audio-first'));
    // Node b holds nobody in the visit yet: the setting comes from the shared state with the welcome.
    const client = await WsClient.join(b, v.appointmentId, v.clientToken, real);
    const welcome = await client.next<ServerMessageOf<'welcome'>>(isType('welcome'));
    expect(welcome.audioFirst).toBe(false);
    const mark = client.frames.length;
    provider.send({ type: 'audio-first', on: true });
    expect((await client.next<ServerMessageOf<'audio-first'>>(isType('audio-first'), mark)).on).toBe(true);
  });

  it('revoking a link on one node disconnects the person using it on the other', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { client } = await admittedAcross(a, b, v);
    await a.vestibule.links.revokeAllFor(v.clientId);
    const err = await client.next<ServerMessageOf<'error'>>(isType('error', (m) => m.code === 'link_revoked'));
    expect(err.fatal).toBe(true);
    expect((await client.closed()).code).toBe(4000);
  });

  it('cancelling on one node shows the cancelled page to the client on the other', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { client } = await admittedAcross(a, b, v);
    await a.vestibule.practice.schedule.cancel(v.appointmentId, Date.now());
    await a.vestibule.links.revokeAllFor(v.clientId);
    const err = await client.next<ServerMessageOf<'error'>>(isType('error', (m) => m.code === 'visit_cancelled'));
    expect(err.fatal).toBe(true);
  });

  it('a short link made on one node opens the visit on the other, and is refused there once revoked', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { store, links } = a.vestibule;
    const issued = await new ShortLinks(a.vestibule.database.db, links).issue(
      (await store.appointment(v.appointmentId))!,
      (await store.participant(v.clientId))!,
    );
    const exchange = async () => (await b.inject({ method: 'POST', url: '/api/visit-code', payload: { code: issued.code } })).json();
    const { token } = await exchange();
    const client = await WsClient.join(b, v.appointmentId, token, real);
    await a.vestibule.links.revokeAllFor(v.clientId);
    await client.next(isType('error', (m) => m.code === 'link_revoked'));
    const again = await WsClient.tryJoin(b, v.appointmentId, (await exchange()).token);
    expect(again.frames[0]).toMatchObject({ type: 'error', code: 'link_revoked', fatal: true });
  });

  it('a node that starts holding a visit subscribes to it once and reads its shared state once', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    await WsClient.join(a, v.appointmentId, v.providerToken, real);
    const before = await commandCalls(a, ['subscribe', 'hgetall']);
    await WsClient.join(b, v.appointmentId, v.clientToken, real);
    const after = await commandCalls(a, ['subscribe', 'hgetall']);
    expect({ subscribe: after.subscribe! - before.subscribe!, hgetall: after.hgetall! - before.hgetall! }).toEqual({
      subscribe: 1,
      hgetall: 1,
    });
  });

  it('sends a change to a visit (its shared state and the message to the other nodes) as one command', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { provider, client } = await admittedAcross(a, b, v);
    // MONITOR lists what clients send; commands a script runs are listed too, marked as the script's.
    const watch = await watchCommands(redis.url, (args) => {
      const aboutMedia = args.some((arg) => arg.includes(`m:${v.clientId}`) || arg.includes('"kind":"media"'));
      return aboutMedia && args.some((arg) => arg.includes(v.appointmentId));
    });
    // Near its end, as if the visit had been quiet for most of a day.
    await a.vestibule.redis!.expire(`vst:visit:${v.appointmentId}`, 100);
    client.send({ type: 'media-state', audio: true, video: false, screen: false });
    await provider.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.media?.video === false)));
    await watch.stop();
    // Before: HSET, then PUBLISH. Now the change script (EVALSHA, or EVAL on its connection's first use).
    expect(watch.sent.map((args) => args[0]!.toLowerCase().replace(/^evalsha$/, 'eval'))).toEqual(['eval']);
    const state = await a.vestibule.bus.sharedState(v.appointmentId);
    expect(state.media[v.clientId]).toEqual({ audio: true, video: false, screen: false });
    // The change renewed the expiry: the visit's state outlives its last change by a day.
    expect(await a.vestibule.redis!.ttl(`vst:visit:${v.appointmentId}`)).toBeGreaterThan(3600);
  });

  it('counts the socket rate limit across nodes', async () => {
    const [a, b] = await twoNodes({ WS_UPGRADES_PER_MINUTE: '3' });
    // Earlier tests opened sockets from this address within the minute: start the count afresh.
    await a.vestibule.redis!.flushdb();
    expect([await upgradeStatus(a), await upgradeStatus(b), await upgradeStatus(a)]).toEqual([101, 101, 101]);
    expect(await upgradeStatus(b)).toBe(429);
  });

  it("asks Redis once, when a socket opens, for both of its address's counts (sockets, refused links)", async () => {
    const [a] = await twoNodes();
    const watch = await watchCommands(redis.url, (args) => args.some((arg) => arg.includes('127.0.0.1')));
    expect(await upgradeStatus(a)).toBe(101);
    await watch.stop();
    // Before: @fastify/rate-limit's count, then a GET of the refused links: two round trips.
    expect(watch.sent.map((args) => args[0]!.toLowerCase().replace(/^evalsha$/, 'eval'))).toEqual(['eval']);
  });

  it('refuses a socket over the limit from the same one round trip: its retry-after needs no second read', async () => {
    const [a] = await twoNodes({ WS_UPGRADES_PER_MINUTE: '1' });
    await a.vestibule.redis!.flushdb();
    expect(await upgradeStatus(a)).toBe(101);
    const watch = await watchCommands(redis.url, (args) => args.some((arg) => arg.includes('127.0.0.1')));
    expect(await upgradeStatus(a)).toBe(429);
    await watch.stop();
    expect(watch.sent.map((args) => args[0]!.toLowerCase().replace(/^evalsha$/, 'eval'))).toEqual(['eval']);
  });

  it('counts joins per link across nodes, in a count that Redis forgets after its window', async () => {
    // The count's window is the minute of the service's clock: held still, so the joins cannot straddle two.
    const startedAt = Date.now();
    const [a, b] = await twoNodes({ WS_JOINS_PER_MINUTE_PER_LINK: '2' }, { now: () => startedAt });
    await a.vestibule.redis!.flushdb();
    const v = await createVisit(a);
    await WsClient.join(a, v.appointmentId, v.clientToken, real);
    await WsClient.join(b, v.appointmentId, v.clientToken, real);
    const third = await WsClient.tryJoin(a, v.appointmentId, v.clientToken, real);
    expect(third.frames[0]).toMatchObject({ type: 'error', code: 'rate_limited', fatal: true });
    const [key] = await a.vestibule.redis!.keys('vst:count:joins:*');
    expect(await a.vestibule.redis!.get(key!)).toBe('3');
    expect(await a.vestibule.redis!.pttl(key!)).toBeGreaterThan(60_000);
  });

  it('survives a Redis restart: the next frames flow once it is back', async () => {
    const [a, b] = await twoNodes();
    const v = await createVisit(a);
    const { provider, client } = await admittedAcross(a, b, v);
    await redis.kill();
    await redis.restart();
    await expect
      .poll(
        async () => {
          client.send({ type: 'chat', channel: 'call', text: 'after the restart' });
          return provider.frames.some((m) => m.type === 'chat' && m.text === 'after the restart');
        },
        { timeout: 15_000, message: 'chat from node b reaching node a after Redis came back' },
      )
      .toBe(true);
    // The shared state was rebuilt: a third node starting to follow the visit sees both people online.
    await expect
      .poll(async () => (await b.vestibule.bus.sharedState(v.appointmentId)).presence.map((p) => p.participantId).sort(), {
        timeout: 10_000,
        message: 'both participants republished into the new Redis',
      })
      .toEqual([v.providerId, v.clientId].sort());
  });
});

describe('shutdown', () => {
  it('closes every page with 1001 (going away), so it reconnects', async () => {
    const t = await testApp();
    const v = await createVisit(t.app);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, real);
    await t.app.close();
    expect((await client.closed()).code).toBe(1001);
  });
});
