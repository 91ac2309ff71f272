// Signing in and out: POST /sign-in sets the session cookie and returns the CSRF token the dashboard
// sends back on every change; GET /session tells a reloaded page who is signed in (and the token).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { signedIn } from '../guard.js';
import { Body, Email, Password, TotpCode } from '../schemas.js';
import type { PracticeServices } from '../services.js';
import { clearedSessionCookie, sessionCookie } from '../session-cookie.js';
import { staffView } from '../views.js';

const SignInBody = Body({ email: Email, password: Password, code: Type.Optional(TotpCode) });

/** Sign-in attempts one address may make per minute, before any password is checked (hashing costs CPU). */
const SIGN_IN_PER_MINUTE = 60;

export function authRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.post<{ Body: Static<typeof SignInBody> }>(
    '/sign-in',
    {
      schema: { body: SignInBody },
      config: { practice: { public: true }, rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { email, password, code } = req.body;
      const result = await s.auth.signIn({ email, password, code, ip: req.ip });
      const settings = await s.settings.get();
      reply.header('set-cookie', sessionCookie(result.sessionValue, result.maxAgeSeconds, { secure: s.secure }));
      return {
        staff: staffView(result.staff),
        csrfToken: result.csrfToken,
        mustEnrollTotp: settings.requireTotp && !result.staff.totpEnabled,
      };
    },
  );

  app.get('/session', { config: { practice: { duringTotpEnrollment: true } } }, async (req) => {
    const session = signedIn(req);
    const member = await s.staff.byId(session.staff.id);
    return { staff: member && staffView(member), csrfToken: session.csrfToken, mustEnrollTotp: session.mustEnrollTotp };
  });

  app.post('/sign-out', { config: { practice: { duringTotpEnrollment: true } } }, async (req, reply) => {
    const session = signedIn(req);
    await s.auth.signOut(session.sessionId, session.staff.id);
    reply.header('set-cookie', clearedSessionCookie({ secure: s.secure }));
    return reply.code(204).send();
  });

  app.post('/sign-out-everywhere', { config: { practice: { duringTotpEnrollment: true } } }, async (req, reply) => {
    const session = signedIn(req);
    await s.auth.signOutEverywhere(session.staff.id, session.staff.id);
    reply.header('set-cookie', clearedSessionCookie({ secure: s.secure }));
    return reply.code(204).send();
  });
}
