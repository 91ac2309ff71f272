// Clients: create, read, update, delete, and search by name. Therapists work with their own
// caseload; owners, managers and schedulers with everyone's. Searching is a POST so that names
// travel in the body and never in a URL (URLs end up in access logs).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { visibleClient } from '../access.js';
import { createClient, deleteClient, searchClients, updateClient } from '../client-actions.js';
import { signedIn } from '../guard.js';
import { Body, Email, Id, IdParams, PersonName } from '../schemas.js';
import type { PracticeServices } from '../services.js';
import { clientView } from '../views.js';

export const ClientBody = Body({
  name: PersonName,
  email: Type.Optional(Type.Union([Email, Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9+()./ -]+$' }), Type.Null()])),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  language: Type.Union([Type.Literal('en'), Type.Literal('es')]),
  therapistId: Type.Optional(Id),
});
export const SearchBody = Body({
  name: Type.Optional(Type.String({ maxLength: 80 })),
  therapistId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
type ClientInput = Static<typeof ClientBody>;
type WithId = { Params: Static<typeof IdParams> };
const clients = { practice: { permission: 'clients:manage' as const } };

export function clientRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.post<{ Body: ClientInput }>('/clients', { schema: { body: ClientBody }, config: clients }, async (req, reply) => {
    const client = await createClient(s, signedIn(req).staff, req.body);
    return reply.code(201).send({ client: clientView(client) });
  });

  app.get<WithId>('/clients/:id', { schema: { params: IdParams }, config: clients }, async (req) => ({
    client: clientView(await visibleClient(s, signedIn(req).staff, req.params.id)),
  }));

  app.put<WithId & { Body: ClientInput }>(
    '/clients/:id',
    { schema: { params: IdParams, body: ClientBody }, config: clients },
    async (req) => ({ client: clientView(await updateClient(s, signedIn(req).staff, req.params.id, req.body)) }),
  );

  app.delete<WithId>('/clients/:id', { schema: { params: IdParams }, config: clients }, async (req, reply) => {
    await deleteClient(s, signedIn(req).staff, req.params.id);
    return reply.code(204).send();
  });

  app.post<{ Body: Static<typeof SearchBody> }>('/clients/search', { schema: { body: SearchBody }, config: clients }, async (req) => {
    const found = await searchClients(s, signedIn(req).staff, { ...req.body, limit: req.body.limit ?? 50 });
    return { clients: found.map(clientView) };
  });
}
