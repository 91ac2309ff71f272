// Reminders: for every upcoming video visit whose reminder moment (its start minus an offset the
// practice chose) has passed, one message per client. Each is stored under a key made of the
// appointment, the person, the offset and the start, so however many nodes look, and however often
// they restart, it is created once; a moved visit has a new start, hence new reminders. A moment that
// had already passed when the client was told of the visit (booked or moved late) sends nothing.
import type { PracticeServices } from '../practice/services.js';
import type { VisitMailer } from './visit-mailer.js';

export class ReminderScheduler {
  constructor(
    private readonly s: PracticeServices,
    private readonly mailer: VisitMailer,
  ) {}

  /** Queues the reminders due now; returns how many messages were added. */
  async queueDue(): Promise<number> {
    const offsets = await this.s.settings.reminderMinutes();
    if (!offsets.length) return 0;
    const now = this.s.now();
    const horizon = now + Math.max(...offsets) * 60_000;
    const rows = await this.s.db
      .selectFrom('appointments as a')
      .innerJoin('mail_calendar as m', 'm.appointment_id', 'a.id')
      .select(['a.id', 'a.starts_at', 'm.notified_at', 'm.sequence'])
      .where('a.video', '=', 1)
      .where('a.cancelled_at', 'is', null)
      .where('a.starts_at', '>', now)
      .where('a.starts_at', '<=', horizon)
      .orderBy('a.starts_at')
      .execute();
    let queued = 0;
    for (const r of rows) {
      for (const minutes of offsets) {
        const moment = r.starts_at - minutes * 60_000;
        if (moment > now || moment <= r.notified_at) continue;
        const appt = await this.s.schedule.byId(r.id);
        if (!appt || appt.cancelledAt !== null || appt.startsAt !== r.starts_at) continue;
        queued += await this.mailer.queue(appt, 'reminder', r.sequence, `${minutes}:${r.starts_at}`);
      }
    }
    return queued;
  }
}
