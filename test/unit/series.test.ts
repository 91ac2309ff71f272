// Weekly series keep their wall-clock time in the booking person's time zone across DST changes,
// and wall-clock times map to UTC moments as calendar apps do.
import { describe, expect, it } from 'vitest';
import { occurrenceStarts } from '../../server/practice/series.js';
import { isTimeZone, utcFromWallTime, wallTime } from '../../server/practice/time-zones.js';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (year: number, month: number, day: number, hour: number, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
  millisecond: 0,
});

describe('time zones', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Europe/Madrid')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('reads and finds wall-clock times on both sides of a change', () => {
    expect(wallTime(Date.parse('2026-03-09T19:00:00Z'), 'America/New_York')).toMatchObject({ day: 9, hour: 15 });
    expect(iso(utcFromWallTime(at(2026, 3, 2, 15), 'America/New_York'))).toBe('2026-03-02T20:00:00.000Z');
    expect(iso(utcFromWallTime(at(2026, 3, 9, 15), 'America/New_York'))).toBe('2026-03-09T19:00:00.000Z');
  });

  it('moves a skipped time forward and takes the first of a repeated one', () => {
    expect(iso(utcFromWallTime(at(2026, 3, 8, 2, 30), 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(utcFromWallTime(at(2026, 11, 1, 1, 30), 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('series', () => {
  it('keeps 15:00 in New York across the spring change (UTC moves an hour)', () => {
    const starts = occurrenceStarts(Date.parse('2026-03-02T15:00:00-05:00'), 'weekly', 3, 'America/New_York');
    expect(starts.map(iso)).toEqual(['2026-03-02T20:00:00.000Z', '2026-03-09T19:00:00.000Z', '2026-03-16T19:00:00.000Z']);
  });

  it('every other week across the autumn change in Berlin, and across a year end', () => {
    const starts = occurrenceStarts(Date.parse('2026-10-20T10:00:00+02:00'), 'every-other-week', 2, 'Europe/Berlin');
    expect(starts.map(iso)).toEqual(['2026-10-20T08:00:00.000Z', '2026-11-03T09:00:00.000Z']);
    const winter = occurrenceStarts(Date.parse('2026-12-22T09:00:00Z'), 'weekly', 3, 'UTC');
    expect(winter.map(iso)).toEqual(['2026-12-22T09:00:00.000Z', '2026-12-29T09:00:00.000Z', '2027-01-05T09:00:00.000Z']);
  });
});
