// Sends one stored message over SMTP with nodemailer: text and HTML parts, and the calendar invite as
// a text/calendar part calendar programs act on. A failure becomes a SendFailure: its reason, in our
// words and the server's codes only, is logged and sent to webhooks; what the server said, which can
// name the recipient, is kept apart for the practice's outbox.
import nodemailer, { type Transporter } from 'nodemailer';
import type { StoredMessage } from './outbox-store.js';

export class SendFailure extends Error {
  constructor(
    /** What went wrong, from codes and our own words: no address, name or link. */
    readonly reason: string,
    /** The server refused for good (5xx): retrying will not help. */
    readonly permanent: boolean,
    /** The server's own words, addresses and links taken out (they may still hold a name). */
    readonly serverSaid = '',
  ) {
    super(reason);
  }

  /** What the practice's outbox shows: the reason, and what the server said. */
  get forOutbox(): string {
    return this.serverSaid ? `${this.reason}: ${this.serverSaid}` : this.reason;
  }
}

export interface MailSender {
  send(message: StoredMessage): Promise<void>;
  close(): void;
}

export class SmtpSender implements MailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }

  async send(m: StoredMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: m.recipient,
        subject: m.subject,
        text: m.text,
        html: m.html,
        ...(m.ics ? { icalEvent: { method: m.ics.method, filename: 'visit.ics', content: m.ics.content } } : {}),
        headers: { 'X-Vestibule-Message': m.id },
      });
    } catch (err) {
      throw describeSmtpError(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** What the subject of an enhanced status code (RFC 3463, the middle digit) is about. */
const STATUS_SUBJECTS: Record<string, string> = {
  '1': 'the address',
  '2': 'the mailbox',
  '3': 'the receiving mail system',
  '4': 'the network or routing',
  '5': 'the mail protocol',
  '6': 'the message content',
  '7': 'security or policy',
};
/** The enhanced status codes a practice meets most, in words. */
const STATUS_DETAILS: Record<string, string> = {
  '1.1': 'no such mailbox',
  '1.2': 'no such mail domain',
  '2.1': 'the mailbox is disabled',
  '2.2': 'the mailbox is full',
  '3.4': 'the message is too big',
  '7.1': 'refused by the receiving server',
};

/** "(5.1.1, no such mailbox)" for a reply that starts with an enhanced status code, else "". */
function enhancedStatus(reply: string): string {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(reply);
  if (!m) return '';
  const [code, , subject, detail] = m as unknown as [string, string, string, string];
  const words = STATUS_DETAILS[`${subject}.${detail}`] ?? (STATUS_SUBJECTS[subject] && `about ${STATUS_SUBJECTS[subject]}`);
  return words ? ` (${code}, ${words})` : ` (${code})`;
}

/**
 * What an SMTP failure was. The reason holds the reply's codes only; the server's words, with anything
 * that looks like an address or a link taken out, are kept apart (they may name the recipient).
 */
export function describeSmtpError(err: unknown): SendFailure {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  if (typeof e.responseCode === 'number') {
    const reply = (e.response ?? '').replace(/^\d{3}[ -]/, '');
    const said = scrub(reply).slice(0, 200);
    return new SendFailure(`the SMTP server answered ${e.responseCode}${enhancedStatus(reply)}`, e.responseCode >= 500, said);
  }
  const code = e.code ?? 'unknown';
  const reason =
    code === 'ECONNECTION' || /ECONNREFUSED/.test(e.message ?? '')
      ? 'cannot reach the SMTP server (connection refused)'
      : code === 'ETIMEDOUT'
        ? 'the SMTP server did not answer in time'
        : code === 'EAUTH'
          ? 'the SMTP server refused the user name or password in SMTP_URL'
          : `sending failed (${scrub(code).slice(0, 40)})`;
  return new SendFailure(reason, false);
}

/** Removes email addresses and URLs from a server's reply. */
export function scrub(text: string): string {
  return text
    .replace(/<?[^\s<>@]+@[^\s<>@]+>?/g, '[address]')
    .replace(/\bhttps?:\/\/\S+/g, '[link]')
    .replace(/\s+/g, ' ')
    .trim();
}
