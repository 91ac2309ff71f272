// Booking for the practice: one appointment or a weekly / every-other-week series, each occurrence
// its own appointment with its own participants (the therapist as provider, then the clients), so
// the visit links and the waiting room work on it as on any appointment.
import { newId } from '../store/appointments.js';
import type { Client } from '../store/clients.js';
import type { ScheduledAppointment } from '../store/schedule.js';
import type { StaffMember } from '../store/staff.js';
import { MAX_PARTICIPANTS } from '../../shared/constants.js';
import { chosenTherapist, visibleClient } from './access.js';
import type { Authenticated } from './auth-service.js';
import { badRequest, forbidden } from './errors.js';
import { occurrenceStarts, type Repeat } from './series.js';
import type { PracticeServices } from './services.js';
import { isTimeZone } from './time-zones.js';

export const MAX_CLIENTS = MAX_PARTICIPANTS - 1;

export interface BookingRequest {
  therapistId?: string | undefined;
  clientIds: string[];
  start: number;
  minutes: number;
  video: boolean;
  title: string;
  repeat?: { every: Repeat; count: number; timeZone: string } | undefined;
}

/** Only a therapist with Teletherapy turned on hosts video visits. */
export function requireTeletherapy(therapist: Pick<StaffMember, 'id' | 'teletherapy'>, me: Authenticated['staff']): void {
  if (therapist.teletherapy) return;
  throw forbidden(
    therapist.id === me.id
      ? 'Teletherapy is off for your account, so you cannot hold video visits. An owner or manager can turn it on.'
      : 'Teletherapy is off for this therapist, so they cannot hold video visits. An owner or manager can turn it on.',
    'teletherapy_off',
  );
}

export async function book(s: PracticeServices, me: Authenticated['staff'], req: BookingRequest): Promise<ScheduledAppointment[]> {
  if (Number.isNaN(req.start)) throw badRequest('The start is not a valid time (use e.g. 2026-03-02T15:00:00-05:00).');
  const therapist = await chosenTherapist(s, me, req.therapistId);
  if (req.video) requireTeletherapy(therapist, me);
  if (new Set(req.clientIds).size !== req.clientIds.length) throw badRequest('A client is listed twice.');
  if (req.clientIds.length < 1 || req.clientIds.length > MAX_CLIENTS) throw badRequest(`An appointment has 1 to ${MAX_CLIENTS} clients.`);
  const clients: Client[] = [];
  for (const id of req.clientIds) clients.push(await visibleClient(s, me, id));
  const starts = seriesStarts(req);
  const seriesId = starts.length > 1 ? newId() : null;
  const ids = await s.schedule.createAll(
    starts.map((startsAt) => ({
      title: req.title,
      startsAt,
      endsAt: startsAt + req.minutes * 60_000,
      therapistId: therapist.id,
      video: req.video,
      seriesId,
      providerName: therapist.name,
      clients: clients.map((c) => ({ id: c.id, name: c.name })),
    })),
    s.now(),
  );
  for (const id of ids)
    await s.audit.record({ event: 'appointment created', staffId: me.id, subjectStaffId: therapist.id, appointmentId: id }, s.now());
  const booked: ScheduledAppointment[] = [];
  for (const id of ids) booked.push((await s.schedule.byId(id))!);
  return booked;
}

function seriesStarts(req: BookingRequest): number[] {
  if (!req.repeat) return [req.start];
  if (!isTimeZone(req.repeat.timeZone))
    throw badRequest('The time zone is not one Vestibule knows (use a name such as America/Chicago).', 'bad_time_zone');
  return occurrenceStarts(req.start, req.repeat.every, req.repeat.count, req.repeat.timeZone);
}

/** Withdraws every link of an appointment (cancelled, moved, or no longer a video visit). */
export async function revokeAppointmentLinks(s: PracticeServices, appt: ScheduledAppointment, actorId: string): Promise<void> {
  for (const p of appt.participants) {
    await s.links.revokeAllFor(p.id);
    await s.audit.record({ event: 'links revoked', staffId: actorId, appointmentId: appt.id, participantId: p.id }, s.now());
  }
}
