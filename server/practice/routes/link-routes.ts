// Visit links for an appointment's participants (see link-actions.ts for who gets which).
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { signedIn } from '../guard.js';
import { issueLink, revokeLinks } from '../link-actions.js';
import { Id } from '../schemas.js';
import type { PracticeServices } from '../services.js';

const ParticipantParams = Type.Object({ id: Id, participantId: Id }, { additionalProperties: false });
type Params = { Params: Static<typeof ParticipantParams> };
const appointments = { practice: { permission: 'appointments:manage' as const } };

export function linkRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.post<Params>(
    '/appointments/:id/participants/:participantId/link',
    { schema: { params: ParticipantParams }, config: appointments },
    async (req) => issueLink(s, signedIn(req).staff, req.params),
  );

  app.delete<Params>(
    '/appointments/:id/participants/:participantId/links',
    { schema: { params: ParticipantParams }, config: appointments },
    async (req, reply) => {
      await revokeLinks(s, signedIn(req).staff, req.params);
      return reply.code(204).send();
    },
  );
}
