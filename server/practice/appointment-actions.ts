// Changes to an appointment, written once for every way in (the dashboard's routes, the API): each
// checks what the actor may do, saves, audits, then tells the appointment's listeners.
import type { ScheduledAppointment } from '../store/schedule.js';
import { visibleAppointment } from './access.js';
import { type Acting, actorOf } from './acting.js';
import { book, type BookingRequest, requireTeletherapy, revokeAppointmentLinks } from './booking.js';
import { badRequest, conflict } from './errors.js';
import type { PracticeServices } from './services.js';

type Me = Acting;
const staffActor = actorOf;

export async function bookAppointments(s: PracticeServices, me: Me, req: BookingRequest): Promise<ScheduledAppointment[]> {
  const booked = await book(s, me, req);
  for (const appointment of booked) await s.events.emit({ type: 'appointment.created', appointment, actor: staffActor(me) });
  return booked;
}

export async function rescheduleAppointment(
  s: PracticeServices,
  me: Me,
  id: string,
  start: number,
  minutes: number | undefined,
): Promise<ScheduledAppointment> {
  const appt = await visibleAppointment(s, me, id);
  if (appt.cancelledAt !== null) throw conflict('This appointment is cancelled.', 'cancelled');
  if (Number.isNaN(start)) throw badRequest('The start is not a valid time.');
  const length = minutes ?? Math.round((appt.endsAt - appt.startsAt) / 60_000);
  await s.schedule.reschedule(appt.id, start, start + length * 60_000);
  await s.audit.record({ event: 'appointment rescheduled', staffId: me.id, appointmentId: appt.id }, s.now());
  // Links already sent keep working: they open at the new time, which they read from the store.
  const moved = (await s.schedule.byId(appt.id))!;
  await s.events.emit({
    type: 'appointment.rescheduled',
    appointment: moved,
    previous: { startsAt: appt.startsAt, endsAt: appt.endsAt },
    actor: staffActor(me),
  });
  return moved;
}

export async function cancelAppointment(s: PracticeServices, me: Me, id: string): Promise<ScheduledAppointment> {
  const appt = await visibleAppointment(s, me, id);
  if (appt.cancelledAt !== null) return appt;
  await s.schedule.cancel(appt.id, s.now());
  await s.audit.record({ event: 'appointment cancelled', staffId: me.id, appointmentId: appt.id }, s.now());
  // Revoked too (audited, and open sockets close); the pages then say the visit was cancelled.
  await revokeAppointmentLinks(s, appt, me.id);
  const cancelled = (await s.schedule.byId(appt.id))!;
  await s.events.emit({ type: 'appointment.cancelled', appointment: cancelled, actor: staffActor(me) });
  return cancelled;
}

export async function setAppointmentVideo(s: PracticeServices, me: Me, id: string, on: boolean): Promise<ScheduledAppointment> {
  const appt = await visibleAppointment(s, me, id);
  if (appt.cancelledAt !== null) throw conflict('This appointment is cancelled.', 'cancelled');
  if (appt.video === on) return appt;
  const therapist = appt.therapistId ? await s.staff.byId(appt.therapistId) : undefined;
  if (on && therapist) requireTeletherapy(therapist, me);
  await s.schedule.setVideo(appt.id, on);
  await s.audit.record({ event: on ? 'video on' : 'video off', staffId: me.id, appointmentId: appt.id }, s.now());
  if (!on) await revokeAppointmentLinks(s, appt, me.id);
  const changed = (await s.schedule.byId(appt.id))!;
  await s.events.emit({ type: 'appointment.video-changed', appointment: changed, actor: staffActor(me) });
  return changed;
}
