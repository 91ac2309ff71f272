// Applies waiting-room events. Every admission change goes through transition(), which persists it,
// writes the audit trail and logs `old -> new` with ids only (never names).
import type { FastifyBaseLogger } from 'fastify';
import type { Admission } from '../../shared/protocol.js';
import type { AppointmentStore, Participant } from '../store/appointments.js';
import { type AdmissionEvent, nextAdmission } from './state-machine.js';

export type TransitionResult = { ok: true; from: Admission; to: Admission; participant: Participant } | { ok: false; from: Admission };

const AUDIT_EVENT: Record<AdmissionEvent, string> = { join: 'joined', admit: 'admitted', remove: 'removed' };

export class WaitingRoom {
  constructor(
    private readonly store: AppointmentStore,
    private readonly log: FastifyBaseLogger,
  ) {}

  transition(participant: Participant, event: AdmissionEvent, actorId: string, now = Date.now()): TransitionResult {
    const from = participant.admission;
    const to = nextAdmission(from, event, participant.role);
    const ids = { appointmentId: participant.appointmentId, participantId: participant.id, actorId, event };
    if (to === null) {
      this.log.warn(ids, `admission ${from} -> (refused)`);
      return { ok: false, from };
    }
    // Keep a waiting client's place in the queue across reloads; start the clock on (re)entry.
    const waitingSince = to === 'waiting' ? (from === 'waiting' ? (participant.waitingSince ?? now) : now) : null;
    this.store.saveAdmission(participant.id, to, waitingSince);
    if (to === 'removed') this.store.saveReady(participant.id, false);
    this.store.audit(participant.appointmentId, AUDIT_EVENT[event], participant.id, actorId);
    this.log.info(ids, `admission ${from} -> ${to}`);
    return {
      ok: true,
      from,
      to,
      participant: { ...participant, admission: to, waitingSince, ready: to === 'removed' ? false : participant.ready },
    };
  }
}
