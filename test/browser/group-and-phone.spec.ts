// Group visits (a mesh of up to six) and the visit at phone sizes. In a group, the others' tiles form
// an even grid that fills the stage on a phone (390x844) and a laptop (1280x800), each showing live video.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectEvenGrid, expectUsable, LAPTOP, PHONE, SMALL_PHONE } from './support/layout.js';
import { demoLinks, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

test('a three-person visit: everyone receives everyone in an even grid, and the provider admits from the attendees list', async ({
  browser,
}) => {
  // Three browsers and six media paths on a 2-core machine, and axe-core at two sizes.
  test.setTimeout(240_000);
  const links = demoLinks('--clients', '2');
  const [jordanUrl, alexUrl] = links.clientUrls!;
  const provider = await newPeerPage(await browser.newContext({ viewport: LAPTOP }));
  const jordan = await newPeerPage(await browser.newContext({ viewport: PHONE, hasTouch: true }));
  const alex = await newPeerPage(await browser.newContext({ viewport: LAPTOP }));
  await provider.goto(links.providerUrl);
  await jordan.goto(jordanUrl!);
  await alex.goto(alexUrl!);
  // With two waiting, the stage says so and offers Admit all as well as each name, in view on a laptop
  // and on a small phone.
  await expect(provider.getByRole('heading', { name: '2 people are in the waiting room' })).toBeVisible();
  for (const size of [LAPTOP, SMALL_PHONE]) {
    await provider.setViewportSize(size);
    for (const name of ['Admit all', 'Admit Jordan', 'Admit Alex'])
      await expectUsable(provider.getByRole('button', { name }), `${name} at ${size.width}x${size.height}`, { scroll: true });
  }
  await provider.setViewportSize(LAPTOP);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expectRemoteMediaFlowing(jordan);

  // During the call, from the attendees panel.
  await provider.getByRole('button', { name: 'Attendees' }).click();
  const panel = provider.getByRole('region', { name: 'Attendees' });
  await expect(panel).toContainText('Jordan');
  await panel.getByRole('button', { name: 'Admit Alex' }).click();

  for (const [who, page, others] of [
    ['the provider', provider, ['Jordan', 'Alex']],
    ['Jordan', jordan, ['Dr. Rivera', 'Alex']],
    ['Alex', alex, ['Dr. Rivera', 'Jordan']],
  ] as const) {
    // Jordan and Alex connect to each other once Alex is in: slow when the machine is busy.
    await expect(page.locator('video[data-remote]'), `${who} sees the two others`).toHaveCount(2, { timeout: 60_000 });
    for (const name of others)
      await expectRemoteMediaFlowing(page, `figure[data-peer]:has(.tile-name:text-is("${name}")) video[data-remote]`);
  }
  // Alex is listed among those in the call (and again in the connection details below).
  await expect(panel.getByText('Alex', { exact: true }).first()).toBeVisible();
  await provider.getByRole('button', { name: 'Attendees', exact: true }).click();
  await expect(panel).toBeHidden();

  // The stage at a phone and a laptop size, for a client and for the provider (who has the side column).
  for (const [who, page] of [
    ['Jordan', jordan],
    ['the provider', provider],
  ] as const) {
    await page.bringToFront();
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await expectEvenGrid(page, 2, `${who}'s group call at ${size.width}x${size.height}`);
    }
  }
  await expectAccessible(jordan, 'group call');
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
