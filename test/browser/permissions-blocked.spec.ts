// The connection test in a Chromium launched without the fake-UI flag, so nothing grants the camera:
// the page must show Chromium's own steps to allow it. Runs once, in the 'own-browsers' project.
import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from './support/browsers.js';
import { reportOf, status } from './support/report.js';
import { serverInfo } from './support/server-info.js';

test('with the camera blocked, the page shows Chromium’s steps to allow it', async () => {
  // A browser without the fake-UI flag: nothing grants the camera, so getUserMedia is refused.
  const browser = await chromium.launch(chromiumLaunchOptions({ fakeMedia: false }));
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${serverInfo().baseUrl}/test`);
    await page.getByRole('button', { name: 'Start the test' }).click();
    const report = await reportOf(page);
    expect(status(report, 'permissions')).toBe('fail');
    expect(report.checks.find((c) => c.id === 'permissions')?.details?.problem).toBe('blocked');
    expect(status(report, 'camera')).toBe('skip');
    expect(status(report, 'microphone')).toBe('skip');
    expect(report.verdict).toBe('fail');

    const card = page.locator('[data-check="permissions"]');
    await expect(card.getByText('Problem')).toBeVisible();
    await expect(card.getByRole('heading', { name: 'Allow the camera and microphone in Chrome' })).toBeVisible();
    await expect(card.getByText(/Click the icon at the left end of the address bar/)).toBeVisible();
    await expect(card.getByText(/choose “Site settings” and set Camera and Microphone to “Allow”/)).toBeVisible();
    // Without the permission the browser lists no speakers by name: no empty speaker list is shown.
    await expect(page.getByLabel('Play sound on')).toBeHidden();
    await expect(page.getByText('Not ready yet')).toBeVisible();
    await expect(page.getByText(/Fix this first: “Camera and microphone access”/)).toBeVisible();
    await context.close();
  } finally {
    await browser.close();
  }
});
