// The practice's appointments: list (a therapist sees their own), read, book one or a series,
// move, cancel, and switch between video and in person. Cancelling or switching video off withdraws
// the appointment's links; moving keeps them (a link opens at its appointment's current time).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { visibleAppointment } from '../access.js';
import { bookAppointments, cancelAppointment, rescheduleAppointment, setAppointmentVideo } from '../appointment-actions.js';
import { type BookingRequest, MAX_CLIENTS } from '../booking.js';
import { listAppointments } from '../appointment-queries.js';
import { signedIn } from '../guard.js';
import { Body, Id, IdParams, Instant, instantMs } from '../schemas.js';
import { MAX_OCCURRENCES } from '../series.js';
import type { PracticeServices } from '../services.js';
import { appointmentView } from '../views.js';

const Minutes = Type.Integer({ minimum: 5, maximum: 480 });
export const BookBody = Body({
  therapistId: Type.Optional(Id),
  clientIds: Type.Array(Id, { minItems: 1, maxItems: MAX_CLIENTS }),
  start: Instant,
  minutes: Minutes,
  video: Type.Optional(Type.Boolean()),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  repeat: Type.Optional(
    Body({
      every: Type.Union([Type.Literal('weekly'), Type.Literal('every-other-week')]),
      count: Type.Integer({ minimum: 1, maximum: MAX_OCCURRENCES }),
      timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    }),
  ),
});
export const ListQuery = Type.Object(
  {
    from: Instant,
    to: Instant,
    therapistId: Type.Optional(Id),
    clientId: Type.Optional(Id),
    includeCancelled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const MoveBody = Body({ start: Instant, minutes: Type.Optional(Minutes) });
export const VideoBody = Body({ on: Type.Boolean() });
/** A booking as the body states it: video unless it says otherwise, titled "Session" unless named. */
export function bookingRequest(b: Static<typeof BookBody>): BookingRequest {
  return {
    therapistId: b.therapistId,
    clientIds: b.clientIds,
    start: instantMs(b.start),
    minutes: b.minutes,
    video: b.video ?? true,
    title: b.title?.trim() || 'Session',
    repeat: b.repeat,
  };
}
type WithId = { Params: Static<typeof IdParams> };
const appointments = { practice: { permission: 'appointments:manage' as const } };

export function appointmentRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/appointments',
    { schema: { querystring: ListQuery }, config: appointments },
    async (req) => {
      const q = req.query;
      const list = await listAppointments(s, signedIn(req).staff, { ...q, from: instantMs(q.from), to: instantMs(q.to) });
      return { appointments: list.map(appointmentView) };
    },
  );

  app.get<WithId>('/appointments/:id', { schema: { params: IdParams }, config: appointments }, async (req) => ({
    appointment: appointmentView(await visibleAppointment(s, signedIn(req).staff, req.params.id)),
  }));

  app.post<{ Body: Static<typeof BookBody> }>('/appointments', { schema: { body: BookBody }, config: appointments }, async (req, reply) => {
    const booked = await bookAppointments(s, signedIn(req).staff, bookingRequest(req.body));
    return reply.code(201).send({ appointments: booked.map(appointmentView) });
  });

  app.put<WithId & { Body: Static<typeof MoveBody> }>(
    '/appointments/:id/time',
    { schema: { params: IdParams, body: MoveBody }, config: appointments },
    async (req) => {
      const moved = await rescheduleAppointment(s, signedIn(req).staff, req.params.id, instantMs(req.body.start), req.body.minutes);
      return { appointment: appointmentView(moved), linksRevoked: false };
    },
  );

  app.post<WithId>('/appointments/:id/cancel', { schema: { params: IdParams }, config: appointments }, async (req) => ({
    appointment: appointmentView(await cancelAppointment(s, signedIn(req).staff, req.params.id)),
  }));

  app.put<WithId & { Body: Static<typeof VideoBody> }>(
    '/appointments/:id/video',
    { schema: { params: IdParams, body: VideoBody }, config: appointments },
    async (req) => ({ appointment: appointmentView(await setAppointmentVideo(s, signedIn(req).staff, req.params.id, req.body.on)) }),
  );
}
