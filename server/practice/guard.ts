// What runs before every practice route: the session, the CSRF defence, the two-step set-up gate and
// the role check, as the route's `config.practice` asks.
//
// CSRF defence, for every request that changes something (any method but GET, HEAD, OPTIONS):
// 1. If the browser sends Sec-Fetch-Site, it must be "same-origin"; if it sends Origin, it must be
//    PUBLIC_URL's origin. Requests without those headers (older browsers, scripts) are judged by 2.
// 2. The X-Vestibule-CSRF header must be present: with a session it must equal the session's CSRF
//    token (from sign-in or GET /api/practice/session); on routes used before sign-in any value does.
//    Another site's page cannot send a custom header without a CORS preflight, which is never granted,
//    and cannot read the token. The cookie is also SameSite=Strict, so other sites' requests lack it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticated } from './auth-service.js';
import { forbidden, notSignedIn } from './errors.js';
import { can, type Permission } from './roles.js';
import { sameSecret } from './secret-tokens.js';
import type { PracticeServices } from './services.js';
import { readSessionCookie } from './session-cookie.js';

export interface RouteAccess {
  /** Reachable without a session (sign-in, set-up, invitation and reset links). */
  public?: boolean;
  /** The role permission the route needs beyond a session. */
  permission?: Permission;
  /** Reachable while the practice requires two-step sign-in and it is not set up yet. */
  duringTotpEnrollment?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    practice?: RouteAccess;
  }
  interface FastifyRequest {
    /** The signed-in staff member on practice routes that need one. */
    staffSession: Authenticated | null;
  }
}

export const CSRF_HEADER = 'x-vestibule-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installGuard(app: FastifyInstance, s: PracticeServices): void {
  const origin = new URL(s.config.publicUrl).origin;
  app.decorateRequest('staffSession', null);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.practice ?? {};
    const changes = !SAFE_METHODS.has(req.method);
    if (changes) checkRequestSource(req, origin);
    const csrf = req.headers[CSRF_HEADER];
    if (access.public) {
      if (changes && (typeof csrf !== 'string' || !csrf)) throw csrfRefused();
      return;
    }
    const value = readSessionCookie(req.headers.cookie, { secure: s.secure });
    const session = value ? await s.auth.authenticate(value) : null;
    if (!session) throw value ? notSignedIn('Your session has ended. Please sign in again.', 'session_ended') : notSignedIn();
    if (changes && (typeof csrf !== 'string' || !sameSecret(csrf, session.csrfToken))) throw csrfRefused();
    if (session.mustEnrollTotp && !access.duringTotpEnrollment) {
      throw forbidden('The practice requires two-step sign-in: set up your authenticator app first.', 'totp_enrollment_required');
    }
    if (access.permission && !can(session.staff.role, access.permission)) throw forbidden();
    req.staffSession = session;
  });
}

/** The signed-in staff member; only called on routes the guard let through with a session. */
export function signedIn(req: FastifyRequest): Authenticated {
  if (!req.staffSession) throw notSignedIn();
  return req.staffSession;
}

function checkRequestSource(req: FastifyRequest, origin: string): void {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin') throw csrfRefused();
  const from = req.headers.origin;
  if (typeof from === 'string' && from !== origin) throw csrfRefused();
}

const csrfRefused = () => forbidden('This request did not come from the Vestibule dashboard, so it was refused.', 'csrf_refused');
