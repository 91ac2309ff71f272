// What /api/v1 answers, as JSON Schema (TypeBox): Fastify serializes every answer through these (a
// field not named here never leaves), and the OpenAPI document is generated from them.
import { type TSchema, Type } from '@sinclair/typebox';
import type { Client } from '../store/clients.js';
import type { ScheduledAppointment } from '../store/schedule.js';
import { ProblemSchema } from './problem.js';

const IsoTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ClientSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    timeZone: Type.String({ description: 'IANA time zone, e.g. America/Chicago' }),
    language: Type.Union([Type.Literal('en'), Type.Literal('es')]),
    therapistId: Type.String(),
    createdAt: IsoTime,
  },
  { $id: 'Client', additionalProperties: false },
);

export const Admission = Type.Union([Type.Literal('invited'), Type.Literal('waiting'), Type.Literal('admitted'), Type.Literal('removed')]);

export const ParticipantSchema = Type.Object(
  {
    id: Type.String(),
    role: Type.Union([Type.Literal('provider'), Type.Literal('client')]),
    clientId: Nullable(Type.String()),
    name: Type.String(),
  },
  { $id: 'Participant', additionalProperties: false },
);

export const AppointmentSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    startsAt: IsoTime,
    endsAt: IsoTime,
    therapistId: Nullable(Type.String()),
    video: Type.Boolean({ description: 'A video visit (participants get links) or in person.' }),
    cancelled: Type.Boolean(),
    seriesId: Nullable(Type.String()),
    participants: Type.Array(Type.Ref('Participant')),
  },
  { $id: 'Appointment', additionalProperties: false },
);

export const LinkSchema = Type.Object(
  {
    participantId: Type.String(),
    role: Type.Union([Type.Literal('provider'), Type.Literal('client')]),
    url: Type.String({
      description:
        'The visit link, short enough to read out (PUBLIC_URL/j#CODE); its secret is in the fragment. Hand it to the client only.',
    }),
    longUrl: Type.String({ description: 'The same link in long form (PUBLIC_URL/v/ID#t=TOKEN), for systems that embed it.' }),
  },
  { $id: 'Link', additionalProperties: false },
);

export const VisitStatusSchema = Type.Object(
  {
    appointmentId: Type.String(),
    startsAt: IsoTime,
    endsAt: IsoTime,
    therapistId: Nullable(Type.String()),
    status: Type.Union([
      Type.Literal('scheduled'),
      Type.Literal('waiting'),
      Type.Literal('in-progress'),
      Type.Literal('ended'),
      Type.Literal('cancelled'),
    ]),
    participants: Type.Array(
      Type.Object({ id: Type.String(), role: Type.String(), clientId: Nullable(Type.String()), admission: Admission }),
    ),
  },
  { $id: 'VisitStatus', additionalProperties: false },
);

/** Shared schemas, added once to the API's context so routes and the document refer to them by $id. */
export const SHARED_SCHEMAS = [ProblemSchema, ClientSchema, ParticipantSchema, AppointmentSchema, LinkSchema, VisitStatusSchema];

const problem = { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } };
/** The refusals every authenticated route may answer with. */
export const PROBLEMS = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem };

export const apiClientView = (c: Client) => ({ ...c, createdAt: new Date(c.createdAt).toISOString() });

export function visitStatusOf(a: ScheduledAppointment) {
  const clients = a.participants.filter((p) => p.role === 'client');
  const status =
    a.cancelledAt !== null
      ? 'cancelled'
      : a.endedAt !== null
        ? 'ended'
        : clients.some((p) => p.admission === 'admitted')
          ? 'in-progress'
          : clients.some((p) => p.admission === 'waiting')
            ? 'waiting'
            : 'scheduled';
  return {
    appointmentId: a.id,
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: new Date(a.endsAt).toISOString(),
    therapistId: a.therapistId,
    status: status as 'scheduled' | 'waiting' | 'in-progress' | 'ended' | 'cancelled',
    participants: a.participants.map((p) => ({ id: p.id, role: p.role, clientId: p.clientId, admission: p.admission })),
  };
}
