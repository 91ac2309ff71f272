// A participant connected to another node, as this node's replica of the visit sees them: frames
// and closes for them travel over the bus to the node that holds their socket.
import type { ServerMessage } from '../../shared/protocol.js';
import type { Presence, VisitBus } from '../bus/types.js';
import type { ForwardedSignal } from './forwarded-signal.js';
import type { Connection } from './live-visit.js';

export class RemoteConnection implements Connection {
  readonly participantId: string;
  readonly session: string;
  readonly node: string;

  constructor(
    readonly appointmentId: string,
    presence: Presence,
    private readonly bus: VisitBus,
  ) {
    this.participantId = presence.participantId;
    this.session = presence.session;
    this.node = presence.node;
  }

  send(frame: ServerMessage): void {
    this.bus.deliver(this.node, {
      appointmentId: this.appointmentId,
      participantId: this.participantId,
      session: this.session,
      frame: { type: frame.type, text: JSON.stringify(frame) },
    });
  }

  forward(signal: ForwardedSignal): void {
    this.bus.deliver(this.node, {
      appointmentId: this.appointmentId,
      participantId: this.participantId,
      session: this.session,
      frame: signal,
    });
  }

  close(code: number, reason: string): void {
    this.bus.deliver(this.node, {
      appointmentId: this.appointmentId,
      participantId: this.participantId,
      session: this.session,
      close: { code, reason },
    });
  }
}
