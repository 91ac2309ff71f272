// Each appointment's calendar event: its SEQUENCE (0 for the invitation, one more for every change a
// calendar program must apply over the last) and when its people were last told its time.
import type { Db } from '../store/db.js';

export class CalendarSequences {
  constructor(private readonly db: Db) {}

  /** The sequence of the last message sent about this appointment (0 when none was). */
  async current(appointmentId: string): Promise<number> {
    const row = await this.db.selectFrom('mail_calendar').select('sequence').where('appointment_id', '=', appointmentId).executeTakeFirst();
    return row?.sequence ?? 0;
  }

  /** The sequence for the next message about this appointment; records `now` as when they were told. */
  async next(appointmentId: string, now: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('mail_calendar').select('sequence').where('appointment_id', '=', appointmentId).executeTakeFirst();
      if (!row) {
        await trx.insertInto('mail_calendar').values({ appointment_id: appointmentId, sequence: 0, notified_at: now }).execute();
        return 0;
      }
      await trx
        .updateTable('mail_calendar')
        .set({ sequence: row.sequence + 1, notified_at: now })
        .where('appointment_id', '=', appointmentId)
        .execute();
      return row.sequence + 1;
    });
  }
}
