import type { FastifyInstance } from 'fastify';
// A real SMTP server for tests (smtp-server on a loopback port), keeping every message it accepts,
// parsed with mailparser. It can be stopped and started again on the same port (an outage), and told
// to refuse mail with a given reply code.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { freePort, HOST, withTimeout } from './processes.js';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** When set, every message is refused with this reply (e.g. 451 temporary, 550 permanent). */
  refuseWith: { code: number; message: string } | null = null;
  private server: SMTPServer | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly port: number) {}

  static async start(): Promise<TestSmtpServer> {
    const s = new TestSmtpServer(await freePort());
    await s.up();
    return s;
  }

  /** A server that is not listening yet (the SMTP server is down until `up()`). */
  static async down(): Promise<TestSmtpServer> {
    return new TestSmtpServer(await freePort());
  }

  get url(): string {
    return `smtp://${HOST}:${this.port}`;
  }

  async up(): Promise<void> {
    this.server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => this.accept(stream, session, callback),
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, HOST, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once at least `count` messages have arrived. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const arrived = new Promise<void>((resolve) => {
      const check = () => {
        if (this.received.length >= count) resolve();
        else this.waiters.push(check);
      };
      check();
    });
    await withTimeout(arrived, timeoutMs, `${count} email(s) at the test SMTP server (${this.received.length} arrived)`);
    return this.received;
  }

  private accept(stream: NodeJS.ReadableStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', async () => {
      if (this.refuseWith) {
        const err = Object.assign(new Error(this.refuseWith.message), { responseCode: this.refuseWith.code });
        callback(err);
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed: await simpleParser(raw), raw });
      callback();
      for (const w of this.waiters.splice(0)) w();
    });
  }
}

/** The .ics of a received message (an alternative part or an attachment), as text. */
export function calendarOf(mail: ReceivedMail): string {
  const part = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`no text/calendar part in "${mail.parsed.subject}"`);
  return part.content.toString('utf8');
}

/** The visit link in a message's text. */
export function visitLinkIn(text: string): string {
  const m = /https?:\/\/\S+\/j#[0-9A-Z-]+/.exec(text);
  if (!m) throw new Error('no visit link in the message');
  return m[0];
}

/** The signed link token a short link stands for, as the visit page gets it (POST /api/visit-code). */
export async function tokenOfShortLink(app: FastifyInstance, link: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/visit-code', payload: { code: link.split('#')[1] } });
  if (res.statusCode !== 200) throw new Error(`the short link's code was refused: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}
