// Group visits (a mesh of up to six) and the visit at phone sizes.
import { expect, test, type Page } from '@playwright/test';
import { demoLinks, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

test('a three-person visit: everyone receives everyone, and the provider admits from the attendees list', async ({ browser }) => {
  // Three browsers and six media paths on a 2-core machine: Firefox needs more than the default minute.
  test.setTimeout(150_000);
  const links = demoLinks('--clients', '2');
  const [jordanUrl, alexUrl] = links.clientUrls!;
  const provider = await newPeerPage(await browser.newContext());
  const jordan = await newPeerPage(await browser.newContext());
  const alex = await newPeerPage(await browser.newContext());
  await provider.goto(links.providerUrl);
  await jordan.goto(jordanUrl!);
  await alex.goto(alexUrl!);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expectRemoteMediaFlowing(jordan);

  // During the call, from the attendees panel.
  await provider.getByRole('button', { name: 'Attendees' }).click();
  const panel = provider.getByRole('region', { name: 'Attendees' });
  await expect(panel).toContainText('Jordan');
  await panel.getByRole('button', { name: 'Admit Alex' }).click();

  for (const [page, others] of [
    [provider, ['Jordan', 'Alex']],
    [jordan, ['Dr. Rivera', 'Alex']],
    [alex, ['Dr. Rivera', 'Jordan']],
  ] as const) {
    await expect(page.locator('video[data-remote]')).toHaveCount(2);
    for (const name of others)
      await expectRemoteMediaFlowing(page, `figure[data-peer]:has(.tile-name:text-is("${name}")) video[data-remote]`);
  }
  // Alex is listed among those in the call (and again in the connection details below).
  await expect(panel.getByText('Alex', { exact: true }).first()).toBeVisible();
  for (const p of [provider, jordan, alex]) await p.context().close();
});

async function expectFitsScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(overflow, 'no horizontal scrolling').toBeLessThanOrEqual(0);
  const viewport = page.viewportSize()!;
  const buttons = page.locator('.controls-bar button:visible');
  for (let i = 0; i < (await buttons.count()); i++) {
    const box = (await buttons.nth(i).boundingBox())!;
    const name = (await buttons.nth(i).getAttribute('aria-label')) ?? (await buttons.nth(i).textContent());
    expect(box.x >= 0 && box.x + box.width <= viewport.width, `${name} within the width`).toBe(true);
    expect(box.y >= 0 && box.y + box.height <= viewport.height, `${name} within the height`).toBe(true);
  }
  for (const v of await page.locator('video').all()) expect(await v.evaluate((el: HTMLVideoElement) => el.playsInline)).toBe(true);
}

for (const [orientation, viewport] of [
  ['portrait', { width: 360, height: 740 }],
  ['landscape', { width: 740, height: 360 }],
] as const) {
  test(`phone ${orientation}: waiting room and call fit the screen`, async ({ browser }, testInfo) => {
    const links = demoLinks();
    const clientCtx = await browser.newContext({ viewport, isMobile: testInfo.project.name !== 'firefox', hasTouch: true });
    const providerCtx = await browser.newContext();
    const client = await newPeerPage(clientCtx);
    const provider = await newPeerPage(providerCtx);
    await client.goto(links.clientUrl);
    await expect(client.getByRole('button', { name: "I'm ready" })).toBeVisible();
    await expectFitsScreen(client);
    await testInfo.attach(`waiting-room-${orientation}.png`, { body: await client.screenshot(), contentType: 'image/png' });

    await provider.goto(links.providerUrl);
    await provider.getByRole('button', { name: 'Admit Jordan' }).click();
    await expectRemoteMediaFlowing(client);
    await expectFitsScreen(client);
    await expect(client.getByRole('button', { name: 'Leave session' })).toBeInViewport();
    await testInfo.attach(`call-${orientation}.png`, { body: await client.screenshot(), contentType: 'image/png' });
    await clientCtx.close();
    await providerCtx.close();
  });
}
