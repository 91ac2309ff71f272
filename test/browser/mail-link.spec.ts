// Email end to end: a real server with SMTP set up sends the client's invitation to a real SMTP server
// in this test; the link in the received mail opens the visit in a real browser, up to the waiting
// room. Then a refused message shows in the dashboard's Email screen with why; the owner opens it,
// finds the address and text to copy, and marks it sent. The screen passes axe-core.
import { expect, type Page, test } from '@playwright/test';
import { TestSmtpServer, visitLinkIn } from '../support/smtp.js';
import { seriousAxeViolations } from './support/axe.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { newPeerPage } from './support/visit.js';
import { setupLink } from './support/practice-pages.js';

test.describe.configure({ mode: 'serial' });

const OWNER = { name: 'Dana Owner', email: 'dana@example.test', password: 'correct horse battery staple' };
let smtp: TestSmtpServer;
let server: RunningServer;
let api: (method: string, path: string, body?: unknown) => Promise<Record<string, unknown> & { [k: string]: any }>;
let clientId = '';
let ownerId = '';

test.beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  server = await startVestibule({ DEMO: 'off', SMTP_URL: smtp.url, MAIL_FROM: 'Practice <visits@example.test>', MAIL_POLL_SECONDS: '1' });
  api = await ownerApi();
  ownerId = (await api('GET', '/session')).staff.id;
  await api('PUT', `/staff/${ownerId}/teletherapy`, { on: true });
  clientId = (
    await api('POST', '/clients', {
      therapistId: ownerId,
      name: 'Jordan Client',
      email: 'jordan@client.test',
      timeZone: 'America/St_Johns',
      language: 'en',
    })
  ).client.id;
});
test.afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

/** Sets the practice up from its set-up link and returns requests signed in as its owner. */
async function ownerApi() {
  const token = new URLSearchParams((await setupLink(server)).split('#')[1]).get('t')!;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}/api/practice${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vestibule-csrf': '1', ...headers },
      body: JSON.stringify(body),
    });
  expect((await post('/setup', { token, name: OWNER.name, email: OWNER.email, password: OWNER.password })).status).toBe(201);
  const signedIn = await post('/sign-in', { email: OWNER.email, password: OWNER.password });
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}/api/practice${path}`, {
      method,
      headers: { cookie, 'x-vestibule-csrf': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
    return res.json();
  };
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/practice/sign-in`);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the link in the emailed invitation opens the visit and reaches the waiting room', async ({ browser }) => {
  await api('POST', '/appointments', {
    therapistId: ownerId,
    clientIds: [clientId],
    start: Date.now(),
    minutes: 50,
    title: 'Intake session',
  });
  const [mail] = await smtp.waitFor(1, 20_000);
  expect(mail!.envelopeTo).toEqual(['jordan@client.test']);
  expect(mail!.raw).not.toContain('Intake session');
  const link = visitLinkIn(mail!.parsed.text!);
  expect(link.startsWith(server.baseUrl)).toBe(true);

  const context = await browser.newContext();
  const client = await newPeerPage(context);
  await client.goto(link);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();
  await context.close();
});

test('a refused message shows in the Email screen with why; the owner opens it and marks it sent', async ({ browser }) => {
  smtp.refuseWith = { code: 550, message: 'Mailbox <jordan@client.test> unknown' };
  await api('POST', '/appointments', { therapistId: ownerId, clientIds: [clientId], start: Date.now() + 86_400_000, minutes: 50 });
  await expect.poll(async () => (await api('GET', '/outbox?status=failed')).messages.length, { timeout: 20_000 }).toBe(1);

  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await signIn(page);
  await page.getByRole('link', { name: 'Email outbox' }).click();
  const email = page.getByRole('region', { name: 'Email messages' });
  await expect(
    email.getByText('Visit invitation to jordan@client.test, failed: the SMTP server answered 550: Mailbox [address] unknown'),
  ).toBeVisible();
  await email.getByLabel('Show').selectOption({ label: 'Failed' });
  await expect(email.getByRole('button', { name: 'Open visit invitation to jordan@client.test (sent)' })).toHaveCount(0);
  await email.getByRole('button', { name: 'Open visit invitation to jordan@client.test (failed)' }).click();
  await expect(email.getByLabel('To')).toHaveValue('jordan@client.test');
  await expect(email.getByLabel('Text')).toHaveValue(/\/j#[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/);
  await email.getByRole('button', { name: 'Copy message' }).click();
  await expect(email.getByText('The message is copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Hello Jordan Client,');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await email.getByRole('button', { name: 'Mark as sent' }).click();
  await expect(email.getByText('Marked as sent.')).toBeVisible();
  await expect(email.getByRole('button', { name: 'Open visit invitation to jordan@client.test (failed)' })).toHaveCount(0);
  await context.close();
});
