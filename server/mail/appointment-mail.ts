// What each appointment change sends to its clients, dispatched by the event's type. Only video
// visits send mail. A move or a cancellation first withdraws the appointment's unsent invitations,
// updates and reminders (their links no longer work), then sends the new word with the next SEQUENCE.
import type { AppointmentEvent } from '../practice/appointment-events.js';
import type { ScheduledAppointment } from '../store/schedule.js';
import type { CalendarSequences } from './calendar-sequence.js';
import type { MailKind, OutboxStore } from './outbox-store.js';
import type { VisitMailer } from './visit-mailer.js';

const SUPERSEDED: MailKind[] = ['invitation', 'update', 'reminder'];

export interface AppointmentMailDeps {
  outbox: OutboxStore;
  sequences: CalendarSequences;
  mailer: VisitMailer;
  now: () => number;
}

type Handler = (d: AppointmentMailDeps, e: AppointmentEvent) => Promise<void>;

async function announce(
  d: AppointmentMailDeps,
  appt: ScheduledAppointment,
  kind: 'invitation' | 'update' | 'cancellation' | 'in-person',
): Promise<void> {
  if (kind !== 'invitation') await d.outbox.withdrawQueued(appt.id, SUPERSEDED);
  await d.mailer.queue(appt, kind, await d.sequences.next(appt.id, d.now()));
}

const HANDLERS: Record<AppointmentEvent['type'], Handler> = {
  'appointment.created': async (d, e) => {
    if (e.appointment.video) await announce(d, e.appointment, 'invitation');
  },
  'appointment.rescheduled': async (d, e) => {
    if (e.appointment.video) await announce(d, e.appointment, 'update');
  },
  'appointment.cancelled': async (d, e) => {
    if (e.appointment.video) await announce(d, e.appointment, 'cancellation');
  },
  // Video on: the clients now need a link. Video off: the appointment stands, in person; their unsent
  // video mail is withdrawn and they are told (their calendar entry loses its link).
  'appointment.video-changed': async (d, e) => {
    if (e.appointment.video) return announce(d, e.appointment, 'invitation');
    // A client who never received a video link has nothing to unlearn: their unsent mail just goes.
    if (await d.outbox.anySent(e.appointment.id, SUPERSEDED)) return announce(d, e.appointment, 'in-person');
    await d.outbox.withdrawQueued(e.appointment.id, SUPERSEDED);
  },
};

export function appointmentMailListener(d: AppointmentMailDeps): (e: AppointmentEvent) => Promise<void> {
  return (e) => HANDLERS[e.type](d, e);
}
