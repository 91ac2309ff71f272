// The client's side of a visit at the sizes people use (issue 15): the pre-join (preview in the
// middle, toggles, microphone level, device choices, the background-effect slot), "I'm ready" said in
// words, no "Off" flash before the camera opens, no "Connected"; a blocked camera keeps its diagnosis
// and its fix is the main action, and the provider sees "Camera blocked" at once; in the call on a
// phone the provider fills the screen, a camera that is off shows initials, the self view moves; the
// ended page has released the camera. axe-core on each screen at a phone and a laptop size.
import { expect, test } from '@playwright/test';
import { blockCamera, expectAccessible, expectUsable, LAPTOP, liveTracks, PHONE, recordTracks, SMALL_PHONE } from './support/layout.js';
import { demoLinks, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

test('pre-join on a phone: preview, toggles, level, device choices; ready said in words', async ({ browser, browserName }) => {
  test.setTimeout(180_000);
  const links = demoLinks();
  const client = await newPeerPage(await browser.newContext({ viewport: SMALL_PHONE, hasTouch: true }));
  await recordTracks(client);
  // Every state the Microphone and Camera toggles show before the camera and microphone opened.
  await client.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __early: string[] }).__early = seen;
    new MutationObserver(() => {
      if ((window as unknown as { __gumDone?: boolean }).__gumDone) return;
      for (const s of document.querySelectorAll('.ctl-toggle:not([data-pending]) .ctl-state')) if (s.textContent) seen.push(s.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await client.goto(links.clientUrl);
  const prejoin = client.getByRole('region', { name: 'You are in the waiting room' });
  await expect(prejoin).toBeVisible();
  await expect(prejoin.getByText('Dr. Rivera will let you in')).toBeVisible();
  await expect.poll(() => client.locator('video[data-self]').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  expect(await client.evaluate(() => (window as unknown as { __early: string[] }).__early), 'no state shown before media opened').toEqual(
    [],
  );
  await expect(client.getByText('Connected', { exact: true })).toHaveCount(0);

  // The preview is the centre of the waiting room, with the toggles and the level next to it.
  await expectUsable(client.locator('.prejoin video[data-self]'), 'the preview');
  await expectUsable(prejoin.getByRole('button', { name: 'Microphone' }), 'the Microphone toggle next to the preview');
  await expectUsable(prejoin.getByRole('button', { name: 'Camera' }), 'the Camera toggle next to the preview');
  await expect(prejoin.getByRole('button', { name: 'Microphone' })).toHaveAttribute('aria-pressed', 'true');
  const level = prejoin.getByRole('meter', { name: 'Microphone level' });
  await expect(level).toBeVisible();
  // Firefox on these machines has no sound device, so its AudioContext never runs: the level stays 0 there.
  if (browserName === 'chromium')
    await expect.poll(() => level.evaluate((m: HTMLMeterElement) => m.value), { message: 'the level moves with sound' }).toBeGreaterThan(0);
  for (const name of ['Camera', 'Microphone']) {
    const choice = prejoin.getByRole('combobox', { name });
    await expectUsable(choice, `the ${name} choice`, { scroll: true });
    expect(await choice.locator('option').count()).toBeGreaterThan(0);
  }
  await expect(client.locator('#background-choice')).toHaveCount(1);

  const ready = prejoin.getByRole('button', { name: "I'm ready" });
  await expectUsable(ready, "I'm ready", { scroll: true });
  await ready.click();
  await expect(ready).toHaveAttribute('aria-pressed', 'true');
  await expectUsable(prejoin.getByText("Dr. Rivera knows you're ready."), 'the ready confirmation', { scroll: true });
  await expectAccessible(client, 'waiting room');
  await client.context().close();
});

test('a blocked camera keeps its diagnosis, fixing it is the main action, and the provider sees it at once', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const links = demoLinks();
  // Chromium can emulate a phone (touch-first pointer); Firefox is checked at laptop size.
  const phone = testInfo.project.name === 'chromium';
  const client = await browser.newContext({ viewport: phone ? PHONE : LAPTOP, hasTouch: phone, isMobile: phone }).then((c) => c.newPage());
  await blockCamera(client);
  await client.goto(links.clientUrl);
  const problem = client.getByRole('alert').filter({ hasText: 'Camera and microphone are blocked' });
  await expect(problem).toBeVisible();
  await expect(problem).toContainText(phone ? "this website's settings" : 'address bar');
  if (phone) await expect(problem).not.toContainText('address bar');
  const fix = client.getByRole('button', { name: 'Show me how to fix this' });
  await expectUsable(fix, 'the fix, as the main action');
  await expect(fix).toHaveClass(/primary/);
  await expect(client.getByRole('button', { name: "I'm ready" })).not.toHaveClass(/primary/);
  // Pressing Camera keeps the right explanation.
  await client.locator('.prejoin').getByRole('button', { name: 'Camera' }).click();
  await expect(problem).toBeVisible();
  await expect(client.getByText(/No camera found/)).toHaveCount(0);
  await expectAccessible(client, 'waiting room with the camera blocked');

  const provider = await newPeerPage(await browser.newContext({ viewport: LAPTOP }));
  await provider.goto(links.providerUrl);
  const entry = provider.locator('.waiting-entry', { hasText: 'Jordan' });
  await expect(entry.getByText('Camera blocked')).toBeVisible();
  await expectAccessible(provider, 'provider waiting list with a problem');
  await client.context().close();
  await provider.context().close();
});

test('in the call on a phone: the provider fills the screen, camera off shows initials, the ended page released the camera', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const links = demoLinks();
  const client = await newPeerPage(await browser.newContext({ viewport: PHONE, hasTouch: true }));
  const provider = await newPeerPage(await browser.newContext({ viewport: LAPTOP }));
  await recordTracks(client);
  await client.goto(links.clientUrl);
  await provider.goto(links.providerUrl);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await client.bringToFront();
  await expectRemoteMediaFlowing(client);

  const remote = client.locator('figure[data-peer]');
  const self = client.locator('.stage > .tile.self');
  await expectUsable(remote.locator('video'), 'the provider’s video');
  await expectUsable(self, 'the self view');
  const r = (await remote.boundingBox())!;
  const s = (await self.boundingBox())!;
  const barTop = (await client.locator('.controls-bar').boundingBox())!.y;
  expect(r.width, 'the provider fills the width').toBeGreaterThan(PHONE.width * 0.9);
  expect(r.height, 'the provider fills the height above the bar').toBeGreaterThan(barTop * 0.8);
  expect(s.width * s.height, 'the self view is a small picture').toBeLessThan((r.width * r.height) / 6);
  await expect(client.getByText('Connecting you to the call…')).toBeHidden();
  await expect(client.locator('figure[data-peer]').getByText(/Direct|Relayed/)).toHaveCount(0);

  // The self view moves: dragged to the top left corner.
  await self.dispatchEvent('pointerdown', { clientX: s.x + s.width / 2, clientY: s.y + s.height / 2, pointerId: 1, isPrimary: true });
  await self.dispatchEvent('pointermove', { clientX: 40, clientY: 60, pointerId: 1, isPrimary: true });
  await self.dispatchEvent('pointerup', { clientX: 40, clientY: 60, pointerId: 1, isPrimary: true });
  await expect(self).toHaveAttribute('data-corner', 'top-left');
  await expectUsable(self, 'the self view in its new corner');
  // Its menu has no "Make main video" (which did nothing there).
  await client.getByRole('button', { name: 'Options for you' }).click();
  await expect(client.getByRole('menuitem', { name: 'Hide self view' })).toBeVisible();
  await expect(client.getByRole('menuitem', { name: 'Make main video' })).toHaveCount(0);
  await client.keyboard.press('Escape');
  await expectAccessible(client, 'call 1:1');

  // The provider turns the camera off: their initials and name in the middle of the tile.
  await provider.bringToFront();
  await provider.getByRole('button', { name: 'Camera' }).click();
  await client.bringToFront();
  const off = remote.getByText("Dr. Rivera's camera is off");
  await expectUsable(off, 'the camera-off text');
  await expect(remote.locator('.tile-initials')).toHaveText('DR');
  const o = (await off.boundingBox())!;
  expect(Math.abs(o.x + o.width / 2 - (r.x + r.width / 2)), 'said in the middle').toBeLessThan(r.width / 8);

  // Ended by the provider: a final page, camera and microphone released.
  await provider.bringToFront();
  await provider.getByRole('button', { name: 'End session' }).click();
  await provider.getByRole('dialog').getByRole('button', { name: 'End session for everyone' }).click();
  await client.bringToFront();
  await expect(client.getByRole('heading', { name: 'This visit has ended' })).toBeVisible();
  await expect(client.getByText('Connecting you to the call…')).toHaveCount(0);
  await expect(client.getByText('Disconnected')).toHaveCount(0);
  await expect(client.getByRole('button', { name: 'Microphone' })).toHaveCount(0);
  await expect.poll(() => liveTracks(client), { message: 'camera and microphone released' }).toEqual([]);
  expect((await client.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.length)) > 0).toBe(true);
  await expectAccessible(client, 'ended page');
  await client.context().close();
  await provider.context().close();
});
