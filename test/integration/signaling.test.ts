// The signaling server with real WebSocket clients (app.injectWS), a fresh app per test.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../shared/constants.js';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, ENGINES, testApp, type TestApp } from '../support/app.js';
import { inCall } from '../support/in-call.js';
import { WsClient, isType } from '../support/ws-client.js';
import { CLOSE_TRY_AGAIN, MAX_EARLY_FRAMES, SOCKET_FRAME_BURST } from '../../server/signaling/socket-session.js';

let t: TestApp;
afterEach(async () => t?.app.close());

/**
 * Holds the save of one participant's next join (the waiting room's 'join' transition) until
 * released; `reached` resolves once the hub is waiting on it.
 */
function holdJoinSave(app: TestApp['app'], participantId: string): { reached: Promise<void>; release: () => void } {
  const room = app.vestibule.waitingRoom;
  const transition = room.transition.bind(room);
  let arrived!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  room.transition = async (participant, event, ...rest) => {
    if (participant.id === participantId && event === 'join') {
      room.transition = transition;
      arrived();
      await gate;
    }
    return transition(participant, event, ...rest);
  };
  return { reached, release };
}

/** Opens a socket for the visit's provider or client and says hello, their join's save held until `save.release()`. */
async function helloWithSaveHeld(app: TestApp['app'], v: Awaited<ReturnType<typeof createVisit>>, who: 'provider' | 'client') {
  const save = holdJoinSave(app, who === 'provider' ? v.providerId : v.clientId);
  const socket = await WsClient.open(app);
  socket.send({
    type: 'hello',
    version: PROTOCOL_VERSION,
    appointmentId: v.appointmentId,
    token: who === 'provider' ? v.providerToken : v.clientToken,
  });
  await save.reached;
  return { socket, save };
}

const errorCode = (code: string) => isType('error', (m) => m.code === code);
const SDP = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' } as const;

describe.each(ENGINES)('signaling on %s', (engine) => {
  describe('joining', () => {
    it('welcomes a client into the waiting room and shows them to the provider', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      const welcome = client.frames[0] as ServerMessageOf<'welcome'>;
      expect(welcome).toMatchObject({ type: 'welcome', self: { id: v.clientId, role: 'client', admission: 'waiting' } });
      expect(welcome.appointment.providerName).toBe('Dr. Okafor');
      const roster = await provider.next<ServerMessageOf<'roster'>>(
        isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.online)),
      );
      expect(roster.participants.find((p) => p.id === v.clientId)).toMatchObject({ admission: 'waiting', displayName: 'Sam Patient' });
    });

    it('a token for appointment A cannot join appointment B', async () => {
      t = await testApp({}, { engine });
      const a = await createVisit(t.app);
      const b = await createVisit(t.app);
      const c = await WsClient.tryJoin(t.app, b.appointmentId, a.clientToken);
      expect(c.frames[0]).toMatchObject({ type: 'error', code: 'link_wrong_appointment', fatal: true });
      expect((await c.closed()).code).toBe(4000);
      expect(t.app.vestibule.hub.online(b.appointmentId)).toEqual([]);
    });

    it.each([
      ['too early', { startsInMin: 120 }, 'link_too_early'],
      ['expired', { startsInMin: -120, minutes: 60 }, 'link_expired'],
    ] as const)('refuses a link that is %s, with a reason', async (_label, when, code) => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app, when);
      const c = await WsClient.tryJoin(t.app, v.appointmentId, v.clientToken);
      expect(c.frames[0]).toMatchObject({ type: 'error', code, fatal: true });
      if (code === 'link_too_early') expect((c.frames[0] as ServerMessageOf<'error'>).opensAt).toBeGreaterThan(Date.now());
    });

    it('refuses a revoked link', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      await t.app.vestibule.links.revokeAllFor(v.clientId);
      const c = await WsClient.tryJoin(t.app, v.appointmentId, v.clientToken);
      expect(c.frames[0]).toMatchObject({ type: 'error', code: 'link_revoked' });
    });

    it('requires hello first and answers ping without a link', async () => {
      t = await testApp({}, { engine });
      const c = await WsClient.open(t.app);
      expect(await c.request({ type: 'ping', t: 42 }, isType('pong'))).toEqual({ type: 'pong', t: 42 });
      expect(await c.request({ type: 'ready', ready: true }, isType('error'))).toMatchObject({ code: 'hello_required' });
    });

    it('rejects an unknown protocol version', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const c = await WsClient.open(t.app);
      const err = await c.request({ type: 'hello', version: 99, appointmentId: v.appointmentId, token: v.clientToken }, isType('error'));
      expect(err).toMatchObject({ code: 'unsupported_version', fatal: true });
    });

    // The hub claims a seat before it saves the join, so frames for the newcomer can arrive while the
    // save runs. These tests hold that save open on a gate to make the race happen every time.
    it('answers hello with the welcome first, even when a roster went out while the join was being saved', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { socket: provider, save } = await helloWithSaveHeld(t.app, v, 'provider');
      // A client arrives meanwhile: the hub sends everyone in the visit a roster.
      await WsClient.join(t.app, v.appointmentId, v.clientToken);
      save.release();
      await provider.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.online)));
      expect(provider.frames[0]).toMatchObject({ type: 'welcome', self: { id: v.providerId } });
    });

    it('welcomes and then closes (1013, try again) a newcomer for whom too many frames piled up while its join was saved', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { socket: provider, save } = await helloWithSaveHeld(t.app, v, 'provider');
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      // Each media-state sends everyone a roster: more than the cap of them wait for the provider's welcome.
      for (let i = 0; i <= MAX_EARLY_FRAMES; i++) client.send({ type: 'media-state', audio: i % 2 === 0, video: true, screen: false });
      await client.request({ type: 'ping', t: 1 }, isType('pong'));
      save.release();
      expect((await provider.closed()).code).toBe(CLOSE_TRY_AGAIN);
      expect(provider.frames[0]).toMatchObject({ type: 'welcome', self: { id: v.providerId } });
      expect(provider.frames.length).toBeLessThanOrEqual(1 + MAX_EARLY_FRAMES + 1);
    });

    it('tells a client who was joining when the provider ended the session that it has ended, as the answer to hello', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const { socket: client, save } = await helloWithSaveHeld(t.app, v, 'client');
      provider.send({ type: 'end-session' });
      await provider.next(isType('session-ended'));
      save.release();
      const reply = await client.next((m) => m.type === 'welcome' || m.type === 'error', { what: 'the answer to hello' });
      expect(reply).toMatchObject({ type: 'error', code: 'session_ended', fatal: true });
      expect(client.frames[0]).toBe(reply);
      expect((await client.closed()).code).toBe(4000);
    });
  });

  describe('admission and relay', () => {
    it('a client cannot signal before admission; after admission signals are relayed with the sender stamped', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);

      const refused = await client.request({ type: 'signal', to: v.providerId, description: SDP }, errorCode('not_admitted'));
      expect(refused.type).toBe('error');
      expect(provider.frames.some((m) => m.type === 'signal')).toBe(false);
      // Nor can the provider push media at a client who is still waiting.
      await provider.request({ type: 'signal', to: v.clientId, description: SDP }, errorCode('unknown_participant'));

      const from = client.frames.length;
      provider.send({ type: 'admit', participantId: v.clientId });
      await client.next(
        isType('admission', (m) => m.admission === 'admitted'),
        from,
      );
      const joined = await client.next<ServerMessageOf<'peer-joined'>>(isType('peer-joined'), from);
      expect(joined).toMatchObject({ peerId: v.providerId, polite: true });
      // The introduction comes first, so the page opens its peer connection before it redraws for the call.
      const order = client.frames.slice(from).map((m) => m.type);
      expect(order.indexOf('peer-joined')).toBeLessThan(order.indexOf('admission'));
      const providerJoined = await provider.next<ServerMessageOf<'peer-joined'>>(isType('peer-joined'));
      expect(providerJoined).toMatchObject({ peerId: v.clientId, polite: false });

      // A forged `from` is ignored: the server stamps the real sender.
      client.send({ type: 'signal', to: v.providerId, from: 'someone-else', description: SDP });
      await client.next(errorCode('bad_frame'), from);
      client.send({ type: 'signal', to: v.providerId, description: SDP });
      const relayed = await provider.next<ServerMessageOf<'signal'>>(isType('signal'));
      expect(relayed).toMatchObject({ from: v.clientId, session: providerJoined.session, description: SDP });
    });

    it('relays a signal as the page wrote it, after the sender the server stamps; written any other way, re-serialised', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      // Real sockets, as in a visit: the relayed signal is written from the bytes the sender sent.
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken, { real: true });
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
      provider.send({ type: 'admit', participantId: v.clientId });
      const { session } = await provider.next<ServerMessageOf<'peer-joined'>>(isType('peer-joined'));
      await client.next(isType('peer-joined'));
      const stamp = `{"type":"signal","from":${JSON.stringify(v.clientId)},"session":${JSON.stringify(session)},`;

      // As the page writes it. An escape JSON.stringify would not write (\u00e9) and a character
      // outside ASCII arrive untouched: the bytes were passed on, not parsed and written again.
      const members = '"description":{"type":"offer","sdp":"v=0\\r\\na=tool:caf\\u00e9 \u00e9t\u00e9\\r\\n"}}';
      let from = provider.frames.length;
      client.send(`{"type":"signal","to":${JSON.stringify(v.providerId)},${members}`);
      await provider.next(isType('signal'), from);
      expect(provider.texts[from]).toBe(stamp + members);
      expect(provider.frames[from]).toEqual({
        type: 'signal',
        from: v.clientId,
        session,
        description: { type: 'offer', sdp: 'v=0\r\na=tool:caf\u00e9 \u00e9t\u00e9\r\n' },
      });

      // Members in another order, or spaces: the frame is read and written out by the server.
      from = provider.frames.length;
      client.send(` { "candidate" : null, "to" : ${JSON.stringify(v.providerId)}, "type" : "signal" } `);
      await provider.next(isType('signal'), from);
      expect(provider.texts[from]).toBe(`${stamp}"candidate":null}`);

      // A second `to` behind the first: JSON.parse takes the last, so the opening is not the one
      // expected and nothing of the text is passed on.
      from = provider.frames.length;
      client.send(`{"type":"signal","to":"someone-else","candidate":null,"to":${JSON.stringify(v.providerId)}}`);
      await provider.next(isType('signal'), from);
      expect(provider.texts[from]).toBe(`${stamp}"candidate":null}`);
    });

    it('only the provider can admit or remove', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const appt = (await t.app.vestibule.store.appointment(v.appointmentId))!;
      const other = await t.app.vestibule.store.addParticipant(v.appointmentId, 'client', 'Second');
      const otherToken = await t.app.vestibule.links.issue(appt, other);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      await WsClient.join(t.app, v.appointmentId, otherToken);
      await client.request({ type: 'admit', participantId: other.id }, errorCode('forbidden'));
      await client.request({ type: 'admit', participantId: v.clientId }, errorCode('forbidden'));
      await client.request({ type: 'remove', participantId: other.id }, errorCode('forbidden'));
      expect((await t.app.vestibule.store.participant(other.id))!.admission).toBe('waiting');
      expect((await t.app.vestibule.store.participant(v.clientId))!.admission).toBe('waiting');
    });

    it('the provider cannot admit someone from another appointment', async () => {
      t = await testApp({}, { engine });
      const a = await createVisit(t.app);
      const b = await createVisit(t.app);
      await WsClient.join(t.app, b.appointmentId, b.clientToken);
      const provider = await WsClient.join(t.app, a.appointmentId, a.providerToken);
      await provider.request({ type: 'admit', participantId: b.clientId }, errorCode('unknown_participant'));
      expect((await t.app.vestibule.store.participant(b.clientId))!.admission).toBe('waiting');
    });

    it('a client who reconnects after admission is back in the call without a new admission', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const first = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
      provider.send({ type: 'admit', participantId: v.clientId });
      await first.next(isType('peer-joined'));
      first.close();
      await provider.next(isType('peer-left'));
      const mark = provider.frames.length;
      const again = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      expect(again.frames[0]).toMatchObject({ type: 'welcome', self: { admission: 'admitted' } });
      await again.next(isType('peer-joined', (m) => m.peerId === v.providerId));
      await provider.next(
        isType('peer-joined', (m) => m.peerId === v.clientId),
        mark,
      );
    });

    it('removing a waiting client tells them and closes their socket', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      provider.send({ type: 'remove', participantId: v.clientId });
      await client.next(isType('admission', (m) => m.admission === 'removed'));
      expect((await client.closed()).code).toBe(4003);
      expect((await t.app.vestibule.store.auditTrail(v.appointmentId)).map((e) => e.event)).toContain('removed');
    });

    it('opening the same link twice keeps the newest connection', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const first = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      await WsClient.join(t.app, v.appointmentId, v.clientToken);
      await first.next(errorCode('replaced'));
      expect((await first.closed()).code).toBe(4001);
      expect(t.app.vestibule.hub.online(v.appointmentId)).toEqual([v.clientId]);
    });
  });

  describe('bad input', () => {
    it('answers malformed, oversized, binary and unknown frames with an error and keeps serving', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const c = await WsClient.tryJoin(t.app, v.appointmentId, v.clientToken);
      await c.request('{not json', errorCode('bad_json'));
      await c.request('[1,2]', errorCode('bad_frame'));
      await c.request({ type: 'launch-missiles' }, errorCode('bad_frame'));
      await c.request({ type: 'ready' }, errorCode('bad_frame'));
      await c.request({ type: 'ready', ready: 'yes' }, errorCode('bad_frame'));
      await c.request({ type: 'admit', participantId: '../../etc' }, errorCode('bad_frame'));
      await c.request(
        { type: 'signal', to: v.providerId, description: { type: 'offer', sdp: 'x'.repeat(MAX_FRAME_BYTES + 10) } },
        errorCode('frame_too_large'),
      );
      const binFrom = c.frames.length;
      c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      await c.next(errorCode('bad_frame'), binFrom);
      // Still alive and still serving this socket and others.
      expect(await c.request({ type: 'ping', t: 7 }, isType('pong'))).toMatchObject({ t: 7 });
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      expect(provider.frames[0]?.type).toBe('welcome');
    });

    it('error messages never echo the frame (which may hold a token)', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const c = await WsClient.open(t.app);
      const err = await c.request(
        { type: 'hello', version: 1, appointmentId: v.appointmentId, token: v.clientToken, extra: 1 },
        isType('error'),
      );
      expect(JSON.stringify(err)).not.toContain(v.clientToken);
      expect(t.logs()).not.toContain(v.clientToken);
    });

    it('rate-limits a flood without dropping the socket', async () => {
      // The socket's clock stands still (only Date is faked; timers and I/O run as usual), so the flood
      // meets a full bucket that never refills: exactly its capacity is served. The clock is then moved
      // on by the wait the server names, rather than the test sleeping through it.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        t = await testApp({}, { engine });
        const c = await WsClient.open(t.app);
        for (let i = 0; i < 150; i++) c.send({ type: 'ping', t: i });
        // Every frame is answered, a pong or a refusal: none is dropped silently.
        const answered = (m: { type: string }) => m.type === 'pong' || m.type === 'error';
        await c.next(() => c.frames.filter(answered).length >= 150);
        const refusals = c.frames.filter((m) => m.type === 'error' && m.code === 'rate_limited') as ServerMessageOf<'error'>[];
        expect(c.frames.filter((m) => m.type === 'pong')).toHaveLength(SOCKET_FRAME_BURST);
        expect(refusals).toHaveLength(150 - SOCKET_FRAME_BURST);
        // Not a moment before the wait the server names, the same socket is served again.
        const wait = refusals.at(-1)?.retryAfterMs ?? 0;
        expect(wait).toBeGreaterThan(0);
        const floodAt = Date.now();
        vi.setSystemTime(floodAt + wait - 1);
        expect(await c.request({ type: 'ping', t: 999 }, isType('error'))).toMatchObject({ code: 'rate_limited' });
        vi.setSystemTime(floodAt + wait);
        expect(await c.request({ type: 'ping', t: 1000 }, isType('pong'))).toEqual({ type: 'pong', t: 1000 });
        expect(c.ws.readyState).toBe(c.ws.OPEN);
      } finally {
        vi.useRealTimers();
      }
    });

    it('never logs tokens, names or SDP', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { provider, client } = await inCall(t.app, v);
      client.send({ type: 'signal', to: v.providerId, description: SDP });
      await provider.next(isType('signal'));
      const logs = t.logs();
      expect(logs).toContain('admission waiting -> admitted');
      for (const secret of [v.clientToken, v.providerToken, 'Sam Patient', 'Dr. Okafor', 'v=0']) expect(logs).not.toContain(secret);
    });
  });

  describe('heartbeat', () => {
    it('drops a socket that stops answering pings', async () => {
      t = await testApp({ HEARTBEAT_MS: '200' }, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken, { real: true });
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
      provider.send({ type: 'admit', participantId: v.clientId });
      await client.next(isType('peer-joined'));
      // Simulate a dead peer: stop answering the server's pings.
      (client.ws as unknown as { _autoPong: boolean })._autoPong = false;
      expect((await client.closed()).code).toBe(1006);
      await provider.next(isType('peer-left', (m) => m.peerId === v.clientId));
      // The provider, who answers pings, is still there.
      expect(t.app.vestibule.hub.online(v.appointmentId)).toEqual([v.providerId]);
    });

    it('does not ping a socket whose page pings on its own, and still pings a silent one', async () => {
      t = await testApp({ HEARTBEAT_MS: '300' }, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken, { real: true });
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
      const pingsTo = (c: WsClient) => {
        const seen = { count: 0 };
        c.ws.on('ping', () => seen.count++);
        return seen;
      };
      const toProvider = pingsTo(provider);
      const toClient = pingsTo(client);
      // The provider's page pings every 100 ms, as pages do every half interval; the client is silent.
      const start = Date.now();
      const pinger = setInterval(() => provider.send({ type: 'ping', t: Date.now() }), 100);
      try {
        // A pong to a ping sent five intervals after the start: every socket was due a ping four times.
        await provider.next(
          isType('pong', (m) => m.t >= start + 1500),
          { timeoutMs: 5000 },
        );
        expect(toClient.count).toBeGreaterThan(0);
        expect(toProvider.count).toBe(0);
        expect(t.app.vestibule.hub.online(v.appointmentId).sort()).toEqual([v.providerId, v.clientId].sort());
      } finally {
        clearInterval(pinger);
      }
    });
  });
});
