// A call's video starts small so the first picture shows at once, then goes up to the camera's full
// size (client/transport/fast-start.ts). Checked on the pictures the other side actually decodes.
import { expect, test } from '@playwright/test';
import { demoLinks, expectRemoteMediaFlowing, newPeerPage } from './support/visit.js';

/** Records the size of every picture size change of the page's remote videos, from the first one. */
function recordRemoteSizes(): void {
  const sizes: number[] = [];
  (window as unknown as { __remoteWidths: number[] }).__remoteWidths = sizes;
  // Media events do not bubble, but a capturing listener on the document still sees them.
  for (const type of ['loadedmetadata', 'resize']) {
    document.addEventListener(
      type,
      (e) => {
        const v = e.target as HTMLVideoElement;
        if (v instanceof HTMLVideoElement && v.matches('video[data-remote]') && v.videoWidth > 0) sizes.push(v.videoWidth);
      },
      { capture: true },
    );
  }
}

test('the first picture of a call arrives small, then the video goes up to the full camera size', async ({ browser }) => {
  const links = demoLinks();
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  try {
    const provider = await newPeerPage(providerCtx);
    const client = await newPeerPage(clientCtx);
    await client.addInitScript(recordRemoteSizes);
    await provider.goto(links.providerUrl);
    await client.goto(links.clientUrl);
    // The provider's camera size, as their own preview shows it.
    const self = provider.locator('video[data-self]');
    await expect
      .poll(() => self.evaluate((v: HTMLVideoElement) => v.videoWidth), { message: "the provider's camera to start" })
      .toBeGreaterThan(0);
    const cameraWidth = await self.evaluate((v: HTMLVideoElement) => v.videoWidth);
    await provider.getByRole('button', { name: 'Admit Jordan' }).click();
    await expectRemoteMediaFlowing(client);
    const widths = () => client.evaluate(() => (window as unknown as { __remoteWidths: number[] }).__remoteWidths);
    await expect
      .poll(async () => (await widths()).at(-1), { message: 'the remote video to reach the camera size', timeout: 20_000 })
      .toBe(cameraWidth);
    const [first] = await widths();
    expect(first, `first picture ${first} px wide against a camera of ${cameraWidth} px`).toBeLessThanOrEqual(Math.ceil(cameraWidth / 4));
  } finally {
    await Promise.all([providerCtx.close(), clientCtx.close()]);
  }
});
