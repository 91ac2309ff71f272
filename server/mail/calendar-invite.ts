// The .ics that rides with a client's visit email. One UID per appointment, so calendar programs
// update the same entry: a move is a REQUEST with a higher SEQUENCE, a cancellation METHOD:CANCEL.
// Times are written in UTC, which every calendar shows in its owner's zone. The summary is neutral:
// never the appointment's title.
import { createEvent } from 'ics';

export interface InviteInput {
  appointmentId: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  startsAt: number;
  endsAt: number;
  /** Already in the client's language, e.g. "Video visit with Dr. Okafor". */
  summary: string;
  description: string;
  url?: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** Host part of the UID: the service's own host name. */
  host: string;
}

/** The calendar writer refused the entry; `field` is the one it named (e.g. attendees[0].email), never a value. */
export class CalendarInviteError extends Error {
  constructor(readonly field: string) {
    super(`could not build the calendar invitation: ${field} was refused`);
  }
}

export function calendarInvite(i: InviteInput): string {
  const { error, value } = createEvent({
    productId: 'vestibule',
    method: i.method,
    uid: `${i.appointmentId}@${i.host}`,
    sequence: i.sequence,
    start: i.startsAt,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: i.endsAt,
    endInputType: 'utc',
    endOutputType: 'utc',
    title: i.summary,
    description: i.description,
    ...(i.url ? { url: i.url } : {}),
    status: i.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: i.organizer,
    attendees: [{ name: i.attendee.name, email: i.attendee.email, rsvp: false, partstat: 'NEEDS-ACTION', role: 'REQ-PARTICIPANT' }],
  });
  if (error || !value) throw new CalendarInviteError(/^[\w.[\]]+/.exec(error?.message ?? '')?.[0] ?? 'unknown');
  return value;
}
