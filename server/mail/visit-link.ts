// The one place an email's visit link is made, so the link's form (today the signed long link) can
// change in one spot.
import { visitUrl } from '../links/link-tokens.js';
import type { PracticeServices } from '../practice/services.js';

/** A new link for one participant of an appointment, for an email; null if either is gone. */
export async function visitLinkForEmail(s: PracticeServices, appointmentId: string, participantId: string): Promise<string | null> {
  const appointment = await s.appointments.appointment(appointmentId);
  const participant = await s.appointments.participant(participantId);
  if (!appointment || !participant || participant.appointmentId !== appointmentId) return null;
  const token = await s.links.issue(appointment, participant);
  return visitUrl(s.config.publicUrl, appointmentId, token);
}
