// The owner's API keys and webhooks screens in a real browser: a key created and shown once with a
// Copy button, listed with its use, revoked; a webhook added (its secret shown once), a test event
// sent to a receiving server in the test, its last result shown. Both screens pass axe-core.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { type RunningServer, startVestibule } from './support/server-process.js';
import { setupLink } from './support/practice-pages.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'correct horse battery staple';
let server: RunningServer;
const receiver = new WebhookReceiver();
test.beforeAll(async () => {
  server = await startVestibule({ DEMO: 'off', WEBHOOK_ALLOW_HTTP: 'on', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'on', WEBHOOK_POLL_MS: '100' });
});
test.afterAll(async () => {
  await server?.stop();
  await receiver.close();
});

async function seriousViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function ownerSignedIn(page: Page) {
  await page.goto(await setupLink(server));
  await page.getByLabel('Your name').fill('Dana Owner');
  await page.getByLabel('Email').fill('dana@example.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill('dana@example.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your practice' })).toBeVisible();
}

test('the owner creates and revokes an API key, and adds a webhook that gets a test event', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await ownerSignedIn(page);
  await page.getByRole('link', { name: 'API and webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API and webhooks' })).toBeFocused();

  const keys = page.getByRole('region', { name: 'API keys' });
  await keys.getByLabel('Name').fill('Records system');
  await keys.getByLabel('Scope').selectOption('read');
  await keys.getByRole('button', { name: 'Create key' }).click();
  const shown = keys.getByRole('textbox', { name: 'New API key' });
  await expect(shown).toHaveValue(/^vst_/);
  const secret = await shown.inputValue();
  await keys.getByRole('button', { name: 'Copy' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  const api = await fetch(`${server.baseUrl}/api/v1/clients`, { headers: { authorization: `Bearer ${secret}` } });
  expect(api.status).toBe(200);
  await expect(keys.getByText(/Records system \(….{4}\), read only, never used/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await keys.getByRole('button', { name: 'Revoke Records system' }).click();
  await expect(keys.getByText(/Records system .*revoked/)).toBeVisible();

  const hooks = page.getByRole('region', { name: 'Webhooks' });
  const url = await receiver.start();
  await hooks.getByLabel('URL').fill(url);
  await hooks.getByLabel('visit.ended').check();
  await hooks.getByRole('button', { name: 'Add webhook' }).click();
  await expect(hooks.getByRole('textbox', { name: 'Signing secret' })).toHaveValue(/^whsec_/);
  await expect(hooks.getByText('Nothing sent yet.')).toBeVisible();
  await hooks.getByRole('button', { name: 'Send test event' }).click();
  const [got] = await receiver.requests(1);
  expect(JSON.parse(got!.body).type).toBe('webhook.test');
  await expect(hooks.getByText('A test event is on its way.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});
