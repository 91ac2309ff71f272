// Failed sign-ins counted per key (a hashed account or address): after `max` failures within the
// window the key is locked until `lockMs` later, and the count starts afresh once the lock or the
// window has passed. Each failure is one upsert, so several machines count together.
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface LockoutPolicy {
  max: number;
  windowMs: number;
  lockMs: number;
}

export class SignInFailureStore {
  constructor(private readonly db: Db) {}

  /** When the key's lock ends, or null if it is not locked at `now`. */
  async lockedUntil(key: string, now: number): Promise<number | null> {
    const r = await this.db.selectFrom('sign_in_failures').select('locked_until').where('key', '=', key).executeTakeFirst();
    return r?.locked_until != null && r.locked_until > now ? r.locked_until : null;
  }

  /** Counts one failure; returns when the key is now locked until, or null. */
  async recordFailure(key: string, now: number, p: LockoutPolicy): Promise<number | null> {
    const lockAt = now + p.lockMs;
    const windowStart = now - p.windowMs;
    const firstLock = p.max <= 1 ? lockAt : null;
    // A row whose window or lock has run out counts as a first failure again.
    const stale = sql<boolean>`(sign_in_failures.first_failure_at <= ${windowStart} OR (sign_in_failures.locked_until IS NOT NULL AND sign_in_failures.locked_until <= ${now}))`;
    await this.db
      .insertInto('sign_in_failures')
      .values({ key, failures: 1, first_failure_at: now, locked_until: firstLock })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`CASE WHEN ${stale} THEN 1 ELSE sign_in_failures.failures + 1 END`,
          first_failure_at: sql`CASE WHEN ${stale} THEN ${now} ELSE sign_in_failures.first_failure_at END`,
          locked_until: sql`CASE WHEN ${stale} THEN ${firstLock} WHEN sign_in_failures.locked_until IS NOT NULL THEN sign_in_failures.locked_until WHEN sign_in_failures.failures + 1 >= ${p.max} THEN ${lockAt} ELSE NULL END`,
        }),
      )
      .execute();
    return this.lockedUntil(key, now);
  }

  /** Forgets counters with no failure since `before` and no lock running then. */
  async deleteStale(before: number): Promise<void> {
    await this.db
      .deleteFrom('sign_in_failures')
      .where('first_failure_at', '<', before)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
  }
}
