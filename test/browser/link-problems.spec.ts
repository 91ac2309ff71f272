// Every way a link can be unusable gets a plain-language page, never a blank or stuck one, and the
// camera is not asked for.
import { expect, test, type Page } from '@playwright/test';
import { clockTextSince } from './support/clock-text.js';
import { demoLinks, tokenOf } from './support/visit.js';

async function expectProblem(page: Page, heading: string | RegExp, body: RegExp): Promise<void> {
  const problem = page.locator('[data-problem]');
  await expect(problem.getByRole('heading', { name: heading })).toBeVisible();
  await expect(problem).toContainText(body);
  await expect(page.locator('video')).toHaveCount(0);
}

test('too early: says when the visit opens', async ({ page }) => {
  // Within the hour, so the countdown shows seconds and changes every second (past an hour it shows
  // hours and minutes, which change once a minute).
  const made = Date.now();
  const links = demoLinks('--starts-in', '20');
  await page.goto(links.clientUrl);
  await expectProblem(page, /^Your visit opens at .*\d{1,2}:\d{2}/, /lets you in by itself/);
  // The time shown is the link's opening time (start minus 15 minutes) in the viewer's clock.
  const opensAt = await clockTextSince(page, made, 5 * 60_000);
  await expect(page.getByRole('heading')).toHaveText(new RegExp(`^Your visit opens at ${opensAt}$`));
  // The appointment's own time and its provider (the server sends only these), and a live countdown.
  const startsAt = await clockTextSince(page, made, 20 * 60_000);
  await expect(page.locator('[data-problem]')).toContainText(new RegExp(`Your appointment with Dr\\. Rivera is at ${startsAt};`));
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^The visit opens in [45] min \d{2} s\.$/);
  const first = await timer.textContent();
  await expect(timer, 'the countdown keeps going').not.toHaveText(first ?? '', { timeout: 5000 });
});

test('expired: asks for a new link', async ({ page }) => {
  const links = demoLinks('--starts-in', '-120', '--minutes', '60');
  await page.goto(links.clientUrl);
  await expectProblem(page, 'This link has expired', /Ask your provider for a new link/);
});

test('revoked: says the link was withdrawn', async ({ page }) => {
  const links = demoLinks('--revoke-client');
  await page.goto(links.clientUrl);
  await expectProblem(page, 'This link is no longer valid', /withdrew it/);
});

test('tampered: says the link is not valid', async ({ page }) => {
  const links = demoLinks();
  const token = tokenOf(links.clientUrl);
  const [h, p, s] = token.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  payload.role = 'provider';
  const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  await page.goto(links.clientUrl.replace(token, forged));
  await expectProblem(page, 'This link is not valid', /Copy the whole link/);
});

test('another appointment: says the link belongs elsewhere', async ({ page }) => {
  const a = demoLinks();
  const b = demoLinks();
  await page.goto(`${new URL(b.clientUrl).origin}/v/${b.appointmentId}#t=${tokenOf(a.clientUrl)}`);
  await expectProblem(page, 'This link is for a different appointment', /exactly as you received it/);
});

test('incomplete: a link without its token says so', async ({ page }) => {
  const links = demoLinks();
  await page.goto(links.clientUrl.split('#')[0]!);
  await expectProblem(page, 'This link is incomplete', /Part of the link is missing/);
});
