// Safari's autoplay rule, reproduced in Chromium: a browser may refuse to start remote video with
// sound until the person has clicked. The visit must then play the video muted (so the picture is
// there) and offer "Turn on sound". Runs once (the 'own-browsers' project): it launches its own Chromium.
//
// Chromium's default policy (`document-user-activation-required`), like Safari's, lets a page that is
// capturing camera or microphone autoplay with sound. So under that policy the refusal happens to a
// person who blocked the camera and microphone (second test); a page that captures needs the stricter
// `user-gesture-required` policy to be refused (first test, the reload case).
//
// Playwright's evaluate() and locator queries count as a user gesture in Chromium, so the tests do not
// touch the client page until the refusal is recorded (a console message from an init script).
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './support/browsers.js';
import { expect, test } from './support/engines.js';
import { demoLinks, expectInlineAutoplayVideos, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

const REFUSED = '[test] remote play refused: NotAllowedError muted=false';

/** A client context that reports, as a console message, each refused play() of a remote video. */
async function reportingClientContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const p = play.call(this);
      if (this.hasAttribute('data-remote'))
        p.catch((e: Error) => console.info(`[test] remote play refused: ${e.name} muted=${this.muted}`));
      return p;
    };
  });
  return context;
}

function refusal(page: Page): Promise<ConsoleMessage> {
  return page.waitForEvent('console', { predicate: (m) => m.text().startsWith(REFUSED), timeout: 15_000 });
}

/** After a refusal: muted video that plays, a "Turn on sound" button, and sound once it is clicked. */
async function expectMutedUntilTurnedOn(client: Page): Promise<void> {
  const video = client.locator('video[data-remote]');
  const unmute = client.getByRole('button', { name: 'Turn on sound' });
  await expect(unmute).toBeVisible();
  expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
  // Muted, the picture still plays.
  await expectRemoteMediaFlowing(client);
  await expectInlineAutoplayVideos(client);

  await unmute.click();
  await expect(unmute).toHaveCount(0);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => ({ muted: v.muted, paused: v.paused, volume: v.volume })))
    .toEqual({ muted: false, paused: false, volume: 1 });
  await expectRemoteMediaFlowing(client);
}

test('after a reload without a click, remote video plays muted and "Turn on sound" unmutes it', async ({ browser }) => {
  const base = chromiumLaunchOptions();
  const strict = await chromium.launch({ ...base, args: [...(base.args ?? []), '--autoplay-policy=user-gesture-required'] });
  try {
    const links = demoLinks();
    const providerCtx = await browser.newContext();
    const clientCtx = await reportingClientContext(strict);
    const provider = await newPeerPage(providerCtx);
    const client = await newPeerPage(clientCtx);
    await provider.goto(links.providerUrl);
    await client.goto(links.clientUrl);
    await provider.getByRole('button', { name: 'Admit Jordan' }).click();
    await expectRemoteMediaFlowing(client);

    // An admitted client reloads: no click on the new page, so sound may not start by itself.
    const refused = refusal(client);
    await client.reload();
    await refused;
    await expectMutedUntilTurnedOn(client);
    await clientCtx.close();
    await providerCtx.close();
  } finally {
    await strict.close();
  }
});

test('with camera and microphone blocked, Chrome-like autoplay rules mute the remote video until "Turn on sound"', async ({ browser }) => {
  const base = chromiumLaunchOptions({ fakeMedia: false });
  // No fake permission UI: the camera prompt is dismissed, so getUserMedia fails and nothing is captured.
  const strict = await chromium.launch({ ...base, args: [...(base.args ?? []), '--autoplay-policy=document-user-activation-required'] });
  try {
    const links = demoLinks();
    const providerCtx = await browser.newContext();
    const clientCtx = await reportingClientContext(strict);
    const provider = await newPeerPage(providerCtx);
    const client = await newPeerPage(clientCtx);
    const refused = refusal(client);
    await client.goto(links.clientUrl);
    await provider.goto(links.providerUrl);
    await provider.getByRole('button', { name: 'Admit Jordan' }).click();
    await refused;
    await expect(client.getByText('Camera and microphone are blocked')).toBeVisible();
    await expectMutedUntilTurnedOn(client);
    await clientCtx.close();
    await providerCtx.close();
  } finally {
    await strict.close();
  }
});
