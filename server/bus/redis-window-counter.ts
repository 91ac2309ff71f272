// WindowCounter over Redis, so a limit holds across every node. When Redis does not answer quickly
// (it is restarting), the count is taken as zero: an outage must not lock people out of their visit.
import { Redis } from 'ioredis';
import { type WindowCounter, type WindowCounts, WindowReading } from '../signaling/window-counter.js';

const ANSWER_WITHIN_MS = 500;
/** What an unanswered read counts: nothing (an outage must not lock anyone out). */
const NONE: WindowCounts = { current: 0, previous: 0 };

// One command per hit: the key names its window, so only its first hit needs to set the expiry. The
// previous window's count (KEYS[2]) comes back with it, for the count over the last window.
const COUNT = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end`;
const count = (key: string) => `tonumber(redis.call('GET', ${key}) or '0')`;
const HIT = `${COUNT} return {n, ${count('KEYS[2]')}}`;
// HIT on KEYS[1] and KEYS[2], and the counts under KEYS[3] and KEYS[4] read in the same round trip.
const HIT_AND_PEEK = `${COUNT} return {n, ${count('KEYS[2]')}, ${count('KEYS[3]')}, ${count('KEYS[4]')}}`;

/**
 * The connection the counters and the HTTP rate limits share. A join hits two counters, and the joins
 * of one turn of the event loop many more: with auto-pipelining, ioredis sends the commands of a turn
 * in one write (and, while a write's answers are outstanding, gathers the next), where it wrote each
 * on its own. Nothing on it depends on the order of commands from different callers.
 */
export function countingConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, enableAutoPipelining: true });
}

/** The connection with the scripts defined on it: ioredis sends EVALSHA, and the script itself only after a NOSCRIPT. */
type Counting = Redis & {
  windowHit(key: string, previousKey: string, expiryMs: number): Promise<[number, number]>;
  windowHitAndPeek(key: string, previousKey: string, otherKey: string, otherPreviousKey: string, expiryMs: number): Promise<number[]>;
};

/** Where a call falls: the keys of its window and the one before, and how far into its window it is. */
interface Moment {
  keys: (key: string) => [string, string];
  elapsed: number;
}

export class RedisWindowCounter implements WindowCounter {
  private readonly redis: Counting;

  constructor(
    redis: Redis,
    private readonly name: string,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!('windowHit' in redis)) redis.defineCommand('windowHit', { numberOfKeys: 2, lua: HIT });
    if (!('windowHitAndPeek' in redis)) redis.defineCommand('windowHitAndPeek', { numberOfKeys: 4, lua: HIT_AND_PEEK });
    this.redis = redis as Counting;
  }

  async hit(key: string): Promise<WindowReading> {
    const at = this.moment();
    return this.orNone(async () => {
      const [current, previous] = await this.redis.windowHit(...at.keys(key), this.expiryMs);
      return this.reading({ current: Number(current), previous: Number(previous) }, at);
    }, at);
  }

  async peek(key: string): Promise<WindowReading> {
    const at = this.moment();
    return this.orNone(async () => this.reading(await this.read(at.keys(key)), at), at);
  }

  async hitAndPeek(key: string, other: WindowCounter, otherKey: string): Promise<[WindowReading, WindowReading]> {
    if (!(other instanceof RedisWindowCounter) || other.redis !== this.redis || other.windowMs !== this.windowMs) {
      return [await this.hit(key), await other.peek(otherKey)];
    }
    const at = this.moment();
    const theirs = other.moment();
    const none: [WindowReading, WindowReading] = [this.reading(NONE, at), this.reading(NONE, theirs)];
    return this.orZero(async () => {
      const [n, p, m, q] = await this.redis.windowHitAndPeek(...at.keys(key), ...theirs.keys(otherKey), this.expiryMs);
      return [
        this.reading({ current: Number(n), previous: Number(p) }, at),
        this.reading({ current: Number(m), previous: Number(q) }, theirs),
      ] as [WindowReading, WindowReading];
    }, none);
  }

  /** A key lives through the window after its own, whose counts it is part of. */
  private get expiryMs(): number {
    return this.windowMs * 2;
  }

  private moment(): Moment {
    const t = this.now();
    const window = Math.floor(t / this.windowMs);
    const keyOf = (w: number, key: string) => `vst:count:${this.name}:${w}:${key}`;
    return { keys: (key) => [keyOf(window, key), keyOf(window - 1, key)], elapsed: t - window * this.windowMs };
  }

  private async read([currentKey, previousKey]: [string, string]): Promise<WindowCounts> {
    const [current, previous] = await this.redis.mget(currentKey, previousKey);
    return { current: Number(current ?? 0), previous: Number(previous ?? 0) };
  }

  private reading(counts: WindowCounts, at: Moment): WindowReading {
    return new WindowReading(counts, at.elapsed, this.windowMs);
  }

  /** What `read` gives, or no counts at all if Redis does not answer in time (see orZero). */
  private orNone(read: () => Promise<WindowReading>, at: Moment): Promise<WindowReading> {
    return this.orZero(read, this.reading(NONE, at));
  }

  /** What `read` gives, or `zero` if Redis does not answer within ANSWER_WITHIN_MS or fails. */
  private async orZero<T>(read: () => Promise<T>, zero: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(zero), ANSWER_WITHIN_MS);
    });
    try {
      return await Promise.race([read().catch(() => zero), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
