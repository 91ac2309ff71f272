// The API for other systems under /api/v1, authenticated by API keys, described by an OpenAPI 3.1
// document generated from the routes' schemas (/api/v1/openapi.json, readable at /api/v1/reference),
// every refusal a problem-details answer. Registered by app.ts after the practice's services.
import swagger from '@fastify/swagger';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { OpenAPIV3_1 } from 'openapi-types';
import { ApiKeyStore } from '../store/api-keys.js';
import { WebhookStore } from '../store/webhooks.js';
import { apiDashboardRoutes } from './dashboard-routes.js';
import { Webhooks } from './webhooks/webhooks.js';
import { ApiKeyService } from './api-key-service.js';
import { installApiKeyAuth } from './auth.js';
import { apiErrorHandler, sendProblem } from './problem.js';
import { referencePage } from './reference-page.js';
import type { ApiRouteContext } from './route-options.js';
import { appointmentRoutes } from './routes/appointments.js';
import { clientRoutes } from './routes/clients.js';
import { visitRoutes } from './routes/visits.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { refuseBodyWithoutSchema } from '../unread-body.js';

/** Requests from other systems are small; anything bigger is refused before it is read. */
const BODY_LIMIT = 16 * 1024;

export const PROBLEM_CODES: Record<string, string> = {
  invalid_request: 'the request breaks its schema; `errors` names each field (a JSON Pointer) and what is wrong',
  bad_request: 'the request is well-formed but not possible as asked (e.g. `to` before `from`)',
  bad_time_zone: 'not an IANA time zone name',
  no_api_key: 'no Authorization: Bearer header',
  bad_api_key: 'the key is unknown or revoked',
  read_only_key: 'the key’s scope is read; this route changes something',
  forbidden: 'the API key’s role (the front desk’s) does not allow this',
  provider_link_refused: 'only the appointment’s therapist gets the provider link, from the dashboard',
  teletherapy_off: 'the therapist cannot hold video visits until Teletherapy is turned on for them',
  not_found: 'no such client, appointment or participant',
  cancelled: 'the appointment is cancelled',
  in_person: 'the appointment is in person; turn video on first',
  over: 'the appointment is over',
  rate_limited: 'too many requests with this key; wait the Retry-After seconds',
  unavailable: 'the database cannot be reached; try again shortly',
  internal: 'a failure on the server (logged)',
};

declare module 'fastify' {
  interface FastifyInstance {
    /** API keys (create, list, revoke), shared with the dashboard's key screens and the admin CLI. */
    apiKeys: ApiKeyService;
    /** Webhooks: `app.webhooks.publish('email.failed', {...})` queues an event for subscribed endpoints. */
    webhooks: Webhooks;
    webhookStore: WebhookStore;
  }
}

async function v1(app: FastifyInstance, opts: { keys: ApiKeyService }): Promise<void> {
  const { config, practice } = app.vestibule;
  const ctx: ApiRouteContext = { requestsPerMinutePerKey: config.api.requestsPerMinutePerKey };
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vestibule API',
        version: '1',
        description:
          'Clients, appointments, visit links and today’s visits for a practice’s other systems. Authenticate with an API key an owner creates: Authorization: Bearer vst_… A read key reads; a read-write key also changes.',
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (vst_…)' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= BODY_LIMIT;
    refuseBodyWithoutSchema(route);
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler((err: FastifyError, req, reply) => apiErrorHandler(err, req, reply));
  app.setNotFoundHandler((_req, reply) =>
    sendProblem(reply, 404, 'not_found', 'There is no such route in the API; see /api/v1/reference.'),
  );
  installApiKeyAuth(app, opts.keys);

  for (const routes of [clientRoutes, appointmentRoutes, visitRoutes]) routes(app, practice, ctx);

  app.get('/openapi.json', { schema: { hide: true }, config: { apiAccess: 'public' } }, async () => app.swagger());
  app.get('/reference', { schema: { hide: true }, config: { apiAccess: 'public' } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(referencePage(app.swagger() as OpenAPIV3_1.Document, PROBLEM_CODES)),
  );
}

export default fp(
  async (app: FastifyInstance) => {
    const keys = new ApiKeyService(new ApiKeyStore(app.vestibule.database.db), app.vestibule.practice.now);
    const { database, config, practice } = app.vestibule;
    const webhookStore = new WebhookStore(database.db);
    const webhooks = new Webhooks({
      db: database.db,
      store: webhookStore,
      settings: config.webhooks,
      log: app.log.child({ module: 'webhooks' }),
    });
    app.decorate('apiKeys', keys);
    app.decorate('webhooks', webhooks);
    app.decorate('webhookStore', webhookStore);
    practice.events.listen(webhooks.onAppointmentEvent);
    // A message the mailer has given up on (refused, or out of attempts) is the email.failed event.
    app.vestibule.mail.onFailed((f) =>
      webhooks.publish('email.failed', { messageId: f.messageId, appointmentId: f.appointmentId, reason: f.reason }),
    );
    app.addHook('onReady', async () => {
      await webhooks.initialize();
      webhooks.start();
    });
    app.addHook('preClose', async () => webhooks.stop());
    await app.register(v1, { prefix: '/api/v1', keys });
    await app.register(apiDashboardRoutes, { prefix: '/api/practice' });
  },
  { name: 'vestibule-api', dependencies: ['vestibule-services'] },
);
