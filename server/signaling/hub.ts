// Who is connected to which visit, and what each of them may see and send. The hub never touches a
// socket: it talks to Connections, so tests can drive it without a network. Each visit is held as a
// replica (LiveVisit) loaded once when the first person joins on this node; changes go to the other
// nodes through the bus, and people connected to them appear here as RemoteConnections.
import type { FastifyBaseLogger } from 'fastify';
import { MAX_PARTICIPANTS } from '../../shared/constants.js';
import type { ClientMessage, ErrorCode, IceServer, ParticipantView } from '../../shared/protocol.js';
import type { Presence, SharedVisitState, VisitBus, VisitEvent } from '../bus/types.js';
import type { Appointment, AppointmentStore, Participant } from '../store/appointments.js';
import type { VisitLocationStore } from '../store/visit-locations.js';
import type { WaitingRoom } from '../waiting-room/waiting-room.js';
import { HANDLERS } from './handlers/index.js';
import type { Handler, HandlerContext, HubOperations } from './handlers/types.js';
import type { ReceivedFrame } from './forwarded-signal.js';
import { type Connection, LiveVisit } from './live-visit.js';
import { type ReplicaHost, VisitReplicas } from './visit-replicas.js';
import { type VisitWatcher, VisitWatchers } from './visit-watchers.js';

export type { Connection } from './live-visit.js';
export { CLOSE_REMOVED } from './handlers/waiting-room.js';
export { CLOSE_SESSION_ENDED } from './handlers/session.js';

export interface HubDeps {
  store: AppointmentStore;
  /** What clients state before a visit, and what the practice asks of them. */
  locations: VisitLocationStore;
  waitingRoom: WaitingRoom;
  bus: VisitBus;
  log: FastifyBaseLogger;
  heartbeatMs: number;
  iceTransportPolicy: 'all' | 'relay';
  providerMediaStartsOn: boolean;
  iceServersFor(participant: Participant, appointment: Appointment): IceServer[];
}

export const CLOSE_REPLACED = 4001;
export const CLOSE_GOING_AWAY = 1001;

export type AttachResult = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** How a connection ended: the person left, or their connection dropped and they may come back. */
export type Departure = 'left' | 'lost';

const SESSION_ENDED = 'The provider has ended this session';

export class SignalingHub implements HubOperations, ReplicaHost {
  private readonly live = new Map<string, LiveVisit>();
  /** Visits being loaded, so two people joining at once share one load. */
  private readonly loading = new Map<string, Promise<LiveVisit | undefined>>();
  private readonly replicas: VisitReplicas;
  /** Audit writes still under way (shutdown waits for them before the database closes). */
  private readonly writes = new Set<Promise<void>>();
  /** Changes other nodes made to visits this node is still loading: applied once the load is done. */
  private readonly early = new Map<string, VisitEvent[]>();
  /** Dashboards following visits: a watched visit's replica stays loaded even with nobody here in it. */
  private readonly watchers = new VisitWatchers();

  constructor(private readonly deps: HubDeps) {
    this.replicas = new VisitReplicas(deps.bus, this);
  }

  get store(): AppointmentStore {
    return this.deps.store;
  }

  get waitingRoom(): WaitingRoom {
    return this.deps.waitingRoom;
  }

  get locations(): VisitLocationStore {
    return this.deps.locations;
  }

  /** A participant with a verified link has connected. Refuses clients of an ended session and a seventh person. */
  async attach(conn: Connection): Promise<AttachResult> {
    const visit = await this.visitFor(conn.appointmentId, conn.participantId);
    const participant = visit?.participant(conn.participantId);
    if (!visit || !participant) return { ok: false, code: 'link_invalid', message: 'This link is not valid' };
    const refuse = (code: ErrorCode, message: string): AttachResult => {
      this.dropIfIdle(visit);
      return { ok: false, code, message };
    };
    if (participant.role === 'client' && (await this.stillEnded(visit))) return refuse('session_ended', SESSION_ENDED);
    const previous = visit.connections.get(conn.participantId);
    if (visit.connections.size - (previous ? 1 : 0) >= MAX_PARTICIPANTS) {
      return refuse('visit_full', `This visit already has ${MAX_PARTICIPANTS} people in it, the most a visit can hold`);
    }
    // Claim the seat before the first write, so a second tab racing this one finds it taken.
    if (previous) this.replace(visit, previous);
    visit.connect(conn, this.presence(conn));
    const joined = await this.deps.waitingRoom.transition(participant, 'join', participant.id);
    const self = joined.ok ? joined.participant : participant;
    visit.update(self);
    // While the join was saved, the provider may have ended the session (which sends clients out) or
    // the same link opened again elsewhere: either way this connection lost its seat.
    if (visit.connections.get(conn.participantId) !== conn) {
      if (visit.appointment.endedAt !== null && participant.role === 'client') return refuse('session_ended', SESSION_ENDED);
      return { ok: false, code: 'replaced', message: 'Opened again elsewhere' };
    }
    conn.send(this.welcome(visit, self));
    if (visit.notice) conn.send({ type: 'waiting-notice', ...visit.notice });
    const request = locationRequest(visit, self);
    if (request) conn.send(request);
    if (self.admission === 'admitted') this.pairWithPeers(visit, conn);
    this.broadcastRoster(visit);
    return { ok: true };
  }

  /** A connection of this node ended (or the server sends someone out). Safe to call more than once. */
  detach(conn: Connection, how: Departure = 'left'): void {
    const visit = this.live.get(conn.appointmentId);
    if (!visit) return;
    const presence = this.presence(conn);
    if (!visit.disconnect(conn, presence)) return;
    // The node holding the socket writes the audit line when it closes.
    if (!conn.node) this.audit(conn.appointmentId, how === 'lost' ? 'connection lost' : 'left', conn.participantId, conn.participantId);
    for (const other of visit.connections.values()) other.send(peerLeft(presence, how));
    if (!this.dropIfIdle(visit)) this.broadcastRoster(visit);
  }

  /** Same link opened again (reload, second tab, reconnect elsewhere): the newest connection wins. */
  private replace(visit: LiveVisit, previous: Connection): void {
    const presence = this.presence(previous);
    // A connection on another node is closed by that node, and the new one's 'online' tells every node
    // who is here now. Saying 'offline' for it would read, to its node, as being taken for dead: it
    // would announce the old connection again, over the new one.
    if (previous.node) visit.applyOffline(presence);
    else visit.disconnect(previous, presence);
    this.audit(previous.appointmentId, 'reconnected', previous.participantId, previous.participantId);
    for (const other of visit.connections.values()) other.send(peerLeft(presence, 'lost'));
    previous.send({ type: 'error', code: 'replaced', message: 'This visit was opened in another tab or window.', fatal: true });
    previous.close(CLOSE_REPLACED, 'replaced');
  }

  /**
   * Runs the one handler for this message type, after the one "provider only" check. `frame` is `msg`
   * as it arrived, for a handler that passes it on.
   */
  handle(conn: Connection, msg: ClientMessage, frame: ReceivedFrame): void | Promise<void> {
    const visit = this.live.get(conn.appointmentId);
    const self = visit?.participant(conn.participantId);
    if (!visit || !self || visit.connections.get(conn.participantId) !== conn) return;
    const handler = HANDLERS[msg.type] as Handler<typeof msg.type>;
    const ctx: HandlerContext = {
      hub: this,
      visit,
      conn,
      self,
      frame,
      error: (code, message) => conn.send({ type: 'error', code, message }),
    };
    if (handler.providerOnly && self.role !== 'provider') return ctx.error('forbidden', `Only the provider can ${handler.providerOnly}`);
    if (handler.clientOnly && self.role !== 'client') return ctx.error('forbidden', `Only a client can ${handler.clientOnly}`);
    return handler.run(ctx, msg as never);
  }

  /**
   * Follows a visit read-only (the practice dashboard's live status): `onChange` is called now and
   * after every change, from this node or another; the replica stays loaded until the returned
   * function is called. Undefined when there is no such appointment.
   */
  async watch(appointmentId: string, onChange: VisitWatcher): Promise<(() => void) | undefined> {
    for (;;) {
      const visit = this.live.get(appointmentId) ?? (await this.loadOnce(appointmentId));
      if (!visit) return undefined;
      // Dropped while it loaded (the last person here left): load it again.
      if (this.live.get(appointmentId) !== visit) continue;
      this.watchers.add(appointmentId, onChange);
      onChange(visit);
      return () => {
        if (!this.watchers.remove(appointmentId, onChange)) return;
        const current = this.live.get(appointmentId);
        if (current) this.dropIfIdle(current);
      };
    }
  }

  /**
   * Looks at a visit once, as a dashboard would (people on other nodes count), and lets it go again.
   * `read` runs on the replica; undefined when there is no such appointment.
   */
  async glance<T>(appointmentId: string, read: (visit: LiveVisit) => T): Promise<T | undefined> {
    let result: T | undefined;
    const stop = await this.watch(appointmentId, (visit) => {
      result ??= read(visit);
    });
    stop?.();
    return result;
  }

  /**
   * This node stops (a restart, or a drain before an upgrade): the other nodes hear that these people
   * are reconnecting, and every page is told to reconnect (to another node, or to this one once back).
   */
  closeAll(): void {
    for (const visit of [...this.live.values()]) {
      for (const conn of visit.local()) {
        this.detach(conn, 'lost');
        conn.close(CLOSE_GOING_AWAY, 'server restarting');
      }
    }
    this.replicas.stop();
  }

  /**
   * Disconnects this node's sockets that joined with a link that has been revoked, saying why: a
   * cancelled visit's page says so, any other says the link was withdrawn.
   */
  disconnectLinks(revoked: Map<string, { cancelled: boolean }>): number {
    let n = 0;
    for (const visit of [...this.live.values()]) {
      for (const conn of visit.local()) {
        const link = conn.jti ? revoked.get(conn.jti) : undefined;
        if (!link) continue;
        if (link.cancelled) conn.send({ type: 'error', code: 'visit_cancelled', message: 'This visit was cancelled', fatal: true });
        else conn.send({ type: 'error', code: 'link_revoked', message: 'This link has been withdrawn', fatal: true });
        this.detach(conn, 'left');
        conn.close(4000, link.cancelled ? 'visit_cancelled' : 'link_revoked');
        n++;
      }
    }
    return n;
  }

  /** Whether this node holds any socket (the revocation watcher idles when it holds none). */
  hasConnections(): boolean {
    return this.live.size > 0;
  }

  /** This node's share of the visits, for the metrics' gauges (each node counts its own sockets). */
  gauges(): { visitsOpen: number; waiting: number; inCall: number } {
    let waiting = 0;
    let inCall = 0;
    for (const visit of this.live.values()) {
      for (const conn of visit.local()) {
        const admission = visit.participant(conn.participantId)?.admission;
        if (admission === 'waiting') waiting++;
        else if (admission === 'admitted') inCall++;
      }
    }
    return { visitsOpen: this.live.size, waiting, inCall };
  }

  /** Live connections of one appointment, on any node (for tests and diagnostics). */
  online(appointmentId: string): string[] {
    return this.live.get(appointmentId)?.connections.keys() ?? [];
  }

  /** Writes an audit line; the returned promise (which never rejects: a failure is logged) says when it is saved. */
  audit(appointmentId: string, event: string, participantId: string | null, actorId: string): Promise<void> {
    const write = this.deps.store.audit(appointmentId, event, participantId, actorId).catch((err: unknown) => {
      this.deps.log.error({ err, appointmentId, event }, 'audit write failed');
    });
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
    return write;
  }

  /** Waits for the audit lines still being written (at shutdown, before the database closes). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.writes]);
  }

  /** A change from another node for a visit being loaded here: kept until the load is done. */
  holdIfLoading(appointmentId: string, event: VisitEvent): boolean {
    const held = this.early.get(appointmentId);
    if (!held) return false;
    held.push(event);
    return true;
  }

  pairWithPeers(visit: LiveVisit, conn: Connection): void {
    const me = visit.participant(conn.participantId);
    if (!me) return;
    for (const other of visit.admittedConnections()) {
      if (other === conn) continue;
      const them = visit.participant(other.participantId)!;
      const mePolite = isPolite(me, them);
      conn.send({ type: 'peer-joined', peerId: them.id, session: other.session, polite: mePolite });
      other.send({ type: 'peer-joined', peerId: me.id, session: conn.session, polite: !mePolite });
    }
  }

  /** Sends each of this node's sockets in the visit the roster it may see; other nodes serve theirs. */
  broadcastRoster(visit: LiveVisit): void {
    const everyone = visit.participants();
    for (const conn of visit.local()) {
      const viewer = visit.participant(conn.participantId);
      if (!viewer) continue;
      // Clients never learn who else is waiting: only the provider sees the waiting room.
      const visible =
        viewer.role === 'provider'
          ? everyone
          : everyone.filter((p) => p.id === viewer.id || p.role === 'provider' || p.admission === 'admitted');
      const asProvider = viewer.role === 'provider';
      conn.send({ type: 'roster', participants: visible.map((p) => this.view(visit, p, asProvider)) });
    }
    this.watchers.notify(visit);
  }

  // ReplicaHost: what the replicas need of the hub.

  visit(appointmentId: string): LiveVisit | undefined {
    return this.live.get(appointmentId);
  }

  visits(): Iterable<LiveVisit> {
    return this.live.values();
  }

  peerLost(visit: LiveVisit, presence: Presence): void {
    for (const conn of visit.local()) conn.send(peerLeft(presence, 'lost'));
  }

  reintroduce(visit: LiveVisit, conn: Connection): void {
    const me = visit.participant(conn.participantId);
    if (me?.admission !== 'admitted') return;
    for (const other of visit.admittedConnections()) {
      if (other === conn || other.node === undefined) continue;
      const them = visit.participant(other.participantId)!;
      other.send({ type: 'peer-joined', peerId: me.id, session: conn.session, polite: !isPolite(me, them) });
    }
  }

  refreshLocation(visit: LiveVisit, participantId: string): void {
    this.deps.locations.forParticipant(participantId).then(
      (location) => {
        if (!location) return;
        visit.applyLocation(location);
        this.broadcastRoster(visit);
      },
      (err: unknown) => this.deps.log.error({ err, appointmentId: visit.appointment.id }, 'location read failed'),
    );
  }

  private presence(conn: Connection): Presence {
    return { participantId: conn.participantId, node: conn.node ?? this.deps.bus.nodeId, session: conn.session };
  }

  private welcome(visit: LiveVisit, self: Participant) {
    const { appointment } = visit;
    return {
      type: 'welcome' as const,
      version: 1 as const,
      self: this.view(visit, self),
      appointment: {
        id: appointment.id,
        title: appointment.title,
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        providerName: visit.provider()?.displayName ?? 'your provider',
        endedAt: appointment.endedAt,
      },
      iceServers: this.deps.iceServersFor(self, appointment),
      iceTransportPolicy: this.deps.iceTransportPolicy,
      heartbeatMs: this.deps.heartbeatMs,
      startWith:
        self.role === 'provider'
          ? { audio: this.deps.providerMediaStartsOn, video: this.deps.providerMediaStartsOn }
          : { audio: true, video: true },
      audioFirst: visit.audioFirst,
    };
  }

  /** A participant as one viewer sees them: the stated location only for the provider. */
  private view(visit: LiveVisit, p: Participant, asProvider = false): ParticipantView {
    const online = visit.connections.has(p.id);
    const location = asProvider ? visit.locationView(p) : undefined;
    return {
      ...(location ? { location } : {}),
      id: p.id,
      role: p.role,
      displayName: p.displayName,
      admission: p.admission,
      online,
      waitingSince: p.waitingSince,
      ready: p.ready,
      testSummary: visit.summary(p.id) ?? null,
      media: online ? (visit.media(p.id) ?? null) : null,
    };
  }

  /** Fills a new replica from the shared state, then applies the changes held while it loaded. */
  private catchUp(visit: LiveVisit, shared: SharedVisitState): void {
    const id = visit.appointment.id;
    for (const remote of this.replicas.remoteConnections(id, shared.presence)) visit.applyOnline(remote);
    for (const [pid, media] of Object.entries(shared.media)) visit.applyMedia(pid, media);
    for (const [pid, summary] of Object.entries(shared.summaries)) visit.applySummary(pid, summary);
    if (shared.notice) visit.applyNotice(shared.notice);
    visit.applyAudioFirst(shared.audioFirst);
    const held = this.early.get(id) ?? [];
    this.early.delete(id);
    for (const event of held) this.replicas.onVisitEvent(id, event);
  }

  /**
   * Whether the session is ended, asking the store before refusing anyone: another node may have started
   * it again, and its message saying so may not have reached this node yet.
   */
  private async stillEnded(visit: LiveVisit): Promise<boolean> {
    if (visit.appointment.endedAt === null) return false;
    const stored = await this.deps.store.appointment(visit.appointment.id);
    if (stored && stored.endedAt === null) visit.applyAppointment(stored);
    return visit.appointment.endedAt !== null;
  }

  /** Forgets a visit nobody on this node is in any more (it is loaded afresh on the next join). */
  private dropIfIdle(visit: LiveVisit): boolean {
    if (visit.local().length > 0 || this.watchers.watching(visit.appointment.id)) return false;
    this.live.delete(visit.appointment.id);
    if (this.deps.bus.shared) this.deps.bus.unfollow(visit.appointment.id);
    return true;
  }

  /** The live visit, loading it from the store when nobody here was in it; reloads its people when a newcomer is missing. */
  private async visitFor(appointmentId: string, participantId: string): Promise<LiveVisit | undefined> {
    const live = this.live.get(appointmentId);
    // A replica held only for dashboards may have missed changes made outside the hub (a move):
    // the first person to join here reads the store again, as without a watcher.
    if (live?.participant(participantId) && live.local().length > 0) return live;
    return this.loadOnce(appointmentId);
  }

  /** Loads a visit, sharing the load with anyone else asking for it meanwhile. */
  private loadOnce(appointmentId: string): Promise<LiveVisit | undefined> {
    let pending = this.loading.get(appointmentId);
    if (!pending) {
      pending = this.load(appointmentId).finally(() => this.loading.delete(appointmentId));
      this.loading.set(appointmentId, pending);
    }
    return pending;
  }

  private async load(appointmentId: string): Promise<LiveVisit | undefined> {
    const { bus } = this.deps;
    // With other nodes, listen before reading the store and the shared state, holding what they change
    // meanwhile: a change made between a read and the subscription would otherwise be lost to this replica.
    const starting = bus.shared && !this.live.has(appointmentId);
    if (starting) {
      this.early.set(appointmentId, []);
      await bus.follow(appointmentId);
    }
    const read = await this.readVisit(appointmentId, starting).catch((err: unknown) => {
      this.early.delete(appointmentId);
      throw err;
    });
    if (!read) {
      this.early.delete(appointmentId);
      return undefined;
    }
    const { appointment, participants, checks, locations, shared } = read;
    const current = this.live.get(appointmentId);
    if (current) {
      current.replaceAll(participants);
      current.applyAppointment(appointment);
      current.applyChecks(checks, locations);
      return current;
    }
    const visit = new LiveVisit(appointment, participants, (event) => bus.publish(appointmentId, event));
    visit.applyChecks(checks, locations);
    this.live.set(appointmentId, visit);
    if (shared) this.catchUp(visit, shared);
    return visit;
  }

  /**
   * The stored visit with what its practice asks of clients (the practice's choices come in the visit's
   * own statement; more is read only when it asks something), and the other nodes' shared state of it.
   */
  private async readVisit(appointmentId: string, withShared: boolean) {
    const [stored, shared] = await Promise.all([
      this.store.visit(appointmentId),
      withShared ? this.deps.bus.sharedState(appointmentId) : null,
    ]);
    if (!stored) return undefined;
    const { checks, locations } = await this.deps.locations.asksFor(appointmentId, stored.practice);
    return { appointment: stored.appointment, participants: stored.participants, checks, locations, shared };
  }
}

/** What a client is asked before the visit when the practice asks where they are (undefined otherwise). */
function locationRequest(visit: LiveVisit, self: Participant) {
  if (self.role !== 'client' || !visit.checks.askLocation) return undefined;
  const due = visit.consentDue(self.id);
  const consent = due !== null && visit.checks.consent ? { text: visit.checks.consent.text, version: due } : null;
  // Stated, with no consent still due (e.g. the practice's text changed since): nothing to ask again.
  return { type: 'location-request' as const, consent, stated: visit.location(self.id) !== undefined && due === null };
}

function peerLeft(presence: Presence, how: Departure) {
  return {
    type: 'peer-left' as const,
    peerId: presence.participantId,
    session: presence.session,
    ...(how === 'lost' ? { reconnecting: true as const } : {}),
  };
}

/**
 * Perfect negotiation needs exactly one polite peer per pair. The provider is the impolite one (their
 * offers win a collision); between two clients, the one whose id sorts later yields.
 */
export function isPolite(me: Participant, them: Participant): boolean {
  if (me.role !== them.role) return me.role === 'client';
  return me.id > them.id;
}
