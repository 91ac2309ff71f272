// One-time links for set-up, invitations and password resets. The token rides in the URL's fragment,
// which browsers never send to a server, so it reaches no access log; the dashboard page posts it.
import type { OneTimePurpose, OneTimeTokenStore } from '../store/one-time-tokens.js';
import { badRequest } from './errors.js';
import { randomToken, sha256Hex } from './secret-tokens.js';

const HOUR = 3600_000;

/** How long each kind of link stays valid. */
export const LINK_TTL_MS: Record<OneTimePurpose, number> = {
  setup: HOUR,
  invite: 72 * HOUR,
  reset: HOUR,
};

const PAGE: Record<OneTimePurpose, string> = { setup: 'setup', invite: 'accept-invitation', reset: 'reset-password' };

export interface IssuedLink {
  url: string;
  expiresAt: number;
}

export class OneTimeLinks {
  constructor(
    private readonly tokens: OneTimeTokenStore,
    private readonly publicUrl: string,
    private readonly now: () => number,
  ) {}

  /** A new link; earlier unused links of the same purpose for the same person stop working. */
  async issue(purpose: OneTimePurpose, staffId: string | null): Promise<IssuedLink> {
    const now = this.now();
    await this.tokens.withdraw(purpose, staffId, now);
    const token = randomToken();
    const expiresAt = now + LINK_TTL_MS[purpose];
    await this.tokens.create({ hash: sha256Hex(token), purpose, staffId, now, expiresAt });
    return { url: `${this.publicUrl}/practice/${PAGE[purpose]}#t=${token}`, expiresAt };
  }

  /** Uses a link up: returns whom it was for, or refuses if it is unknown, used or expired. */
  async use(token: string, purpose: OneTimePurpose): Promise<{ staffId: string | null }> {
    const used = await this.tokens.consume(sha256Hex(token), purpose, this.now());
    if (!used) throw badRequest('This link has expired or has already been used. Ask for a new one.', 'link_used_or_expired');
    return used;
  }

  /** Withdraws a staff member's unused links (on deactivation). */
  async withdrawAllFor(staffId: string): Promise<void> {
    const now = this.now();
    for (const purpose of ['invite', 'reset'] as const) await this.tokens.withdraw(purpose, staffId, now);
  }
}
