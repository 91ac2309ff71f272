// Applies waiting-room events. Every admission change goes through transition(), which saves it with
// its audit line in one conditional write and logs `old -> new` with ids only (never names).
import type { FastifyBaseLogger } from 'fastify';
import type { Admission } from '../../shared/protocol.js';
import type { AppointmentStore, Participant } from '../store/appointments.js';
import { type AdmissionEvent, nextAdmission } from './state-machine.js';

export type TransitionResult =
  | { ok: true; from: Admission; to: Admission; participant: Participant }
  /** `stale`: the participant had already changed (another tab or machine acted first). */
  | { ok: false; from: Admission; stale?: boolean };

const AUDIT_EVENT: Record<AdmissionEvent, string> = { join: 'joined', admit: 'admitted', remove: 'removed', end: 'session reset' };
const ADMITTED_WITHOUT_LOCATION = 'admitted without a stated location';

export class WaitingRoom {
  constructor(
    private readonly store: AppointmentStore,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * `withoutLocation`: the provider confirmed admitting a client who has not said where they are; the
   * audit trail gets a line of its own for it, saved with the admission (a practice looks for it).
   */
  async transition(
    participant: Participant,
    event: AdmissionEvent,
    actorId: string,
    opts: { now?: number; withoutLocation?: boolean } = {},
  ): Promise<TransitionResult> {
    const now = opts.now ?? Date.now();
    const from = participant.admission;
    const to = nextAdmission(from, event, participant.role);
    const ids = { appointmentId: participant.appointmentId, participantId: participant.id, actorId, event };
    if (to === null) {
      this.log.info(ids, `admission ${from} -> (refused)`);
      return { ok: false, from };
    }
    // Keep a waiting client's place in the queue across reloads; start the clock on (re)entry.
    const waitingSince = to === 'waiting' ? (from === 'waiting' ? (participant.waitingSince ?? now) : now) : null;
    const ready = to === 'removed' || to === 'invited' ? false : participant.ready;
    const applied = await this.store.changeAdmission({
      participantId: participant.id,
      from,
      to,
      waitingSince,
      ready,
      audit: [AUDIT_EVENT[event], ...(opts.withoutLocation && to === 'admitted' ? [ADMITTED_WITHOUT_LOCATION] : [])].map((e) => ({
        appointmentId: participant.appointmentId,
        event: e,
        participantId: participant.id,
        actorId,
      })),
    });
    if (!applied) {
      this.log.info(ids, `admission ${from} -> (changed elsewhere first)`);
      return { ok: false, from, stale: true };
    }
    this.log.info(ids, `admission ${from} -> ${to}`);
    return { ok: true, from, to, participant: { ...participant, admission: to, waitingSince, ready } };
  }
}
