// /api/v1/visits/today: the day's video visits and where each stands (scheduled, a client waiting,
// in progress, ended, cancelled), for a front-desk board in another system.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actingAsApiKey } from '../../practice/acting.js';
import { listAppointments } from '../../practice/appointment-queries.js';
import { badRequest } from '../../practice/errors.js';
import { Id } from '../../practice/schemas.js';
import type { PracticeServices } from '../../practice/services.js';
import { isTimeZone, utcFromWallTime, wallTime } from '../../practice/time-zones.js';
import { callingKey } from '../auth.js';
import { type ApiRouteContext, keyRoute } from '../route-options.js';
import { visitStatusOf } from '../schemas.js';

const TodayQuery = Type.Object(
  {
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Whose "today" (IANA name); UTC if not given.' })),
    therapistId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

/** Midnight to midnight of the day `now` falls on, in the zone. */
export function dayAround(now: number, timeZone: string): { from: number; to: number } {
  const w = wallTime(now, timeZone);
  const midnight = { ...w, hour: 0, minute: 0, second: 0, millisecond: 0 };
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return {
    from: utcFromWallTime(midnight, timeZone),
    to: utcFromWallTime({ ...midnight, year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, timeZone),
  };
}

export function visitRoutes(app: FastifyInstance, s: PracticeServices, ctx: ApiRouteContext): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/visits/today',
    keyRoute(ctx, 'read', {
      tags: ['Visits'],
      summary: 'Today’s video visits and their status',
      querystring: TodayQuery,
      response: {
        200: Type.Object({
          from: Type.String({ format: 'date-time' }),
          to: Type.String({ format: 'date-time' }),
          visits: Type.Array(Type.Ref('VisitStatus')),
        }),
      },
    }),
    async (req) => {
      const timeZone = req.query.timeZone ?? 'UTC';
      if (!isTimeZone(timeZone))
        throw badRequest('The time zone is not one Vestibule knows (use a name such as America/Chicago).', 'bad_time_zone');
      const day = dayAround(s.now(), timeZone);
      const me = actingAsApiKey(callingKey(req).id);
      const list = await listAppointments(s, me, { ...day, therapistId: req.query.therapistId, includeCancelled: true });
      return {
        from: new Date(day.from).toISOString(),
        to: new Date(day.to).toISOString(),
        visits: list.filter((a) => a.video).map(visitStatusOf),
      };
    },
  );
}
