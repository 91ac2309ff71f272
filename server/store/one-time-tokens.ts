// One-time links (set-up, invitation, password reset) as the store keeps them: only a hash of each
// token, its purpose, whom it is for, and when it expires or was used.
import type { Db } from './db.js';
import type { OneTimePurpose } from './schema.js';

export type { OneTimePurpose };

export interface OneTimeToken {
  hash: string;
  purpose: OneTimePurpose;
  staffId: string | null;
  expiresAt: number;
  usedAt: number | null;
}

export class OneTimeTokenStore {
  constructor(private readonly db: Db) {}

  async create(t: { hash: string; purpose: OneTimePurpose; staffId: string | null; now: number; expiresAt: number }): Promise<void> {
    await this.db
      .insertInto('one_time_tokens')
      .values({ hash: t.hash, purpose: t.purpose, staff_id: t.staffId, created_at: t.now, expires_at: t.expiresAt, used_at: null })
      .execute();
  }

  async find(hash: string): Promise<OneTimeToken | undefined> {
    const r = await this.db.selectFrom('one_time_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return r && { hash: r.hash, purpose: r.purpose, staffId: r.staff_id, expiresAt: r.expires_at, usedAt: r.used_at };
  }

  /**
   * Marks a token used if it is unused, unexpired and for this purpose, in one statement: of two
   * simultaneous uses exactly one gets it. Returns the token's staff id (or null), or undefined if refused.
   */
  async consume(hash: string, purpose: OneTimePurpose, now: number): Promise<{ staffId: string | null } | undefined> {
    const r = await this.db
      .updateTable('one_time_tokens')
      .set({ used_at: now })
      .where('hash', '=', hash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (r.numUpdatedRows !== 1n) return undefined;
    const t = await this.find(hash);
    return t && { staffId: t.staffId };
  }

  /** Withdraws every unused token of a purpose (for one staff member, or the staff-less set-up ones). */
  async withdraw(purpose: OneTimePurpose, staffId: string | null, now: number): Promise<void> {
    await this.db
      .updateTable('one_time_tokens')
      .set({ used_at: now })
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('staff_id', staffId === null ? 'is' : '=', staffId)
      .execute();
  }
}
