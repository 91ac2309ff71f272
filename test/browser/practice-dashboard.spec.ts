// The practice dashboard end to end, on its own server: the owner sets up the practice from the
// set-up link the first start prints, signs in, turns on Teletherapy, adds a client, books a video
// visit starting now, hands the client their link, and starts the visit; the client waits, is
// admitted, and both have media. Each dashboard screen passes axe-core (no serious or critical
// violations) at phone and desktop sizes. axe is evaluated through DevTools, since the pages' CSP
// (rightly) refuses an inline script tag.
import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectAccessible, retype, setupLink } from './support/practice-pages.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';
import { ONE_ENGINE } from './support/tags.js';

// The second test signs in as the owner the first one set up.
test.describe.configure({ mode: 'serial' });

const OWNER = { email: 'dana@example.test', password: 'correct horse battery staple' };
let server: RunningServer;
test.beforeAll(async () => {
  server = await startVestibule({ DEMO: 'off' });
});
test.afterAll(async () => {
  await server?.stop();
});

test('owner sets up the practice, books a visit and sees the client in it', async ({ browser, browserName }) => {
  // A whole practice set-up and a two-party visit: Firefox on 2 busy cores needs more than two minutes.
  test.setTimeout(240_000);
  // Only Chromium lets a test grant clipboard access; in Firefox the link is checked in its box.
  const chromium = browserName === 'chromium';
  const ownerCtx = await browser.newContext(chromium ? { permissions: ['clipboard-read', 'clipboard-write'] } : {});
  const owner = await newPeerPage(ownerCtx);

  // Set up from the printed link.
  await owner.goto(await setupLink(server));
  await expect(owner.getByRole('heading', { level: 1, name: 'Set up your practice' })).toBeVisible();
  await expectAccessible(owner, 'set-up');
  await owner.getByLabel('Your name').fill('Dana Owner');
  await owner.getByLabel('Email').fill('dana@example.test');
  await owner.getByLabel('Password').fill('short');
  await owner.getByRole('button', { name: 'Create owner account' }).click();
  await expect(owner.getByText('The password needs at least 12 characters.')).toBeVisible();
  await owner.getByLabel('Password').fill('correct horse battery staple');
  await owner.getByRole('button', { name: 'Create owner account' }).click();
  await expect(owner.getByRole('heading', { name: 'Your account is ready' })).toBeVisible();
  // The token left the address bar.
  expect(new URL(owner.url()).hash).toBe('');
  await owner.getByRole('link', { name: 'Sign in' }).click();

  // Sign in: a wrong password first, in plain words.
  await expect(owner.getByRole('heading', { level: 1, name: 'Sign in to your practice' })).toBeVisible();
  await expectAccessible(owner, 'sign-in');
  // The code step shows only when the server asks for it.
  await expect(owner.getByLabel('Code from your authenticator app')).toBeHidden();
  await owner.getByLabel('Email').fill('dana@example.test');
  await owner.getByLabel('Password').fill('not the password at all');
  await owner.getByRole('button', { name: 'Sign in' }).click();
  await expect(owner.getByRole('status').filter({ hasText: /\w/ })).toBeVisible();
  // The keyboard alone: Enter in the password field signs in.
  await owner.getByLabel('Password').fill('correct horse battery staple');
  await owner.getByLabel('Password').press('Enter');
  await expect(owner.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
  await expect(owner.getByText('Signed in as Dana Owner')).toBeVisible();

  // Teletherapy on for the owner (on the Staff screen), then a client and a visit starting now.
  await owner.getByRole('link', { name: 'Staff' }).click();
  await owner.getByRole('button', { name: 'Turn on Teletherapy for Dana Owner' }).click();
  await expect(owner.getByRole('button', { name: 'Turn off Teletherapy for Dana Owner' })).toBeVisible();
  await owner.getByRole('link', { name: 'Appointments' }).click();
  const clientForm = owner.getByRole('form', { name: 'New client' });
  await clientForm.getByLabel('Name').fill('Jordan Client');
  await expect(clientForm.getByLabel('Time zone')).toHaveValue(
    await owner.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  );
  await clientForm.getByRole('button', { name: 'Add client' }).click();
  await expect(owner.getByText('Jordan Client is added.')).toBeVisible();

  const visitForm = owner.getByRole('form', { name: 'New video visit' });
  // Yesterday at noon is in the past whatever the hour (today at 00:00 is not, in the first minute of the day).
  // The minute before this one, as someone who read their clock before typing often gives, is not.
  const [yesterday, now] = await owner.evaluate(() =>
    [Date.now() - 86_400_000, Date.now() - 60_000].map((ms) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return { date: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`, time: `${p(d.getHours())}:${p(d.getMinutes())}` };
    }),
  );
  await visitForm.getByLabel('Date').fill(yesterday!.date);
  await visitForm.getByLabel('Start time').fill('12:00');
  await expect(visitForm.getByText('This start time is in the past.')).toBeVisible();
  await visitForm.getByLabel('Date').fill(now!.date);
  await visitForm.getByLabel('Start time').fill(now!.time);
  await expect(visitForm.getByText('This start time is in the past.')).toHaveCount(0);
  await visitForm.getByLabel('Jordan Client').check();
  await expect(visitForm.getByLabel('Number of visits')).toBeHidden();
  await visitForm.getByLabel('Repeat').selectOption('weekly');
  await retype(visitForm.getByLabel('Number of visits'), '2');
  await visitForm.getByRole('button', { name: 'Book visit' }).click();
  await expect(owner.getByText('2 visits are booked.')).toBeVisible();

  // Next week's visit cannot be started yet; its client's links can be issued and revoked.
  const nextWeek = owner.getByRole('region', { name: 'Upcoming' }).locator('.appointment');
  await expect(nextWeek).toHaveCount(1);
  await expect(nextWeek.getByRole('button', { name: 'Start visit' })).toHaveCount(0);
  await nextWeek.getByText('Participants and links').click();
  const laterRow = nextWeek.locator('.participant').filter({ has: owner.getByRole('heading', { name: 'Jordan Client', exact: true }) });
  const laterLink = laterRow.getByRole('textbox', { name: 'Link for Jordan Client' });
  await laterRow.getByRole('button', { name: 'New link' }).click();
  await expect(laterLink).toHaveValue(/\/j#[0-9A-Z-]{17}$/);
  await laterRow.getByRole('button', { name: 'Revoke' }).click();
  await expect(laterRow.getByText('Every link of this participant is withdrawn.')).toBeVisible();
  await expect(laterLink).toBeHidden();
  await expectAccessible(owner, 'dashboard');

  // The client's link, from the read-only box.
  const today = owner.getByRole('region', { name: 'Today' });
  const appointment = today
    .getByRole('listitem')
    .filter({ has: owner.getByRole('heading', { name: /Jordan Client/ }) })
    .first();
  await appointment.getByText('Participants and links').click();
  const clientRow = appointment.locator('.participant').filter({ has: owner.getByRole('heading', { name: 'Jordan Client', exact: true }) });
  await clientRow.getByRole('button', { name: 'Copy link' }).click();
  const linkBox = clientRow.getByRole('textbox', { name: 'Link for Jordan Client' });
  await expect(linkBox).toHaveValue(/\/j#[0-9A-Z-]{17}$/);
  await expect(linkBox).toHaveAttribute('readonly', '');
  const clientUrl = await linkBox.inputValue();
  if (chromium) expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(clientUrl);
  await expectAccessible(owner, 'appointment detail');

  // The client waits; the owner starts the visit as provider and admits them.
  const clientCtx = await browser.newContext();
  const client = await newPeerPage(clientCtx);
  await client.goto(clientUrl);
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeVisible();

  await appointment.getByRole('button', { name: 'Start visit' }).click();
  // The provider's own page opens the long link, which can carry which waiting person to focus.
  await expect(owner).toHaveURL(/\/v\/[A-Za-z0-9_-]+#t=/);
  await owner.getByRole('button', { name: 'Admit Jordan Client' }).click();
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(owner);

  // Sign out everywhere, from another tab of the owner's: the dashboard then asks to sign in.
  const tab = await ownerCtx.newPage();
  await tab.goto(`${server.baseUrl}/practice`);
  await expect(tab.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
  await tab.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(tab.getByRole('heading', { level: 1, name: 'Sign in to your practice' })).toBeVisible();
  await tab.goto(`${server.baseUrl}/practice`);
  await expect(tab.getByRole('heading', { level: 1, name: 'Sign in to your practice' })).toBeVisible();

  await clientCtx.close();
  await ownerCtx.close();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.baseUrl}/practice/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const totpCode = (secret: string, at: number) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

test(
  'a therapist is invited, joins, turns on two-step sign-in, and is locked out after wrong passwords',
  ONE_ENGINE,
  async ({ browser }) => {
    test.setTimeout(180_000);
    const ownerCtx = await browser.newContext();
    const owner = await ownerCtx.newPage();
    await signIn(owner, OWNER.email, OWNER.password);
    await expect(owner.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
    await owner.getByRole('link', { name: 'Staff' }).click();
    const inviteForm = owner.getByRole('form', { name: 'Invite someone' });
    await inviteForm.getByLabel('Name').fill('Sam Therapist');
    await inviteForm.getByLabel('Email').fill('sam@example.test');
    await expect(inviteForm.getByLabel('Role')).toHaveValue('therapist');
    await inviteForm.getByRole('button', { name: 'Invite' }).click();
    const invitation = inviteForm.getByRole('textbox', { name: 'Invitation link' });
    await expect(invitation).toHaveValue(/\/practice\/accept-invitation#t=/);
    await expect(owner.getByText('Sam Therapist (therapist, invited), Teletherapy on')).toBeVisible();
    const invitationUrl = await invitation.inputValue();

    // The therapist, in their own browser.
    const therapistCtx = await browser.newContext();
    const therapist = await therapistCtx.newPage();
    await therapist.goto(invitationUrl);
    await expect(therapist.getByRole('heading', { level: 1, name: 'Join your practice' })).toBeVisible();
    await expectAccessible(therapist, 'accept invitation');
    await therapist.getByLabel('Password').fill('a long therapist passphrase');
    await therapist.getByRole('button', { name: 'Save password' }).click();
    await expect(therapist.getByRole('heading', { name: 'Your account is ready' })).toBeVisible();
    await signIn(therapist, 'sam@example.test', 'a long therapist passphrase');
    await expect(therapist.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
    // A therapist manages no staff and books for themself.
    await expect(therapist.getByRole('link', { name: 'Staff' })).toHaveCount(0);
    await expect(therapist.getByRole('form', { name: 'New video visit' }).getByLabel('Therapist')).toHaveCount(0);

    // Two-step sign-in, then signing in asks for the code.
    await therapist.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const key = therapist.getByRole('textbox', { name: 'Key for your authenticator app' });
    await expect(key).toHaveValue(/^[A-Z2-7]{16,}$/);
    const secret = await key.inputValue();
    await therapist.getByLabel('Code from your authenticator app').fill(totpCode(secret, Date.now()));
    await therapist.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect(therapist.getByText('Two-step sign-in is on.')).toBeVisible();
    await therapist.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(therapist.getByRole('heading', { level: 1, name: 'Sign in to your practice' })).toBeVisible();
    await therapist.getByLabel('Email').fill('sam@example.test');
    await therapist.getByLabel('Password').fill('a long therapist passphrase');
    await therapist.getByRole('button', { name: 'Sign in' }).click();
    const code = therapist.getByLabel('Code from your authenticator app');
    await expect(code).toBeVisible();
    await expect(therapist.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();
    await expectAccessible(therapist, 'sign-in, code step');
    // The code of the next step (accepted one step early): the one used to confirm works only once.
    await code.fill(totpCode(secret, Date.now() + 30_000));
    await therapist.getByRole('button', { name: 'Sign in' }).click();
    await expect(therapist.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();

    // Wrong passwords until the account is paused: the message says until when.
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(`${server.baseUrl}/practice/sign-in`);
    await stranger.getByLabel('Email').fill('sam@example.test');
    await stranger.getByLabel('Password').fill('not the right passphrase');
    for (let attempt = 0; attempt < 10; attempt++) {
      const answer = stranger.waitForResponse((r) => r.url().endsWith('/api/practice/sign-in'));
      await stranger.getByRole('button', { name: 'Sign in' }).click();
      if ((await answer).status() === 429) break;
      await expect(stranger.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    }
    await expect(stranger.getByText(/try again at \d{1,2}:\d{2}/i)).toBeVisible();

    await ownerCtx.close();
    await therapistCtx.close();
    await stranger.context().close();
  },
);
