// Where the client is, and their consent, before every visit: the practice's choices (ask or not, the
// consent text and its version, once per client or at every visit), the regions each therapist is
// licensed in, and what each client participant stated in the waiting room. The emergency address
// lives only in visit_locations; the audit trail records the region and consent version, never it.
import type { Kysely } from 'kysely';

export async function locationConsent(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('practice_settings')
    .addColumn('ask_location', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Empty: no consent text. The version goes up each time the text changes (0 while there has been none).
  await db.schema
    .alterTable('practice_settings')
    .addColumn('consent_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('practice_settings')
    .addColumn('consent_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 1: asked at every visit; 0: once per client (per version of the text).
  await db.schema
    .alterTable('practice_settings')
    .addColumn('consent_every_visit', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Region codes ("US-CA", "CA-ON"), space-separated.
  await db.schema
    .alterTable('staff')
    .addColumn('licensed_regions', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('visit_locations')
    // A participant belongs to one visit: one row per client per visit, replaced if they state it again.
    .addColumn('participant_id', 'text', (c) => c.primaryKey().references('participants.id').onDelete('cascade'))
    .addColumn('appointment_id', 'text', (c) => c.notNull())
    // "US", "CA", or a country written by the client.
    .addColumn('country', 'text', (c) => c.notNull())
    // "US-NY", "CA-ON", or a region written by the client.
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('emergency_address', 'text')
    .addColumn('consent_version', 'integer')
    .addColumn('consented_at', 'bigint')
    .addColumn('stated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visit_locations_by_appointment').on('visit_locations').column('appointment_id').execute();
}
