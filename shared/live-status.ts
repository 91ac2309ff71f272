// What the practice dashboard's live channel (GET /api/practice/live, Server-Sent Events) carries:
// for each of the therapist's visits of the day, where each participant is now. Ids only: the
// dashboard already has the names from the appointment list, so no name travels here.
import type { Admission, Role, TestSummary } from './protocol.js';

export interface LiveParticipantStatus {
  id: string;
  role: Role;
  /** invited (not joined since the session began) / waiting / admitted / removed. */
  admission: Admission;
  /** Has the visit open right now, on any server. Waiting and connected: in the waiting room; admitted and connected: in the call. */
  connected: boolean;
  /** When they entered the waiting room (ms since the epoch); null unless waiting. */
  waitingSince: number | null;
  /** Pressed "I'm ready" in the waiting room. */
  ready: boolean;
  /** Their last connection test, in a few words. */
  testSummary: TestSummary | null;
  /**
   * A client waiting while the provider has not opened the visit, two minutes or more after its start:
   * the dashboard raises an alert. Always false for the provider.
   */
  waitingAlert: boolean;
  /** A client who has not arrived (never connected since the session began) five minutes or more after the start. */
  notArrived: boolean;
}

/** `event: status`: one visit's participants, sent at once for each visit and after each change. */
export interface LiveVisitStatus {
  appointmentId: string;
  /** When the therapist ended the session (ms), or null. */
  endedAt: number | null;
  /** The visit's start (ms): the dashboard says "waiting since" against it. */
  startsAt: number;
  participants: LiveParticipantStatus[];
}

/** `event: end`: the server closes the channel; the page should not reconnect by itself. */
export interface LiveEnd {
  reason: 'session_ended' | 'server_restarting' | 'too_slow';
}

/** How many of a participant list are in the waiting room now. */
export function waitingCount(participants: readonly LiveParticipantStatus[]): number {
  return participants.filter((p) => p.role === 'client' && p.admission === 'waiting' && p.connected).length;
}
