// Counts events per key in fixed time windows (e.g. refused hellos per address per minute). The
// in-process counter serves one machine; a shared one (Redis) makes the same limits hold across many.

export interface WindowCounter {
  /** Counts one event for `key` and returns the count in the current window, this one included. */
  hit(key: string): Promise<number>;
  /** The count in the current window, without adding one. */
  peek(key: string): Promise<number>;
  /**
   * hit(key) and other.peek(otherKey) together: in one round trip when both counters live in one
   * Redis (a socket's upgrade asks both of the same address).
   */
  hitAndPeek(key: string, other: WindowCounter, otherKey: string): Promise<[number, number]>;
}

export class MemoryWindowCounter implements WindowCounter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string): Promise<number> {
    this.roll();
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }

  async peek(key: string): Promise<number> {
    this.roll();
    return this.counts.get(key) ?? 0;
  }

  async hitAndPeek(key: string, other: WindowCounter, otherKey: string): Promise<[number, number]> {
    return [await this.hit(key), await other.peek(otherKey)];
  }

  /** A new window forgets the last one: memory stays bounded by one window's keys. */
  private roll(): void {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t - (t % this.windowMs);
      this.counts = new Map();
    }
  }
}
