// The events a practice can subscribe to, and what each one's `data` holds: ids and times only, never
// a name, an email, a title or a link (see docs/api.md). A receiver that needs more asks the API.
import type { Actor } from '../../practice/appointment-events.js';

export interface WebhookEventData {
  'client.waiting': { appointmentId: string; participantId: string; clientId: string | null };
  'client.admitted': { appointmentId: string; participantId: string; clientId: string | null };
  'visit.started': { appointmentId: string };
  'visit.ended': { appointmentId: string };
  'appointment.created': AppointmentData;
  'appointment.changed': AppointmentData & { change: 'rescheduled' | 'video' };
  'appointment.cancelled': AppointmentData;
  'email.failed': { messageId: string; appointmentId?: string | null; reason: string };
  'webhook.test': { endpointId: string };
}

export interface AppointmentData {
  appointmentId: string;
  therapistId: string | null;
  startsAt: string;
  endsAt: string;
  video: boolean;
  cancelled: boolean;
  clientIds: string[];
  actor: Actor;
}

export type WebhookEventType = keyof WebhookEventData;

/** What an endpoint may subscribe to (the test event goes to whoever asks for it). */
export const SUBSCRIBABLE: readonly WebhookEventType[] = [
  'client.waiting',
  'client.admitted',
  'visit.started',
  'visit.ended',
  'appointment.created',
  'appointment.changed',
  'appointment.cancelled',
  'email.failed',
];

/** The body every delivery carries, as Standard Webhooks suggests: type, timestamp, data. */
export function payloadOf<T extends WebhookEventType>(type: T, data: WebhookEventData[T], at: number): string {
  return JSON.stringify({ type, timestamp: new Date(at).toISOString(), data });
}
