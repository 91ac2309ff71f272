// Codec differences between engines. Debian's Chromium can send and receive H.264; Debian's Firefox
// ESR has no H.264 at all (no OpenH264 plugin: Firefox downloads it at run time, which cannot happen
// here, as on many locked-down machines). A side that prefers H.264 must still settle with Firefox on
// a codec both have, and the answer must be the same on both ends of each direction.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/engines.js';
import { demoLinks, expectRemoteMediaFlowing, newPeerPage, videoCodecCapabilities, videoCodecs } from './support/visit.js';

/**
 * Makes this context prefer H.264 the way an app (or a hardware-decoding phone) would: before every
 * local description, each video transceiver's codec list is reordered with H.264 first. Records the
 * first video codec of every local description in `__firstVideoCodecs`.
 */
async function preferH264(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const firsts: string[] = [];
    (window as unknown as { __firstVideoCodecs: string[] }).__firstVideoCodecs = firsts;
    const proto = RTCPeerConnection.prototype;
    const native = proto.setLocalDescription as (this: RTCPeerConnection, d?: RTCLocalSessionDescriptionInit) => Promise<void>;
    proto.setLocalDescription = async function (this: RTCPeerConnection, description?: RTCLocalSessionDescriptionInit) {
      const codecs = RTCRtpReceiver.getCapabilities('video')?.codecs ?? [];
      const h264First = [...codecs.filter((c) => c.mimeType === 'video/H264'), ...codecs.filter((c) => c.mimeType !== 'video/H264')];
      for (const t of this.getTransceivers()) {
        if (t.receiver.track.kind === 'video' && t.currentDirection !== 'stopped') t.setCodecPreferences(h264First);
      }
      await native.call(this, description);
      const sdp = this.localDescription?.sdp ?? '';
      const pt = /^m=video \d+ \S+ (\d+)/m.exec(sdp)?.[1];
      const name = pt ? new RegExp(`^a=rtpmap:${pt} ([^/]+)/`, 'm').exec(sdp)?.[1] : undefined;
      if (name) firsts.push(name);
    } as typeof proto.setLocalDescription;
  });
}

const firstVideoCodecs = (page: Page) => page.evaluate(() => (window as unknown as { __firstVideoCodecs: string[] }).__firstVideoCodecs);

/** Polls until both directions report a codec, then returns them. */
async function settledCodecs(page: Page): Promise<{ sent: string; received: string }> {
  await expect
    .poll(async () => {
      const c = await videoCodecs(page);
      return c.sent.length === 1 && c.received.length === 1;
    })
    .toBe(true);
  const c = await videoCodecs(page);
  return { sent: c.sent[0]!, received: c.received[0]! };
}

async function call(providerCtx: BrowserContext, clientCtx: BrowserContext): Promise<{ provider: Page; client: Page }> {
  const links = demoLinks();
  const provider = await newPeerPage(providerCtx);
  const client = await newPeerPage(clientCtx);
  await provider.goto(links.providerUrl);
  await client.goto(links.clientUrl);
  await provider.getByRole('button', { name: 'Admit Jordan' }).click();
  await expectRemoteMediaFlowing(client);
  await expectRemoteMediaFlowing(provider);
  return { provider, client };
}

test('two Chromium peers, one preferring H.264, send H.264 both ways', async ({ browser }) => {
  // The control: shows the preference really takes effect when both sides have H.264.
  const providerCtx = await browser.newContext();
  const clientCtx = await browser.newContext();
  await preferH264(providerCtx);
  const { provider, client } = await call(providerCtx, clientCtx);
  expect(await firstVideoCodecs(provider)).toContain('H264');
  expect(await settledCodecs(provider)).toEqual({ sent: 'video/H264', received: 'video/H264' });
  expect(await settledCodecs(client)).toEqual({ sent: 'video/H264', received: 'video/H264' });
  await clientCtx.close();
  await providerCtx.close();
});

for (const h264Side of ['provider', 'client'] as const) {
  test(`Chromium ${h264Side} preferring H.264 and a Firefox ${h264Side === 'provider' ? 'client' : 'provider'} settle on a codec both have`, async ({
    browser,
    firefoxBrowser,
  }) => {
    const chromiumCtx = await browser.newContext();
    const firefoxCtx = await firefoxBrowser.newContext();
    await preferH264(chromiumCtx);
    const { provider, client } = h264Side === 'provider' ? await call(chromiumCtx, firefoxCtx) : await call(firefoxCtx, chromiumCtx);
    const [chromiumPage, firefoxPage] = h264Side === 'provider' ? [provider, client] : [client, provider];

    // The provider makes the first offer: as offerer Chromium lists H.264 first; as answerer it can
    // only answer with what Firefox offered.
    if (h264Side === 'provider') expect((await firstVideoCodecs(chromiumPage))[0]).toBe('H264');

    const chromiumCaps = await videoCodecCapabilities(chromiumPage);
    const firefoxCaps = await videoCodecCapabilities(firefoxPage);
    expect(chromiumCaps).toContain('video/H264');
    // If a Firefox with H.264 ever runs this, H.264 is the right outcome; here it has none, so VP8
    // (the first codec both have in either side's order) must win.
    const expected = firefoxCaps.includes('video/H264') ? 'video/H264' : 'video/VP8';

    const c = await settledCodecs(chromiumPage);
    const f = await settledCodecs(firefoxPage);
    expect(c.sent, 'Chromium -> Firefox uses the same codec at both ends').toBe(f.received);
    expect(f.sent, 'Firefox -> Chromium uses the same codec at both ends').toBe(c.received);
    for (const codec of [c.sent, f.sent]) {
      expect(chromiumCaps).toContain(codec);
      expect(firefoxCaps).toContain(codec);
      expect(codec).toBe(expected);
    }
    await chromiumCtx.close();
    await firefoxCtx.close();
  });
}
