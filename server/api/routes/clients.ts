// /api/v1/clients: list, create, read, update, delete, and search by name (a POST, so names travel
// in the body and never in a URL).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { visibleClient } from '../../practice/access.js';
import { actingAsApiKey } from '../../practice/acting.js';
import { createClient, deleteClient, searchClients, updateClient } from '../../practice/client-actions.js';
import { ClientBody, SearchBody } from '../../practice/routes/client-routes.js';
import { Id, IdParams } from '../../practice/schemas.js';
import type { PracticeServices } from '../../practice/services.js';
import { callingKey } from '../auth.js';
import { type ApiRouteContext, keyRoute } from '../route-options.js';
import { apiClientView } from '../schemas.js';

const tags = ['Clients'];
const OneClient = Type.Object({ client: Type.Ref('Client') });
const ClientList = Type.Object({ clients: Type.Array(Type.Ref('Client')) });
const ListQuery = Type.Object(
  { therapistId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

export function clientRoutes(app: FastifyInstance, s: PracticeServices, ctx: ApiRouteContext): void {
  const api = app.withTypeProvider<import('@fastify/type-provider-typebox').TypeBoxTypeProvider>();
  const as = (req: Parameters<typeof callingKey>[0]) => actingAsApiKey(callingKey(req).id);

  api.get(
    '/clients',
    keyRoute(ctx, 'read', { tags, summary: 'List clients, by name', querystring: ListQuery, response: { 200: ClientList } }),
    async (req) => ({ clients: (await searchClients(s, as(req), { ...req.query, limit: req.query.limit ?? 50 })).map(apiClientView) }),
  );

  api.post(
    '/clients/search',
    keyRoute(ctx, 'read', { tags, summary: 'Find clients whose name contains a text', body: SearchBody, response: { 200: ClientList } }),
    async (req) => ({ clients: (await searchClients(s, as(req), { ...req.body, limit: req.body.limit ?? 50 })).map(apiClientView) }),
  );

  api.post(
    '/clients',
    keyRoute(ctx, 'read-write', { tags, summary: 'Create a client', body: ClientBody, response: { 201: OneClient } }),
    async (req, reply) => reply.code(201).send({ client: apiClientView(await createClient(s, as(req), req.body)) }),
  );

  api.get(
    '/clients/:id',
    keyRoute(ctx, 'read', { tags, summary: 'Read a client', params: IdParams, response: { 200: OneClient } }),
    async (req) => ({ client: apiClientView(await visibleClient(s, as(req), req.params.id)) }),
  );

  api.put(
    '/clients/:id',
    keyRoute(ctx, 'read-write', {
      tags,
      summary: 'Replace a client’s details',
      params: IdParams,
      body: ClientBody,
      response: { 200: OneClient },
    }),
    async (req) => ({ client: apiClientView(await updateClient(s, as(req), req.params.id, req.body)) }),
  );

  api.delete(
    '/clients/:id',
    keyRoute(ctx, 'read-write', {
      tags,
      summary: 'Delete a client',
      params: IdParams,
      response: { 204: Type.Null({ description: 'Deleted' }) },
    }),
    async (req, reply) => {
      await deleteClient(s, as(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
