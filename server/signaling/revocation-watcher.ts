// Revoking a link disconnects whoever uses it within a second, on every node: each node looks for
// newly revoked links twice a second (while it holds any socket) and closes the sockets that joined
// with one. Polling the store, not a message, so a revocation made by the CLI or another node, or
// while the bus was away, is never missed.
import type { FastifyBaseLogger } from 'fastify';
import type { LinkTokens } from '../links/link-tokens.js';
import type { SignalingHub } from './hub.js';

export const REVOCATION_POLL_MS = 500;
/** Revocations are looked up with this much overlap, so one committed just behind the clock is not missed. */
const OVERLAP_MS = 5000;

export class RevocationWatcher {
  private since = Date.now();
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly links: LinkTokens,
    private readonly hub: SignalingHub,
    private readonly log: FastifyBaseLogger,
    everyMs = REVOCATION_POLL_MS,
  ) {
    this.timer = setInterval(() => void this.check(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async check(): Promise<void> {
    if (this.running || !this.hub.hasConnections()) return;
    this.running = true;
    const startedAt = Date.now();
    try {
      const revoked = await this.links.revokedSince(this.since - OVERLAP_MS);
      if (revoked.length) {
        const n = this.hub.disconnectLinks(new Map(revoked.map((r) => [r.jti, r])));
        if (n) this.log.info({ sockets: n }, 'disconnected revoked links');
      }
      this.since = startedAt;
    } catch (err) {
      this.log.warn({ err }, 'revocation check failed; will retry');
    } finally {
      this.running = false;
    }
  }
}
