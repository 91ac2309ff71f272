// The practice's JSON API under /api/practice: staff sign-in, staff management, clients,
// appointments, visit links, settings and the audit log, for the dashboard. Registered by app.ts
// after the services plugin, whose store and link signer it shares.
import type { FastifyError, FastifyInstance } from 'fastify';
import { outboxRoutes } from '../mail/outbox-routes.js';
import { PracticeError } from './errors.js';
import { installGuard } from './guard.js';
import { appointmentRoutes } from './routes/appointment-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { clientRoutes } from './routes/client-routes.js';
import { linkRoutes } from './routes/link-routes.js';
import { liveRoutes } from './routes/live-routes.js';
import { onboardingRoutes } from './routes/onboarding-routes.js';
import { resendRoutes } from './routes/resend-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';
import { staffRoutes } from './routes/staff-routes.js';
import { totpRoutes } from './routes/totp-routes.js';
import { refuseBodyWithoutSchema } from '../unread-body.js';

/** The dashboard's requests are small; anything bigger is refused before it is read. */
const BODY_LIMIT = 16 * 1024;

async function practiceApi(app: FastifyInstance): Promise<void> {
  const s = app.vestibule.practice;
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= BODY_LIMIT;
    refuseBodyWithoutSchema(route);
  });
  app.addHook('onSend', async (_req, reply) => {
    // Answers about people: never kept by a browser or a proxy.
    reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err instanceof PracticeError) {
      if (err.retryAfterSeconds) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.code(err.statusCode).send({ error: err.message, code: err.code });
    }
    if (err.validation) return reply.code(400).send({ error: `The request is not valid: ${err.message}`, code: 'invalid_request' });
    // Everything else (database unavailable, body too large, rate limits) as the app answers it.
    throw err;
  });
  installGuard(app, s);
  for (const routes of [
    authRoutes,
    totpRoutes,
    onboardingRoutes,
    staffRoutes,
    settingsRoutes,
    clientRoutes,
    appointmentRoutes,
    linkRoutes,
    auditRoutes,
    liveRoutes,
  ]) {
    routes(app, s);
  }
  outboxRoutes(app, s, app.vestibule.mail);
  resendRoutes(app, s, app.vestibule.mail);
}

export default async function practice(app: FastifyInstance): Promise<void> {
  await app.register(practiceApi, { prefix: '/api/practice' });
}
