// Who is connected to which visit, and what each of them may see and send. The hub never touches a
// socket: it talks to Connections, so tests can drive it without a network. Each visit's appointment
// and participants are loaded once, when the first person joins, and kept while anyone is connected.
import type { FastifyBaseLogger } from 'fastify';
import { MAX_PARTICIPANTS } from '../../shared/constants.js';
import type { ClientMessage, ErrorCode, IceServer, ParticipantView } from '../../shared/protocol.js';
import type { Appointment, AppointmentStore, Participant } from '../store/appointments.js';
import type { WaitingRoom } from '../waiting-room/waiting-room.js';
import { HANDLERS } from './handlers/index.js';
import type { Handler, HandlerContext, HubOperations } from './handlers/types.js';
import { type Connection, LiveVisit } from './live-visit.js';

export type { Connection } from './live-visit.js';
export { CLOSE_REMOVED } from './handlers/waiting-room.js';
export { CLOSE_SESSION_ENDED } from './handlers/session.js';

export interface HubDeps {
  store: AppointmentStore;
  waitingRoom: WaitingRoom;
  log: FastifyBaseLogger;
  heartbeatMs: number;
  iceTransportPolicy: 'all' | 'relay';
  providerMediaStartsOn: boolean;
  iceServersFor(participant: Participant, appointment: Appointment): IceServer[];
}

export const CLOSE_REPLACED = 4001;
export const CLOSE_GOING_AWAY = 1001;

export type AttachResult = { ok: true } | { ok: false; code: ErrorCode; message: string };

export class SignalingHub implements HubOperations {
  private readonly visits = new Map<string, LiveVisit>();
  /** Visits being loaded, so two people joining at once share one load. */
  private readonly loading = new Map<string, Promise<LiveVisit | undefined>>();

  constructor(private readonly deps: HubDeps) {}

  get store(): AppointmentStore {
    return this.deps.store;
  }

  get waitingRoom(): WaitingRoom {
    return this.deps.waitingRoom;
  }

  /** A participant with a verified link has connected. Refuses clients of an ended session and a seventh person. */
  async attach(conn: Connection): Promise<AttachResult> {
    const visit = await this.visitFor(conn.appointmentId, conn.participantId);
    const participant = visit?.participant(conn.participantId);
    if (!visit || !participant) return { ok: false, code: 'link_invalid', message: 'This link is not valid' };
    const { appointment } = visit;
    const refuse = (code: ErrorCode, message: string): AttachResult => {
      if (visit.connections.size === 0) this.visits.delete(conn.appointmentId);
      return { ok: false, code, message };
    };
    if (appointment.endedAt !== null && participant.role === 'client')
      return refuse('session_ended', 'The provider has ended this session');
    const previous = visit.connections.get(conn.participantId);
    const others = visit.connections.size - (previous ? 1 : 0);
    if (others >= MAX_PARTICIPANTS) {
      return refuse('visit_full', `This visit already has ${MAX_PARTICIPANTS} people in it, the most a visit can hold`);
    }
    // Claim the seat before the first write, so a second tab racing this one finds it taken.
    if (previous) this.replace(visit, previous);
    visit.connections.set(conn.participantId, conn);
    const joined = await this.deps.waitingRoom.transition(participant, 'join', participant.id);
    const self = joined.ok ? joined.participant : participant;
    visit.update(self);
    if (visit.connections.get(conn.participantId) !== conn) return { ok: false, code: 'replaced', message: 'Opened again elsewhere' };
    conn.send({
      type: 'welcome',
      version: 1,
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
    });
    if (self.admission === 'admitted') this.pairWithPeers(visit, conn);
    this.broadcastRoster(visit);
    return { ok: true };
  }

  /** The connection closed. Safe to call more than once, and for a connection that was replaced. */
  detach(conn: Connection): void {
    const visit = this.visits.get(conn.appointmentId);
    if (!visit || visit.connections.get(conn.participantId) !== conn) return;
    visit.connections.delete(conn.participantId);
    visit.media.delete(conn.participantId);
    this.audit(conn.appointmentId, 'left', conn.participantId, conn.participantId);
    for (const other of visit.connections.values()) other.send({ type: 'peer-left', peerId: conn.participantId, session: conn.session });
    if (visit.connections.size === 0) this.visits.delete(conn.appointmentId);
    else this.broadcastRoster(visit);
  }

  /** Same link opened again (reload, second tab): the newest connection wins, the old one is told why. */
  private replace(visit: LiveVisit, previous: Connection): void {
    visit.connections.delete(previous.participantId);
    this.audit(previous.appointmentId, 'reconnected', previous.participantId, previous.participantId);
    for (const other of visit.connections.values())
      other.send({ type: 'peer-left', peerId: previous.participantId, session: previous.session });
    previous.send({ type: 'error', code: 'replaced', message: 'This visit was opened in another tab or window.', fatal: true });
    previous.close(CLOSE_REPLACED, 'replaced');
  }

  /** Runs the one handler for this message type, after the one "provider only" check. */
  handle(conn: Connection, msg: ClientMessage): void | Promise<void> {
    const visit = this.visits.get(conn.appointmentId);
    const self = visit?.participant(conn.participantId);
    if (!visit || !self || visit.connections.get(conn.participantId) !== conn) return;
    const handler = HANDLERS[msg.type] as Handler<typeof msg.type>;
    const ctx: HandlerContext = { hub: this, visit, conn, self, error: (code, message) => conn.send({ type: 'error', code, message }) };
    if (handler.providerOnly && self.role !== 'provider') return ctx.error('forbidden', `Only the provider can ${handler.providerOnly}`);
    return handler.run(ctx, msg as never);
  }

  /** Server shutdown: tell every page to reconnect (to another machine, or to this one once it is back). */
  closeAll(): void {
    for (const visit of this.visits.values()) {
      for (const conn of visit.connections.values()) conn.close(CLOSE_GOING_AWAY, 'server restarting');
    }
    this.visits.clear();
  }

  /** Live connections of one appointment (for tests and diagnostics). */
  online(appointmentId: string): string[] {
    return [...(this.visits.get(appointmentId)?.connections.keys() ?? [])];
  }

  audit(appointmentId: string, event: string, participantId: string | null, actorId: string): void {
    this.deps.store.audit(appointmentId, event, participantId, actorId).catch((err: unknown) => {
      this.deps.log.error({ err: (err as Error).message, appointmentId, event }, 'audit write failed');
    });
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

  broadcastRoster(visit: LiveVisit): void {
    const everyone = visit.participants();
    for (const conn of visit.connections.values()) {
      const viewer = visit.participant(conn.participantId);
      if (!viewer) continue;
      // Clients never learn who else is waiting: only the provider sees the waiting room.
      const visible =
        viewer.role === 'provider'
          ? everyone
          : everyone.filter((p) => p.id === viewer.id || p.role === 'provider' || p.admission === 'admitted');
      conn.send({ type: 'roster', participants: visible.map((p) => this.view(visit, p)) });
    }
  }

  private view(visit: LiveVisit, p: Participant): ParticipantView {
    const online = visit.connections.has(p.id);
    return {
      id: p.id,
      role: p.role,
      displayName: p.displayName,
      admission: p.admission,
      online,
      waitingSince: p.waitingSince,
      ready: p.ready,
      testSummary: visit.summaries.get(p.id) ?? null,
      media: online ? (visit.media.get(p.id) ?? null) : null,
    };
  }

  /** The live visit, loading it from the store when nobody was connected; reloads its people when a newcomer is missing. */
  private async visitFor(appointmentId: string, participantId: string): Promise<LiveVisit | undefined> {
    const live = this.visits.get(appointmentId);
    if (live?.participant(participantId)) return live;
    let pending = this.loading.get(appointmentId);
    if (!pending) {
      pending = this.load(appointmentId, live).finally(() => this.loading.delete(appointmentId));
      this.loading.set(appointmentId, pending);
    }
    return pending;
  }

  private async load(appointmentId: string, live: LiveVisit | undefined): Promise<LiveVisit | undefined> {
    const [appointment, participants] = await Promise.all([this.store.appointment(appointmentId), this.store.participants(appointmentId)]);
    if (!appointment) return undefined;
    const current = this.visits.get(appointmentId) ?? live;
    if (current) {
      current.replaceAll(participants);
      return current;
    }
    const visit = new LiveVisit(appointment, participants);
    this.visits.set(appointmentId, visit);
    return visit;
  }
}

/**
 * Perfect negotiation needs exactly one polite peer per pair. The provider is the impolite one (their
 * offers win a collision); between two clients, the one whose id sorts later yields.
 */
export function isPolite(me: Participant, them: Participant): boolean {
  if (me.role !== them.role) return me.role === 'client';
  return me.id > them.id;
}
