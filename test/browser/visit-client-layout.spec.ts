// The client's side of a visit at the sizes people use (issue 15): the pre-join (preview in the
// middle, toggles, microphone level, device choices, the background-effect slot), "I'm ready" said in
// words, no "Off" flash before the camera opens, no "Connected"; a blocked camera keeps its diagnosis
// and its fix is the main action, and the provider sees "Camera blocked" at once; in the call on a
// phone the provider fills the screen, a camera that is off shows initials, the self view moves; the
// ended page has released the camera. axe-core on each screen at a phone and a laptop size.
import { type Browser, chromium, expect, firefox, type Page, test } from '@playwright/test';
import { chromiumLaunchOptions, firefoxLaunchOptions } from './support/browsers.js';
import {
  blockCamera,
  box,
  expectAccessible,
  expectUsable,
  LAPTOP,
  liveTracks,
  PHONE,
  recordTracks,
  SMALL_PHONE,
  withoutScreenSharing,
} from './support/layout.js';
import { ONE_ENGINE } from './support/tags.js';
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

  // On a laptop the preview is the centre of the waiting room, in view without scrolling: a large
  // picture, the toggles and the level right under it, the device choices beside it.
  await client.setViewportSize(LAPTOP);
  const preview = client.locator('.prejoin video[data-self]');
  await expectUsable(preview, 'the preview at 1280x800');
  const p = await box(preview);
  expect(p.width, 'the preview is a large picture').toBeGreaterThan(LAPTOP.width * 0.35);
  expect(p.height, 'the preview is a large picture').toBeGreaterThan(LAPTOP.height * 0.3);
  for (const [el, what] of [
    [prejoin.getByRole('group', { name: 'Camera and microphone' }), 'the toggles'],
    [level, 'the microphone level'],
  ] as const) {
    await expectUsable(el, `${what} at 1280x800`);
    const b = await box(el);
    expect(b.y - (p.y + p.height), `${what} right under the preview`).toBeLessThan(120);
    expect(b.x < p.x + p.width && b.x + b.width > p.x, `${what} under the preview, not elsewhere`).toBe(true);
  }
  // Camera, microphone and speakers (a list, or where this browser sends sound when it cannot choose).
  const fields = prejoin.locator('.prejoin-devices .vb-field');
  await expect(fields).toHaveCount(3);
  for (const [i, name] of ['Camera', 'Microphone', 'Speakers'].entries()) {
    await expect(fields.nth(i)).toContainText(name);
    await expectUsable(fields.nth(i), `the ${name} choice at 1280x800`);
    const c = await box(fields.nth(i));
    expect(c.x, `the ${name} choice beside the preview`).toBeGreaterThanOrEqual(p.x + p.width);
    expect(c.y, `the ${name} choice alongside the preview, not below it`).toBeLessThan(p.y + p.height);
  }
  await client.setViewportSize(SMALL_PHONE);

  const ready = prejoin.getByRole('button', { name: "I'm ready" });
  await expectUsable(ready, "I'm ready", { scroll: true });
  await ready.click();
  await expect(ready).toHaveAttribute('aria-pressed', 'true');
  await expectUsable(prejoin.getByText("Dr. Rivera knows you're ready."), 'the ready confirmation', { scroll: true });
  await expectAccessible(client, 'waiting room');
  await client.context().close();
});

// The meter's code comes after the page (its size budget). Should it fail to load, a bar stuck at
// zero would tell the client their microphone hears nothing: a note says what happened instead.
test('pre-join whose level meter did not load says so instead of showing an empty bar', ONE_ENGINE, async ({ browser }) => {
  test.setTimeout(120_000);
  const client = await newPeerPage(await browser.newContext({ viewport: PHONE }));
  let refused = 0;
  await client.route(/\/mic-level-[A-Z0-9]+\.js$/, (route) => {
    refused++;
    return route.abort('connectionfailed');
  });
  await client.goto(demoLinks().clientUrl);
  const prejoin = client.getByRole('region', { name: 'You are in the waiting room' });
  await expect(prejoin.getByRole('button', { name: 'Microphone' })).toHaveAttribute('aria-pressed', 'true');
  await expect(prejoin.getByText("Your microphone level can't be shown right now.")).toBeVisible();
  await expect(prejoin.getByRole('meter', { name: 'Microphone level' })).toHaveCount(0);
  expect(refused, 'the meter code was asked for, and refused').toBeGreaterThan(0);
  // The rest of the waiting room is there and works.
  await prejoin.getByRole('button', { name: "I'm ready" }).click();
  await expect(prejoin.getByText("Dr. Rivera knows you're ready.")).toBeVisible();
  await expectAccessible(client, 'waiting room without its level meter');
  await client.context().close();
});

test('a blocked camera keeps its diagnosis, fixing it is the main action, and the provider sees it at once', async ({
  browser,
  browserName,
}) => {
  test.setTimeout(240_000);
  const links = demoLinks();
  // A phone whose browser really refuses the camera: a browser of this engine launched to block it
  // (and, for Firefox, with a touch-first pointer, which Playwright cannot emulate there).
  const blocking = await launchBlockingPhoneBrowser(browserName);
  try {
    const phone = await blocking.newContext({ viewport: PHONE, hasTouch: true, ...(browserName === 'chromium' ? { isMobile: true } : {}) });
    const phonePage = await phone.newPage();
    await phonePage.bringToFront();
    await phonePage.goto(links.clientUrl);
    await expectBlockedCameraAdvice(phonePage, 'phone');
    await expectAccessible(phonePage, 'waiting room with the camera blocked');

    // A laptop: told about the address bar. (getUserMedia refused by the page's own stand-in.)
    const laptop = await browser.newContext({ viewport: LAPTOP });
    const laptopPage = await laptop.newPage();
    await blockCamera(laptopPage);
    await laptopPage.goto(links.clientUrl);
    await expectBlockedCameraAdvice(laptopPage, 'computer');

    const provider = await newPeerPage(await browser.newContext({ viewport: LAPTOP }));
    await provider.goto(links.providerUrl);
    const entry = provider.locator('.waiting-entry', { hasText: 'Jordan' });
    await expect(entry.getByText('Camera blocked')).toBeVisible();
    await expectAccessible(provider, 'provider waiting list with a problem');
    await laptop.close();
    await provider.context().close();
  } finally {
    await blocking.close();
  }
});

/** Chromium without its fake-UI flag, or Firefox with camera and microphone blocked by default: getUserMedia is refused. */
async function launchBlockingPhoneBrowser(engine: string): Promise<Browser> {
  if (engine === 'chromium') return chromium.launch(chromiumLaunchOptions({ fakeMedia: false }));
  const options = firefoxLaunchOptions();
  return firefox.launch({
    ...options,
    firefoxUserPrefs: {
      ...options.firefoxUserPrefs,
      'media.navigator.permission.disabled': false,
      'media.navigator.permission.fake': false,
      'permissions.default.camera': 2,
      'permissions.default.microphone': 2,
      // A touch-first pointer only, as on a phone: (pointer: coarse) matches.
      'ui.primaryPointerCapabilities': 1,
      'ui.allPointerCapabilities': 1,
    },
  });
}

/** The right diagnosis worded for the device, kept when Camera is pressed; fixing it is the main action. */
async function expectBlockedCameraAdvice(page: Page, device: 'phone' | 'computer'): Promise<void> {
  const problem = page.getByRole('alert').filter({ hasText: 'Camera and microphone are blocked' });
  await expect(problem).toBeVisible();
  if (device === 'phone') {
    await expect(problem).toContainText("this website's settings");
    await expect(problem).not.toContainText('address bar');
  } else {
    await expect(problem).toContainText('address bar');
  }
  const fix = page.getByRole('button', { name: 'Show me how to fix this' });
  await expectUsable(fix, `the fix, as the main action, on a ${device}`);
  await expect(fix).toHaveClass(/primary/);
  await expect(page.getByRole('button', { name: "I'm ready" })).not.toHaveClass(/primary/);
  // Pressing Camera keeps the right explanation, and nothing on screen says no camera was found.
  await page.locator('.prejoin').getByRole('button', { name: 'Camera' }).click();
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('Camera and microphone are blocked');
  await expect(page.getByText(/No camera/).filter({ visible: true })).toHaveCount(0);
}

test('in the call on a phone: the provider fills the screen, camera off shows initials, the ended page released the camera', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const links = demoLinks();
  const client = await newPeerPage(await browser.newContext({ viewport: PHONE, hasTouch: true }));
  const provider = await newPeerPage(await browser.newContext({ viewport: LAPTOP }));
  await recordTracks(client);
  // A phone browser, which cannot share a screen.
  await withoutScreenSharing(client);
  await client.goto(links.clientUrl);
  await provider.goto(links.providerUrl);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await client.bringToFront();
  await expectRemoteMediaFlowing(client);
  // Share screen only where it can work: not on this phone, but on the provider's laptop browser.
  await expect(client.getByRole('button', { name: 'Share screen' })).toBeHidden();
  await expect(provider.getByRole('button', { name: 'Share screen' })).toBeVisible();

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
  // Leave is an ordinary button on the bar (as Chat is), not the brightest one.
  const background = (name: string) =>
    client.getByRole('button', { name, exact: true }).evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(await background('Leave session'), 'Leave looks like the other buttons').toBe(await background('Chat'));
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
  const endDialog = provider.getByRole('dialog');
  await expectUsable(endDialog.getByRole('button', { name: 'End session for everyone' }), 'End session for everyone');
  await expectAccessible(provider, 'end-session dialog');
  await endDialog.getByRole('button', { name: 'End session for everyone' }).click();
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
