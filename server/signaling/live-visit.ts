// One visit as the hub holds it while anyone is connected: the appointment and its participants,
// loaded once when the first person joins and written through on every change, so relaying a frame
// never waits on the database; plus the short-lived state nobody stores (media, test summaries).
import type { MediaState, TestSummary } from '../../shared/protocol.js';
import type { Appointment, Participant } from '../store/appointments.js';

export interface Connection {
  /** Changes every time a participant connects: peers use it to drop stale peer connections. */
  readonly session: string;
  readonly participantId: string;
  readonly appointmentId: string;
  send(msg: import('../../shared/protocol.js').ServerMessage): void;
  close(code: number, reason: string): void;
}

export class LiveVisit {
  /** participantId -> live connection */
  readonly connections = new Map<string, Connection>();
  /** Latest connection-test summary per participant. */
  readonly summaries = new Map<string, TestSummary>();
  /** Latest media state (mic, camera, screen) each connected participant reported. */
  readonly media = new Map<string, MediaState>();
  private people: Map<string, Participant>;

  constructor(
    public appointment: Appointment,
    participants: Participant[],
  ) {
    this.people = new Map(participants.map((p) => [p.id, p]));
  }

  participant(id: string): Participant | undefined {
    return this.people.get(id);
  }

  /** Everyone on the appointment, in the order they were added. */
  participants(): Participant[] {
    return [...this.people.values()];
  }

  /** Replaces the cached row after a write (or a reload) of it. */
  update(p: Participant): void {
    this.people.set(p.id, p);
  }

  replaceAll(participants: Participant[]): void {
    this.people = new Map(participants.map((p) => [p.id, p]));
  }

  provider(): Participant | undefined {
    for (const p of this.people.values()) if (p.role === 'provider') return p;
    return undefined;
  }

  /** Connected and admitted: the people in the call. */
  admittedConnections(): Connection[] {
    return [...this.connections.values()].filter((c) => this.people.get(c.participantId)?.admission === 'admitted');
  }
}
