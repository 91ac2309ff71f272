// Admission events as webhooks, derived from the visits' audit trail (written by the waiting room
// and the signaling hub on whichever node the people are connected to). Every node reads new lines
// after a shared cursor; each line's event is queued with the key "audit:<line id>", unique per
// endpoint, so two nodes reading the same lines queue it once.
//   "joined" by a client        -> client.waiting (again if they reload the waiting page)
//   "admitted"                  -> client.admitted, and visit.started for the first admission since
//                                  the appointment began or its session last ended
//   "session ended"             -> visit.ended
import type { Db } from '../../store/db.js';
import type { WebhookEventData, WebhookEventType } from './events.js';

export interface DerivedEvent<T extends WebhookEventType = WebhookEventType> {
  key: string;
  type: T;
  data: WebhookEventData[T];
}

const BATCH = 200;

/** The event types this feed can yield: with no endpoint subscribed to one, the feed is not read. */
export const AUDIT_EVENT_TYPES: ReadonlySet<string> = new Set<WebhookEventType>([
  'client.waiting',
  'client.admitted',
  'visit.started',
  'visit.ended',
]);

export async function newAuditLines(db: Db, after: number) {
  return db
    .selectFrom('audit')
    .leftJoin('participants', 'participants.id', 'audit.participant_id')
    .select(['audit.id', 'audit.event', 'audit.appointment_id', 'audit.participant_id', 'participants.role', 'participants.client_id'])
    .where('audit.id', '>', after)
    .where('audit.event', 'in', ['joined', 'admitted', 'session ended'])
    .orderBy('audit.id')
    .limit(BATCH)
    .execute();
}

export async function latestAuditId(db: Db): Promise<number> {
  const r = await db
    .selectFrom('audit')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}

/** Whether an "admitted" line is the appointment's first since its session began or last ended. */
async function firstAdmission(db: Db, appointmentId: string, lineId: number): Promise<boolean> {
  const earlier = await db
    .selectFrom('audit')
    .select(['event'])
    .where('appointment_id', '=', appointmentId)
    .where('id', '<', lineId)
    .where('event', 'in', ['admitted', 'session ended'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return !earlier || earlier.event === 'session ended';
}

type Line = Awaited<ReturnType<typeof newAuditLines>>[number];

export async function eventsOf(db: Db, line: Line): Promise<DerivedEvent[]> {
  const key = `audit:${line.id}`;
  const who = { appointmentId: line.appointment_id, participantId: line.participant_id ?? '', clientId: line.client_id ?? null };
  if (line.event === 'joined') return line.role === 'client' ? [{ key, type: 'client.waiting', data: who }] : [];
  if (line.event === 'session ended') return [{ key, type: 'visit.ended', data: { appointmentId: line.appointment_id } }];
  const admitted: DerivedEvent[] = [{ key, type: 'client.admitted', data: who }];
  if (await firstAdmission(db, line.appointment_id, Number(line.id))) {
    admitted.push({ key: `${key}:started`, type: 'visit.started', data: { appointmentId: line.appointment_id } });
  }
  return admitted;
}
