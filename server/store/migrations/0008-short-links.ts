// Short visit links (`/j#CODE`): a code stands for one recorded link (its jti), so revoking the link
// revokes the code too. Only a hash of the code is kept: the table alone opens no visit.
import type { Kysely } from 'kysely';

export async function shortLinks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('short_links')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('jti', 'text', (c) => c.notNull().references('links.jti').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
