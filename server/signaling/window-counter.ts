// Counts events per key over the last window of time (e.g. refused hellos per address over the last
// minute). The in-process counter serves one machine; a shared one (Redis) makes the same limits hold
// across many.
//
// Each key keeps one count per window of the clock, and the count "over the last window" adds this
// window's count to the share of the previous window's that still lies within it: 10 hits in the
// previous minute count as 5 halfway through this one. A clock minute alone let a flood send a limit's
// worth at the end of one minute and another at the start of the next.

export interface WindowCounter {
  /** Counts one event for `key` and returns the reading over the last window, this one included. */
  hit(key: string): Promise<WindowReading>;
  /** The reading over the last window, without adding one. */
  peek(key: string): Promise<WindowReading>;
  /**
   * hit(key) and other.peek(otherKey) together: in one round trip when both counters live in one
   * Redis (a socket's upgrade asks both of the same address).
   */
  hitAndPeek(key: string, other: WindowCounter, otherKey: string): Promise<[WindowReading, WindowReading]>;
}

/** The counts of one key: in the window of the clock now running, and in the one before it. */
export interface WindowCounts {
  current: number;
  previous: number;
}

/** The count over the window that ends `elapsedMs` into the current window of the clock. */
export function slidingCount({ current, previous }: WindowCounts, elapsedMs: number, windowMs: number): number {
  return current + (previous * (windowMs - elapsedMs)) / windowMs;
}

/** How long until slidingCount is at most `most`, counting no more events. */
export function msUntilAtMost(counts: WindowCounts, most: number, elapsedMs: number, windowMs: number): number {
  if (slidingCount(counts, elapsedMs, windowMs) <= most) return 0;
  const left = windowMs - elapsedMs;
  const { current, previous } = counts;
  // The previous window's share shrinks as this one goes on…
  if (current <= most) return wholeMs(left - ((most - current) * windowMs) / previous);
  // …then this window's own count becomes the previous one, and shrinks in the next.
  return wholeMs(left + ((current - most) * windowMs) / current);
}

/** Up to the next whole millisecond, but not past one for a rounding error of the division. */
const wholeMs = (ms: number) => Math.ceil(ms - 1e-6);

/**
 * One key's counts as read at one moment: the count over the last window, and (for a refusal's
 * retry-after) when it will leave room, from the same reading rather than a second one.
 */
export class WindowReading {
  constructor(
    readonly counts: WindowCounts,
    /** How far into the clock's current window it was read. */
    readonly elapsedMs: number,
    readonly windowMs: number,
  ) {}

  /** The count over the last window. */
  get count(): number {
    return slidingCount(this.counts, this.elapsedMs, this.windowMs);
  }

  /** How long until the count is at most `most`, with no more events. */
  msUntilAtMost(most: number): number {
    return msUntilAtMost(this.counts, most, this.elapsedMs, this.windowMs);
  }

  /** The same as whole seconds for a retry-after header: at least one. */
  secondsUntilAtMost(most: number): number {
    return Math.max(1, Math.ceil(this.msUntilAtMost(most) / 1000));
  }
}

export class MemoryWindowCounter implements WindowCounter {
  private window = Number.NEGATIVE_INFINITY;
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string): Promise<WindowReading> {
    const elapsed = this.roll();
    this.current.set(key, (this.current.get(key) ?? 0) + 1);
    return new WindowReading(this.counts(key), elapsed, this.windowMs);
  }

  async peek(key: string): Promise<WindowReading> {
    const elapsed = this.roll();
    return new WindowReading(this.counts(key), elapsed, this.windowMs);
  }

  async hitAndPeek(key: string, other: WindowCounter, otherKey: string): Promise<[WindowReading, WindowReading]> {
    return [await this.hit(key), await other.peek(otherKey)];
  }

  private counts(key: string): WindowCounts {
    return { current: this.current.get(key) ?? 0, previous: this.previous.get(key) ?? 0 };
  }

  /** Moves to the clock's window, keeping only the one before it (memory stays bounded); gives the time into it. */
  private roll(): number {
    const t = this.now();
    const window = Math.floor(t / this.windowMs);
    if (window !== this.window) {
      this.previous = window === this.window + 1 ? this.current : new Map();
      this.current = new Map();
      this.window = window;
    }
    return t - window * this.windowMs;
  }
}
