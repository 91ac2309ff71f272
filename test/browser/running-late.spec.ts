// Running late on the dashboard, once (in Chromium), on a server of its own with SMTP: the
// therapist's dashboard is open; a client arrives in a visit that began three minutes ago and the
// therapist has not opened: an alert "… has been waiting since …" appears with nobody at the dashboard
// acting, and the therapist gets one email. A client five minutes late shows as "Not arrived yet" with
// "Send the link again", which emails the link again (a double click sends once); a client without an
// email address gets a fresh link to copy instead, and the page says so. The dashboard passes axe-core
// with the alert and the rows shown; "Open the visit" opens it at the client's Admit button.
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { TestSmtpServer } from '../support/smtp.js';
import { PracticeApi } from './support/practice.js';
import { expectAccessible, setupLink } from './support/practice-pages.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { newPeerPage } from './support/visit.js';

const OWNER = { name: 'Dana Owner', email: 'dana@example.test', password: 'correct horse battery staple' };
const MIN = 60_000;
let smtp: TestSmtpServer;
let server: RunningServer;

test.beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  server = await startVestibule({
    DEMO: 'off',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Practice <visits@example.test>',
    MAIL_POLL_SECONDS: '1',
    LIVE_LATENESS_CHECK_MS: '500',
  });
});
test.afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

interface Booked {
  appointmentId: string;
  clientParticipantId: string;
}

/** The owner hosts visits; three clients, each with a visit that began some minutes ago. */
async function bookLateVisits() {
  const api = new PracticeApi(server.baseUrl);
  const ownerId = await api.setUpOwner(await setupLink(server), OWNER);
  await api.call('PUT', `/staff/${ownerId}/teletherapy`, { on: true });
  const book = async (name: string, email: string | null, minutesAgo: number): Promise<Booked> => {
    const { client } = await api.call<{ client: { id: string } }>('POST', '/clients', {
      name,
      email,
      timeZone: 'UTC',
      language: 'en',
      therapistId: ownerId,
    });
    const { appointments } = await api.call<{ appointments: { id: string; participants: { id: string; role: string }[] }[] }>(
      'POST',
      '/appointments',
      { therapistId: ownerId, clientIds: [client.id], start: Date.now() - minutesAgo * MIN, minutes: 50 },
    );
    const appt = appointments[0]!;
    return { appointmentId: appt.id, clientParticipantId: appt.participants.find((p) => p.role === 'client')!.id };
  };
  const waiting = await book('Casey Client', 'casey@client.test', 3);
  const late = await book('Robin Client', 'robin@client.test', 6);
  const lateNoEmail = await book('Sam Client', null, 6);
  const { url } = await api.call<{ url: string }>(
    'POST',
    `/appointments/${waiting.appointmentId}/participants/${waiting.clientParticipantId}/link`,
  );
  return { api, waitingClientUrl: url, late, lateNoEmail };
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/practice/sign-in`);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
}

const mailTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address));

test('running late: the waiting alert and its email, and Send the link again for clients not arrived', async ({ browser }) => {
  test.setTimeout(120_000);
  const booked = await bookLateVisits();
  const therapistCtx = await browser.newContext();
  const dashboard = await newPeerPage(therapistCtx);
  await signIn(dashboard);
  const today = dashboard.getByRole('region', { name: 'Today' });
  const liveLine = (text: string) => today.getByRole('list', { name: 'Who is here now' }).getByRole('listitem').filter({ hasText: text });

  // Five minutes past their start, the two who have not come show as such, each with the resend.
  const robin = liveLine('Robin Client: Not arrived yet');
  const sam = liveLine('Sam Client: Not arrived yet');
  await expect(robin).toBeVisible();
  await expect(sam).toBeVisible();
  await expect(dashboard.getByRole('alert')).toHaveCount(0);

  // Casey arrives in a visit that began three minutes ago; nobody at the dashboard does anything.
  const clientCtx = await browser.newContext();
  const client = await newPeerPage(clientCtx);
  await client.goto(booked.waitingClientUrl);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  const alert = dashboard.getByRole('alert').filter({ hasText: /^Casey Client has been waiting since \d{1,2}:\d{2}/ });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Open the visit' })).toBeVisible();
  await expect.poll(() => mailTo(OWNER.email).length, { message: 'the waiting alert emailed to the therapist', timeout: 20_000 }).toBe(1);
  expect(mailTo(OWNER.email)[0]!.parsed.subject).toBe('A client is waiting for your video visit');
  await expectAccessible(dashboard, 'dashboard with a waiting alert and clients not arrived');

  // Robin: a double click emails the link once.
  const robinMailsBefore = mailTo('robin@client.test').length;
  const resends: string[] = [];
  dashboard.on('request', (r) => {
    if (r.url().endsWith('/resend')) resends.push(r.url());
  });
  await robin.getByRole('button', { name: 'Send the link again' }).dblclick();
  await expect(robin.getByRole('status')).toHaveText(/^The visit email was sent again to Robin/);
  // The button, not only the server, takes the second click: one request went out.
  expect(resends).toHaveLength(1);
  await expect
    .poll(() => mailTo('robin@client.test').length, { message: 'the link emailed to Robin again', timeout: 20_000 })
    .toBe(robinMailsBefore + 1);
  // Once the button is free again, nothing is in flight: a further click within the minute is refused.
  await expect(robin.getByRole('button', { name: 'Send the link again' })).toBeEnabled();
  await robin.getByRole('button', { name: 'Send the link again' }).click();
  await expect(robin.getByRole('status')).toHaveText(/^The link was just sent again\. Give it a minute before sending it once more\./);
  const outbox = await booked.api.call<{ messages: { recipient: string; kind: string }[] }>('GET', '/outbox');
  expect(outbox.messages.filter((m) => m.recipient === 'robin@client.test' && m.kind === 'invitation')).toHaveLength(2);

  // Sam has no address: a fresh link to hand over, and the page says why no email went.
  await sam.getByRole('button', { name: 'Send the link again' }).click();
  await expect(sam.getByRole('status')).toHaveText(/^Sam Client has no email address on file, so no email was sent\. .*fresh link/);
  await expect(sam.getByRole('textbox', { name: 'Fresh link for Sam Client' })).toHaveValue(/\/j#[0-9A-Z-]+$/);
  await expectAccessible(dashboard, 'dashboard after sending links again');

  // The alert opens the visit, with Casey's Admit button there to press.
  await alert.getByRole('button', { name: 'Open the visit' }).click();
  await expect(dashboard).toHaveURL(/\/v\/[^#]+#t=.+&admit=/);
  // The client's window, opened later, holds the browser's focus: a person would be looking at this one.
  await dashboard.bringToFront();
  await expect(dashboard.getByRole('button', { name: 'Admit Casey Client' })).toBeFocused();

  const log = readFileSync(server.logFile, 'utf8');
  for (const secret of ['Casey Client', 'Robin Client', 'Sam Client', 'casey@client.test', 'robin@client.test'])
    expect(log, `${secret} in the server log`).not.toContain(secret);
  await clientCtx.close();
  await therapistCtx.close();
});
