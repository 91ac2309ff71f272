// The practice's sign-in settings: one row, changed by an owner.
import type { Db } from './db.js';

import type { PracticeSettings, VisitCheckSettings } from '../../shared/practice-types.js';

export type { PracticeSettings, VisitCheckSettings };

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

  async visitChecks(): Promise<VisitCheckSettings> {
    const r = await this.db
      .selectFrom('practice_settings')
      .select(['ask_location', 'consent_text', 'consent_version', 'consent_every_visit'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return {
      askLocation: r.ask_location === 1,
      consentText: r.consent_text,
      consentVersion: r.consent_version,
      consentEveryVisit: r.consent_every_visit === 1,
    };
  }

  /** Saves the choices; a changed consent text gets the next version, so everyone is asked again. */
  async setVisitChecks(c: Omit<VisitCheckSettings, 'consentVersion'>): Promise<void> {
    const text = c.consentText.trim();
    await this.db.transaction().execute(async (trx) => {
      const r = await trx
        .selectFrom('practice_settings')
        .select(['consent_text', 'consent_version'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      const changed = text !== '' && text !== r.consent_text;
      await trx
        .updateTable('practice_settings')
        .set({
          ask_location: c.askLocation ? 1 : 0,
          consent_every_visit: c.consentEveryVisit ? 1 : 0,
          consent_text: text,
          consent_version: changed ? r.consent_version + 1 : r.consent_version,
        })
        .where('id', '=', 1)
        .execute();
    });
  }
}
