// Listing appointments, for the dashboard and the API alike: a therapist sees their own, other roles
// everyone's (or one therapist's), within a range of at most 400 days.
import type { ScheduledAppointment } from '../store/schedule.js';
import type { Acting } from './acting.js';
import { badRequest } from './errors.js';
import { seesEveryTherapist } from './roles.js';
import type { PracticeServices } from './services.js';

const MAX_LIST = 1000;
const MAX_RANGE_MS = 400 * 86_400_000;

export interface AppointmentListQuery {
  from: number;
  to: number;
  therapistId?: string | undefined;
  clientId?: string | undefined;
  includeCancelled?: boolean | undefined;
}

export function listAppointments(s: PracticeServices, me: Acting, q: AppointmentListQuery): Promise<ScheduledAppointment[]> {
  if (!(q.to > q.from) || q.to - q.from > MAX_RANGE_MS) throw badRequest('`to` must be after `from`, and at most 400 days later.');
  return s.schedule.list({
    from: q.from,
    to: q.to,
    therapistId: seesEveryTherapist(me.role) ? (q.therapistId ?? null) : me.id,
    clientId: q.clientId ?? null,
    includeCancelled: q.includeCancelled ?? false,
    limit: MAX_LIST,
  });
}
