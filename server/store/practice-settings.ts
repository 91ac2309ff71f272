// The practice's sign-in settings: one row, changed by an owner.
import type { Db } from './db.js';

import type { PracticeSettings } from '../../shared/practice-types.js';

export type { PracticeSettings };

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
