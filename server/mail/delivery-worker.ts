// Sends what is due in the outbox: claims a batch (never a message another node holds), sends each,
// and records the outcome. A temporary failure is retried with growing waits; a refusal (5xx), or
// running out of attempts, marks the message failed and tells the failure listeners.
import type { FastifyBaseLogger } from 'fastify';
import type { OutboxStore, StoredMessage } from './outbox-store.js';
import { type MailSender, SendFailure } from './smtp-sender.js';

export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3600_000;
/** How long a claim holds: longer than any send (nodemailer's socket timeout is 30 s). */
export const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH = 20;

/** Wait before attempt n + 1 after n failed: 30 s, 1 min, 2 min, … at most an hour. */
export const retryDelayMs = (attempts: number): number => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);

export interface MailFailure {
  messageId: string;
  kind: StoredMessage['kind'];
  appointmentId: string | null;
  clientId: string | null;
  staffId: string | null;
  attempts: number;
  /** Why, from codes and our own words: without an address, a name or a link (the outbox has the server's words). */
  reason: string;
}

export type MailFailureListener = (failure: MailFailure) => void | Promise<void>;

export class DeliveryWorker {
  private readonly failureListeners: MailFailureListener[] = [];

  constructor(
    private readonly outbox: OutboxStore,
    private readonly sender: MailSender,
    private readonly now: () => number,
    private readonly log: FastifyBaseLogger,
  ) {}

  onFailed(listener: MailFailureListener): void {
    this.failureListeners.push(listener);
  }

  /** Sends every message due now; returns how many were sent. */
  async deliverDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.outbox.claimDue(this.now(), CLAIM_LEASE_MS, BATCH);
      if (!batch.length) return sent;
      for (const message of batch) if (await this.deliver(message)) sent++;
    }
  }

  private async deliver(m: StoredMessage): Promise<boolean> {
    try {
      await this.sender.send(m);
    } catch (err) {
      const failure = err instanceof SendFailure ? err : new SendFailure('sending failed (unexpected error)', false);
      await this.recordFailure(m, failure);
      return false;
    }
    await this.outbox.markSent(m.id, this.now());
    this.log.info({ messageId: m.id, kind: m.kind, attempts: m.attempts }, 'mail sent');
    return true;
  }

  private async recordFailure(m: StoredMessage, f: SendFailure): Promise<void> {
    if (!f.permanent && m.attempts < MAX_ATTEMPTS) {
      const at = this.now() + retryDelayMs(m.attempts);
      await this.outbox.retryLater(m.id, at, f.forOutbox);
      this.log.warn({ messageId: m.id, kind: m.kind, attempts: m.attempts, reason: f.reason }, 'mail not sent; will retry');
      return;
    }
    await this.outbox.markFailed(m.id, f.forOutbox);
    // A refusal for good is most often an address typed wrong: the practice's to mend, not the
    // operator's (staff see it in the outbox). Retries run out when the mail server stays unreachable.
    const fields = { messageId: m.id, kind: m.kind, attempts: m.attempts, reason: f.reason };
    if (f.permanent) this.log.warn(fields, 'mail failed: refused by the mail server; staff can send it by hand');
    else this.log.error(fields, 'mail failed: out of retries; staff can send it by hand');
    const failure: MailFailure = {
      messageId: m.id,
      kind: m.kind,
      appointmentId: m.appointmentId,
      clientId: m.clientId,
      staffId: m.staffId,
      attempts: m.attempts,
      reason: f.reason,
    };
    for (const listener of this.failureListeners) {
      try {
        await listener(failure);
      } catch (err) {
        this.log.error({ err, messageId: m.id }, 'mail failure listener failed');
      }
    }
  }
}
