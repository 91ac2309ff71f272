// The connection test as a client reads it (issue 15): it promises what is true ("a few seconds"),
// names its checks in plain words (the figures stay in the technical details), and when the verdict
// appears the sound question it refers to is right there with it, on a phone and a laptop. axe-core
// on the finished page at both sizes.
import { expect, test } from '@playwright/test';
import { expectAccessible, expectUsable, LAPTOP, PHONE } from './support/layout.js';
import { reportOf } from './support/report.js';
import { serverInfo } from './support/server-info.js';

for (const size of [PHONE, LAPTOP]) {
  test(`at ${size.width}x${size.height}: plain words, and the verdict stays with the sound question`, async ({ browser }) => {
    const page = await (await browser.newContext({ viewport: size })).newPage();
    await page.goto(`${serverInfo().baseUrl}/test`);
    await expect(page.getByText(/This takes a few seconds/)).toBeVisible();
    await expect(page.getByText(/15 seconds/)).toHaveCount(0);
    await page.getByRole('button', { name: 'Start the test' }).click();
    await reportOf(page);

    const verdict = page.locator('.ct-result h2');
    await expect(verdict).toBeVisible();
    // (Firefox here has no sound device, so its verdict may ask to check the microphone instead.)
    if ((await page.locator('.ct-result').getAttribute('data-verdict')) === 'pass')
      await expect(page.locator('.ct-result-text')).toContainText('question about the test sound');
    await expectUsable(verdict, 'the verdict', { scroll: true });
    // The question it points to is on screen at the same time, just above it.
    const question = page.getByRole('heading', { name: /Did you hear it/ });
    await expectUsable(question, 'the sound question');
    const q = (await question.boundingBox())!;
    const v = (await verdict.boundingBox())!;
    expect(q.y, 'the question is above the verdict').toBeLessThan(v.y);

    // No jargon in what a client reads; the figures are in the technical details.
    const visible = (await page.locator('.ct-intro, .ct-check, .ct-result h2, .ct-result-text').allTextContents()).join('\n');
    for (const jargon of ['Connection to Vestibule', 'Relay server', 'round trip']) expect(visible).not.toContain(jargon);
    await expect(page.locator('[data-check="server"]')).toContainText('Reaching the visit service');
    await expect(page.locator('pre[data-report]')).toContainText('rttMs');
    await expectAccessible(page, 'connection test result', [size]);
    await page.context().close();
  });
}
