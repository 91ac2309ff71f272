// WindowCounter over Redis, so a limit holds across every node. When Redis does not answer quickly
// (it is restarting), the count is taken as zero: an outage must not lock people out of their visit.
import { Redis } from 'ioredis';
import type { WindowCounter } from '../signaling/window-counter.js';

const ANSWER_WITHIN_MS = 500;

// One command per hit: the key names its window, so only its first hit needs to set the expiry.
const COUNT = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end`;
const HIT = `${COUNT} return n`;
// HIT on KEYS[1], and the count under KEYS[2] read in the same round trip.
const HIT_AND_PEEK = `${COUNT} return {n, tonumber(redis.call('GET', KEYS[2]) or '0')}`;

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
  windowHit(key: string, expiryMs: number): Promise<number>;
  windowHitAndPeek(key: string, otherKey: string, expiryMs: number): Promise<[number, number]>;
};

export class RedisWindowCounter implements WindowCounter {
  private readonly redis: Counting;

  constructor(
    redis: Redis,
    private readonly name: string,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!('windowHit' in redis)) redis.defineCommand('windowHit', { numberOfKeys: 1, lua: HIT });
    if (!('windowHitAndPeek' in redis)) redis.defineCommand('windowHitAndPeek', { numberOfKeys: 2, lua: HIT_AND_PEEK });
    this.redis = redis as Counting;
  }

  async hit(key: string): Promise<number> {
    const k = this.key(key);
    return this.orZero(async () => Number(await this.redis.windowHit(k, this.windowMs * 2)), 0);
  }

  async peek(key: string): Promise<number> {
    return this.orZero(async () => Number((await this.redis.get(this.key(key))) ?? 0), 0);
  }

  async hitAndPeek(key: string, other: WindowCounter, otherKey: string): Promise<[number, number]> {
    if (!(other instanceof RedisWindowCounter) || other.redis !== this.redis) return [await this.hit(key), await other.peek(otherKey)];
    const [k, o] = [this.key(key), other.key(otherKey)];
    return this.orZero(async () => {
      const [n, m] = await this.redis.windowHitAndPeek(k, o, this.windowMs * 2);
      return [Number(n), Number(m)];
    }, [0, 0]);
  }

  private key(key: string): string {
    return `vst:count:${this.name}:${Math.floor(this.now() / this.windowMs)}:${key}`;
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
