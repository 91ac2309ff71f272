// GET /api/practice/live: the dashboard's live channel (Server-Sent Events) with the status of the
// signed-in therapist's video visits in the range the page asks for (its "today"). Only the visits
// the viewer is the therapist of: a scheduler, who sees appointments but never a visit, is refused,
// and an owner or manager sees the live status of their own visits only.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { securityHeaders } from '../../security-headers.js';
import { badRequest, forbidden, PracticeError } from '../errors.js';
import { signedIn } from '../guard.js';
import { LiveStream } from '../live/live-stream.js';
import { LiveStreams, MAX_STREAMS_PER_SESSION } from '../live/live-streams.js';
import { canBeTherapist } from '../roles.js';
import { Instant, instantMs } from '../schemas.js';
import type { PracticeServices } from '../services.js';
import { readSessionCookie } from '../session-cookie.js';

const LiveQuery = Type.Object({ from: Instant, to: Instant }, { additionalProperties: false });
/** A day, with room for a change of clocks and time zones. */
const MAX_RANGE_MS = 48 * 3600_000;
/** More visits than any day holds: the rest are left out rather than followed. */
export const MAX_WATCHED_VISITS = 50;

export function liveRoutes(app: FastifyInstance, s: PracticeServices): void {
  const streams = new LiveStreams();
  const headers = {
    ...securityHeaders(s.config),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // nginx would otherwise hold the events back in its buffer.
    'x-accel-buffering': 'no',
  };
  app.addHook('preClose', async () => streams.endAll());

  app.get<{ Querystring: Static<typeof LiveQuery> }>(
    '/live',
    { schema: { querystring: LiveQuery }, config: { practice: { permission: 'appointments:manage' } } },
    async (req, reply) => {
      const session = signedIn(req);
      const me = session.staff;
      if (!canBeTherapist(me.role)) {
        throw forbidden('The live status of visits is for the therapist who hosts them.', 'live_status_refused');
      }
      const from = instantMs(req.query.from);
      const to = instantMs(req.query.to);
      if (!(to > from) || to - from > MAX_RANGE_MS) throw badRequest('`to` must be after `from`, and at most 48 hours later.');
      if (streams.full(session.sessionId)) {
        throw new PracticeError(429, 'too_many_streams', `At most ${MAX_STREAMS_PER_SESSION} dashboards per sign-in can show live status.`);
      }
      const list = await s.schedule.list({ from, to, therapistId: me.id, includeCancelled: false, limit: MAX_WATCHED_VISITS });
      const ids = list.filter((a) => a.video).map((a) => a.id);
      const cookie = readSessionCookie(req.headers.cookie, { secure: s.secure }) ?? '';
      reply.hijack();
      reply.raw.writeHead(200, headers);
      const stream: LiveStream = new LiveStream(reply.raw, {
        hub: app.vestibule.hub,
        log: req.log,
        recheckMs: s.config.practice.liveSessionRecheckMs,
        latenessCheckMs: s.config.practice.latenessCheckMs,
        now: s.now,
        stillAllowed: async () => {
          const again = await s.auth.authenticate(cookie, { touch: false });
          return again?.sessionId === session.sessionId && canBeTherapist(again.staff.role) && !again.mustEnrollTotp;
        },
        onEnd: () => streams.remove(session.sessionId, stream),
      });
      streams.add(session.sessionId, stream);
      req.log.info({ visits: ids.length }, 'live status stream opened');
      await stream.start(ids);
    },
  );
}
