// Several nodes share one database: the secrets that sign links and TURN credentials live in it (so
// no one copies files between machines), and nodes look up recent revocations by time.
import type { Kysely } from 'kysely';

export async function nodeSharedState(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('links_by_revocation').on('links').column('revoked_at').execute();
}
