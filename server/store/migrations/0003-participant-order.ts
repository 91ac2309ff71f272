// Rosters list participants in the order they were added. Earlier releases relied on SQLite's rowid,
// which PostgreSQL has no twin of: the order becomes a column, filled from rowid for existing rows.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../db.js';

export async function participantOrder(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .alterTable('participants')
    .addColumn('ordinal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (engine === 'sqlite') {
    await sql`UPDATE participants SET ordinal = (SELECT COUNT(*) FROM participants AS earlier WHERE earlier.appointment_id = participants.appointment_id AND earlier.rowid < participants.rowid)`.execute(
      db,
    );
  }
}
