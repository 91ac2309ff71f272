// Email over SMTP, received by a real SMTP server over TCP and parsed as a mail program would: the
// client's invitation, update and cancellation with their calendar invites (parsed by ical.js, times
// checked in the client's zone, a half-hour zone and a DST change included), an SMTP outage that
// ends in exactly one delivery, refusals, and logs without addresses, names or links.
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkTokens } from '../../server/links/link-tokens.js';
import type { MailFailure } from '../../server/mail/delivery-worker.js';
import { ENGINES } from '../support/app.js';
import { type MailPractice, mailPractice, SECRET_TITLE, THERAPIST_NAME } from '../support/mail-practice.js';
import { as } from '../support/practice.js';
import { calendarOf, type ReceivedMail, TestSmtpServer, tokenOfShortLink, visitLinkIn } from '../support/smtp.js';

let open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function withSmtp(smtp: TestSmtpServer, engine: 'sqlite' | 'postgres' = 'sqlite'): Promise<MailPractice> {
  open.push({ close: () => smtp.stop() });
  const t = await mailPractice({ SMTP_URL: smtp.url, MAIL_FROM: 'Vestibule <visits@practice.example>' }, { engine });
  open.push(t.app);
  return t;
}

/** A practice whose client Priya (Asia/Kolkata, English) has a video visit on 2026-03-05 at 15:00 UTC. */
async function priyaBooked(smtp: TestSmtpServer, engine: 'sqlite' | 'postgres' = 'sqlite') {
  const t = await withSmtp(smtp, engine);
  const client = await t.addClient({ name: 'Priya Client', email: 'priya@client.example', timeZone: 'Asia/Kolkata', language: 'en' });
  const [appt] = await t.book([client.id], '2026-03-05T15:00:00Z');
  return { t, client, appt: appt! };
}

function calendar(mail: ReceivedMail) {
  const root = new ICAL.Component(ICAL.parse(calendarOf(mail)));
  const vevent = root.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: root.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    summary: event.summary,
    start: event.startDate.toJSDate().getTime(),
    end: event.endDate.toJSDate().getTime(),
  };
}

/** A moment as a wall clock in a zone, 24-hour: "2026-03-05 20:30". */
function wallClock(at: number, timeZone: string): string {
  const pairs = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(new Date(at))
    .map((p) => [p.type, p.value]);
  const parts = Object.fromEntries(pairs);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function expectNoHealthDetails(mail: ReceivedMail): void {
  for (const text of [mail.parsed.subject ?? '', mail.parsed.text ?? '', String(mail.parsed.html), mail.raw])
    expect(text).not.toContain(SECRET_TITLE);
}

describe('a client’s visit emails', () => {
  it('invitation in the client’s half-hour zone (Asia/Kolkata): text and HTML, provider, link, connection test, what to expect, an .ics at the right time', async () => {
    const smtp = await TestSmtpServer.start();
    const { t, appt } = await priyaBooked(smtp);
    await t.app.vestibule.mail.tick();
    const [mail] = await smtp.waitFor(1);

    expect(mail!.envelopeTo).toEqual(['priya@client.example']);
    expect(mail!.parsed.from?.text).toContain('visits@practice.example');
    expect(mail!.parsed.subject).toBe('Your video visit on Thursday, March 5, 2026 at 8:30 PM GMT+5:30');
    const text = mail!.parsed.text!;
    expect(text).toContain('Hello Priya Client,');
    expect(text).toContain(`${THERAPIST_NAME} has set up a video visit with you.`);
    expect(text).toContain('http://localhost:8080/test');
    expect(text).toMatch(/allow both/);
    expect(text).toMatch(/waiting room/);
    const link = visitLinkIn(text);
    expect(String(mail!.parsed.html)).toContain(`href="${link}"`);
    expectNoHealthDetails(mail!);

    const links = new LinkTokens(t.app.vestibule.secrets.linkKey, t.database.db);
    expect(link.length).toBeLessThanOrEqual(80);
    expect((await links.verify(await tokenOfShortLink(t.app, link), appt.id, new Date(Date.parse(appt.startsAt)))).ok).toBe(true);

    const ics = calendar(mail!);
    expect(ics).toMatchObject({ method: 'REQUEST', sequence: 0, status: 'CONFIRMED', summary: `Video visit with ${THERAPIST_NAME}` });
    expect(ics.uid).toBe(`${appt.id}@localhost`);
    expect(ics.start).toBe(Date.parse('2026-03-05T15:00:00Z'));
    expect(wallClock(ics.start, 'Asia/Kolkata')).toBe('2026-03-05 20:30');
    expect(ics.end - ics.start).toBe(50 * 60_000);
  });

  it('a move sends the same UID with a higher SEQUENCE, and the link sent before still opens the visit at its new time; a cancellation sends METHOD:CANCEL', async () => {
    const smtp = await TestSmtpServer.start();
    const { t, appt } = await priyaBooked(smtp);
    await t.app.vestibule.mail.tick();
    const moved = await as(t.app, t.therapist).put(`/appointments/${appt.id}/time`, { start: '2026-03-06T04:00:00Z' });
    expect(moved.statusCode).toBe(200);
    await t.app.vestibule.mail.tick();
    const [invitation, update] = await smtp.waitFor(2);
    const links = new LinkTokens(t.app.vestibule.secrets.linkKey, t.database.db);
    const at = new Date(Date.parse('2026-03-06T04:00:00Z'));
    expect((await links.verify(await tokenOfShortLink(t.app, visitLinkIn(invitation!.parsed.text!)), appt.id, at)).ok).toBe(true);
    expect((await links.verify(await tokenOfShortLink(t.app, visitLinkIn(update!.parsed.text!)), appt.id, at)).ok).toBe(true);
    expect(update!.parsed.text).toContain('The link you received before still works');

    const cancelled = await as(t.app, t.therapist).post(`/appointments/${appt.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    await t.app.vestibule.mail.tick();
    const [, , cancellation] = await smtp.waitFor(3);

    const first = calendar(invitation!);
    const second = calendar(update!);
    expect(second).toMatchObject({ uid: first.uid, sequence: 1, method: 'REQUEST' });
    expect(wallClock(second.start, 'Asia/Kolkata')).toBe('2026-03-06 09:30');
    expect(update!.parsed.subject).toBe('Your video visit has moved to Friday, March 6, 2026 at 9:30 AM GMT+5:30');

    expect(calendar(cancellation!)).toMatchObject({ uid: first.uid, sequence: 2, method: 'CANCEL', status: 'CANCELLED' });
    expect(cancellation!.parsed.subject).toMatch(/^Cancelled: your video visit/);
    expect(() => visitLinkIn(cancellation!.parsed.text!)).toThrow();
    for (const m of [invitation!, update!, cancellation!]) expectNoHealthDetails(m);
  });

  it('video turned off tells the client the visit is now in person: no link, same UID, the calendar entry loses its link', async () => {
    const smtp = await TestSmtpServer.start();
    const { t, appt } = await priyaBooked(smtp);
    await t.app.vestibule.mail.tick();
    const off = await as(t.app, t.therapist).put(`/appointments/${appt.id}/video`, { on: false });
    expect(off.statusCode).toBe(200);
    await t.app.vestibule.mail.tick();
    const [invitation, inPerson] = await smtp.waitFor(2);
    expect(inPerson!.parsed.subject).toBe('Your visit on Thursday, March 5, 2026 at 8:30 PM GMT+5:30 is now in person');
    expect(inPerson!.parsed.text).toContain('in person for this visit, not by video');
    expect(() => visitLinkIn(inPerson!.parsed.text!)).toThrow();
    const ics = calendarOf(inPerson!);
    expect(ics).not.toMatch(/^URL/m);
    expect(calendar(inPerson!)).toMatchObject({
      uid: calendar(invitation!).uid,
      sequence: 1,
      method: 'REQUEST',
      summary: `Visit with ${THERAPIST_NAME}`,
    });
    expectNoHealthDetails(inPerson!);
  });

  it('in Spanish, a weekly series across the DST change in a half-hour zone (America/St_Johns): 10:00 local both weeks', async () => {
    const smtp = await TestSmtpServer.start();
    const t = await withSmtp(smtp);
    const client = await t.addClient({
      name: 'Lucía Cliente',
      email: 'lucia@client.example',
      timeZone: 'America/St_Johns',
      language: 'es',
    });
    const series = await t.book([client.id], '2026-03-01T10:00:00-03:30', {
      repeat: { every: 'weekly', count: 2, timeZone: 'America/St_Johns' },
    });
    expect(series).toHaveLength(2);
    await t.app.vestibule.mail.tick();
    const mails = await smtp.waitFor(2);
    const byStart = mails.map((m) => ({ m, ics: calendar(m) })).sort((a, b) => a.ics.start - b.ics.start);
    // 10:00 NST (UTC-3:30) on March 1, 10:00 NDT (UTC-2:30) on March 8.
    expect(byStart.map((x) => new Date(x.ics.start).toISOString())).toEqual(['2026-03-01T13:30:00.000Z', '2026-03-08T12:30:00.000Z']);
    expect(byStart.map((x) => wallClock(x.ics.start, 'America/St_Johns'))).toEqual(['2026-03-01 10:00', '2026-03-08 10:00']);
    for (const { m, ics } of byStart) {
      expect(m.parsed.subject).toMatch(/^Su videoconsulta del .*10:00/);
      expect(m.parsed.text).toContain('Hola, Lucía Cliente:');
      expect(m.parsed.text).toContain('Qué esperar');
      expect(ics.summary).toBe(`Videoconsulta con ${THERAPIST_NAME}`);
      expectNoHealthDetails(m);
    }
    expect(new Set(byStart.map((x) => x.ics.uid)).size).toBe(2);
  });

  it('logs carry no address, name, title or link; a refusal for good is a warning, not an error', async () => {
    const smtp = await TestSmtpServer.start();
    const { t, appt } = await priyaBooked(smtp);
    await t.app.vestibule.mail.tick();
    const [mail] = await smtp.waitFor(1);
    await as(t.app, t.therapist).post(`/appointments/${appt.id}/cancel`);
    smtp.refuseWith = { code: 550, message: 'No such user <priya@client.example> here' };
    await t.app.vestibule.mail.tick();
    const logs = t.logs();
    expect(logs).toContain('mail sent');
    // Refused for good (an address typed wrong): the practice's to mend, a warning rather than an error.
    const failed = logs.split('\n').filter((line) => line.includes('mail failed'));
    expect(failed.map((line) => JSON.parse(line).level)).toEqual([40]);
    const link = visitLinkIn(mail!.parsed.text!);
    for (const secret of ['priya@client.example', 'Priya', SECRET_TITLE, link.split('#')[1]!, '/j#']) expect(logs).not.toContain(secret);
  });
});

describe.each(ENGINES)('delivery on %s', (engine) => {
  it('SMTP down, then up: the stored message is retried after its wait and delivered exactly once', async () => {
    const smtp = await TestSmtpServer.down();
    const { t } = await priyaBooked(smtp, engine);
    const { mail } = t.app.vestibule;
    await mail.tick();
    const [queued] = await mail.outbox.list({ statuses: ['queued'], limit: 10 });
    expect(queued).toMatchObject({ status: 'queued', attempts: 1, lastError: 'cannot reach the SMTP server (connection refused)' });
    expect(queued!.nextAttemptAt).toBe(t.clock.now() + 30_000);

    await smtp.up();
    await mail.tick(); // not due yet
    expect(smtp.received).toHaveLength(0);
    t.clock.advance(30_000);
    await mail.tick();
    await smtp.waitFor(1);
    t.clock.advance(3600_000);
    await mail.tick();
    expect(smtp.received).toHaveLength(1);
    expect(await mail.outbox.byId(queued!.id)).toMatchObject({ status: 'sent', attempts: 2, sentAt: t.clock.now() - 3600_000 });
  });

  it('a temporary refusal (451) is retried; a permanent one (550) fails at once, tells onFailed, and the outbox says why without the address', async () => {
    const smtp = await TestSmtpServer.start();
    const { t, client, appt } = await priyaBooked(smtp, engine);
    const failures: MailFailure[] = [];
    t.app.vestibule.mail.onFailed((f) => void failures.push(f));

    smtp.refuseWith = { code: 451, message: 'Try again later' };
    await t.app.vestibule.mail.tick();
    const invitation = async () => (await t.app.vestibule.mail.outbox.list({ limit: 10 })).find((m) => m.kind === 'invitation');
    let message = await invitation();
    expect(message).toMatchObject({ status: 'queued', attempts: 1 });
    expect(message!.lastError).toMatch(/^the SMTP server answered 451/);

    smtp.refuseWith = { code: 550, message: '5.1.1 Mailbox of Priya Shah <priya@client.example> unavailable' };
    t.clock.advance(30_000);
    await t.app.vestibule.mail.tick();
    message = await invitation();
    expect(message).toMatchObject({ status: 'failed', attempts: 2 });
    // The outbox, which shows staff the recipient anyway, keeps what the server said, but no address.
    expect(message!.lastError).toBe(
      'the SMTP server answered 550 (5.1.1, no such mailbox): 5.1.1 Mailbox of Priya Shah [address] unavailable',
    );
    // What is logged and sent to webhooks has the codes only: the server's words named the client.
    expect(failures).toEqual([
      {
        messageId: message!.id,
        kind: 'invitation',
        appointmentId: appt.id,
        clientId: client.id,
        staffId: null,
        attempts: 2,
        reason: 'the SMTP server answered 550 (5.1.1, no such mailbox)',
      },
    ]);
    expect(t.logs()).toContain('"reason":"the SMTP server answered 550 (5.1.1, no such mailbox)"');
    expect(t.logs()).not.toMatch(/priya/i);

    const outbox = (await as(t.app, t.owner).get('/outbox?status=failed')).json();
    expect(outbox.mode).toBe('smtp');
    expect(outbox.counts.failed).toBe(1);
    expect(outbox.messages[0]).toMatchObject({
      id: message!.id,
      status: 'failed',
      lastError: message!.lastError,
      recipient: 'priya@client.example',
    });
    t.clock.advance(3600_000);
    await t.app.vestibule.mail.tick();
    expect(smtp.received).toHaveLength(0);
  });
});
