// Issuing and revoking visit links, written once for the dashboard's routes and the API. A link is
// not stored, so "showing" one issues a new one (earlier ones keep working until revoked): a short link
// (`url`, PUBLIC_URL/j#CODE, to read out or type) and the same link in long form (`longUrl`,
// PUBLIC_URL/v/ID#t=TOKEN, with `&lang=` the client's language so the page opens in it). A client's
// link goes to whoever can see the appointment; the provider's link only to the appointment's
// therapist, who must have Teletherapy: a scheduler (or an API key) books visits but never joins one.
import { participantLanguage, withLanguage } from '../links/link-language.js';
import { visitUrl } from '../links/link-tokens.js';
import { ShortLinks, shortUrl } from '../links/short-links.js';
import type { ScheduledAppointment } from '../store/schedule.js';
import type { Acting } from './acting.js';
import { visibleAppointment } from './access.js';
import { requireTeletherapy } from './booking.js';
import { conflict, forbidden, notFound } from './errors.js';
import type { PracticeServices } from './services.js';

export interface ParticipantRef {
  id: string;
  participantId: string;
}

export async function participantOf(s: PracticeServices, me: Acting, ref: ParticipantRef) {
  const appt = await visibleAppointment(s, me, ref.id);
  const participant = appt.participants.find((p) => p.id === ref.participantId);
  if (!participant) throw notFound('participant');
  return { appt, participant };
}

export async function checkLinkAllowed(s: PracticeServices, me: Acting, appt: ScheduledAppointment, role: 'provider' | 'client') {
  if (appt.cancelledAt !== null) throw conflict('This appointment is cancelled.', 'cancelled');
  if (!appt.video) throw conflict('This appointment is in person. Turn video on first.', 'in_person');
  if (appt.endsAt <= s.now()) throw conflict('This appointment is over.', 'over');
  if (role === 'provider' && appt.therapistId !== me.id)
    throw forbidden('Only the appointment’s therapist gets the provider link.', 'provider_link_refused');
  const therapist = appt.therapistId ? await s.staff.byId(appt.therapistId) : undefined;
  if (therapist) requireTeletherapy(therapist, me);
}

export async function issueLink(s: PracticeServices, me: Acting, ref: ParticipantRef) {
  const { appt, participant } = await participantOf(s, me, ref);
  await checkLinkAllowed(s, me, appt, participant.role);
  const [visitAppointment, visitParticipant] = [
    await s.appointments.appointment(appt.id),
    await s.appointments.participant(participant.id),
  ];
  const { code, token } = await new ShortLinks(s.db, s.links).issue(visitAppointment!, visitParticipant!);
  await s.audit.record({ event: 'link issued', staffId: me.id, appointmentId: appt.id, participantId: participant.id }, s.now());
  return {
    participantId: participant.id,
    role: participant.role,
    url: shortUrl(s.config.publicUrl, code),
    longUrl: withLanguage(visitUrl(s.config.publicUrl, appt.id, token), await participantLanguage(s.db, participant.id)),
  };
}

/** Withdraws the participant's links; closing their open sockets is the signaling side's job. */
export async function revokeLinks(s: PracticeServices, me: Acting, ref: ParticipantRef): Promise<void> {
  const { appt, participant } = await participantOf(s, me, ref);
  await s.links.revokeAllFor(participant.id);
  await s.audit.record({ event: 'links revoked', staffId: me.id, appointmentId: appt.id, participantId: participant.id }, s.now());
}
