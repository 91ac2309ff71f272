// /api/v1/appointments: list, read, book (one or a weekly series), move, cancel, video on or off; and
// the visit links of an appointment's participants (issue a client's, revoke anyone's).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { visibleAppointment } from '../../practice/access.js';
import { actingAsApiKey } from '../../practice/acting.js';
import { bookAppointments, cancelAppointment, rescheduleAppointment, setAppointmentVideo } from '../../practice/appointment-actions.js';
import { listAppointments } from '../../practice/appointment-queries.js';
import { issueLink, revokeLinks } from '../../practice/link-actions.js';
import { BookBody, ListQuery, MoveBody, VideoBody, bookingRequest } from '../../practice/routes/appointment-routes.js';
import { Id, IdParams, instantMs } from '../../practice/schemas.js';
import type { PracticeServices } from '../../practice/services.js';
import { appointmentView } from '../../practice/views.js';
import { callingKey } from '../auth.js';
import { type ApiRouteContext, keyRoute } from '../route-options.js';

const tags = ['Appointments'];
const OneAppointment = Type.Object({ appointment: Type.Ref('Appointment') });
const AppointmentList = Type.Object({ appointments: Type.Array(Type.Ref('Appointment')) });
const Moved = Type.Object({ appointment: Type.Ref('Appointment'), linksRevoked: Type.Boolean() });
const ParticipantParams = Type.Object({ id: Id, participantId: Id }, { additionalProperties: false });

export function appointmentRoutes(app: FastifyInstance, s: PracticeServices, ctx: ApiRouteContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const as = (req: FastifyRequest) => actingAsApiKey(callingKey(req).id);

  api.get(
    '/appointments',
    keyRoute(ctx, 'read', {
      tags,
      summary: 'List appointments in a time range',
      querystring: ListQuery,
      response: { 200: AppointmentList },
    }),
    async (req) => {
      const q = req.query;
      const list = await listAppointments(s, as(req), { ...q, from: instantMs(q.from), to: instantMs(q.to) });
      return { appointments: list.map(appointmentView) };
    },
  );

  api.get(
    '/appointments/:id',
    keyRoute(ctx, 'read', { tags, summary: 'Read an appointment', params: IdParams, response: { 200: OneAppointment } }),
    async (req) => ({ appointment: appointmentView(await visibleAppointment(s, as(req), req.params.id)) }),
  );

  api.post(
    '/appointments',
    keyRoute(ctx, 'read-write', {
      tags,
      summary: 'Book an appointment (or a weekly series): its therapist, clients, time, and video on or off',
      body: BookBody,
      response: { 201: AppointmentList },
    }),
    async (req, reply) => {
      const booked = await bookAppointments(s, as(req), bookingRequest(req.body));
      return reply.code(201).send({ appointments: booked.map(appointmentView) });
    },
  );

  api.put(
    '/appointments/:id/time',
    keyRoute(ctx, 'read-write', {
      tags,
      summary: 'Move an appointment (links already sent keep working: they open at the new time)',
      params: IdParams,
      body: MoveBody,
      response: { 200: Moved },
    }),
    async (req) => {
      const moved = await rescheduleAppointment(s, as(req), req.params.id, instantMs(req.body.start), req.body.minutes);
      return { appointment: appointmentView(moved), linksRevoked: false };
    },
  );

  api.post(
    '/appointments/:id/cancel',
    keyRoute(ctx, 'read-write', { tags, summary: 'Cancel an appointment', params: IdParams, response: { 200: OneAppointment } }),
    async (req) => ({ appointment: appointmentView(await cancelAppointment(s, as(req), req.params.id)) }),
  );

  api.put(
    '/appointments/:id/video',
    keyRoute(ctx, 'read-write', {
      tags,
      summary: 'Turn video on or off',
      params: IdParams,
      body: VideoBody,
      response: { 200: OneAppointment },
    }),
    async (req) => ({ appointment: appointmentView(await setAppointmentVideo(s, as(req), req.params.id, req.body.on)) }),
  );

  linkRoutes(app, s, ctx);
}

function linkRoutes(app: FastifyInstance, s: PracticeServices, ctx: ApiRouteContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const as = (req: FastifyRequest) => actingAsApiKey(callingKey(req).id);
  const linkTags = ['Links'];
  api.post(
    '/appointments/:id/participants/:participantId/link',
    keyRoute(ctx, 'read-write', {
      tags: linkTags,
      summary: 'Issue a client’s visit link (a new one each time; earlier ones keep working until revoked)',
      params: ParticipantParams,
      response: { 200: Type.Ref('Link') },
    }),
    async (req) => issueLink(s, as(req), req.params as Static<typeof ParticipantParams>),
  );

  api.delete(
    '/appointments/:id/participants/:participantId/links',
    keyRoute(ctx, 'read-write', {
      tags: linkTags,
      summary: 'Revoke every link of a participant',
      params: ParticipantParams,
      response: { 204: Type.Null({ description: 'Revoked' }) },
    }),
    async (req, reply) => {
      await revokeLinks(s, as(req), req.params);
      return reply.code(204).send(null);
    },
  );
}
