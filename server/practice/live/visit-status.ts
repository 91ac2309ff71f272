// One visit's live status for the dashboard, read from the node's replica of it.
import type { LiveVisitStatus } from '../../../shared/live-status.js';
import type { LiveVisit } from '../../signaling/live-visit.js';

export function visitStatus(visit: LiveVisit): LiveVisitStatus {
  return {
    appointmentId: visit.appointment.id,
    endedAt: visit.appointment.endedAt,
    participants: visit.participants().map((p) => ({
      id: p.id,
      role: p.role,
      admission: p.admission,
      connected: visit.connections.has(p.id),
      waitingSince: p.admission === 'waiting' ? p.waitingSince : null,
      ready: p.ready,
      testSummary: visit.summary(p.id) ?? null,
    })),
  };
}
