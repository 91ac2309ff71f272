// The practice's sign-in settings: one row, changed by an owner.
import type { Db } from './db.js';

export interface PracticeSettings {
  /** A session unused this long ends. */
  idleTimeoutMinutes: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteLifetimeHours: number;
  /** Every staff member must use a second step (an authenticator app's code) to sign in. */
  requireTotp: boolean;
}

export class PracticeSettingsStore {
  constructor(private readonly db: Db) {}

  async get(): Promise<PracticeSettings> {
    const r = await this.db.selectFrom('practice_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    return {
      idleTimeoutMinutes: r.idle_timeout_minutes,
      absoluteLifetimeHours: r.absolute_lifetime_hours,
      requireTotp: r.require_totp === 1,
    };
  }

  async update(s: PracticeSettings): Promise<void> {
    await this.db
      .updateTable('practice_settings')
      .set({
        idle_timeout_minutes: s.idleTimeoutMinutes,
        absolute_lifetime_hours: s.absoluteLifetimeHours,
        require_totp: s.requireTotp ? 1 : 0,
      })
      .where('id', '=', 1)
      .execute();
  }
}
