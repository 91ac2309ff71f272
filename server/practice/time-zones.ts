// IANA time zones with nothing but Intl: checking a name, reading the wall-clock time of a moment in
// a zone, and finding the moment a wall-clock time happens in a zone (across DST changes).

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function wallTime(ms: number, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

const asUtc = (w: WallTime): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** How far the zone's clocks are ahead of UTC at a moment, in milliseconds. */
const offsetAt = (ms: number, timeZone: string): number =>
  asUtc({ ...wallTime(ms, timeZone), millisecond: ((ms % 1000) + 1000) % 1000 }) - ms;

/**
 * The moment the zone's clocks show `w`. A time skipped by a spring-forward change (02:30 on that
 * night) is read with the offset from before the change, landing an hour later (03:30), as calendar
 * apps do; a time that happens twice in the autumn gets its first occurrence.
 */
export function utcFromWallTime(w: WallTime, timeZone: string): number {
  const naive = asUtc(w);
  const before = offsetAt(naive - 86_400_000, timeZone);
  const after = offsetAt(naive + 86_400_000, timeZone);
  // Try the larger offset first: for a repeated hour that gives the earlier moment.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const candidate = naive - offset;
    if (offsetAt(candidate, timeZone) === offset) return candidate;
  }
  return naive - before;
}
