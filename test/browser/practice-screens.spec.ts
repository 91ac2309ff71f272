// The dashboard's screens besides home, on their own server: moving between screens (links, the
// keyboard, Back, a reload on a screen's path), the Staff screen's actions, Settings, the Audit log
// with Load more and its CSV, and Clients with an appointment rescheduled in the viewer's time zone,
// switched to in person and cancelled. Each screen, by role, passes axe-core.
import { type APIRequestContext, type BrowserContext, expect, type Page, request, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectAccessible, practiceApi, retype, setupLink, signIn } from './support/practice-pages.js';
import { type RunningServer, startVestibule } from './support/server-process.js';

// Five screens, each checked by axe-core at two sizes: longer than the default minute on 2 busy cores.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const PASSWORD = 'correct horse battery staple';
const OWNER = { name: 'Dana Owner', email: 'dana@example.test' };
/** A zone without daylight saving time, so the expected wall-clock times hold on any date. */
const VIEWER = { timezoneId: 'Asia/Tokyo', locale: 'en-US' } as const;

let server: RunningServer;
let anonymous: APIRequestContext;
const ids: Record<string, string> = {};

/** A pre-sign-in route (set-up, accepting an invitation): any CSRF header value will do. */
async function openPost(path: string, data: unknown): Promise<unknown> {
  const res = await anonymous.post(`${server.baseUrl}/api/practice${path}`, { headers: { 'x-vestibule-csrf': 'x' }, data });
  expect(res.ok(), `POST ${path} answered ${res.status()}`).toBe(true);
  return res.json();
}
const tokenOf = (url: string) => new URLSearchParams(new URL(url).hash.slice(1)).get('t')!;

test.beforeAll(async () => {
  server = await startVestibule({ DEMO: 'off' });
  anonymous = await request.newContext();
  const link = await setupLink(server);
  const { staffId } = (await openPost('/setup', { token: tokenOf(link), name: OWNER.name, email: OWNER.email, password: PASSWORD })) as {
    staffId: string;
  };
  ids.owner = staffId;
});
test.afterAll(async () => {
  await anonymous?.dispose();
  await server?.stop();
});

async function ownerPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await signIn(page, server.baseUrl, OWNER.email, PASSWORD);
  return page;
}
const call = <T = unknown>(page: Page, method: string, path: string, body?: unknown) => practiceApi<T>(page, method, path, body);

/** Invites someone through the API; with `join`, they accept and get a password. */
async function invite(owner: Page, name: string, email: string, role: string, join: boolean): Promise<string> {
  const { staff, invitation } = await call<{ staff: { id: string }; invitation: { url: string } }>(owner, 'POST', '/staff/invitations', {
    email,
    name,
    role,
    teletherapy: role === 'therapist',
  });
  if (join) await openPost('/invitations/accept', { token: tokenOf(invitation.url), password: PASSWORD });
  return staff.id;
}

async function expectOnScreen(page: Page, title: string, path: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeFocused();
  await expect(page).toHaveURL(`${server.baseUrl}${path}`);
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  await expect(nav.locator('[aria-current="page"]')).toHaveAccessibleName(title === 'Your practice' ? 'Appointments' : title);
}

test('the owner moves between screens by link, keyboard, Back and reload; each screen passes axe', async ({ browser }) => {
  const ctx = await browser.newContext(VIEWER);
  const owner = await ownerPage(ctx);
  const nav = owner.getByRole('navigation', { name: 'Dashboard' });
  await expect(nav.getByRole('link')).toHaveText([
    'Appointments',
    'Clients',
    'Email outbox',
    'Staff',
    'Audit log',
    'API and webhooks',
    'Settings',
  ]);
  await expect(nav.getByRole('link', { name: 'Appointments' })).toHaveAttribute('aria-current', 'page');

  // The keyboard alone: Tab to the link, Enter follows it.
  await nav.getByRole('link', { name: 'Clients' }).focus();
  await owner.keyboard.press('Enter');
  await expectOnScreen(owner, 'Clients', '/practice/clients');
  await expectAccessible(owner, 'clients');
  for (const [title, path] of [
    ['Email outbox', '/practice/outbox'],
    ['Staff', '/practice/staff'],
    ['API and webhooks', '/practice/integrations'],
    ['Audit log', '/practice/audit'],
    ['Settings', '/practice/settings'],
  ] as const) {
    await nav.getByRole('link', { name: title }).click();
    await expectOnScreen(owner, title, path);
    await expectAccessible(owner, title);
  }
  await owner.goBack();
  await expectOnScreen(owner, 'Audit log', '/practice/audit');
  await owner.reload();
  await expect(owner.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await nav.getByRole('link', { name: 'Appointments' }).click();
  await expectOnScreen(owner, 'Your practice', '/practice');
  await ctx.close();
});

test('staff: links to hand over, two-step reset, role change and deactivation with a confirmation; a manager sees no owner actions', async ({
  browser,
}) => {
  const ctx = await browser.newContext(VIEWER);
  const owner = await ownerPage(ctx);
  ids.sam = await invite(owner, 'Sam Therapist', 'sam@example.test', 'therapist', true);
  ids.riley = await invite(owner, 'Riley Manager', 'riley@example.test', 'manager', false);
  await invite(owner, 'Alex Front', 'alex@example.test', 'scheduler', false);
  // Sam turns on two-step sign-in (through the API, in their own session).
  const samCtx = await browser.newContext();
  const sam = await samCtx.newPage();
  await signIn(sam, server.baseUrl, 'sam@example.test', PASSWORD);
  const { secret } = await call<{ secret: string }>(sam, 'POST', '/me/totp/start');
  const code = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();
  await call(sam, 'POST', '/me/totp/confirm', { code });
  // Back to the owner's window (Firefox moves focus only within the window in front).
  await owner.bringToFront();

  await owner.getByRole('link', { name: 'Staff' }).click();
  const row = (name: string) => owner.getByRole('listitem').filter({ hasText: `${name} (` });
  await row('Sam Therapist').getByRole('button', { name: 'Password-reset link for Sam Therapist' }).click();
  const samLink = owner.getByRole('textbox', { name: 'Link for Sam Therapist' });
  await expect(samLink).toHaveValue(/\/practice\/reset-password#t=/);
  await expect(samLink).toHaveAttribute('readonly', '');
  await row('Riley Manager').getByRole('button', { name: 'Invitation link for Riley Manager' }).click();
  const rileyLink = owner.getByRole('textbox', { name: 'Link for Riley Manager' });
  await expect(rileyLink).toHaveValue(/\/practice\/accept-invitation#t=/);
  // Handed over now: the list is drawn again after each change below.
  const rileyInvitation = await rileyLink.inputValue();

  await row('Sam Therapist').getByRole('button', { name: 'Reset two-step sign-in for Sam Therapist' }).click();
  await expect(owner.getByRole('button', { name: 'Reset two-step sign-in for Sam Therapist' })).toHaveCount(0);

  await owner.getByLabel('Role of Alex Front').selectOption('therapist');
  await owner.getByRole('button', { name: 'Change role of Alex Front' }).click();
  await expect(owner.getByText('Alex Front (therapist, invited), Teletherapy off')).toBeVisible();

  // Deactivation asks first; "Keep their account" puts the button back, focused.
  await owner.getByRole('button', { name: 'Deactivate Alex Front' }).click();
  const yes = owner.getByRole('button', { name: 'Yes, deactivate Alex Front' });
  await expect(yes).toBeFocused();
  await expectAccessible(owner, 'staff, confirming a deactivation');
  await owner.getByRole('button', { name: 'Keep their account' }).click();
  await expect(owner.getByRole('button', { name: 'Deactivate Alex Front' })).toBeFocused();
  await expect(owner.getByText('Alex Front (therapist, invited)')).toBeVisible();
  await owner.getByRole('button', { name: 'Deactivate Alex Front' }).click();
  await yes.click();
  await expect(owner.getByText('Alex Front (therapist, deactivated), Teletherapy off')).toBeVisible();
  // No one deactivates or demotes themself from here.
  await expect(owner.getByRole('button', { name: 'Deactivate Dana Owner' })).toHaveCount(0);
  await expect(owner.getByLabel('Role of Dana Owner')).toHaveCount(0);

  // Riley joins as a manager: Staff but no Audit log or Settings, and nothing to do to an owner.
  await openPost('/invitations/accept', { token: tokenOf(rileyInvitation), password: PASSWORD });
  const managerCtx = await browser.newContext(VIEWER);
  const manager = await managerCtx.newPage();
  await signIn(manager, server.baseUrl, 'riley@example.test', PASSWORD);
  await expect(manager.getByRole('navigation', { name: 'Dashboard' }).getByRole('link')).toHaveText([
    'Appointments',
    'Clients',
    'Email outbox',
    'Staff',
  ]);
  await manager.getByRole('link', { name: 'Staff' }).click();
  await expect(manager.getByText('Sam Therapist (therapist), Teletherapy on')).toBeVisible();
  await expect(manager.getByRole('button', { name: 'Password-reset link for Dana Owner' })).toHaveCount(0);
  await expect(manager.getByLabel('Role of Sam Therapist').locator('option')).toHaveText([
    'Manager',
    'Therapist',
    'Scheduler (front desk)',
  ]);
  await expectAccessible(manager, 'staff, as a manager');
  // An owner's screen by its path: the manager lands on home.
  await manager.goto(`${server.baseUrl}/practice/audit`);
  await expect(manager.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
  await expect(manager).toHaveURL(`${server.baseUrl}/practice`);
  await Promise.all([ctx.close(), samCtx.close(), managerCtx.close()]);
});

test('settings: the owner changes the session limits; requiring two-step first needs their own', async ({ browser }) => {
  const ctx = await browser.newContext(VIEWER);
  const owner = await ownerPage(ctx);
  await owner.getByRole('link', { name: 'Settings' }).click();
  const idle = owner.getByLabel('Idle timeout in minutes');
  await expect(idle).toHaveValue('30');
  await retype(idle, '20');
  await retype(owner.getByLabel('Absolute lifetime in hours'), '8');
  await owner.getByRole('button', { name: 'Save settings' }).click();
  await expect(owner.getByText('The settings are saved.')).toBeVisible();
  await owner.reload();
  await expect(owner.getByLabel('Idle timeout in minutes')).toHaveValue('20');
  await expect(owner.getByLabel('Absolute lifetime in hours')).toHaveValue('8');

  await retype(owner.getByLabel('Idle timeout in minutes'), '2');
  await owner.getByRole('button', { name: 'Save settings' }).click();
  await expect(owner.getByText('The idle timeout is a whole number of minutes from 5 to 480.')).toBeVisible();
  await retype(owner.getByLabel('Idle timeout in minutes'), '20');
  await owner.getByLabel('Require two-step sign-in for everyone').check();
  await owner.getByRole('button', { name: 'Save settings' }).click();
  await expect(owner.getByText('Turn on two-step sign-in for your own account first.')).toBeVisible();
  await expectAccessible(owner, 'settings, refused');

  // Email reminders: by default a day and an hour before; the owner changes them, or turns them off.
  const reminders = owner.getByLabel('Hours before each video visit');
  await expect(reminders).toHaveValue('24, 1');
  await reminders.fill('48, 2');
  await owner.getByRole('button', { name: 'Save reminders' }).click();
  await expect(owner.getByText('Reminders go 48 and 2 hours before each video visit.')).toBeVisible();
  expect(await practiceApi(owner, 'GET', '/settings/reminders')).toEqual({ minutes: [2880, 120] });
  await reminders.fill('');
  await owner.getByRole('button', { name: 'Save reminders' }).click();
  await expect(owner.getByText('No reminders are sent.')).toBeVisible();
  expect(await practiceApi(owner, 'GET', '/settings/reminders')).toEqual({ minutes: [] });
  await reminders.fill('soon');
  await owner.getByRole('button', { name: 'Save reminders' }).click();
  await expect(owner.getByText('Write up to four numbers of hours, such as 24, 1 (or leave it empty for none).')).toBeVisible();
  await ctx.close();
});

test('audit log: names for ids, Load more, a staff filter, and the same filter as CSV', async ({ browser }) => {
  const ctx = await browser.newContext(VIEWER);
  const owner = await ownerPage(ctx);
  // More events than one page: each added client is one.
  for (let i = 0; i < 55; i++)
    await call(owner, 'POST', '/clients', { name: `Client ${i}`, timeZone: 'UTC', language: 'en', therapistId: ids.sam });
  await owner.getByRole('link', { name: 'Audit log' }).click();
  const rows = owner.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(rows.first().getByRole('cell').nth(1)).toHaveText('client created');
  await expect(rows.first().getByRole('cell').nth(2)).toHaveText('Dana Owner');
  await owner.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => rows.count(), { message: 'rows after Load more' }).toBeGreaterThan(50);

  await owner.getByLabel('Staff member').selectOption({ label: 'Sam Therapist' });
  await owner.getByRole('button', { name: 'Show events' }).click();
  await expect(rows.filter({ hasText: 'sign-in' }).first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain('Sam Therapist');
  await expect(owner.getByRole('button', { name: 'Load more' })).toBeHidden();
  await expectAccessible(owner, 'audit log');

  const href = await owner.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  expect(href).toContain(`staffId=${ids.sam}`);
  const csv = await owner.evaluate(async (url) => {
    const res = await fetch(url);
    return { type: res.headers.get('content-type'), text: await res.text() };
  }, href!);
  expect(csv.type).toContain('text/csv');
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('at,event,staffId,subjectStaffId,appointmentId,participantId,clientId');
  expect(lines.length).toBe((await rows.count()) + 1);
  await ctx.close();
});

interface Booked {
  appointments: { id: string; startsAt: string }[];
}
/** A date as the date input takes it, `days` from today in Tokyo. */
function tokyoDate(days: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('clients: search, edit, and an appointment rescheduled in the viewer’s zone, made in person and cancelled', async ({ browser }) => {
  const ctx = await browser.newContext(VIEWER);
  const owner = await ownerPage(ctx);
  await call(owner, 'PUT', `/staff/${ids.owner}/teletherapy`, { on: true });
  const { client } = await call<{ client: { id: string } }>(owner, 'POST', '/clients', {
    name: 'Jordan Client',
    timeZone: 'America/Chicago',
    language: 'en',
    therapistId: ids.owner,
  });
  await call(owner, 'POST', '/clients', { name: 'Casey Caseload', timeZone: 'UTC', language: 'en', therapistId: ids.sam });
  // Tomorrow (in Tokyo) at 10:00 UTC, which is 19:00 in Tokyo.
  const booked = await call<Booked>(owner, 'POST', '/appointments', {
    therapistId: ids.owner,
    clientIds: [client.id],
    start: `${tokyoDate(1)}T10:00:00Z`,
    minutes: 50,
  });
  const id = booked.appointments[0]!.id;

  await owner.getByRole('link', { name: 'Clients' }).click();
  await owner.getByRole('searchbox', { name: 'Name' }).fill('jord');
  await owner.getByRole('button', { name: 'Search' }).click();
  await expect(owner.getByRole('button', { name: /^Client \d+$/ })).toHaveCount(0);
  await owner.getByRole('button', { name: 'Jordan Client' }).click();
  await expect(owner.getByRole('heading', { level: 2, name: 'Jordan Client' })).toBeFocused();
  const edit = owner.getByRole('form', { name: 'Edit client' });
  await expect(edit.getByLabel('Time zone')).toHaveValue('America/Chicago');
  await edit.getByLabel('Language').selectOption('es');
  await edit.getByLabel('Phone (optional)').fill('+1 555 0100');
  await edit.getByRole('button', { name: 'Save client' }).click();
  await expect(owner.getByText('The client is saved.')).toBeVisible();
  expect(await call(owner, 'GET', `/clients/${client.id}`)).toMatchObject({ client: { language: 'es', phone: '+1 555 0100' } });

  // Shown in Tokyo time, with the zone named.
  const item = owner.locator(`[data-appointment="${id}"]`);
  await expect(item.getByRole('heading', { level: 3 })).toContainText('7:00 PM – 7:50 PM GMT+9');
  await item.getByText('Reschedule or cancel').click();
  const move = item.getByRole('form', { name: 'Reschedule' });
  await expect(move.getByText('In your time zone (Asia/Tokyo).')).toBeVisible();
  // A start in the past is warned about, not refused.
  await move.getByLabel('Date').fill(tokyoDate(-1));
  await expect(move.getByText('This start time is in the past.')).toBeVisible();
  await move.getByLabel('Date').fill(tokyoDate(2));
  await move.getByLabel('Start time').fill('09:30');
  await expect(move.getByText('This start time is in the past.')).toHaveCount(0);
  await expectAccessible(owner, 'client with an appointment open');
  await move.getByRole('button', { name: 'Reschedule' }).click();
  const moved = owner.locator(`[data-appointment="${id}"]`);
  await expect(moved.getByRole('heading', { level: 3 })).toContainText('9:30 AM – 10:20 AM GMT+9');
  // 09:30 in Tokyo is 00:30 UTC the same day.
  expect(await call(owner, 'GET', `/appointments/${id}`)).toMatchObject({ appointment: { startsAt: `${tokyoDate(2)}T00:30:00.000Z` } });

  await moved.getByText('Reschedule or cancel').click();
  await moved.getByRole('button', { name: 'Make it in person' }).click();
  await expect(owner.locator(`[data-appointment="${id}"] .tags`)).toHaveText('In person');
  await owner.locator(`[data-appointment="${id}"]`).getByText('Reschedule or cancel').click();
  await owner.locator(`[data-appointment="${id}"]`).getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(owner.getByRole('button', { name: 'Yes, cancel it' })).toBeFocused();
  await owner.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(owner.locator(`[data-appointment="${id}"] .tags`)).toHaveText('In person · Cancelled');
  await expect(owner.locator(`[data-appointment="${id}"]`).getByText('Reschedule or cancel')).toHaveCount(0);
  // Home lists it as cancelled too.
  await owner.getByRole('link', { name: 'Appointments' }).click();
  await expect(owner.getByRole('region', { name: 'Upcoming' }).locator(`[data-appointment="${id}"] .tags`)).toHaveText(
    'In person · Cancelled',
  );

  // A therapist's Clients screen: their own caseload, no therapist to pick.
  const samCtx = await browser.newContext(VIEWER);
  const sam = await samCtx.newPage();
  await signIn(sam, server.baseUrl, 'sam@example.test', PASSWORD);
  await sam.getByRole('link', { name: 'Clients' }).click();
  await expect(sam.getByRole('button', { name: 'Casey Caseload' })).toBeVisible();
  await expect(sam.getByRole('button', { name: 'Jordan Client' })).toHaveCount(0);
  await expect(sam.getByRole('search').getByLabel('Therapist')).toHaveCount(0);
  await expectAccessible(sam, 'clients, as a therapist');
  await Promise.all([ctx.close(), samCtx.close()]);
});
