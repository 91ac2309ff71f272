// WindowCounter over Redis, so a limit holds across every node. When Redis does not answer quickly
// (it is restarting), the count is taken as zero: an outage must not lock people out of their visit.
import type { Redis } from 'ioredis';
import type { WindowCounter } from '../signaling/window-counter.js';

const ANSWER_WITHIN_MS = 500;

export class RedisWindowCounter implements WindowCounter {
  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly windowMs: number,
  ) {}

  async hit(key: string): Promise<number> {
    const k = this.key(key);
    return this.orZero(async () => {
      const replies = await this.redis
        .multi()
        .incr(k)
        .pexpire(k, this.windowMs * 2)
        .exec();
      return Number(replies?.[0]?.[1] ?? 0);
    });
  }

  async peek(key: string): Promise<number> {
    return this.orZero(async () => Number((await this.redis.get(this.key(key))) ?? 0));
  }

  private key(key: string): string {
    return `vst:count:${this.name}:${Math.floor(Date.now() / this.windowMs)}:${key}`;
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
