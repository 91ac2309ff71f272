// The practice's clients, and appointments tied to a therapist and to client records. Appointments
// made before (by the CLI or the demo) keep null in the new columns and work as they did.
import { type Kysely, sql } from 'kysely';

export async function clients(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language IN ('en', 'es')`))
    .addColumn('therapist_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clients_by_therapist').on('clients').column('therapist_id').execute();

  // SQLite adds one column per ALTER TABLE.
  await db.schema
    .alterTable('appointments')
    .addColumn('therapist_id', 'text', (c) => c.references('staff.id'))
    .execute();
  await db.schema
    .alterTable('appointments')
    .addColumn('video', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('appointments').addColumn('cancelled_at', 'bigint').execute();
  // Occurrences of one weekly series share it, so the dashboard can show them together.
  await db.schema.alterTable('appointments').addColumn('series_id', 'text').execute();
  await db.schema.createIndex('appointments_by_therapist').on('appointments').columns(['therapist_id', 'starts_at']).execute();
  await db.schema.createIndex('appointments_by_start').on('appointments').column('starts_at').execute();

  await db.schema
    .alterTable('participants')
    .addColumn('client_id', 'text', (c) => c.references('clients.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('participants_by_client').on('participants').column('client_id').execute();
}
