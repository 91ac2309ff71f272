// The one place an email's visit link is made: a short link (/j#CODE), short enough to read out over
// the phone, whose code the server exchanges for the signed link.
import { ShortLinks, shortUrl } from '../links/short-links.js';
import type { PracticeServices } from '../practice/services.js';

/** A new link for one participant of an appointment, for an email; null if either is gone. */
export async function visitLinkForEmail(s: PracticeServices, appointmentId: string, participantId: string): Promise<string | null> {
  const appointment = await s.appointments.appointment(appointmentId);
  const participant = await s.appointments.participant(participantId);
  if (!appointment || !participant || participant.appointmentId !== appointmentId) return null;
  const { code } = await new ShortLinks(s.db, s.links).issue(appointment, participant);
  return shortUrl(s.config.publicUrl, code);
}
