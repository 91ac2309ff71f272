// The owner's screens for the API, under /api/practice like the rest of the dashboard (same session,
// CSRF defence and role check): API keys (create, shown once; list with last use; revoke) and
// webhooks (register, shown its secret once; list with last result and any disabled notice; turn
// back on; send a test event; remove).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { PracticeError, badRequest, notFound } from '../practice/errors.js';
import { installGuard, signedIn } from '../practice/guard.js';
import { Body, IdParams } from '../practice/schemas.js';
import type { ApiKey } from '../store/api-keys.js';
import type { WebhookEndpoint } from '../store/webhooks.js';
import { SUBSCRIBABLE, type WebhookEventType } from './webhooks/events.js';
import { TargetRefused } from './webhooks/target-check.js';
import { refuseBodyWithoutSchema } from '../unread-body.js';

const ownerOnly = { practice: { permission: 'settings:manage' as const } };
const KeyBody = Body({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  scope: Type.Union([Type.Literal('read'), Type.Literal('read-write')]),
});
const WebhookBody = Body({
  url: Type.String({ minLength: 8, maxLength: 2000 }),
  events: Type.Array(Type.Union(SUBSCRIBABLE.map((e) => Type.Literal(e))), {
    minItems: 1,
    maxItems: SUBSCRIBABLE.length,
    uniqueItems: true,
  }),
});
type WithId = { Params: Static<typeof IdParams> };

const keyView = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  hint: k.hint,
  scope: k.scope,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

/** An endpoint as the dashboard shows it: never its secret (shown once, when registered). */
const endpointView = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  events: e.events,
  lastAttemptAt: e.lastAttemptAt,
  lastStatus: e.lastStatus,
  lastError: e.lastError,
  consecutiveFailures: e.consecutiveFailures,
  disabledAt: e.disabledAt,
  disabledReason: e.disabledReason,
});

function keyRoutes(app: FastifyInstance): void {
  const { practice: s } = app.vestibule;
  app.get('/api-keys', { config: ownerOnly }, async () => ({ keys: (await app.apiKeys.list()).map(keyView) }));
  app.post<{ Body: Static<typeof KeyBody> }>('/api-keys', { schema: { body: KeyBody }, config: ownerOnly }, async (req, reply) => {
    const me = signedIn(req).staff;
    const { key, secret } = await app.apiKeys.create(req.body.name.trim(), req.body.scope, me.id);
    await s.audit.record({ event: `api key created: ${key.id}`, staffId: me.id }, s.now());
    return reply.code(201).send({ key: keyView(key), secret });
  });
  app.delete<WithId>('/api-keys/:id', { schema: { params: IdParams }, config: ownerOnly }, async (req, reply) => {
    if (!(await app.apiKeys.revoke(req.params.id))) throw notFound('API key');
    await s.audit.record({ event: `api key revoked: ${req.params.id}`, staffId: signedIn(req).staff.id }, s.now());
    return reply.code(204).send();
  });
}

function webhookRoutes(app: FastifyInstance): void {
  const { webhooks, webhookStore } = app;
  const { practice: s } = app.vestibule;
  const existing = async (id: string) => (await webhookStore.endpoint(id)) ?? Promise.reject(notFound('webhook'));
  app.get('/webhooks', { config: ownerOnly }, async () => ({
    webhooks: (await webhookStore.endpoints()).map(endpointView),
    events: SUBSCRIBABLE,
  }));
  app.post<{ Body: Static<typeof WebhookBody> }>('/webhooks', { schema: { body: WebhookBody }, config: ownerOnly }, async (req, reply) => {
    const me = signedIn(req).staff;
    let endpoint: WebhookEndpoint;
    try {
      endpoint = await webhooks.register(req.body.url.trim(), req.body.events as WebhookEventType[], me.id);
    } catch (err) {
      if (err instanceof TargetRefused) throw badRequest(err.message, 'webhook_url_refused');
      throw err;
    }
    await s.audit.record({ event: `webhook registered: ${endpoint.id}`, staffId: me.id }, s.now());
    return reply.code(201).send({ webhook: endpointView(endpoint), secret: endpoint.secret });
  });
  app.get<WithId>('/webhooks/:id/deliveries', { schema: { params: IdParams }, config: ownerOnly }, async (req) => ({
    deliveries: await webhookStore.deliveries((await existing(req.params.id)).id, 50),
  }));
  app.post<WithId>('/webhooks/:id/test', { schema: { params: IdParams }, config: ownerOnly }, async (req, reply) => {
    await webhooks.sendTest((await existing(req.params.id)).id);
    return reply.code(202).send({ queued: true });
  });
  app.post<WithId>('/webhooks/:id/enable', { schema: { params: IdParams }, config: ownerOnly }, async (req) => {
    await webhookStore.enable((await existing(req.params.id)).id);
    return { webhook: endpointView((await webhookStore.endpoint(req.params.id))!) };
  });
  app.delete<WithId>('/webhooks/:id', { schema: { params: IdParams }, config: ownerOnly }, async (req, reply) => {
    if (!(await webhookStore.deleteEndpoint(req.params.id))) throw notFound('webhook');
    await s.audit.record({ event: `webhook removed: ${req.params.id}`, staffId: signedIn(req).staff.id }, s.now());
    return reply.code(204).send();
  });
}

export async function apiDashboardRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= 16 * 1024;
    refuseBodyWithoutSchema(route);
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });
  // As the practice API answers: { error, code }.
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err instanceof PracticeError) return reply.code(err.statusCode).send({ error: err.message, code: err.code });
    if (err.validation) return reply.code(400).send({ error: `The request is not valid: ${err.message}`, code: 'invalid_request' });
    throw err;
  });
  installGuard(app, app.vestibule.practice);
  keyRoutes(app);
  webhookRoutes(app);
}
