// WindowCounter over Redis, so a limit holds across every node. When Redis does not answer quickly
// (it is restarting), the count is taken as zero: an outage must not lock people out of their visit.
import type { Redis } from 'ioredis';
import type { WindowCounter } from '../signaling/window-counter.js';

const ANSWER_WITHIN_MS = 500;

// One command per hit: the key names its window, so only its first hit needs to set the expiry.
const HIT = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n`;

/** The connection with HIT defined on it: ioredis sends EVALSHA, and the script itself only after a NOSCRIPT. */
type Counting = Redis & { windowHit(key: string, expiryMs: number): Promise<number> };

export class RedisWindowCounter implements WindowCounter {
  private readonly redis: Counting;

  constructor(
    redis: Redis,
    private readonly name: string,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!('windowHit' in redis)) redis.defineCommand('windowHit', { numberOfKeys: 1, lua: HIT });
    this.redis = redis as Counting;
  }

  async hit(key: string): Promise<number> {
    const k = this.key(key);
    return this.orZero(async () => Number(await this.redis.windowHit(k, this.windowMs * 2)));
  }

  async peek(key: string): Promise<number> {
    return this.orZero(async () => Number((await this.redis.get(this.key(key))) ?? 0));
  }

  private key(key: string): string {
    return `vst:count:${this.name}:${Math.floor(this.now() / this.windowMs)}:${key}`;
  }

  private async orZero(read: () => Promise<number>): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(0), ANSWER_WITHIN_MS);
    });
    try {
      return await Promise.race([read().catch(() => 0), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
