// One visit's live status for the dashboard, read from the node's replica of it at a given moment
// (the running-late flags depend on the clock as well as on who is there).
import type { LiveVisitStatus } from '../../../shared/live-status.js';
import type { LiveVisit } from '../../signaling/live-visit.js';
import { notArrived, waitingAlert } from './lateness.js';

export function visitStatus(visit: LiveVisit, now: number): LiveVisitStatus {
  return {
    appointmentId: visit.appointment.id,
    startsAt: visit.appointment.startsAt,
    endedAt: visit.appointment.endedAt,
    participants: visit.participants().map((p) => ({
      id: p.id,
      role: p.role,
      admission: p.admission,
      connected: visit.connections.has(p.id),
      waitingSince: p.admission === 'waiting' ? p.waitingSince : null,
      ready: p.ready,
      testSummary: visit.summary(p.id) ?? null,
      waitingAlert: waitingAlert(visit, p, now),
      notArrived: notArrived(visit, p, now),
    })),
  };
}
