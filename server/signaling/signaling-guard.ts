// Limits on the signaling socket that a clinic behind one address never meets but an attacker does:
// sockets opened per address, refused hellos per address (a flood of bad links cuts that address off
// for the minute), joins per link (a reload loop or a stolen link), all counted in a WindowCounter so
// several machines can share them.
import type { SignalingLimits } from '../config.js';
import type { WindowCounter } from './window-counter.js';

/** The guard's counts are over the last minute (the counters it is given must use this window). */
export const SIGNALING_WINDOW_MS = 60_000;

/**
 * Why a socket may not open (too many sockets from its address over the last minute, or too many bad
 * links), and when that address may try again.
 */
export interface UpgradeRefusal {
  reason: 'too_many_sockets' | 'bad_links';
  retryAfterSeconds: number;
}

export class SignalingGuard {
  constructor(
    private readonly limits: SignalingLimits,
    private readonly badHellos: WindowCounter,
    private readonly joins: WindowCounter,
    private readonly upgrades: WindowCounter,
  ) {}

  /** Whether a page at `origin` may open the socket. Non-browser clients send no Origin and are judged by their link. */
  originAllowed(origin: string | undefined): boolean {
    return origin === undefined || this.limits.allowedOrigins.includes(origin);
  }

  /**
   * Counts a socket opened from `address` and says whether it must be refused. Both counts are read in
   * one round trip: with Redis, two were a wait of their own in every join.
   */
  async upgradeRefusal(address: string): Promise<UpgradeRefusal | null> {
    const [sockets, badHellos] = await this.upgrades.hitAndPeek(address, this.badHellos, address);
    const { badHellosPerMinutePerAddress: badLimit, upgradesPerMinutePerAddress: socketLimit } = this.limits;
    // When to try again: once the count leaves room for one more (the try itself counts as a socket).
    if (badHellos.count >= badLimit) return { reason: 'bad_links', retryAfterSeconds: badHellos.secondsUntilAtMost(badLimit - 1) };
    if (sockets.count > socketLimit) return { reason: 'too_many_sockets', retryAfterSeconds: sockets.secondsUntilAtMost(socketLimit - 1) };
    return null;
  }

  async helloRefused(address: string): Promise<void> {
    await this.badHellos.hit(address);
  }

  async joinAllowed(participantId: string): Promise<boolean> {
    return (await this.joins.hit(participantId)).count <= this.limits.joinsPerMinutePerParticipant;
  }
}
