// POST /api/practice/appointments/:id/participants/:participantId/resend: the dashboard's "Send the
// link again" for a client who has not arrived (see resend-link.ts).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { MailService } from '../../mail/mail-service.js';
import { signedIn } from '../guard.js';
import { resendLink } from '../resend-link.js';
import { Id } from '../schemas.js';
import type { PracticeServices } from '../services.js';

const ParticipantParams = Type.Object({ id: Id, participantId: Id }, { additionalProperties: false });

export function resendRoutes(app: FastifyInstance, s: PracticeServices, mail: MailService): void {
  app.post<{ Params: Static<typeof ParticipantParams> }>(
    '/appointments/:id/participants/:participantId/resend',
    { schema: { params: ParticipantParams }, config: { practice: { permission: 'appointments:manage' } } },
    async (req) => resendLink(s, mail, signedIn(req).staff, req.params),
  );
}
