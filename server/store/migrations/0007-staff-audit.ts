// What staff did, for the owner: sign-ins and failures, role and Teletherapy changes, links issued
// and revoked. Ids, event names and times only: never a name, an email, an address or a token.
import type { Kysely } from 'kysely';
import type { Engine } from '../db.js';

export async function staffAudit(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('staff_audit')
    .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) =>
      engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    // Who acted (null when nobody was signed in, e.g. a failed sign-in).
    .addColumn('staff_id', 'text')
    // Whom it was about: the account signing in, the staff member whose role changed.
    .addColumn('subject_staff_id', 'text')
    .addColumn('appointment_id', 'text')
    .addColumn('participant_id', 'text')
    .addColumn('client_id', 'text')
    .execute();
  await db.schema.createIndex('staff_audit_by_time').on('staff_audit').column('at').execute();
  await db.schema.createIndex('staff_audit_by_appointment').on('staff_audit').columns(['appointment_id', 'at']).execute();
}
