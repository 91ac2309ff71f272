// The contract between the hub and its message handlers: one handler per client message type, each
// given the visit it acts in and the few hub operations it may use.
import type { ClientMessage, ClientMessageOf, ErrorCode } from '../../../shared/protocol.js';
import type { AppointmentStore, Participant } from '../../store/appointments.js';
import type { VisitLocationStore } from '../../store/visit-locations.js';
import type { WaitingRoom } from '../../waiting-room/waiting-room.js';
import type { ReceivedFrame } from '../forwarded-signal.js';
import type { Connection, LiveVisit } from '../live-visit.js';

export interface HubOperations {
  store: AppointmentStore;
  locations: VisitLocationStore;
  waitingRoom: WaitingRoom;
  broadcastRoster(visit: LiveVisit): void;
  /** Tells `conn` and every other admitted, connected participant to open a peer connection. */
  pairWithPeers(visit: LiveVisit, conn: Connection): void;
  /** Drops a connection from the visit (it is being closed by the server). */
  detach(conn: Connection): void;
  audit(appointmentId: string, event: string, participantId: string | null, actorId: string): void;
}

export interface HandlerContext {
  hub: HubOperations;
  visit: LiveVisit;
  conn: Connection;
  /** The sender, as the hub has them now. */
  self: Participant;
  /** The message as it arrived (text and bytes), for a handler that passes it on unchanged. */
  frame: ReceivedFrame;
  error(code: ErrorCode, message: string): void;
}

export interface Handler<K extends ClientMessage['type']> {
  /** When set, only the provider may send this; the text completes "Only the provider can …". */
  providerOnly?: string;
  /** When set, only a client may send this; the text completes "Only a client can …". */
  clientOnly?: string;
  run(ctx: HandlerContext, msg: ClientMessageOf<K>): void | Promise<void>;
}

export type HandlerTable = { [K in ClientMessage['type']]: Handler<K> };
