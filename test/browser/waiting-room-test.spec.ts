// The connection test run from the waiting room: its one-line summary reaches the provider, next to
// the waiting client, before they admit them.
import { expect, test } from '@playwright/test';
import { demoLinks, newPeerPage } from './support/visit.js';

test('the provider sees the waiting client’s connection-test summary before admitting', async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  const links = demoLinks();
  const provider = await newPeerPage(await browser.newContext());
  const client = await newPeerPage(await browser.newContext());
  await provider.goto(links.providerUrl);
  await client.goto(links.clientUrl);
  const entry = provider.locator('.waiting-entry', { hasText: 'Jordan' });
  await expect(entry).toBeVisible();
  await expect(entry.locator('[data-test-summary]')).toHaveCount(0);

  await client.getByRole('button', { name: 'Test my connection' }).click();
  const dialog = client.getByRole('dialog', { name: 'Connection test' });
  await expect(dialog.locator('pre[data-report]')).not.toBeEmpty({ timeout: 45_000 });
  const report = JSON.parse((await dialog.locator('pre[data-report]').textContent())!);

  const summary = entry.locator('[data-test-summary]');
  await expect(summary).toContainText('camera ok');
  // Firefox here has no sound device, so its microphone check is 'skip' and the summary says nothing of it.
  const mic = report.checks.find((c: { id: string }) => c.id === 'microphone');
  if (mic.status === 'pass') await expect(summary).toContainText('mic ok');
  else expect(testInfo.project.name).toBe('firefox');
  await expect(summary).toContainText(/Mbps up|kbps up/);
  // The summary is the client's own report, not a canned line.
  expect(['pass', 'warn', 'fail']).toContain(report.verdict);
  await expect(summary).toHaveClass(new RegExp(`\\b${report.verdict}\\b`));
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await provider.context().close();
  await client.context().close();
});
