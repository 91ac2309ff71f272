// Without SMTP every message waits in the outbox: staff see what is queued, open a message to copy
// its recipient and text, and mark it sent by hand. Who sees what: owners and managers everything,
// schedulers every client's messages but no staff links, a therapist only their own clients'.
// Staff invitations and password resets are emailed (queued) and still shown to whoever made them.
import { afterEach, describe, expect, it } from 'vitest';
import { type MailPractice, mailPractice, SECRET_TITLE } from '../support/mail-practice.js';
import { addStaff, as, type Session } from '../support/practice.js';

let open: MailPractice[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

async function start() {
  const t = await mailPractice();
  open.push(t);
  const other = await addStaff(t, t.owner, { email: 'omar@practice.example', name: 'Omar Other', role: 'therapist', teletherapy: true });
  const scheduler = await addStaff(t, t.owner, { email: 'sam@practice.example', name: 'Sam Scheduler', role: 'scheduler' });
  const client = await t.addClient({ name: 'Priya Client', email: 'priya@client.example', timeZone: 'Asia/Kolkata', language: 'en' });
  const [appt] = await t.book([client.id], t.clock.now() + 3 * 86_400_000);
  return { t, other, scheduler, appt: appt! };
}

const outboxOf = async (t: MailPractice, who: Session) => (await as(t.app, who).get('/outbox')).json();

describe('the outbox without SMTP', () => {
  it('video turned off before the invitation went out: it is withdrawn and no "now in person" follows', async () => {
    const { t, appt } = await start();
    expect((await as(t.app, t.therapist).put(`/appointments/${appt.id}/video`, { on: false })).statusCode).toBe(200);
    const kinds = (await outboxOf(t, t.therapist)).messages.map((m: { kind: string; status: string }) => `${m.kind} ${m.status}`);
    expect(kinds).toEqual(['invitation cancelled']);
  });

  it('keeps the invitation queued; staff open it to copy recipient and text, then mark it sent by hand', async () => {
    const { t } = await start();
    await t.app.vestibule.mail.tick();
    const list = await outboxOf(t, t.therapist);
    expect(list.mode).toBe('outbox');
    const queued = list.messages.filter((m: { status: string }) => m.status === 'queued');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'invitation', recipient: 'priya@client.example', attempts: 0, lastError: null });

    const opened = (await as(t.app, t.therapist).get(`/outbox/${queued[0].id}`)).json().message;
    expect(opened.text).toMatch(/\/j#[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/);
    expect(opened.calendar).toContain('BEGIN:VCALENDAR');
    expect(opened.text).not.toContain(SECRET_TITLE);

    const marked = await as(t.app, t.therapist).post(`/outbox/${queued[0].id}/sent-by-hand`);
    expect(marked.json().message).toMatchObject({ status: 'sent-by-hand', sentAt: new Date(t.clock.now()).toISOString() });
    const audit = (await as(t.app, t.owner).get('/audit')).json();
    expect(JSON.stringify(audit)).toContain('mail sent by hand');
  });

  it('an address the calendar writer refuses still gets its invitation, without the calendar entry, and the other clients theirs', async () => {
    const t = await mailPractice();
    open.push(t);
    // Mail reaches these, but the calendar library's address check refuses them.
    const odd = await t.addClient({ name: 'Ana Odd', email: 'ana@exa_mple.com', timeZone: 'UTC', language: 'en' });
    const plain = await t.addClient({ name: 'Ben Plain', email: 'ben@client.example', timeZone: 'UTC', language: 'en' });
    await t.book([odd.id, plain.id], t.clock.now() + 3 * 86_400_000);
    const messages = (await outboxOf(t, t.owner)).messages as { id: string; kind: string; recipient: string }[];
    const invitations = messages.filter((m) => m.kind === 'invitation');
    expect(invitations.map((m) => m.recipient).sort()).toEqual(['ana@exa_mple.com', 'ben@client.example']);
    const calendarOf = async (recipient: string) =>
      (await as(t.app, t.owner).get(`/outbox/${invitations.find((m) => m.recipient === recipient)!.id}`)).json().message;
    const toOdd = await calendarOf('ana@exa_mple.com');
    expect(toOdd.text).toMatch(/\/j#[0-9A-Z]{5}-/);
    expect(toOdd.calendar ?? null).toBeNull();
    expect((await calendarOf('ben@client.example')).calendar).toContain('BEGIN:VCALENDAR');
    // The warning names the refused field, never the address.
    expect(t.logs()).toContain('calendar entry left out of a visit email');
    expect(t.logs()).toContain('attendees[0].email');
    expect(t.logs()).not.toContain('exa_mple');
  });

  it('a therapist sees only their own clients’ messages; schedulers see clients’ but not staff links; owners all', async () => {
    const { t, other, scheduler } = await start();
    const kinds = (list: { messages: { kind: string }[] }) => list.messages.map((m) => m.kind).sort();
    expect(kinds(await outboxOf(t, t.therapist))).toEqual(['invitation']);
    expect(kinds(await outboxOf(t, other))).toEqual([]);
    expect(kinds(await outboxOf(t, scheduler))).toEqual(['invitation']);
    expect(kinds(await outboxOf(t, t.owner))).toEqual(['invitation', 'staff-invitation', 'staff-invitation', 'staff-invitation']);

    const invitation = (await outboxOf(t, t.therapist)).messages[0];
    expect((await as(t.app, other).get(`/outbox/${invitation.id}`)).statusCode).toBe(404);
    expect((await as(t.app, other).post(`/outbox/${invitation.id}/sent-by-hand`)).statusCode).toBe(404);
    const staffMessage = (await outboxOf(t, t.owner)).messages.find((m: { kind: string }) => m.kind === 'staff-invitation');
    expect((await as(t.app, scheduler).get(`/outbox/${staffMessage.id}`)).statusCode).toBe(404);
    expect((await as(t.app, t.owner).get('/outbox?status=nonsense')).statusCode).toBe(400);
  });

  it('a password reset is emailed (queued here) and its link still shown to the manager who made it', async () => {
    const { t, scheduler } = await start();
    const res = await as(t.app, t.owner).post(`/staff/${scheduler.staffId}/password-reset`);
    expect(res.statusCode).toBe(200);
    const shown = res.json().reset.url as string;
    const reset = (await outboxOf(t, t.owner)).messages.find((m: { kind: string }) => m.kind === 'password-reset');
    expect(reset).toMatchObject({ recipient: 'sam@practice.example', subject: 'Reset your Vestibule password', status: 'queued' });
    const opened = (await as(t.app, t.owner).get(`/outbox/${reset.id}`)).json().message;
    expect(opened.text).toContain(shown);
    expect(opened.text).toContain('The link works once, for one hour.');
  });
});
