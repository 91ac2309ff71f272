// Who is connected to which visit, and what each of them may see and send. The hub never touches a
// socket directly: it talks to Connections, so it can be driven by tests without a network.
import type { FastifyBaseLogger } from 'fastify';
import type {
  ClientMessage,
  ClientMessageOf,
  ErrorCode,
  IceServer,
  MediaState,
  ParticipantView,
  ServerMessage,
  TestSummary,
} from '../../shared/protocol.js';
import type { Appointment, AppointmentStore, Participant } from '../store/appointments.js';
import type { WaitingRoom } from '../waiting-room/waiting-room.js';
import { MAX_PARTICIPANTS } from '../../shared/constants.js';
import { handleChat, handleEndSession, handleModerate, handleRestartSession, type VisitRoomAccess } from './visit-controls.js';

export interface Connection {
  /** Changes every time a participant connects: peers use it to drop stale peer connections. */
  readonly session: string;
  readonly participantId: string;
  readonly appointmentId: string;
  send(msg: ServerMessage): void;
  close(code: number, reason: string): void;
}

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
export const CLOSE_REMOVED = 4003;

export type AttachResult = { ok: true } | { ok: false; code: ErrorCode; message: string };

export class SignalingHub implements VisitRoomAccess {
  /** appointmentId -> participantId -> live connection */
  private readonly rooms = new Map<string, Map<string, Connection>>();
  /** Latest connection-test summary per participant; kept in memory only. */
  private readonly summaries = new Map<string, TestSummary>();
  /** Latest media state (mic, camera, screen) each participant reported; memory only. */
  private readonly media = new Map<string, MediaState>();

  constructor(private readonly deps: HubDeps) {}

  get store(): AppointmentStore {
    return this.deps.store;
  }

  /** A participant with a verified link has connected. Refuses clients of an ended session and a seventh person. */
  attach(conn: Connection): AttachResult {
    const { store, waitingRoom } = this.deps;
    const previous = this.rooms.get(conn.appointmentId)?.get(conn.participantId);
    const participant = store.participant(conn.participantId)!;
    const appointment = store.appointment(conn.appointmentId)!;
    if (appointment.endedAt !== null && participant.role === 'client') {
      return { ok: false, code: 'session_ended', message: 'The provider has ended this session' };
    }
    const others = (this.rooms.get(conn.appointmentId)?.size ?? 0) - (previous ? 1 : 0);
    if (others >= MAX_PARTICIPANTS) {
      return {
        ok: false,
        code: 'visit_full',
        message: `This visit already has ${MAX_PARTICIPANTS} people in it, the most a visit can hold`,
      };
    }
    if (previous) {
      // Same link opened again (reload, second tab): the newest connection wins.
      this.detach(previous, 'replaced');
      previous.send({ type: 'error', code: 'replaced', message: 'This visit was opened in another tab or window.', fatal: true });
      previous.close(CLOSE_REPLACED, 'replaced');
    }
    const joined = waitingRoom.transition(participant, 'join', participant.id);
    const self = joined.ok ? joined.participant : participant;
    // Looked up after the replaced connection left: that may have emptied and dropped the room.
    this.room(conn.appointmentId).set(conn.participantId, conn);
    conn.send({
      type: 'welcome',
      version: 1,
      self: this.view(self, true),
      appointment: {
        id: appointment.id,
        title: appointment.title,
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        providerName: store.participants(appointment.id).find((p) => p.role === 'provider')?.displayName ?? 'your provider',
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
    if (self.admission === 'admitted') this.pairWithPeers(conn);
    this.broadcastRoster(conn.appointmentId);
    return { ok: true };
  }

  /** The connection closed (or was replaced). Safe to call more than once. */
  detach(conn: Connection, why: 'closed' | 'replaced' = 'closed'): void {
    const room = this.rooms.get(conn.appointmentId);
    if (!room || room.get(conn.participantId) !== conn) return;
    room.delete(conn.participantId);
    if (why === 'closed') this.media.delete(conn.participantId);
    this.deps.store.audit(conn.appointmentId, why === 'replaced' ? 'reconnected' : 'left', conn.participantId, conn.participantId);
    for (const other of room.values()) other.send({ type: 'peer-left', peerId: conn.participantId, session: conn.session });
    if (room.size === 0) this.rooms.delete(conn.appointmentId);
    else if (why === 'closed') this.broadcastRoster(conn.appointmentId);
  }

  handle(conn: Connection, msg: ClientMessage): void {
    switch (msg.type) {
      case 'ping':
        return conn.send({ type: 'pong', t: msg.t });
      case 'ready':
        return this.onReady(conn, msg);
      case 'admit':
      case 'remove':
        return this.onProviderAction(conn, msg);
      case 'signal':
        return this.onSignal(conn, msg);
      case 'test-summary':
        this.summaries.set(conn.participantId, msg.summary);
        return this.broadcastRoster(conn.appointmentId);
      case 'media-state':
        this.media.set(conn.participantId, { audio: msg.audio, video: msg.video, screen: msg.screen });
        return this.broadcastRoster(conn.appointmentId);
      case 'chat':
        return handleChat(this, conn, msg);
      case 'moderate':
        return handleModerate(this, conn, msg);
      case 'end-session':
        return handleEndSession(this, conn);
      case 'restart-session':
        return handleRestartSession(this, conn);
      case 'hello':
        return this.error(conn, 'bad_frame', 'hello was already received on this connection');
    }
  }

  connections(appointmentId: string): Connection[] {
    return [...(this.rooms.get(appointmentId)?.values() ?? [])];
  }

  connection(appointmentId: string, participantId: string): Connection | undefined {
    return this.rooms.get(appointmentId)?.get(participantId);
  }

  audit(appointmentId: string, event: string, participantId: string | null, actorId: string): void {
    this.deps.store.audit(appointmentId, event, participantId, actorId);
  }

  /** Server shutdown: close every socket before the database goes away. */
  closeAll(): void {
    for (const room of [...this.rooms.values()]) {
      for (const conn of [...room.values()]) {
        room.delete(conn.participantId);
        conn.close(1001, 'server restarting');
      }
    }
    this.rooms.clear();
  }

  /** Live connections of one appointment (for tests and diagnostics). */
  online(appointmentId: string): string[] {
    return [...(this.rooms.get(appointmentId)?.keys() ?? [])];
  }

  private onReady(conn: Connection, msg: ClientMessageOf<'ready'>): void {
    this.deps.store.saveReady(conn.participantId, msg.ready);
    this.broadcastRoster(conn.appointmentId);
  }

  private onProviderAction(conn: Connection, msg: ClientMessageOf<'admit' | 'remove'>): void {
    const { store, waitingRoom } = this.deps;
    const actor = store.participant(conn.participantId)!;
    if (actor.role !== 'provider') return this.error(conn, 'forbidden', `Only the provider can ${msg.type} participants`);
    const target = store.participant(msg.participantId);
    if (!target || target.appointmentId !== conn.appointmentId) {
      return this.error(conn, 'unknown_participant', 'No such participant in this visit');
    }
    const result = waitingRoom.transition(target, msg.type, actor.id);
    if (!result.ok) {
      return this.error(conn, 'invalid_transition', `Cannot ${msg.type} a participant who is ${result.from}`);
    }
    const targetConn = this.rooms.get(conn.appointmentId)?.get(target.id);
    if (targetConn) {
      targetConn.send({ type: 'admission', admission: result.to, by: actor.id });
      if (result.to === 'admitted') this.pairWithPeers(targetConn);
      if (result.to === 'removed') {
        this.detach(targetConn, 'closed');
        targetConn.close(CLOSE_REMOVED, 'removed');
      }
    }
    this.broadcastRoster(conn.appointmentId);
  }

  private onSignal(conn: Connection, msg: ClientMessageOf<'signal'>): void {
    const { store } = this.deps;
    if (store.participant(conn.participantId)?.admission !== 'admitted') {
      return this.error(conn, 'not_admitted', 'You can join the call once the provider admits you');
    }
    const target = this.rooms.get(conn.appointmentId)?.get(msg.to);
    if (!target || store.participant(msg.to)?.admission !== 'admitted') {
      return this.error(conn, 'unknown_participant', 'That participant is not in the call');
    }
    // The server stamps the sender: `from` is never taken from the frame.
    const out: ServerMessage = { type: 'signal', from: conn.participantId, session: conn.session };
    if (msg.description) out.description = msg.description;
    if (msg.candidate !== undefined) out.candidate = msg.candidate;
    target.send(out);
  }

  /** Tells `conn` and every other admitted, connected participant to open a peer connection. */
  private pairWithPeers(conn: Connection): void {
    const { store } = this.deps;
    const me = store.participant(conn.participantId)!;
    for (const other of this.rooms.get(conn.appointmentId)?.values() ?? []) {
      if (other === conn) continue;
      const them = store.participant(other.participantId);
      if (them?.admission !== 'admitted') continue;
      const mePolite = isPolite(me, them);
      conn.send({ type: 'peer-joined', peerId: them.id, session: other.session, polite: mePolite });
      other.send({ type: 'peer-joined', peerId: me.id, session: conn.session, polite: !mePolite });
    }
  }

  broadcastRoster(appointmentId: string): void {
    const room = this.rooms.get(appointmentId);
    if (!room) return;
    const everyone = this.deps.store.participants(appointmentId);
    for (const conn of room.values()) {
      const viewer = everyone.find((p) => p.id === conn.participantId);
      if (!viewer) continue;
      // Clients never learn who else is waiting: only the provider sees the waiting room.
      const visible =
        viewer.role === 'provider'
          ? everyone
          : everyone.filter((p) => p.id === viewer.id || p.role === 'provider' || p.admission === 'admitted');
      conn.send({ type: 'roster', participants: visible.map((p) => this.view(p, room.has(p.id))) });
    }
  }

  private view(p: Participant, online: boolean): ParticipantView {
    return {
      id: p.id,
      role: p.role,
      displayName: p.displayName,
      admission: p.admission,
      online,
      waitingSince: p.waitingSince,
      ready: p.ready,
      testSummary: this.summaries.get(p.id) ?? null,
      media: online ? (this.media.get(p.id) ?? null) : null,
    };
  }

  private room(appointmentId: string): Map<string, Connection> {
    let room = this.rooms.get(appointmentId);
    if (!room) this.rooms.set(appointmentId, (room = new Map()));
    return room;
  }

  error(conn: Connection, code: ErrorCode, message: string): void {
    conn.send({ type: 'error', code, message });
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
