// The outbox for the dashboard: what is queued, sent and failed (and why), each message's text and
// recipient to copy and send by hand, and "I sent it myself". Owners and managers see everything;
// schedulers every client's messages; a therapist only their own clients'. Staff invitations and
// password resets are seen only by those who manage staff.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Authenticated } from '../practice/auth-service.js';
import { notFound } from '../practice/errors.js';
import { signedIn } from '../practice/guard.js';
import { can, seesEveryTherapist } from '../practice/roles.js';
import { IdParams } from '../practice/schemas.js';
import type { PracticeServices } from '../practice/services.js';
import type { MailService } from './mail-service.js';
import type { OutboxQuery, StoredMessage } from './outbox-store.js';

const STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled', 'sent-by-hand'] as const;
const Status = Type.Union(STATUSES.map((st) => Type.Literal(st)));
const ListQuery = Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false });
const access = { practice: { permission: 'appointments:manage' as const } };
const LIST_LIMIT = 200;

type Me = Authenticated['staff'];

function scopeOf(me: Me): Omit<OutboxQuery, 'limit'> {
  return {
    ...(seesEveryTherapist(me.role) ? {} : { therapistId: me.id }),
    ...(can(me.role, 'staff:manage') ? {} : { clientsOnly: true }),
  };
}

function visibleTo(me: Me, m: StoredMessage): boolean {
  if (m.staffId !== null) return can(me.role, 'staff:manage');
  return seesEveryTherapist(me.role) || m.therapistId === me.id;
}

const summary = (m: StoredMessage) => ({
  id: m.id,
  kind: m.kind,
  status: m.status,
  recipient: m.recipient,
  subject: m.subject,
  attempts: m.attempts,
  lastError: m.lastError,
  createdAt: new Date(m.createdAt).toISOString(),
  sentAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
  nextAttemptAt: m.status === 'queued' ? new Date(m.nextAttemptAt).toISOString() : null,
});

export function outboxRoutes(app: FastifyInstance, s: PracticeServices, mail: MailService): void {
  app.get<{ Querystring: Static<typeof ListQuery> }>('/outbox', { schema: { querystring: ListQuery }, config: access }, async (req) => {
    const scope = scopeOf(signedIn(req).staff);
    const messages = await mail.outbox.list({ ...scope, ...(req.query.status ? { statuses: [req.query.status] } : {}), limit: LIST_LIMIT });
    return { mode: mail.mode, counts: await mail.outbox.counts(scope), messages: messages.map(summary) };
  });

  const visibleMessage = async (me: Me, id: string): Promise<StoredMessage> => {
    const m = await mail.outbox.byId(id);
    if (!m || !visibleTo(me, m)) throw notFound('message');
    return m;
  };

  app.get<{ Params: Static<typeof IdParams> }>('/outbox/:id', { schema: { params: IdParams }, config: access }, async (req) => {
    const m = await visibleMessage(signedIn(req).staff, req.params.id);
    return { message: { ...summary(m), text: m.text, calendar: m.ics?.content ?? null } };
  });

  app.post<{ Params: Static<typeof IdParams> }>(
    '/outbox/:id/sent-by-hand',
    { schema: { params: IdParams }, config: access },
    async (req) => {
      const me = signedIn(req).staff;
      const m = await visibleMessage(me, req.params.id);
      if (await mail.outbox.markSentByHand(m.id, s.now())) {
        await s.audit.record({ event: 'mail sent by hand', staffId: me.id, appointmentId: m.appointmentId, clientId: m.clientId }, s.now());
      }
      return { message: summary((await mail.outbox.byId(m.id))!) };
    },
  );
}
