// Noticing dead nodes, with a fake bus and fake timers: a node whose mark lapsed is dead and its
// people's peers hear they are reconnecting; but right after a bus outage the marks prove nothing (Redis
// may be back empty, and the other node puts its mark back only once it reconnects too).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NODE_TTL_MS } from '../../server/bus/redis-bus.js';
import type { BusListener, Presence, SharedVisitState, VisitBus, VisitEvent } from '../../server/bus/types.js';
import { type Connection, LiveVisit } from '../../server/signaling/live-visit.js';
import { RemoteConnection } from '../../server/signaling/remote-connection.js';
import { type ReplicaHost, VisitReplicas } from '../../server/signaling/visit-replicas.js';
import { chat } from '../../server/signaling/handlers/chat.js';
import { CLOSE_SESSION_ENDED, endSession } from '../../server/signaling/handlers/session.js';
import type { HandlerContext } from '../../server/signaling/handlers/types.js';
import type { Participant } from '../../server/store/appointments.js';

class FakeBus implements VisitBus {
  readonly nodeId = 'node-0';
  readonly shared = true;
  alive = new Set<string>();
  listen(_listener: BusListener): void {}
  async follow(): Promise<void> {}
  async sharedState(): Promise<SharedVisitState> {
    return { presence: [], media: {}, summaries: {}, notice: null, audioFirst: true };
  }
  unfollow(): void {}
  published: VisitEvent[] = [];
  publish(_appointmentId: string, event: VisitEvent): void {
    this.published.push(event);
  }
  deliver(): void {}
  async aliveNodes(nodes: string[]): Promise<Set<string>> {
    return new Set(nodes.filter((n) => this.alive.has(n)));
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

/** This node's own socket for `participantId`, recording what it is sent. */
function ownSocket(participantId: string): Connection & { frames: unknown[] } {
  const frames: unknown[] = [];
  return {
    session: `s-${participantId}`,
    participantId,
    appointmentId: 'a1',
    frames,
    send: (m) => void frames.push(m),
    forward: () => undefined,
    close: () => undefined,
  };
}

/** A participant of visit a1 as the store has them. */
const person = (id: string, admission: Participant['admission'], role: Participant['role'] = 'client'): Participant => ({
  id,
  appointmentId: 'a1',
  role,
  displayName: id,
  admission,
  waitingSince: null,
  ready: false,
});

let bus: FakeBus;
let visit: LiveVisit;
let lost: Presence[];
let reintroduced: Connection[];
let detached: Connection[];
let replicas: VisitReplicas;

beforeEach(() => {
  vi.useFakeTimers();
  bus = new FakeBus();
  visit = new LiveVisit({ id: 'a1', title: 'T', startsAt: 0, endsAt: 1, endedAt: null }, [], () => undefined);
  visit.applyOnline(new RemoteConnection('a1', { participantId: 'c1', node: 'node-1', session: 's1' }, bus));
  lost = [];
  reintroduced = [];
  detached = [];
  const host: ReplicaHost = {
    visit: () => visit,
    visits: () => [visit],
    broadcastRoster: () => undefined,
    holdIfLoading: () => false,
    refreshLocation: () => undefined,
    peerLost: (_v, presence) => lost.push(presence),
    reintroduce: (_v, conn) => reintroduced.push(conn),
    detach: (conn) => {
      detached.push(conn);
      visit.disconnect(conn, { participantId: conn.participantId, node: 'node-0', session: conn.session });
    },
  };
  replicas = new VisitReplicas(bus, host);
});

afterEach(() => {
  replicas.stop();
  vi.useRealTimers();
});

describe('VisitReplicas: dead nodes', () => {
  it("takes a node whose mark lapsed for dead: its people's peers hear they are reconnecting", async () => {
    await vi.advanceTimersByTimeAsync(2000);
    expect(lost).toEqual([{ participantId: 'c1', node: 'node-1', session: 's1' }]);
    expect(visit.connections.has('c1')).toBe(false);
  });

  it('leaves the people of a live node alone', async () => {
    bus.alive.add('node-1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lost).toEqual([]);
  });

  it('judges nobody for a mark lifetime after the bus came back, while the other nodes put their marks back', async () => {
    replicas.onReconnected();
    await vi.advanceTimersByTimeAsync(NODE_TTL_MS - 100);
    expect(lost).toEqual([]);
    expect(visit.connections.has('c1')).toBe(true);
    // Still no mark a full lifetime later: that node really is gone.
    await vi.advanceTimersByTimeAsync(2100);
    expect(lost).toHaveLength(1);
  });
});

describe('VisitReplicas: taken for dead while alive', () => {
  const local: Connection = {
    session: 'mine',
    participantId: 'p1',
    appointmentId: 'a1',
    send: () => undefined,
    forward: () => undefined,
    close: () => undefined,
  };
  const mine = { participantId: 'p1', node: 'node-0', session: 'mine' };

  it('says again that its socket is here and introduces it again when another node drops it after a pause', () => {
    visit.connect(local, mine);
    bus.published = [];
    replicas.onVisitEvent('a1', { kind: 'offline', presence: mine });
    expect(visit.connections.get('p1')).toBe(local);
    expect(bus.published).toContainEqual({ kind: 'online', presence: mine });
    expect(reintroduced).toEqual([local]);
  });

  it('ignores the drop of a connection it no longer holds (an older session)', () => {
    visit.connect(local, mine);
    bus.published = [];
    replicas.onVisitEvent('a1', { kind: 'offline', presence: { ...mine, session: 'older' } });
    expect(bus.published).toEqual([]);
    expect(reintroduced).toEqual([]);
  });
});

describe('VisitReplicas: a change told as a frame reaches those the other node did not know yet', () => {
  it('the node that takes the change names whom it told on other nodes', () => {
    const synced: VisitEvent[] = [];
    const origin = new LiveVisit({ id: 'a1', title: 'T', startsAt: 0, endsAt: 1, endedAt: null }, [], (e) => synced.push(e));
    origin.applyOnline(new RemoteConnection('a1', { participantId: 'c1', node: 'node-1', session: 's1' }, bus));
    const own = ownSocket('p1');
    origin.connect(own, { participantId: 'p1', node: 'node-0', session: own.session });
    origin.setAudioFirst(false, 'p1');
    origin.setNotice({ notice: { kind: 'minutes', minutes: 5 }, at: 7 });
    origin.setNotice(null, false);
    expect(synced.filter((e) => e.kind === 'audio-first' || e.kind === 'notice')).toEqual([
      { kind: 'audio-first', on: false, by: 'p1', told: ['c1'] },
      { kind: 'notice', notice: { notice: { kind: 'minutes', minutes: 5 }, at: 7 }, told: ['c1'] },
      { kind: 'notice', notice: null },
    ]);
  });

  it('each other node sends it to its own sockets the origin did not tell, and only to them', () => {
    const known = ownSocket('c1');
    const newcomer = ownSocket('c2');
    visit.connect(known, { participantId: 'c1', node: 'node-0', session: known.session });
    visit.connect(newcomer, { participantId: 'c2', node: 'node-0', session: newcomer.session });
    replicas.onVisitEvent('a1', { kind: 'audio-first', on: false, by: 'p1', told: ['c1'] });
    replicas.onVisitEvent('a1', { kind: 'notice', notice: { notice: { kind: 'minutes', minutes: 10 }, at: 9 }, told: ['c1'] });
    expect(visit.audioFirst).toBe(false);
    expect(known.frames).toEqual([]);
    expect(newcomer.frames).toEqual([
      { type: 'audio-first', on: false, by: 'p1' },
      { type: 'waiting-notice', notice: { kind: 'minutes', minutes: 10 }, at: 9 },
    ]);
    // From an earlier release, which told everyone it knew itself: kept, not sent again.
    replicas.onVisitEvent('a1', { kind: 'audio-first', on: true });
    expect(visit.audioFirst).toBe(true);
    expect(newcomer.frames).toHaveLength(2);
  });
});

describe('VisitReplicas: chat reaches a reader who joined another node a moment ago', () => {
  it('the writer’s node names the readers on other nodes it sent the message to', () => {
    const synced: VisitEvent[] = [];
    const origin = new LiveVisit(
      { id: 'a1', title: 'T', startsAt: 0, endsAt: 1, endedAt: null },
      [person('p1', 'admitted', 'provider'), person('c1', 'admitted'), person('w1', 'waiting')],
      (e) => synced.push(e),
    );
    origin.applyOnline(new RemoteConnection('a1', { participantId: 'c1', node: 'node-1', session: 's1' }, bus));
    origin.applyOnline(new RemoteConnection('a1', { participantId: 'w1', node: 'node-1', session: 's2' }, bus));
    const own = ownSocket('p1');
    origin.connect(own, { participantId: 'p1', node: 'node-0', session: own.session });
    synced.length = 0;
    const errors: string[] = [];
    void chat.run(
      {
        visit: origin,
        self: origin.participant('p1')!,
        conn: own,
        error: (code: string) => errors.push(code),
      } as unknown as HandlerContext,
      { type: 'chat', channel: 'call', text: ' hello ' },
    );
    expect(errors).toEqual([]);
    expect(own.frames).toMatchObject([{ type: 'chat', channel: 'call', from: 'p1', text: 'hello' }]);
    // c1 was sent it through its node; w1, waiting, may not read the call chat.
    expect(synced).toMatchObject([{ kind: 'chat', chat: { type: 'chat', channel: 'call', text: 'hello' }, told: ['c1'] }]);
  });

  it('each other node sends it to its own readers the writer’s node did not reach, and only to them', () => {
    visit.applyParticipant(person('p1', 'admitted', 'provider'));
    for (const id of ['c1', 'c2', 'w1']) visit.applyParticipant(person(id, id === 'w1' ? 'waiting' : 'admitted'));
    const sockets = ['c1', 'c2', 'w1'].map((id) => {
      const s = ownSocket(id);
      visit.connect(s, { participantId: id, node: 'node-0', session: s.session });
      return s;
    });
    const message = { type: 'chat', channel: 'call', from: 'p1', fromName: 'p1', text: 'hello', at: 5 } as const;
    replicas.onVisitEvent('a1', { kind: 'chat', chat: message, told: ['c1'] });
    const [known, newcomer, waiting] = sockets;
    expect(known!.frames).toEqual([]);
    expect(newcomer!.frames).toEqual([message]);
    expect(waiting!.frames).toEqual([]);
  });
});

describe('VisitReplicas: the end of the session reaches a client who joined another node a moment ago', () => {
  type Closed = { code: number; reason: string };
  function closableSocket(participantId: string): Connection & { frames: unknown[]; closed: Closed[] } {
    const closed: Closed[] = [];
    return { ...ownSocket(participantId), closed, close: (code, reason) => void closed.push({ code, reason }) };
  }

  it('the provider’s node names whom on other nodes it told', async () => {
    const synced: VisitEvent[] = [];
    const origin = new LiveVisit(
      { id: 'a1', title: 'T', startsAt: 0, endsAt: Date.now() + 60_000, endedAt: null },
      [person('p1', 'admitted', 'provider'), person('c1', 'admitted')],
      (e) => synced.push(e),
    );
    origin.applyOnline(new RemoteConnection('a1', { participantId: 'c1', node: 'node-1', session: 's1' }, bus));
    const own = closableSocket('p1');
    origin.connect(own, { participantId: 'p1', node: 'node-0', session: own.session });
    const hub = {
      store: { setEndedAt: async () => undefined },
      waitingRoom: { transition: async () => ({ ok: false }) },
      audit: () => undefined,
      detach: (c: Connection) =>
        void origin.disconnect(c, { participantId: c.participantId, node: c.node ?? 'node-0', session: c.session }),
      broadcastRoster: () => undefined,
    };
    await endSession.run(
      { hub, visit: origin, self: origin.participant('p1')!, conn: own, error: () => undefined } as unknown as HandlerContext,
      { type: 'end-session' },
    );
    expect(own.frames).toEqual([{ type: 'session-ended', by: 'p1' }]);
    expect(synced.filter((e) => e.kind === 'session-ended')).toEqual([{ kind: 'session-ended', by: 'p1', told: ['c1'] }]);
  });

  it('each other node tells its own sockets the provider’s node did not reach, and sends their clients out', () => {
    visit.applyParticipant(person('p1', 'admitted', 'provider'));
    visit.applyParticipant(person('c2', 'admitted'));
    visit.applyParticipant(person('c3', 'waiting'));
    visit.applyParticipant(person('p2', 'admitted', 'provider'));
    const [known, newcomer, provider] = ['c2', 'c3', 'p2'].map((id) => {
      const s = closableSocket(id);
      visit.connect(s, { participantId: id, node: 'node-0', session: s.session });
      return s;
    });
    replicas.onVisitEvent('a1', { kind: 'session-ended', by: 'p1', told: ['c2'] });
    expect(known!.frames).toEqual([]);
    expect(known!.closed).toEqual([]);
    expect(newcomer!.frames).toEqual([{ type: 'session-ended', by: 'p1' }]);
    expect(newcomer!.closed).toEqual([{ code: CLOSE_SESSION_ENDED, reason: 'session ended' }]);
    expect(detached).toEqual([newcomer]);
    // A second provider hears it and stays, as on the provider's own node.
    expect(provider!.frames).toEqual([{ type: 'session-ended', by: 'p1' }]);
    expect(provider!.closed).toEqual([]);
  });
});
