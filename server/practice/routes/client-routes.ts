// Clients: create, read, update, delete, and search by name. Therapists work with their own
// caseload; owners, managers and schedulers with everyone's. Searching is a POST so that names
// travel in the body and never in a URL (URLs end up in access logs).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClientFields } from '../../store/clients.js';
import { chosenTherapist, visibleClient } from '../access.js';
import { badRequest } from '../errors.js';
import { signedIn } from '../guard.js';
import { seesEveryTherapist } from '../roles.js';
import { Body, Email, Id, IdParams, PersonName } from '../schemas.js';
import type { PracticeServices } from '../services.js';
import { isTimeZone } from '../time-zones.js';
import { clientView } from '../views.js';

const ClientBody = Body({
  name: PersonName,
  email: Type.Optional(Type.Union([Email, Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9+()./ -]+$' }), Type.Null()])),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  language: Type.Union([Type.Literal('en'), Type.Literal('es')]),
  therapistId: Type.Optional(Id),
});
const SearchBody = Body({
  name: Type.Optional(Type.String({ maxLength: 80 })),
  therapistId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
type ClientInput = Static<typeof ClientBody>;
type WithId = { Params: Static<typeof IdParams> };
const clients = { practice: { permission: 'clients:manage' as const } };

export function clientRoutes(app: FastifyInstance, s: PracticeServices): void {
  async function fields(req: Parameters<typeof signedIn>[0], body: ClientInput): Promise<ClientFields> {
    if (!isTimeZone(body.timeZone))
      throw badRequest('The time zone is not one Vestibule knows (use a name such as America/Chicago).', 'bad_time_zone');
    const therapist = await chosenTherapist(s, signedIn(req).staff, body.therapistId);
    const name = body.name.trim();
    if (!name) throw badRequest('A client needs a name.');
    return {
      name,
      email: body.email ?? null,
      phone: body.phone ?? null,
      timeZone: body.timeZone,
      language: body.language,
      therapistId: therapist.id,
    };
  }

  app.post<{ Body: ClientInput }>('/clients', { schema: { body: ClientBody }, config: clients }, async (req, reply) => {
    const client = await s.clients.create(await fields(req, req.body), s.now());
    await s.audit.record({ event: 'client created', staffId: signedIn(req).staff.id, clientId: client.id }, s.now());
    return reply.code(201).send({ client: clientView(client) });
  });

  app.get<WithId>('/clients/:id', { schema: { params: IdParams }, config: clients }, async (req) => ({
    client: clientView(await visibleClient(s, signedIn(req).staff, req.params.id)),
  }));

  app.put<WithId & { Body: ClientInput }>(
    '/clients/:id',
    { schema: { params: IdParams, body: ClientBody }, config: clients },
    async (req) => {
      const existing = await visibleClient(s, signedIn(req).staff, req.params.id);
      await s.clients.update(existing.id, await fields(req, req.body));
      await s.audit.record({ event: 'client updated', staffId: signedIn(req).staff.id, clientId: existing.id }, s.now());
      return { client: clientView((await s.clients.byId(existing.id))!) };
    },
  );

  app.delete<WithId>('/clients/:id', { schema: { params: IdParams }, config: clients }, async (req, reply) => {
    const existing = await visibleClient(s, signedIn(req).staff, req.params.id);
    await s.clients.delete(existing.id);
    await s.audit.record({ event: 'client deleted', staffId: signedIn(req).staff.id, clientId: existing.id }, s.now());
    return reply.code(204).send();
  });

  app.post<{ Body: Static<typeof SearchBody> }>('/clients/search', { schema: { body: SearchBody }, config: clients }, async (req) => {
    const me = signedIn(req).staff;
    const therapistId = seesEveryTherapist(me.role) ? (req.body.therapistId ?? null) : me.id;
    const found = await s.clients.search({ ...(req.body.name ? { name: req.body.name } : {}), therapistId, limit: req.body.limit ?? 50 });
    return { clients: found.map(clientView) };
  });
}
