// The dashboard's live status and arrival alerts, in Chromium and Firefox, on a server of its own: the
// therapist's dashboard is open (then "hidden"), the client opens their link and waits; the dashboard
// shows the arrival in words, "(1)" in the tab title, a chime, and a notification; the notification's
// click opens the visit with the client's Admit button focused; Admit gives two-way media.
//
// What the test stands in for: the page's visibility (an init script makes it "hidden" on demand,
// since a headless browser's tab is always visible), the chime (oscillator starts are counted), and
// the notification: Chromium is granted the permission for real and its Notification constructor is
// spied on; Firefox over WebDriver BiDi cannot be granted it, so there Notification is a stand-in
// that grants on request, which also drives the "Turn on notifications" button.
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { PracticeApi } from './support/practice.js';
import { expectAccessible, setupLink } from './support/practice-pages.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

const OWNER = { name: 'Dana Owner', email: 'dana@example.test', password: 'correct horse battery staple' };
let server: RunningServer;
test.beforeAll(async () => {
  server = await startVestibule({ DEMO: 'off' });
});
test.afterAll(async () => {
  await server?.stop();
});

interface Booked {
  clientUrl: string;
  clientParticipantId: string;
}

/** The owner hosts visits; a client, and a video visit starting now with the client's link. */
async function bookVisitNow(): Promise<Booked> {
  const api = new PracticeApi(server.baseUrl);
  const ownerId = await api.setUpOwner(await setupLink(server), OWNER);
  await api.call('PUT', `/staff/${ownerId}/teletherapy`, { on: true });
  const { client } = await api.call<{ client: { id: string } }>('POST', '/clients', {
    name: 'Casey Client',
    timeZone: 'UTC',
    language: 'en',
    therapistId: ownerId,
  });
  const { appointments } = await api.call<{ appointments: { id: string; participants: { id: string; role: string }[] }[] }>(
    'POST',
    '/appointments',
    { therapistId: ownerId, clientIds: [client.id], start: Date.now(), minutes: 50 },
  );
  const appt = appointments[0]!;
  const clientParticipantId = appt.participants.find((p) => p.role === 'client')!.id;
  const { url } = await api.call<{ url: string }>('POST', `/appointments/${appt.id}/participants/${clientParticipantId}/link`);
  return { clientUrl: url, clientParticipantId };
}

/** Visibility on demand, counted chime notes, and recorded notifications (real or stand-in). */
async function instrumentAlerts(context: BrowserContext, standInNotifications: boolean): Promise<void> {
  await context.addInitScript((standIn: boolean) => {
    const w = window as unknown as Record<string, unknown>;
    let hidden = false;
    Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    Document.prototype.hasFocus = () => !hidden;
    w.__setHidden = (value: boolean) => {
      hidden = value;
      document.dispatchEvent(new Event('visibilitychange'));
    };
    w.__chimeNotes = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
      w.__chimeNotes = (w.__chimeNotes as number) + 1;
      return start.apply(this, args);
    };
    const shown: { title: string; body: string | undefined; target: { onclick: ((e: Event) => void) | null } }[] = [];
    w.__notifications = shown;
    if (standIn) {
      class StandIn {
        static permission: NotificationPermission = 'default';
        static async requestPermission(): Promise<NotificationPermission> {
          StandIn.permission = 'granted';
          return 'granted';
        }
        onclick: ((e: Event) => void) | null = null;
        constructor(
          readonly title: string,
          opts?: NotificationOptions,
        ) {
          shown.push({ title, body: opts?.body, target: this });
        }
        close(): void {}
      }
      w.Notification = StandIn;
    } else {
      const Real = window.Notification;
      class Spy extends Real {
        constructor(title: string, opts?: NotificationOptions) {
          super(title, opts);
          shown.push({ title, body: opts?.body, target: this });
        }
      }
      Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
      w.Notification = Spy;
    }
  }, standInNotifications);
}

const chimeNotes = (page: Page) => page.evaluate(() => (window as unknown as { __chimeNotes: number }).__chimeNotes);
const notifications = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications.map((n) => ({
      title: n.title,
      body: n.body,
    })),
  );
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => (window as unknown as { __setHidden(h: boolean): void }).__setHidden(h), hidden);

/**
 * In a second dashboard tab whose clock the test moves (someone already waits): the chime comes
 * again every 20 s while the tab is hidden, and stops once it is looked at.
 */
async function expectChimeRepeatsWhileHidden(context: BrowserContext): Promise<void> {
  const tab = await context.newPage();
  await tab.clock.install();
  await tab.goto(`${server.baseUrl}/practice`);
  await expect(tab).toHaveTitle('(1) Vestibule practice');
  await setHidden(tab, true);
  const first = await chimeNotes(tab);
  await tab.clock.runFor(20_000);
  expect(await chimeNotes(tab), 'a chime 20 s later while hidden').toBe(first + 2);
  await tab.clock.runFor(20_000);
  expect(await chimeNotes(tab), 'and again 20 s after that').toBe(first + 4);
  await setHidden(tab, false);
  await tab.clock.runFor(60_000);
  expect(await chimeNotes(tab), 'no chime once the tab is looked at').toBe(first + 4);
  await tab.close();
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/practice/sign-in`);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
}

test('an arrival shows on the dashboard, chimes, notifies, and the notification opens the visit ready to admit', async ({
  browser,
  browserName,
}) => {
  test.setTimeout(120_000);
  const booked = await bookVisitNow();
  const chromium = browserName === 'chromium';
  const therapistCtx = await browser.newContext();
  if (chromium) await therapistCtx.grantPermissions(['notifications'], { origin: server.baseUrl });
  await instrumentAlerts(therapistCtx, !chromium);
  const dashboard = await newPeerPage(therapistCtx);
  await signIn(dashboard);

  const today = dashboard.getByRole('region', { name: 'Today' });
  const status = today.getByRole('list', { name: 'Who is here now' });
  await expect(status.getByText('Casey Client: not arrived yet')).toBeVisible();
  if (!chromium) await dashboard.getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(dashboard.getByText('Notifications of arrivals are on.')).toBeVisible();
  await expect(dashboard).toHaveTitle('Vestibule practice');

  // The therapist looks elsewhere; the client arrives.
  await setHidden(dashboard, true);
  const notesBefore = await chimeNotes(dashboard);
  const clientCtx = await browser.newContext();
  const client = await newPeerPage(clientCtx);
  await client.goto(booked.clientUrl);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();

  await expect(status.getByText(/^Casey Client: waiting since .+, not ready yet$/)).toBeVisible();
  await expect(dashboard.getByRole('status').filter({ hasText: 'Casey Client is in the waiting room' })).toBeVisible();
  await expect(dashboard).toHaveTitle('(1) Vestibule practice');
  await expect.poll(() => chimeNotes(dashboard), { message: 'a chime (two notes) on arrival' }).toBeGreaterThanOrEqual(notesBefore + 2);
  await expect
    .poll(() => notifications(dashboard), { message: 'one notification of the arrival' })
    .toEqual([{ title: 'A client is in the waiting room', body: expect.stringMatching(/^Your .+ visit\. Select to open it\.$/) }]);
  // The notification names no one: it may show on a shared screen.
  expect(JSON.stringify(await notifications(dashboard))).not.toContain('Casey');
  await setHidden(dashboard, false);
  await expectAccessible(dashboard, 'dashboard with live status');
  await expectChimeRepeatsWhileHidden(therapistCtx);

  // Its click opens the visit, with the arriving client's Admit button focused.
  await dashboard.evaluate(() => {
    const shown = (window as unknown as { __notifications: { target: { onclick(e: Event): void } }[] }).__notifications;
    shown[0]!.target.onclick(new Event('click'));
  });
  await expect(dashboard).toHaveURL(/\/v\/[^#]+#t=.+&admit=/);
  // Clicking a real notification brings its window to the front; the client's window opened later has it now.
  await dashboard.bringToFront();
  const admit = dashboard.getByRole('button', { name: 'Admit Casey Client' });
  await expect(admit).toBeFocused();
  // The waiting list is redrawn when the client says they are ready: the focus stays on their Admit.
  await client.getByRole('button', { name: "I'm ready" }).click();
  await expect(dashboard.locator('.waiting-entry').getByText('Ready', { exact: true })).toBeVisible();
  await expect(admit).toBeFocused();
  await expect(dashboard).toHaveTitle(/^\(1\) /);
  await dashboard.keyboard.press('Enter');
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(dashboard);
  await expect(dashboard).not.toHaveTitle(/^\(\d+\) /);

  await clientCtx.close();
  await therapistCtx.close();
});
