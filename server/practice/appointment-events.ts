// What happened to an appointment, told to whoever listens after the change is saved: the mailer
// (invitations, updates, cancellations) and the webhooks. Listeners run in order and their failures
// are theirs: a listener that throws is logged and never undoes or fails the change itself.
import type { FastifyBaseLogger } from 'fastify';
import type { ScheduledAppointment } from '../store/schedule.js';

/** Who made the change: a staff member (dashboard) or an API key. */
export interface Actor {
  kind: 'staff' | 'api-key';
  id: string;
}

export type AppointmentEvent =
  | { type: 'appointment.created'; appointment: ScheduledAppointment; actor: Actor }
  | { type: 'appointment.rescheduled'; appointment: ScheduledAppointment; previous: { startsAt: number; endsAt: number }; actor: Actor }
  | { type: 'appointment.cancelled'; appointment: ScheduledAppointment; actor: Actor }
  | { type: 'appointment.video-changed'; appointment: ScheduledAppointment; actor: Actor };

export type AppointmentListener = (event: AppointmentEvent) => Promise<void>;

export class AppointmentEvents {
  private readonly listeners: AppointmentListener[] = [];

  constructor(private readonly log: FastifyBaseLogger) {}

  listen(listener: AppointmentListener): void {
    this.listeners.push(listener);
  }

  async emit(event: AppointmentEvent): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (err) {
        // Ids only: the appointment's title and people stay out of logs.
        this.log.error({ err, event: event.type, appointmentId: event.appointment.id }, 'appointment listener failed');
      }
    }
  }
}
