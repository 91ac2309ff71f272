// Finding a client or an appointment for the signed-in staff member. A therapist reaches only their
// own; anything else answers 404 as if it did not exist, so ids of other caseloads reveal nothing.
import type { Client } from '../store/clients.js';
import type { ScheduledAppointment } from '../store/schedule.js';
import type { StaffMember } from '../store/staff.js';
import type { Authenticated } from './auth-service.js';
import { badRequest, forbidden, notFound } from './errors.js';
import { canBeTherapist, seesEveryTherapist } from './roles.js';
import type { PracticeServices } from './services.js';

type Me = Authenticated['staff'];

export async function visibleClient(s: PracticeServices, me: Me, id: string): Promise<Client> {
  const client = await s.clients.byId(id);
  if (!client || (!seesEveryTherapist(me.role) && client.therapistId !== me.id)) throw notFound('client');
  return client;
}

export async function visibleAppointment(s: PracticeServices, me: Me, id: string): Promise<ScheduledAppointment> {
  const appt = await s.schedule.byId(id);
  if (!appt || (!seesEveryTherapist(me.role) && appt.therapistId !== me.id)) throw notFound('appointment');
  return appt;
}

/**
 * The therapist a client or appointment is for: a therapist always works for themself (naming
 * someone else is refused); other roles must name an active staff member who can see clients.
 */
export async function chosenTherapist(s: PracticeServices, me: Me, therapistId: string | undefined): Promise<StaffMember> {
  if (!seesEveryTherapist(me.role)) {
    if (therapistId !== undefined && therapistId !== me.id) throw forbidden('A therapist can only book for their own caseload.');
    return (await s.staff.byId(me.id))!;
  }
  if (!therapistId) throw badRequest('Choose the therapist (therapistId).');
  const therapist = await s.staff.byId(therapistId);
  if (!therapist || !canBeTherapist(therapist.role)) throw badRequest('That staff member is not a therapist.', 'not_a_therapist');
  if (therapist.deactivatedAt !== null) throw badRequest('That therapist’s account is deactivated.', 'therapist_deactivated');
  return therapist;
}
