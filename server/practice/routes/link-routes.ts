// Visit links for an appointment's participants. A link is not stored, so "showing" one issues a new
// one (earlier ones keep working until revoked): a short link (`url`, PUBLIC_URL/j#CODE, to read out
// or type) and the same link in long form (`longUrl`, PUBLIC_URL/v/ID#t=TOKEN). A client's link goes to whoever can see the
// appointment; the provider's link only to the appointment's therapist, who must have Teletherapy:
// a scheduler books visits but never joins one.
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { visitUrl } from '../../links/link-tokens.js';
import { ShortLinks, shortUrl } from '../../links/short-links.js';
import type { ScheduledAppointment } from '../../store/schedule.js';
import { visibleAppointment } from '../access.js';
import type { Authenticated } from '../auth-service.js';
import { requireTeletherapy } from '../booking.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { signedIn } from '../guard.js';
import { Id } from '../schemas.js';
import type { PracticeServices } from '../services.js';

const ParticipantParams = Type.Object({ id: Id, participantId: Id }, { additionalProperties: false });
type Params = { Params: Static<typeof ParticipantParams> };
const appointments = { practice: { permission: 'appointments:manage' as const } };

async function participantOf(s: PracticeServices, me: Authenticated['staff'], params: Static<typeof ParticipantParams>) {
  const appt = await visibleAppointment(s, me, params.id);
  const participant = appt.participants.find((p) => p.id === params.participantId);
  if (!participant) throw notFound('participant');
  return { appt, participant };
}

async function checkLinkAllowed(s: PracticeServices, me: Authenticated['staff'], appt: ScheduledAppointment, role: 'provider' | 'client') {
  if (appt.cancelledAt !== null) throw conflict('This appointment is cancelled.', 'cancelled');
  if (!appt.video) throw conflict('This appointment is in person. Turn video on first.', 'in_person');
  if (appt.endsAt <= s.now()) throw conflict('This appointment is over.', 'over');
  if (role === 'provider' && appt.therapistId !== me.id)
    throw forbidden('Only the appointment’s therapist gets the provider link.', 'provider_link_refused');
  const therapist = appt.therapistId ? await s.staff.byId(appt.therapistId) : undefined;
  if (therapist) requireTeletherapy(therapist, me);
}

export function linkRoutes(app: FastifyInstance, s: PracticeServices): void {
  const shortLinks = new ShortLinks(s.db, s.links);
  app.post<Params>(
    '/appointments/:id/participants/:participantId/link',
    { schema: { params: ParticipantParams }, config: appointments },
    async (req) => {
      const me = signedIn(req).staff;
      const { appt, participant } = await participantOf(s, me, req.params);
      await checkLinkAllowed(s, me, appt, participant.role);
      const [visitAppointment, visitParticipant] = [
        await s.appointments.appointment(appt.id),
        await s.appointments.participant(participant.id),
      ];
      const { code, token } = await shortLinks.issue(visitAppointment!, visitParticipant!);
      await s.audit.record({ event: 'link issued', staffId: me.id, appointmentId: appt.id, participantId: participant.id }, s.now());
      return {
        participantId: participant.id,
        role: participant.role,
        url: shortUrl(s.config.publicUrl, code),
        longUrl: visitUrl(s.config.publicUrl, appt.id, token),
      };
    },
  );

  app.delete<Params>(
    '/appointments/:id/participants/:participantId/links',
    { schema: { params: ParticipantParams }, config: appointments },
    async (req, reply) => {
      const me = signedIn(req).staff;
      const { appt, participant } = await participantOf(s, me, req.params);
      // Withdraws the links; closing a revoked participant's open sockets is the signaling side's job.
      await s.links.revokeAllFor(participant.id);
      await s.audit.record({ event: 'links revoked', staffId: me.id, appointmentId: appt.id, participantId: participant.id }, s.now());
      return reply.code(204).send();
    },
  );
}
