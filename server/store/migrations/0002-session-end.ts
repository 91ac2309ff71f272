// The provider can end a session for everyone and start it again within the appointment's window.
import type { Kysely } from 'kysely';

export async function sessionEnd(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('appointments').addColumn('ended_at', 'bigint').execute();
}
