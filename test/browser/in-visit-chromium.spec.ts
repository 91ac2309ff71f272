// In-visit controls that need fake sources only Chromium provides here: a fake screen to share
// (Firefox ESR answers getDisplayMedia with NotFoundError) and several fake cameras (Firefox has one).
// Also full screen from the tile menu: Firefox ESR under Playwright refuses it from the visit page
// ("Fullscreen request denied") though it allows it on a plain page; the cause is not yet found.
// They run once, in the 'own-browsers' project, whose browser is Chromium.
import { expect, test, type Page } from '@playwright/test';
import { admittedCall, expectInbound, offersMade } from './support/call.js';
import { demoLinks, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

test('screen sharing: a reminder first, then the other side gets the screen as the main view', async ({ browser }) => {
  const call = await admittedCall(browser);
  const sentVideo = () =>
    call.client.evaluate(() => {
      const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === 'connected')!;
      return pc.getSenders().find((s) => s.track?.kind === 'video')?.track?.label ?? '';
    });
  /** Frames the provider decodes from the client's video: the new source must reach the other side. */
  const decoded = () =>
    call.provider.evaluate(async () => {
      let n = 0;
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
        if (pc.connectionState === 'connected')
          (await pc.getStats()).forEach((s) => s.type === 'inbound-rtp' && s.kind === 'video' && (n += s.framesDecoded ?? 0));
      }
      return n;
    });
  const cameraLabel = await sentVideo();
  const offers = await offersMade(call.client);
  await call.client.getByRole('button', { name: 'Share screen' }).click();
  const dialog = call.client.getByRole('dialog', { name: 'Before you share your screen' });
  await expect(dialog).toContainText(/private/i);
  await dialog.getByRole('button', { name: 'Share screen' }).click();
  await expect(call.client.getByRole('button', { name: 'Share screen' })).toHaveAttribute('aria-pressed', 'true');
  // The screen replaces the camera on the same sender, with no new offer…
  await expect.poll(sentVideo).toMatch(/^screen/);
  expect(await offersMade(call.client)).toBe(offers);
  // …and the provider keeps decoding frames, now shown as the main view.
  const before = await decoded();
  await expect.poll(decoded).toBeGreaterThan(before + 10);
  await expect(call.provider.locator('.tile.main[data-screen="on"]')).toBeVisible();
  await expectRemoteMediaFlowing(call.provider);
  await call.client.getByRole('button', { name: 'Share screen' }).click();
  await expect.poll(sentVideo).toBe(cameraLabel);
  await expect(call.provider.locator('.tile[data-screen="on"]')).toHaveCount(0);
  await call.close();
});

test('switching camera during the call changes the sent track without a new offer', async ({ browser }) => {
  const call = await admittedCall(browser);
  const sentTrackLabel = () =>
    call.client.evaluate(() => {
      const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === 'connected')!;
      return pc.getSenders().find((s) => s.track?.kind === 'video')?.track?.label ?? '';
    });
  const before = await sentTrackLabel();
  const offers = await offersMade(call.client);
  await call.client.getByRole('button', { name: 'Options for you' }).click();
  await call.client.getByRole('menuitem', { name: 'Audio and video settings' }).click();
  const dialog = call.client.getByRole('dialog', { name: 'Audio and video settings' });
  const camera = dialog.getByLabel('Camera');
  // Chromium's second fake camera emulates a depth camera (Y16) that WebRTC cannot encode; the third
  // is an ordinary one. The call starts on the first.
  expect(before).toBe('fake_device_0');
  await camera.selectOption({ label: 'fake_device_2' });
  await expect.poll(sentTrackLabel).not.toBe(before);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expectRemoteMediaFlowing(call.provider);
  expect(await offersMade(call.client)).toBe(offers);
  await call.close();
});

test('tile menu: full screen for one participant', async ({ browser }) => {
  const call = await admittedCall(browser);
  await call.provider.getByRole('button', { name: 'Options for Jordan' }).click();
  await call.provider.getByRole('menuitem', { name: 'Fullscreen' }).click();
  await expect.poll(() => call.provider.evaluate(() => document.fullscreenElement?.getAttribute('data-peer') ?? null)).not.toBeNull();
  await call.close();
});

test('a camera that stops by itself mid-call (unplugged, taken by another app): the client is told why, both sides show "Camera off", and the Camera button brings it back', async ({
  browser,
}) => {
  const call = await admittedCall(browser);
  // As when the camera is unplugged or another app takes it: the track ends without the page asking.
  await call.client.evaluate(() => {
    const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === 'connected')!;
    const camera = pc.getSenders().find((s) => s.track?.kind === 'video')!.track!;
    camera.stop();
    camera.dispatchEvent(new Event('ended'));
  });
  const notice = call.client.getByRole('alert').filter({ hasText: 'Your camera stopped' });
  await expect(notice).toContainText('unplugged or taken by another app');
  const cam = call.client.getByRole('button', { name: 'Camera' });
  await expect(cam).toHaveAttribute('aria-pressed', 'false');
  await expect(call.client.locator('.tile.self [data-status]')).toContainText('Camera off');
  await expectInbound(call.provider, 'video', false);
  await expect(call.provider.locator('.tile [data-status]').first()).toContainText('Camera off');

  await cam.click();
  await expect(cam).toHaveAttribute('aria-pressed', 'true');
  await expect(call.client.locator('.tile.self [data-status]')).not.toContainText('Camera off');
  await expect(notice).toBeHidden();
  await expectRemoteMediaFlowing(call.provider);
  await call.close();
});

test('the dialogs load when first needed; when their code cannot load, the page says so, Leave session still leaves, and a later try opens them', async ({
  browser,
}) => {
  const call = await admittedCall(browser);
  // The dialogs' chunk is not part of the page's first load: cut, as a dropped connection would.
  const DIALOGS = /\/assets\/dialogs-[\w-]+\.js$/;
  let cut = 0;
  const cutDialogs = (page: Page) =>
    page.route(DIALOGS, async (route) => {
      cut += 1;
      await route.abort('internetdisconnected');
    });
  await cutDialogs(call.client);
  // What was pressed says it did not open, instead of doing nothing.
  await call.client.getByRole('button', { name: 'Options for you' }).click();
  await call.client.getByRole('menuitem', { name: 'Audio and video settings' }).click();
  await expect(call.client.getByRole('alert').filter({ hasText: 'That did not open' })).toContainText('Check your internet connection');
  await expect(call.client.getByRole('dialog')).toHaveCount(0);
  expect(cut).toBe(1);
  await call.client.getByRole('button', { name: 'Leave session' }).click();
  await expect(call.client.getByRole('heading', { name: 'You left the visit' })).toBeVisible();
  await expect(call.provider.locator('video[data-remote]')).toHaveCount(0);

  // The provider: End session, cut, says so; once the connection is back, the same button asks.
  await cutDialogs(call.provider);
  const dialogSheet = () => call.provider.locator('link[rel="stylesheet"][href*="/assets/dialogs-"]').count();
  await call.provider.getByRole('button', { name: 'End session' }).click();
  await expect(call.provider.getByRole('alert').filter({ hasText: 'That did not open' })).toBeVisible();
  await call.provider.unroute(DIALOGS);
  await call.provider.getByRole('button', { name: 'End session' }).click();
  const dialog = call.provider.getByRole('dialog', { name: 'End the session for everyone?' });
  // Their stylesheet comes with them: applied in the dialog, added once.
  await expect(dialog).toHaveCSS('border-radius', '12px');
  expect(await dialogSheet()).toBe(1);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await call.close();
});

test('when the provider leaves the call, the client is told they are away and to stay, not "connecting" for ever; their return resumes the call', async ({
  browser,
}) => {
  const call = await admittedCall(browser);
  await call.provider.getByRole('button', { name: 'Leave session' }).click();
  await call.provider.getByRole('dialog', { name: 'Leave the visit?' }).getByRole('button', { name: 'Leave the visit' }).click();
  const away = call.client.getByRole('status').filter({ hasText: 'Dr. Rivera is not in the call right now' });
  await expect(away).toContainText('Stay on this page');
  await expect(call.client.getByText('Connecting you to the call…')).toHaveCount(0);
  await expect(call.client.locator('video[data-remote]')).toHaveCount(0);

  // Back the way a provider comes back: the page they left, loaded again (the link is its address).
  await call.provider.reload();
  await expectRemoteMediaFlowing(call.client);
  await expect(away).toBeHidden();
  await call.close();
});

test('a camera another app holds: the client is told it is busy, not missing, and the provider sees "Camera busy" before and after admitting', async ({
  browser,
}) => {
  const links = demoLinks();
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  // As Chromium answers when another app has the camera: any request for it fails as unreadable.
  await clientCtx.addInitScript(() => {
    const md = navigator.mediaDevices;
    const open = md.getUserMedia.bind(md);
    md.getUserMedia = (c?: MediaStreamConstraints) =>
      c?.video ? Promise.reject(new DOMException('Could not start video source', 'NotReadableError')) : open(c);
  });
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  await provider.goto(links.providerUrl);
  await client.goto(links.clientUrl);
  await expect(client.getByRole('alert').filter({ hasText: 'Your camera or microphone is busy' })).toContainText('Another app');
  await expect(client.getByText('No camera found')).toHaveCount(0);
  await expect(provider.getByText('Camera busy')).toBeVisible();
  // Admitted, the client's tile keeps the reason: the provider asks them to close the other app, not to
  // turn on a camera that is on.
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expectInbound(provider, 'audio', true);
  await expect(provider.locator('.tile [data-status]').first()).toContainText('Camera busy');
  await Promise.all([providerCtx.close(), clientCtx.close()]);
});

test('closing the chat or the attendees from inside (Close, Escape) puts the keyboard back on the button that opened them', async ({
  browser,
}) => {
  const call = await admittedCall(browser);
  const chat = call.client.getByRole('button', { name: 'Chat' });
  await chat.click();
  await call.client.getByRole('button', { name: 'Close chat' }).click();
  await expect(chat).toBeFocused();
  await expect(chat).toHaveAttribute('aria-expanded', 'false');

  const attendees = call.client.getByRole('button', { name: 'Attendees' });
  await attendees.click();
  await call.client.getByRole('button', { name: 'Close attendees' }).focus();
  await call.client.keyboard.press('Escape');
  await expect(attendees).toBeFocused();
  await expect(attendees).toHaveAttribute('aria-expanded', 'false');
  await call.close();
});

test('when the attendees panel cannot load, opening it says so, and it opens once the connection is back', async ({ browser }) => {
  const links = demoLinks();
  const context = await browser.newContext();
  const provider = await newPeerPage(context);
  const PANEL = /\/assets\/attendees-panel-[\w-]+\.js$/;
  await provider.route(PANEL, (route) => route.abort('internetdisconnected'));
  await provider.goto(links.providerUrl);
  await expect(provider.getByText('Waiting for your client to arrive')).toBeVisible();
  const attendees = provider.getByRole('button', { name: 'Attendees' });
  await attendees.click();
  await expect(provider.getByRole('alert').filter({ hasText: 'That did not open' })).toBeVisible();
  await provider.unroute(PANEL);
  await attendees.click();
  await attendees.click();
  await expect(provider.getByRole('region', { name: 'Attendees' }).getByText('Dr. Rivera (you)')).toBeVisible();
  await context.close();
});
