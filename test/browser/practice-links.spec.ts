// Short links that follow their appointment, in real browsers with real signaling: the practice
// (driven over its HTTP API for speed) books a visit and hands out a short link; the same sent link
// says when the visit opens, opens it once the visit is moved to now (by itself, if left open), says
// the new time once moved to tomorrow, and shows a plain cancelled page when the visit is cancelled
// (live, and on reopening).
// A revoked link drops a client who was in a call with two-way media. The code can also be typed.
import { expect, type Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { clockText } from './support/clock-text.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { expectCleanServerLog, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';
import { setupLink } from './support/practice-pages.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let api: PracticeApi;
test.beforeAll(async () => {
  server = await startVestibule({ DEMO: 'off' });
  api = await PracticeApi.setUp(server);
});
test.afterEach(async ({}, info) => {
  if (info.status !== info.expectedStatus) await info.attach('server log', { path: server.logFile });
});
test.afterAll(async () => server?.stop());

/** The practice API as a signed-in owner (who is also the therapist), over plain HTTP. */
class PracticeApi {
  private constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly csrf: string,
    readonly ownerId: string,
    readonly clientId: string,
  ) {}

  static async setUp(s: RunningServer): Promise<PracticeApi> {
    const link = await setupLink(s);
    const owner = { name: 'Dana Owner', email: 'dana@example.test', password: 'correct horse battery staple' };
    const anon = new PracticeApi(s.baseUrl, '', '1', '', '');
    await anon.call('POST', '/setup', { token: link.split('#t=')[1], ...owner }, 201);
    const signIn = await fetch(`${s.baseUrl}/api/practice/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vestibule-csrf': '1' },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    });
    expect(signIn.status, 'sign-in').toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const body = (await signIn.json()) as { csrfToken: string; staff: { id: string } };
    const signedIn = new PracticeApi(s.baseUrl, cookie, body.csrfToken, body.staff.id, '');
    await signedIn.call('PUT', `/staff/${body.staff.id}/teletherapy`, { on: true });
    const client = await signedIn.call(
      'POST',
      '/clients',
      { name: 'Jordan Client', timeZone: 'UTC', language: 'en', therapistId: body.staff.id },
      201,
    );
    return new PracticeApi(s.baseUrl, cookie, body.csrfToken, body.staff.id, client.client.id);
  }

  async call(method: string, path: string, body?: unknown, status = 200): Promise<any> {
    const res = await fetch(`${this.base}/api/practice${path}`, {
      method,
      headers: {
        'x-vestibule-csrf': this.csrf,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(status);
    return text ? JSON.parse(text) : null;
  }

  /** A video visit with the owner as provider and the client; returns its id and participants' ids. */
  async book(start: number): Promise<{ id: string; providerId: string; clientId: string }> {
    const booked = await this.call(
      'POST',
      '/appointments',
      { therapistId: this.ownerId, clientIds: [this.clientId], start, minutes: 50 },
      201,
    );
    const appt = booked.appointments[0];
    return { id: appt.id, providerId: appt.participants[0].id, clientId: appt.participants[1].id };
  }

  async link(appointmentId: string, participantId: string): Promise<{ url: string; longUrl: string }> {
    return this.call('POST', `/appointments/${appointmentId}/participants/${participantId}/link`);
  }

  move(appointmentId: string, start: number): Promise<unknown> {
    return this.call('PUT', `/appointments/${appointmentId}/time`, { start });
  }
}

async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact }));
  });
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    screen,
  ).toEqual([]);
}

const waitingRoom = (page: Page) => page.getByRole('heading', { name: 'You are in the waiting room' });
const problem = (page: Page) => page.locator('[data-problem]');

test('a sent short link follows its appointment: moved to now it opens, moved to tomorrow it says when, cancelled it says so', async ({
  browser,
}) => {
  const appt = await api.book(Date.now() + 2 * DAY);
  const { url } = await api.link(appt.id, appt.clientId);
  expect(url).toMatch(/\/j#[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  const context = await browser.newContext();
  const client = await newPeerPage(context);

  await client.goto(url);
  await expect(problem(client).getByRole('heading', { name: /^Your visit opens at / })).toBeVisible();
  await expect(client.locator('video')).toHaveCount(0);

  await api.move(appt.id, Date.now() - 5 * MINUTE);
  await client.reload();
  await expect(waitingRoom(client)).toBeVisible();

  const tomorrow = Date.now() + DAY;
  await api.move(appt.id, tomorrow);
  await client.reload();
  const early = problem(client).getByRole('heading', { name: /^Your visit opens at / });
  await expect(early).toHaveText(new RegExp(`^Your visit opens at ${await clockText(client, [tomorrow - 15 * MINUTE])}$`));

  // Back to now; while the client waits, the visit is cancelled: the page says so at once.
  await api.move(appt.id, Date.now() - 5 * MINUTE);
  await client.reload();
  await expect(waitingRoom(client)).toBeVisible();
  await api.call('POST', `/appointments/${appt.id}/cancel`);
  await expect(problem(client).getByRole('heading', { name: 'This visit was cancelled' })).toBeVisible();
  await expect(problem(client)).toContainText('contact your practice');
  await expect(client.getByRole('link', { name: /Test your camera/ })).toHaveCount(0);
  await expectNoAxeViolations(client, 'cancelled page');

  // Opened again later, the link shows the same page, and no camera is asked for.
  const later = await newPeerPage(await browser.newContext());
  await later.goto(url);
  await expect(problem(later).getByRole('heading', { name: 'This visit was cancelled' })).toBeVisible();
  await expect(later.locator('video')).toHaveCount(0);
  expectCleanServerLog([url.split('#')[1]!, url.split('#')[1]!.replace(/-/g, ''), 'Jordan'], server);
  await context.close();
  await later.context().close();
});

test('a page opened too early lets the person in by itself when the visit is moved to now', async ({ browser }) => {
  const appt = await api.book(Date.now() + 3 * 60 * MINUTE);
  const { url } = await api.link(appt.id, appt.clientId);
  const client = await newPeerPage(await browser.newContext());
  await client.clock.install();
  await client.goto(url);
  await expect(problem(client).getByRole('heading', { name: /^Your visit opens at / })).toBeVisible();
  await api.move(appt.id, Date.now() - 5 * MINUTE);
  // The page looks again every five minutes while it waits.
  await client.clock.fastForward('05:01');
  await expect(waitingRoom(client)).toBeVisible();
  await client.context().close();
});

test('revoking a link drops the client who uses it from a call with two-way media', async ({ browser }) => {
  // Two pages with real media: slow on a busy machine.
  test.setTimeout(120_000);
  const appt = await api.book(Date.now() - MINUTE);
  const clientLink = await api.link(appt.id, appt.clientId);
  const providerLink = await api.link(appt.id, appt.providerId);
  const client = await newPeerPage(await browser.newContext());
  const provider = await newPeerPage(await browser.newContext());
  await client.goto(clientLink.url);
  await expect(waitingRoom(client)).toBeVisible();
  await provider.goto(providerLink.url);
  await provider.getByRole('button', { name: 'Admit Jordan Client' }).click();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);

  await api.call('DELETE', `/appointments/${appt.id}/participants/${appt.clientId}/links`, undefined, 204);
  // The server looks for revocations twice a second (within a second); the rest is for the page to
  // draw on a busy test machine.
  await expect(problem(client).getByRole('heading', { name: 'This link is no longer valid' })).toBeVisible({ timeout: 3_000 });
  await expect(client.locator('video[data-remote]')).toHaveCount(0);
  await client.context().close();
  await provider.context().close();
});

test('the code can be typed: a wrong one is explained, a loosely typed right one opens the visit', async ({ browser }) => {
  const appt = await api.book(Date.now() - MINUTE);
  const { url } = await api.link(appt.id, appt.clientId);
  const code = url.split('#')[1]!;
  const client = await newPeerPage(await browser.newContext());
  // No code, or a fragment that cannot be one (broken percent-encoding): the page asks for it.
  await client.goto(`${server.baseUrl}/j#%E0`);
  await expect(client.getByRole('heading', { name: 'Join your visit' })).toBeVisible();
  await expectNoAxeViolations(client, 'code form');
  const field = client.getByRole('textbox', { name: 'Visit code' });
  await expect(field).toBeFocused();
  await field.fill('ZZZZZ-ZZZZZ-ZZZZZ');
  await client.getByRole('button', { name: 'Join the visit' }).click();
  await expect(client.getByRole('heading', { name: 'This code does not open a visit' })).toBeVisible();
  await expect(client.getByRole('alert').filter({ hasText: 'Check the code' })).toBeVisible();
  // As read out over the phone: lower case, spaces for dashes; Enter submits.
  await client.getByRole('textbox', { name: 'Visit code' }).fill(code.toLowerCase().replace(/-/g, ' '));
  await client.getByRole('textbox', { name: 'Visit code' }).press('Enter');
  await expect(waitingRoom(client)).toBeVisible();
  // The typed code went into the fragment, so a reload keeps the person in.
  expect(new URL(client.url()).pathname).toBe('/j');
  await client.reload();
  await expect(waitingRoom(client)).toBeVisible();
  await client.context().close();
});
