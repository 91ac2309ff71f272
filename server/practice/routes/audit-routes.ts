// The audit log, for the owner: newest first, filtered by time, staff member or appointment, as JSON
// pages (pass the last id as `before` for the next page) or as one CSV file.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { auditCsv } from '../audit-csv.js';
import { badRequest } from '../errors.js';
import { Id, Instant, instantMs } from '../schemas.js';
import type { PracticeServices } from '../services.js';
import type { StaffAuditQuery } from '../../store/staff-audit.js';

const AuditQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    staffId: Type.Optional(Id),
    appointmentId: Type.Optional(Id),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
type Query = Static<typeof AuditQuery>;
const CSV_MAX_LINES = 50_000;
const owner = { practice: { permission: 'audit:read' as const } };

function toStoreQuery(q: Query, limit: number): StaffAuditQuery {
  const from = q.from === undefined ? undefined : instantMs(q.from);
  const to = q.to === undefined ? undefined : instantMs(q.to);
  if (from !== undefined && to !== undefined && to <= from) throw badRequest('`to` must be after `from`.');
  return {
    limit,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(q.staffId ? { staffId: q.staffId } : {}),
    ...(q.appointmentId ? { appointmentId: q.appointmentId } : {}),
    ...(q.before ? { beforeId: q.before } : {}),
  };
}

export function auditRoutes(app: FastifyInstance, s: PracticeServices): void {
  app.get<{ Querystring: Query }>('/audit', { schema: { querystring: AuditQuery }, config: owner }, async (req) => {
    const lines = await s.audit.list(toStoreQuery(req.query, req.query.limit ?? 100));
    return { entries: lines.map((l) => ({ ...l, at: new Date(l.at).toISOString() })) };
  });

  app.get<{ Querystring: Query }>('/audit.csv', { schema: { querystring: AuditQuery }, config: owner }, async (req, reply) => {
    const lines = await s.audit.list(toStoreQuery(req.query, CSV_MAX_LINES));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="vestibule-audit.csv"')
      .header('cache-control', 'no-store')
      .send(auditCsv(lines));
  });
}
