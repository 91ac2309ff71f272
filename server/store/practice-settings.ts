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

  /** Minutes before a video visit that its clients are reminded, largest first ([] for none). */
  async reminderMinutes(): Promise<number[]> {
    const r = await this.db.selectFrom('practice_settings').select('reminder_minutes').where('id', '=', 1).executeTakeFirstOrThrow();
    return r.reminder_minutes
      .split(',')
      .filter(Boolean)
      .map(Number)
      .sort((a, b) => b - a);
  }

  async setReminderMinutes(minutes: number[]): Promise<void> {
    const unique = [...new Set(minutes)].sort((a, b) => b - a);
    await this.db
      .updateTable('practice_settings')
      .set({ reminder_minutes: unique.join(',') })
      .where('id', '=', 1)
      .execute();
  }
}
