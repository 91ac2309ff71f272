// Appointments, their participants, the links each participant was issued, and the audit trail.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../db.js';

export async function initial(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('participants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('provider', 'client')`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('admission', 'text', (c) =>
      c.notNull().defaultTo('invited').check(sql`admission IN ('invited', 'waiting', 'admitted', 'removed')`),
    )
    .addColumn('waiting_since', 'bigint')
    .addColumn('ready', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('participants_by_appointment').on('participants').column('appointment_id').execute();
  await db.schema
    .createTable('links')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('participant_id', 'text', (c) => c.notNull().references('participants.id').onDelete('cascade'))
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('links_by_participant').on('links').column('participant_id').execute();
  await db.schema
    .createTable('audit')
    .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) =>
      engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('appointment_id', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_by_appointment').on('audit').columns(['appointment_id', 'at']).execute();
}
