// A weekly or every-other-week series: each occurrence at the same wall-clock time in the time zone
// the person booking sees, so a 15:00 session stays at 15:00 after a DST change (and its UTC time
// moves by an hour). Times are stored in UTC.
import { utcFromWallTime, wallTime } from './time-zones.js';

export const MAX_OCCURRENCES = 52;
export type Repeat = 'weekly' | 'every-other-week';

export function occurrenceStarts(firstStart: number, repeat: Repeat, count: number, timeZone: string): number[] {
  const first = wallTime(firstStart, timeZone);
  const stepDays = repeat === 'weekly' ? 7 : 14;
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    // Date.UTC carries day overflow into the month and year.
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + i * stepDays));
    starts.push(
      utcFromWallTime({ ...first, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone),
    );
  }
  return starts;
}
