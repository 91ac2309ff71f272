// Two Vestibule service processes sharing one PostgreSQL database, both sending mail and making
// reminders every second: every invitation and every reminder reaches the SMTP server exactly once,
// also after one of them restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';
import { type MailPractice, mailPractice } from '../support/mail-practice.js';
import { as } from '../support/practice.js';
import { freshPgDatabase } from '../support/pg.js';
import { type GroupProcess, spawnGroup, withTimeout } from '../support/processes.js';
import { TestSmtpServer } from '../support/smtp.js';
import { tempDir } from '../support/temp-dir.js';

let smtp: TestSmtpServer;
let booking: MailPractice;
const nodes: GroupProcess[] = [];
let databaseUrl: string;

beforeAll(async () => {
  await buildAll({ quiet: true });
  smtp = await TestSmtpServer.start();
  databaseUrl = await freshPgDatabase();
}, 120_000);

afterAll(async () => {
  for (const n of nodes) await n.stop('SIGTERM', 5000);
  await booking?.app.close();
  await smtp?.stop();
});

async function startNode(name: string): Promise<GroupProcess> {
  const node = spawnGroup(process.execPath, ['dist/server/main.js'], {
    name,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Vestibule <visits@practice.example>',
      MAIL_POLL_SECONDS: '1',
      PORT: '0',
      DEMO: 'off',
      NODE_ID: name,
      DATA_DIR: tempDir(`vestibule-${name}-`),
      LOG_LEVEL: 'info',
    },
  });
  nodes.push(node);
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (node.log.toString().includes('Vestibule is listening')) resolve();
        else if (node.hasExited()) reject(new Error(`${name} ${node.status()}:\n${node.log}`));
        else return;
        clearInterval(check);
      }, 50);
    }),
    20_000,
    `${name} to listen`,
  );
  return node;
}

describe('two service processes on one PostgreSQL database', () => {
  it('deliver every invitation and every reminder exactly once, across a restart', async () => {
    // The practice is made and booked through an app of its own (it sends nothing: no SMTP, no rounds).
    booking = await mailPractice({ DATABASE_URL: databaseUrl });
    for (const m of await booking.app.vestibule.mail.outbox.list({ statuses: ['queued'], limit: 10 }))
      await booking.app.vestibule.mail.outbox.markSentByHand(m.id, booking.clock.now());
    expect((await as(booking.app, booking.owner).put('/settings/reminders', { minutes: [60] })).statusCode).toBe(200);
    const clients = [];
    for (const n of [1, 2, 3, 4])
      clients.push(
        await booking.addClient({ name: `Client ${n}`, email: `client${n}@client.example`, timeZone: 'Europe/Madrid', language: 'es' }),
      );
    // The 60-minute reminders fall due a few seconds from now, while both nodes run.
    const startsAt = Date.now() + 60 * 60_000 + 4000;
    await booking.book(
      clients.slice(0, 3).map((c) => c.id),
      startsAt,
    );
    await booking.book([clients[3]!.id], startsAt + 1000);

    const [a] = [await startNode('mail-a'), await startNode('mail-b')];
    await smtp.waitFor(8, 30_000);
    await a!.stop('SIGTERM', 5000);
    await startNode('mail-a2');
    const extra = await booking.addClient({ name: 'Client 5', email: 'client5@client.example', timeZone: 'Europe/Madrid', language: 'es' });
    await booking.book([extra.id], Date.now() + 3 * 3600_000);
    const all = await smtp.waitFor(9, 30_000);

    const reminders = all.filter((m) => m.parsed.subject?.startsWith('Recordatorio'));
    const invitations = all.filter((m) => m.parsed.subject?.startsWith('Su videoconsulta'));
    expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual([1, 2, 3, 4].map((n) => `client${n}@client.example`));
    expect(invitations).toHaveLength(5);
    expect(new Set(invitations.map((m) => m.envelopeTo[0])).size).toBe(5);
    const ids = all.map((m) => m.parsed.headers.get('x-vestibule-message'));
    expect(new Set(ids).size).toBe(all.length);
    for (const n of nodes) expect(n.log.toString()).not.toContain('@client.example');
  }, 90_000);
});
