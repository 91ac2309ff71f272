// Email: the outbox every message is stored in before it is sent (or copied by hand when the practice
// has no SMTP server), each appointment's calendar sequence, and the practice's reminder times.
import { type Kysely, sql } from 'kysely';

export async function mail(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Set for messages that must exist once only (a reminder: appointment, person, offset, start).
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('appointment_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('staff_id', 'text')
    // Whose caseload it belongs to: a therapist sees only their own clients' messages.
    .addColumn('therapist_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('ics', 'text')
    .addColumn('ics_method', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('queued', 'sending', 'sent', 'failed', 'cancelled', 'sent-by-hand')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    // While 'sending': the claim lapses then (a node that died mid-send), and another node may retry.
    .addColumn('claimed_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('mail_messages_due').on('mail_messages').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('mail_messages_by_appointment').on('mail_messages').columns(['appointment_id', 'status']).execute();
  await db.schema.createIndex('mail_messages_by_time').on('mail_messages').column('created_at').execute();

  // The SEQUENCE of an appointment's calendar event, and when its people were last told its time
  // (reminders whose moment had already passed then are not sent).
  await db.schema
    .createTable('mail_calendar')
    .addColumn('appointment_id', 'text', (c) => c.primaryKey())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('notified_at', 'bigint', (c) => c.notNull())
    .execute();

  // Minutes before a visit, comma-separated ('' for no reminders).
  await db.schema
    .alterTable('practice_settings')
    .addColumn('reminder_minutes', 'text', (c) => c.notNull().defaultTo('1440,60'))
    .execute();
}
