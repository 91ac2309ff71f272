// Helpers for browser tests of a real visit: demo links from the running server's data folder, and
// assertions on real media (decoded frames, changing pixels, growing RTP byte counts).
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { serverInfo, type ServerInfo } from './server-info.js';

export { demoLinks, demoLinksOn, tokenOf, type DemoLinks } from './demo-links.js';

/** Records every RTCPeerConnection a page creates, so tests can read its stats. */
export async function instrument(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export async function newPeerPage(context: BrowserContext): Promise<Page> {
  await instrument(context);
  return context.newPage();
}

/** Sum of inbound RTP bytes of one kind over the page's open peer connections. */
export function inboundBytes(page: Page, kind: 'audio' | 'video'): Promise<number> {
  return page.evaluate(async (k) => {
    let total = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === k) total += s.bytesReceived ?? 0;
      });
    }
    return total;
  }, kind);
}

export function openPeerConnections(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed').length,
  );
}

/**
 * A cheap fingerprint of the pixels a video shows right now: the colour channels of every fourth pixel
 * (all three: Firefox's fake camera is a green field whose shade drifts, so red alone never changes).
 */
function framePixels(page: Page, selector: string): Promise<string> {
  return page
    .locator(selector)
    .first()
    .evaluate((v: HTMLVideoElement) => {
      const c = document.createElement('canvas');
      c.width = 64;
      c.height = 48;
      const g = c.getContext('2d')!;
      g.drawImage(v, 0, 0, 64, 48);
      return Array.from(g.getImageData(0, 0, 64, 48).data.filter((_, i) => i % 16 < 3)).join(',');
    });
}

/**
 * Frames the video element has shown so far. Chromium counts them in getVideoPlaybackQuality(); Firefox
 * has that method too but reports 0 frames for a MediaStream source, and counts them in mozPaintedFrames.
 */
function presentedFrames(v: HTMLVideoElement): number {
  const painted = (v as HTMLVideoElement & { mozPaintedFrames?: number }).mozPaintedFrames ?? 0;
  return Math.max(v.getVideoPlaybackQuality().totalVideoFrames, painted);
}

/** The remote video shows moving pictures and audio and video RTP bytes keep arriving. */
export async function expectRemoteMediaFlowing(page: Page, selector = 'video[data-remote]'): Promise<void> {
  const video = page.locator(selector).first();
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  const frames = () => video.evaluate(presentedFrames);
  const f0 = await frames();
  await expect.poll(frames).toBeGreaterThan(f0 + 5);
  const p0 = await framePixels(page, selector);
  await expect.poll(() => framePixels(page, selector)).not.toBe(p0);
  for (const kind of ['video', 'audio'] as const) {
    const b0 = await inboundBytes(page, kind);
    await expect.poll(() => inboundBytes(page, kind)).toBeGreaterThan(b0);
  }
}

export function serverLog(info: Pick<ServerInfo, 'logFile'> = serverInfo()): string {
  return readFileSync(info.logFile, 'utf8');
}

/** Nothing that identifies or exposes a participant reached the server's output. */
export function expectCleanServerLog(secrets: string[], info: Pick<ServerInfo, 'logFile'> = serverInfo()): void {
  const log = serverLog(info);
  for (const s of secrets) expect(log.includes(s), `server output must not contain ${s.slice(0, 12)}…`).toBe(false);
  expect(log).not.toMatch(/a=fingerprint|a=ice-pwd|v=0\\r\\n|candidate:/);
}

/**
 * Every <video> on the page plays inline and starts by itself (iOS Safari opens a video without
 * `playsinline` full screen, and shows nothing without `autoplay` until tapped); the self view is muted
 * so it never echoes.
 */
export async function expectInlineAutoplayVideos(page: Page): Promise<void> {
  const videos = await page.locator('video').evaluateAll((vs: HTMLVideoElement[]) =>
    vs.map((v) => ({
      inline: v.hasAttribute('playsinline'),
      autoplay: v.hasAttribute('autoplay'),
      self: v.hasAttribute('data-self'),
      muted: v.muted,
    })),
  );
  expect(videos.length, 'the call shows the self view and at least one remote video').toBeGreaterThanOrEqual(2);
  for (const v of videos) {
    expect(v.inline, 'every video has playsinline').toBe(true);
    expect(v.autoplay, 'every video has autoplay').toBe(true);
    if (v.self) expect(v.muted, 'the self view is muted').toBe(true);
  }
}

export interface VideoCodecs {
  /** mimeType of the codec of each video stream this page sends, e.g. "video/VP8". */
  sent: string[];
  /** mimeType of the codec of each video stream this page receives. */
  received: string[];
}

/** The video codecs in use on the page's open peer connections, read from getStats() codec reports. */
export function videoCodecs(page: Page): Promise<VideoCodecs> {
  return page.evaluate(async () => {
    const out = { sent: [] as string[], received: [] as string[] };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.kind !== 'video' || !s.codecId || (s.type !== 'inbound-rtp' && s.type !== 'outbound-rtp')) return;
        const codec = stats.get(s.codecId) as { mimeType?: string } | undefined;
        if (codec?.mimeType) (s.type === 'inbound-rtp' ? out.received : out.sent).push(codec.mimeType);
      });
    }
    return out;
  });
}

/** The video codecs (mimeType) this browser can both send and receive. */
export function videoCodecCapabilities(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const send = new Set(RTCRtpSender.getCapabilities('video')?.codecs.map((c) => c.mimeType) ?? []);
    const recv = RTCRtpReceiver.getCapabilities('video')?.codecs.map((c) => c.mimeType) ?? [];
    return [...new Set(recv.filter((m) => send.has(m) && !/\/(rtx|red|ulpfec|flexfec-03)$/i.test(m)))];
  });
}
