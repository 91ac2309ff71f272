// Reminders, driven by the test's clock: 24 hours and 1 hour before by default, each made once however
// often the scheduler runs, none for a cancelled visit, new ones for a moved visit's new time, none
// whose moment had passed when the client was told, and the practice's own times (or none).
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/app.js';
import { type MailPractice, mailPractice } from '../support/mail-practice.js';
import { as, OWNER_EMAIL, sessionFor } from '../support/practice.js';

const HOUR = 3600_000;
let open: MailPractice[] = [];
afterEach(async () => {
  for (const t of open) await t.app.close();
  open = [];
});

describe.each(ENGINES)('reminders on %s', (engine) => {
  async function start() {
    const t = await mailPractice({}, { engine });
    open.push(t);
    const client = await t.addClient({ name: 'Priya Client', email: 'priya@client.example', timeZone: 'Asia/Kolkata', language: 'en' });
    /** Runs a round at `at`, returns the reminders in the outbox (any status), oldest first. */
    const reminders = async (at?: number) => {
      if (at !== undefined) t.clock.t = at;
      await t.app.vestibule.mail.tick();
      const all = await t.app.vestibule.mail.outbox.list({ limit: 100 });
      return all.filter((m) => m.kind === 'reminder').reverse();
    };
    /** Requests as the therapist or the owner, signed in afresh (the clock jumps past session lifetimes). */
    const therapist = async () => as(t.app, await sessionFor(t.app, 'tess@practice.example'));
    const owner = async () => as(t.app, await sessionFor(t.app, OWNER_EMAIL));
    return { t, client, reminders, therapist, owner };
  }

  it('24 hours and 1 hour before, each once, however often the rounds run', async () => {
    const { t, client, reminders } = await start();
    const startsAt = t.clock.now() + 3 * 24 * HOUR;
    await t.book([client.id], startsAt);
    expect(await reminders()).toHaveLength(0);
    expect(await reminders(startsAt - 24 * HOUR - 1)).toHaveLength(0);
    const day = await reminders(startsAt - 24 * HOUR);
    expect(day).toHaveLength(1);
    expect(day[0]!.subject).toMatch(/^Reminder: your video visit on/);
    expect(day[0]!.text).toContain('This is a reminder of your video visit');
    expect(day[0]!.ics).toBeNull();
    expect(await reminders(startsAt - 2 * HOUR)).toHaveLength(1);
    expect(await reminders(startsAt - HOUR)).toHaveLength(2);
    expect(await reminders(startsAt - HOUR + 60_000)).toHaveLength(2);
    expect(await reminders(startsAt + HOUR)).toHaveLength(2);
  });

  it('a moved visit gets reminders for its new time (unsent ones for the old time are withdrawn); a cancelled one gets none', async () => {
    const { t, client, reminders, therapist } = await start();
    const startsAt = t.clock.now() + 3 * 24 * HOUR;
    const [appt] = await t.book([client.id], startsAt);
    const [first] = await reminders(startsAt - 24 * HOUR);
    expect(first!.status).toBe('queued'); // no SMTP here: it waits in the outbox
    const later = startsAt + 2 * 24 * HOUR;
    expect((await (await therapist()).put(`/appointments/${appt!.id}/time`, { start: later })).statusCode).toBe(200);
    expect((await t.app.vestibule.mail.outbox.byId(first!.id))!.status).toBe('cancelled');
    expect(await reminders(startsAt - HOUR)).toHaveLength(1);
    const moved = await reminders(later - 24 * HOUR);
    expect(moved).toHaveLength(2);
    expect(moved[1]!.status).toBe('queued');

    expect((await (await therapist()).post(`/appointments/${appt!.id}/cancel`)).statusCode).toBe(200);
    expect((await t.app.vestibule.mail.outbox.byId(moved[1]!.id))!.status).toBe('cancelled');
    expect(await reminders(later - HOUR)).toHaveLength(2);
  });

  it('a visit booked late gets only the reminders still ahead of it', async () => {
    const { t, client, reminders } = await start();
    const soon = t.clock.now() + 2 * HOUR;
    await t.book([client.id], soon);
    expect(await reminders()).toHaveLength(0);
    const sent = await reminders(soon - HOUR);
    expect(sent).toHaveLength(1);
    expect(await reminders(soon - 1)).toHaveLength(1);
  });

  it('the practice chooses its reminder times, or none', async () => {
    const { t, client, reminders, owner: ownerNow } = await start();
    const owner = as(t.app, t.owner);
    expect((await owner.get('/settings/reminders')).json()).toEqual({ minutes: [1440, 60] });
    expect((await owner.put('/settings/reminders', { minutes: [15, 180] })).json()).toEqual({ minutes: [180, 15] });
    expect((await owner.put('/settings/reminders', { minutes: [1] })).statusCode).toBe(400);
    expect((await as(t.app, t.therapist).put('/settings/reminders', { minutes: [] })).statusCode).toBe(403);
    const startsAt = t.clock.now() + 2 * 24 * HOUR;
    await t.book([client.id], startsAt);
    expect(await reminders(startsAt - 24 * HOUR)).toHaveLength(0);
    expect(await reminders(startsAt - 180 * 60_000)).toHaveLength(1);
    expect((await (await ownerNow()).put('/settings/reminders', { minutes: [] })).json()).toEqual({ minutes: [] });
    expect(await reminders(startsAt - 15 * 60_000)).toHaveLength(1);
  });

  it('no reminder for an in-person appointment or a client without an email address', async () => {
    const { t, client, reminders } = await start();
    const noEmail = await t.addClient({ name: 'Nemo Client', email: null, timeZone: 'Europe/Madrid', language: 'es' });
    const startsAt = t.clock.now() + 2 * 24 * HOUR;
    await t.book([client.id], startsAt, { video: false });
    await t.book([noEmail.id], startsAt + 2 * HOUR);
    expect(await reminders(startsAt + HOUR)).toHaveLength(0);
  });
});
