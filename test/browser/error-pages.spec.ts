// Every error a browser can reach is a page in the product's style (issue 15), read on a phone and a
// laptop: a visit link without its appointment id (which once answered Fastify's raw JSON), a mangled
// one, an unknown address, and an unusable link (expired). API routes keep answering JSON. axe-core
// on each page at both sizes. Page loads only, no call: run once, in Chromium.
import { expect, test } from '@playwright/test';
import { expectAccessible, expectUsable, LAPTOP, PHONE } from './support/layout.js';
import { serverInfo } from './support/server-info.js';
import { demoLinks } from './support/visit.js';

for (const [path, status, title] of [
  ['/v/', 404, 'This link is incomplete'],
  ['/v/not%20an%20id!', 400, 'This link is not valid'],
  ['/no/such/page', 404, 'Page not found'],
] as const) {
  test(`${path} is a page that says what happened, at a phone and a laptop size`, async ({ page }) => {
    const response = await page.goto(`${serverInfo().baseUrl}${path}`);
    expect(response?.status()).toBe(status);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    const heading = page.getByRole('heading', { level: 1, name: title });
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await expectUsable(heading, `"${title}" at ${size.width}x${size.height}`);
    }
    await expect(page.getByText('statusCode')).toHaveCount(0);
    // In the product's style: its stylesheet was applied (the body is not the browser's default serif).
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(/^"?(Times|serif)/i);
    await expectAccessible(page, `error page ${path}`);
  });
}

test('an API route keeps answering JSON', async ({ page }) => {
  const response = await page.goto(`${serverInfo().baseUrl}/api/no-such-thing`);
  expect(response?.status()).toBe(404);
  expect(response?.headers()['content-type']).toMatch(/^application\/(problem\+)?json/);
});

test('a link that can no longer be used (expired) passes axe-core at a phone and a laptop size', async ({ page }) => {
  const links = demoLinks('--starts-in', '-120', '--minutes', '60');
  await page.goto(links.clientUrl);
  const heading = page.getByRole('heading', { name: 'This link has expired' });
  for (const size of [PHONE, LAPTOP]) {
    await page.setViewportSize(size);
    await expectUsable(heading, `the expired-link page at ${size.width}x${size.height}`);
  }
  await expectAccessible(page, 'expired-link page');
});
