// The outbox: every message is written here before anything tries to send it, so a crash, an SMTP
// outage or a practice without SMTP loses nothing. Sending is claimed with a conditional update, so
// of several nodes exactly one sends a given message; a claim that lapses (the node died) is retried.
import { type Selectable, sql } from 'kysely';
import { newId } from '../store/appointments.js';
import type { Db } from '../store/db.js';
import type { MailMessagesTable, MailStatus } from '../store/schema.js';

export type MailKind =
  | 'invitation'
  | 'update'
  | 'cancellation'
  | 'in-person'
  | 'reminder'
  | 'staff-invitation'
  | 'password-reset'
  /** To a therapist: a client is waiting in a visit they have not opened. */
  | 'waiting-alert';

export interface NewMessage {
  kind: MailKind;
  /** Messages that must exist once only carry a key; a second insert with it is ignored. */
  dedupeKey?: string;
  appointmentId?: string;
  clientId?: string;
  staffId?: string;
  therapistId?: string | null;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

export interface StoredMessage {
  id: string;
  kind: MailKind;
  appointmentId: string | null;
  clientId: string | null;
  staffId: string | null;
  therapistId: string | null;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  ics: { method: 'REQUEST' | 'CANCEL'; content: string } | null;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

const toMessage = (r: Selectable<MailMessagesTable>): StoredMessage => ({
  id: r.id,
  kind: r.kind as MailKind,
  appointmentId: r.appointment_id,
  clientId: r.client_id,
  staffId: r.staff_id,
  therapistId: r.therapist_id,
  recipient: r.recipient,
  subject: r.subject,
  text: r.text_body,
  html: r.html_body,
  ics: r.ics ? { method: r.ics_method === 'CANCEL' ? 'CANCEL' : 'REQUEST', content: r.ics } : null,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export interface OutboxQuery {
  statuses?: MailStatus[];
  /** Only this therapist's clients' messages (a therapist's own view). */
  therapistId?: string;
  /** Leave out messages to staff (invitations, password resets). */
  clientsOnly?: boolean;
  limit: number;
}

export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** Stores a message, due now. Returns its id, or null when one with the same dedupe key exists. */
  async add(m: NewMessage, now: number): Promise<string | null> {
    const id = newId();
    const result = await this.db
      .insertInto('mail_messages')
      .values({
        id,
        kind: m.kind,
        dedupe_key: m.dedupeKey ?? null,
        appointment_id: m.appointmentId ?? null,
        client_id: m.clientId ?? null,
        staff_id: m.staffId ?? null,
        therapist_id: m.therapistId ?? null,
        recipient: m.recipient,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html,
        ics: m.ics?.content ?? null,
        ics_method: m.ics?.method ?? null,
        status: 'queued',
        next_attempt_at: now,
        created_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 ? id : null;
  }

  /** Whether a message with this key was ever stored (sent, queued or withdrawn alike). */
  async hasKey(dedupeKey: string): Promise<boolean> {
    return !!(await this.db.selectFrom('mail_messages').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst());
  }

  async byId(id: string): Promise<StoredMessage | undefined> {
    const r = await this.db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toMessage(r);
  }

  async list(q: OutboxQuery): Promise<StoredMessage[]> {
    let query = this.db.selectFrom('mail_messages').selectAll();
    if (q.statuses?.length) query = query.where('status', 'in', q.statuses);
    if (q.therapistId) query = query.where('therapist_id', '=', q.therapistId);
    if (q.clientsOnly) query = query.where('staff_id', 'is', null);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(q.limit).execute();
    return rows.map(toMessage);
  }

  /**
   * Claims up to `limit` due messages for sending: each is taken with an update that applies only if
   * it is still as it was read, so two nodes never both take one. The claim lasts `leaseMs`.
   */
  async claimDue(now: number, leaseMs: number, limit: number): Promise<StoredMessage[]> {
    const candidates = await this.db
      .selectFrom('mail_messages')
      .select(['id', 'status', 'attempts'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    const claimed: StoredMessage[] = [];
    for (const c of candidates) {
      const updated = await this.db
        .updateTable('mail_messages')
        .set({ status: 'sending', attempts: c.attempts + 1, claimed_until: now + leaseMs })
        .where('id', '=', c.id)
        .where('status', '=', c.status)
        .where('attempts', '=', c.attempts)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n) continue;
      const message = await this.byId(c.id);
      if (message) claimed.push(message);
    }
    return claimed;
  }

  async markSent(id: string, now: number): Promise<void> {
    await this.db
      .updateTable('mail_messages')
      .set({ status: 'sent', sent_at: now, claimed_until: null, last_error: null })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  }

  async retryLater(id: string, at: number, error: string): Promise<void> {
    await this.db
      .updateTable('mail_messages')
      .set({ status: 'queued', next_attempt_at: at, claimed_until: null, last_error: error })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('mail_messages')
      .set({ status: 'failed', claimed_until: null, last_error: error })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  }

  /** Staff sent it themselves (no SMTP, or after a failure): it leaves the queue. */
  async markSentByHand(id: string, now: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('mail_messages')
      .set({ status: 'sent-by-hand', sent_at: now, claimed_until: null })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'failed'])
      .executeTakeFirst();
    return updated.numUpdatedRows === 1n;
  }

  /** Whether any message of these kinds about the appointment has gone out (sent, or sent by hand). */
  async anySent(appointmentId: string, kinds: MailKind[]): Promise<boolean> {
    const r = await this.db
      .selectFrom('mail_messages')
      .select('id')
      .where('appointment_id', '=', appointmentId)
      .where('kind', 'in', kinds)
      .where('status', 'in', ['sent', 'sent-by-hand'])
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** Withdraws an appointment's unsent messages of these kinds (superseded by a move or a cancellation). */
  async withdrawQueued(appointmentId: string, kinds: MailKind[]): Promise<void> {
    await this.db
      .updateTable('mail_messages')
      .set({ status: 'cancelled', claimed_until: null })
      .where('appointment_id', '=', appointmentId)
      .where('kind', 'in', kinds)
      .where('status', 'in', ['queued', 'failed'])
      .execute();
  }

  /** Counts by status, for the dashboard's summary. */
  async counts(q: Omit<OutboxQuery, 'limit' | 'statuses'>): Promise<Partial<Record<MailStatus, number>>> {
    let query = this.db.selectFrom('mail_messages').select(['status', sql<number>`count(*)`.as('n')]);
    if (q.therapistId) query = query.where('therapist_id', '=', q.therapistId);
    if (q.clientsOnly) query = query.where('staff_id', 'is', null);
    const rows = await query.groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
