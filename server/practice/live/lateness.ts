// Running late, as the provider's dashboard and email see it: a client who waits while the provider
// has not opened the visit two minutes after its start, and a client who has not arrived five minutes
// after it. Pure rules over a visit's replica, so every node (and the mail round) decides alike.
import type { LiveVisit } from '../../signaling/live-visit.js';
import type { Participant } from '../../store/appointments.js';

/** After the start, how long a waiting client waits before the provider is told (dashboard and email). */
export const WAITING_ALERT_AFTER_MS = 2 * 60_000;
/** After the start, how long before a client who has not come is shown as not arrived. */
export const NOT_ARRIVED_AFTER_MS = 5 * 60_000;

/** Whether the session is on (not ended by the provider) and `afterMs` past its start. */
function pastStart(visit: LiveVisit, afterMs: number, now: number): boolean {
  return visit.appointment.endedAt === null && now >= visit.appointment.startsAt + afterMs;
}

/** Whether anyone holding the provider's link has the visit open, on any node. */
export function providerPresent(visit: LiveVisit): boolean {
  return visit.participants().some((p) => p.role === 'provider' && visit.connections.has(p.id));
}

/** A client in the waiting room now, two minutes or more after the start, with no provider in the visit. */
export function waitingAlert(visit: LiveVisit, p: Participant, now: number): boolean {
  return (
    p.role === 'client' &&
    p.admission === 'waiting' &&
    visit.connections.has(p.id) &&
    pastStart(visit, WAITING_ALERT_AFTER_MS, now) &&
    !providerPresent(visit)
  );
}

/** A client who has not opened their link since the session began, five minutes or more after the start. */
export function notArrived(visit: LiveVisit, p: Participant, now: number): boolean {
  return p.role === 'client' && p.admission === 'invited' && !visit.connections.has(p.id) && pastStart(visit, NOT_ARRIVED_AFTER_MS, now);
}
