// The connection test page in real browsers (Chromium, and Firefox ESR where the project list has it):
// fake camera and microphone, the running server's real endpoints. With everything allowed, every check
// passes; in an in-app browser without WebRTC it says what to open instead. The blocked-camera case
// is in permissions-blocked.spec.ts, which launches its own Chromium.
import { expect, test } from '@playwright/test';
import { reportOf, status } from './support/report.js';
import { serverInfo } from './support/server-info.js';
import { ONE_ENGINE } from './support/tags.js';

test('with camera and microphone allowed, every check passes and the report is complete', async ({ browser, browserName }) => {
  const context = await browser.newContext();
  // Granting a list replaces what was granted before: camera and microphone must be in it too.
  await context.grantPermissions(['camera', 'microphone', 'clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(`${serverInfo().baseUrl}/test`);
  await expect(page.getByRole('heading', { name: 'Connection test' })).toBeVisible();
  const started = Date.now();
  await page.getByRole('button', { name: 'Start the test' }).click();

  // Progress is shown while it runs.
  await expect(page.getByRole('progressbar', { name: 'Test progress' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Did you hear it/ })).toBeVisible();

  const report = await reportOf(page);
  const elapsed = Date.now() - started;
  test.info().annotations.push({ type: 'timing', description: `report after ${elapsed} ms (runner: ${report.durationMs} ms)` });
  console.log(`connection test: report after ${elapsed} ms, runner ${report.durationMs} ms; network ${JSON.stringify(report.network)}`);
  expect(report.durationMs).toBeLessThan(15_000);

  // Until the person answers, the speaker check is 'skip' and does not hold the report back.
  expect(status(report, 'speakers')).toBe('skip');
  expect(report.checks.find((c) => c.id === 'speakers')?.message).toMatch(/not confirmed/i);
  for (const id of ['browser', 'permissions', 'camera', 'server', 'network']) {
    expect(status(report, id), `${id}: ${report.checks.find((c) => c.id === id)?.message}`).toBe('pass');
  }
  const mic = report.checks.find((c) => c.id === 'microphone')!;
  if (browserName === 'firefox' && mic.status === 'skip') {
    // Firefox on these machines has no sound device, so its AudioContext never starts (even after a
    // click): the page must then say it could not measure, never report a silent microphone.
    expect(mic.message).toMatch(/could not measure/);
  } else {
    expect(mic.status, mic.message).toBe('pass');
  }
  // No TURN configured for this server unless E2E_TURN_URLS is set: the relay check says so plainly.
  expect(status(report, 'relay')).toBe(report.network.turnConfigured ? 'pass' : 'skip');
  expect(report.verdict).toBe('pass');
  for (const key of ['uplinkKbps', 'downlinkKbps', 'rttMs', 'jitterMs', 'lossPct'] as const) {
    expect(typeof report.network[key], key).toBe('number');
    expect(Number.isFinite(report.network[key]), key).toBe(true);
  }
  expect(report.network.uplinkKbps).toBeGreaterThan(750);
  expect(report.network.downlinkKbps).toBeGreaterThan(750);
  const camera = report.checks.find((c) => c.id === 'camera')!;
  expect(camera.details?.width).toBeGreaterThan(0);
  expect(camera.details?.frameRate).toBeGreaterThan(0);
  if (!report.network.turnConfigured) expect(String(report.checks.find((c) => c.id === 'network')?.details?.lossNote)).toMatch(/reliable/);

  await expect(page.getByRole('heading', { name: 'You are ready for your visit' })).toBeVisible();

  // Answering the question updates the report.
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect.poll(async () => status(await reportOf(page), 'speakers')).toBe('pass');
  await expect(
    page.getByText(mic.status === 'skip' ? 'Everything we could check works. Not checked: Microphone.' : /^Everything works/),
  ).toBeVisible();

  // "Copy details" puts the report on the clipboard.
  await page.getByRole('button', { name: 'Copy details' }).click();
  await expect(page.getByText(/^Copied/)).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('"verdict": "pass"');
  await context.close();
});

test('answering No to the sound question shows what to try', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${serverInfo().baseUrl}/test`);
  await page.getByRole('button', { name: 'Start the test' }).click();
  await page.getByRole('button', { name: 'No', exact: true }).click();
  const report = await reportOf(page);
  expect(status(report, 'speakers')).toBe('fail');
  expect(report.verdict).toBe('fail');
  const card = page.locator('[data-check="speakers"]');
  await expect(card.getByText('Get sound working')).toBeVisible();
  await expect(card.getByText(/Turn the volume up/)).toBeVisible();
  await context.close();
});

test('an in-app browser without WebRTC is told what to open instead and can copy the link', ONE_ENGINE, async ({ browser }) => {
  const context = await browser.newContext({
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone14,5; iOS 17_5; en_US; en; scale=3.00; 1170x2532; 612281235)',
  });
  await context.addInitScript(() => {
    // What such a web view looks like to a page: no WebRTC.
    delete (window as unknown as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const url = `${serverInfo().baseUrl}/test`;
  await page.goto(url);
  await page.getByRole('button', { name: 'Start the test' }).click();
  const report = await reportOf(page);
  expect(status(report, 'browser')).toBe('fail');
  const card = page.locator('[data-check="browser"]');
  await expect(card.getByText(/Instagram's built-in browser, which cannot make video calls\. Open this page in Safari/)).toBeVisible();
  await expect(card.getByRole('heading', { name: 'Open this page in Safari' })).toBeVisible();
  await card.getByRole('button', { name: 'Copy link to this page' }).click();
  await expect(card.getByText(/Link copied/)).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await context.close();
});
