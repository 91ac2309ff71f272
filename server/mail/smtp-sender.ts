// Sends one stored message over SMTP with nodemailer: text and HTML parts, and the calendar invite as
// a text/calendar part calendar programs act on. A failure becomes a SendFailure whose reason names
// what went wrong without an address, a name or a link (it is shown in the dashboard and logged).
import nodemailer, { type Transporter } from 'nodemailer';
import type { StoredMessage } from './outbox-store.js';

export class SendFailure extends Error {
  constructor(
    readonly reason: string,
    /** The server refused for good (5xx): retrying will not help. */
    readonly permanent: boolean,
  ) {
    super(reason);
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

/** What an SMTP failure was, with anything that looks like an address or a link taken out. */
export function describeSmtpError(err: unknown): SendFailure {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  if (typeof e.responseCode === 'number') {
    const said = scrub((e.response ?? '').replace(/^\d{3}[ -]/, '')).slice(0, 200);
    return new SendFailure(`the SMTP server answered ${e.responseCode}${said ? `: ${said}` : ''}`, e.responseCode >= 500);
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
