// What happens during a visit besides setting up calls: media state, chat, the provider's moderation,
// and ending or restarting the session. Chat text is relayed and forgotten: never stored, never logged.
import type { ClientMessageOf, ErrorCode } from '../../shared/protocol.js';
import type { AppointmentStore, Participant } from '../store/appointments.js';
import type { Connection } from './hub.js';

/** The part of the hub these handlers need. */
export interface VisitRoomAccess {
  store: AppointmentStore;
  connections(appointmentId: string): Connection[];
  connection(appointmentId: string, participantId: string): Connection | undefined;
  broadcastRoster(appointmentId: string): void;
  detach(conn: Connection, why?: 'closed' | 'replaced'): void;
  error(conn: Connection, code: ErrorCode, message: string): void;
  audit(appointmentId: string, event: string, participantId: string | null, actorId: string): void;
}

export const CLOSE_SESSION_ENDED = 4004;

export function handleChat(room: VisitRoomAccess, conn: Connection, msg: ClientMessageOf<'chat'>): void {
  const everyone = room.store.participants(conn.appointmentId);
  const sender = everyone.find((p) => p.id === conn.participantId)!;
  // Who may read a channel is who may write to it.
  const mayUse = (p: Participant) =>
    msg.channel === 'call' ? p.admission === 'admitted' : p.role === 'provider' || p.admission === 'waiting';
  if (!mayUse(sender)) {
    return room.error(
      conn,
      'forbidden',
      msg.channel === 'call'
        ? 'Only people in the call can use the call chat'
        : 'The waiting-room chat is for the provider and those waiting',
    );
  }
  const text = msg.text.trim();
  if (!text) return room.error(conn, 'bad_frame', 'Empty message');
  const out = { type: 'chat' as const, channel: msg.channel, from: sender.id, fromName: sender.displayName, text, at: Date.now() };
  for (const c of room.connections(conn.appointmentId)) {
    const reader = everyone.find((p) => p.id === c.participantId);
    if (reader && mayUse(reader)) c.send(out);
  }
}

export function handleModerate(room: VisitRoomAccess, conn: Connection, msg: ClientMessageOf<'moderate'>): void {
  const actor = room.store.participant(conn.participantId)!;
  if (actor.role !== 'provider') return room.error(conn, 'forbidden', 'Only the provider can mute or stop video for others');
  const target = room.store.participant(msg.participantId);
  const targetConn = room.connection(conn.appointmentId, msg.participantId);
  if (!target || target.appointmentId !== conn.appointmentId || target.admission !== 'admitted' || !targetConn) {
    return room.error(conn, 'unknown_participant', 'That participant is not in the call');
  }
  room.audit(conn.appointmentId, msg.action, target.id, actor.id);
  targetConn.send({ type: 'moderated', action: msg.action, by: actor.id, byName: actor.displayName });
}

export function handleEndSession(room: VisitRoomAccess, conn: Connection): void {
  const actor = room.store.participant(conn.participantId)!;
  if (actor.role !== 'provider') return room.error(conn, 'forbidden', 'Only the provider can end the session');
  room.store.endSession(conn.appointmentId);
  room.audit(conn.appointmentId, 'session ended', null, actor.id);
  for (const c of room.connections(conn.appointmentId)) {
    c.send({ type: 'session-ended', by: actor.id });
    if (room.store.participant(c.participantId)?.role === 'client') {
      room.detach(c);
      c.close(CLOSE_SESSION_ENDED, 'session ended');
    }
  }
  room.broadcastRoster(conn.appointmentId);
}

export function handleRestartSession(room: VisitRoomAccess, conn: Connection): void {
  const actor = room.store.participant(conn.participantId)!;
  if (actor.role !== 'provider') return room.error(conn, 'forbidden', 'Only the provider can start the session again');
  const appt = room.store.appointment(conn.appointmentId)!;
  if (appt.endedAt === null) return room.error(conn, 'invalid_transition', 'The session has not ended');
  if (Date.now() >= appt.endsAt) return room.error(conn, 'link_expired', "The appointment's time is over");
  room.store.restartSession(conn.appointmentId);
  room.audit(conn.appointmentId, 'session restarted', null, actor.id);
  for (const c of room.connections(conn.appointmentId)) {
    if (room.store.participant(c.participantId)?.role === 'provider') c.send({ type: 'session-restarted' });
  }
  room.broadcastRoster(conn.appointmentId);
}
