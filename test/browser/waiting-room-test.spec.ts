// The connection test run from the waiting room: its one-line summary reaches the provider, next to
// the waiting client, before they admit them.
import { expect, test } from '@playwright/test';
import { formatKbps } from '../../client/connection-test/report.js';
import { expectAccessible } from './support/layout.js';
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
  // Fake camera and microphone on loopback: every check passes, the unanswered speaker question (and
  // the relay check without TURN, Firefox's microphone without a sound device) are 'skip', which does
  // not lower the verdict. So the verdict is 'pass', and the provider's line says so.
  const notPassing = report.checks.filter((c: { status: string }) => c.status !== 'pass' && c.status !== 'skip');
  expect(notPassing, JSON.stringify(notPassing)).toEqual([]);
  expect(report.verdict).toBe('pass');
  await expect(summary).toHaveClass(/\bpass\b/);
  await expect(summary).not.toHaveClass(/\b(warn|fail)\b/);
  // The summary is the client's own report, not a canned line: its speeds are the ones measured.
  await expect(summary).toContainText(`${formatKbps(report.network.uplinkKbps)} Mbps up`);
  // The dialog with its verdict, at a phone's size and a laptop's.
  await expectAccessible(client, 'the connection-test dialog with its verdict');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expect(client.getByRole('heading', { name: 'You are in the waiting room' })).toBeHidden();
  await provider.context().close();
  await client.context().close();
});
