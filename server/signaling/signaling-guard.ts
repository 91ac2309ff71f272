// Limits on the signaling socket that a clinic behind one address never meets but an attacker does:
// refused hellos per address (a flood of bad links cuts that address off for the minute), joins per
// link (a reload loop or a stolen link), all counted in a WindowCounter so several machines can share them.
import type { SignalingLimits } from '../config.js';
import type { WindowCounter } from './window-counter.js';

export class SignalingGuard {
  constructor(
    private readonly limits: SignalingLimits,
    private readonly badHellos: WindowCounter,
    private readonly joins: WindowCounter,
  ) {}

  /** Whether a page at `origin` may open the socket. Non-browser clients send no Origin and are judged by their link. */
  originAllowed(origin: string | undefined): boolean {
    return origin === undefined || this.limits.allowedOrigins.includes(origin);
  }

  async addressBlocked(address: string): Promise<boolean> {
    return (await this.badHellos.peek(address)) >= this.limits.badHellosPerMinutePerAddress;
  }

  async helloRefused(address: string): Promise<void> {
    await this.badHellos.hit(address);
  }

  async joinAllowed(participantId: string): Promise<boolean> {
    return (await this.joins.hit(participantId)) <= this.limits.joinsPerMinutePerParticipant;
  }
}
