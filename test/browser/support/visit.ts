// Helpers for browser tests of a real visit: demo links from the running server's data folder, and
// assertions on real media (decoded frames, changing pixels, growing RTP byte counts).
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { serverInfo } from './server-info.js';

export interface DemoLinks {
  appointmentId: string;
  providerUrl: string;
  clientUrl: string;
}

/** Creates a fresh appointment through `npm run demo -- --json`'s entry point, against the test server's data. */
export function demoLinks(...args: string[]): DemoLinks {
  const info = serverInfo();
  const out = execFileSync(process.execPath, ['dist/server/demo-cli.js', '--json', ...args], {
    env: { ...process.env, DATA_DIR: info.dataDir, PUBLIC_URL: info.baseUrl },
    encoding: 'utf8',
  });
  return JSON.parse(out) as DemoLinks;
}

export function tokenOf(url: string): string {
  return new URL(url).hash.replace(/^#t=/, '');
}

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
  return page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed').length);
}

/** A cheap fingerprint of the pixels a video shows right now. */
function framePixels(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((v: HTMLVideoElement) => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 48;
    const g = c.getContext('2d')!;
    g.drawImage(v, 0, 0, 64, 48);
    return Array.from(g.getImageData(0, 0, 64, 48).data.filter((_, i) => i % 16 === 0)).join(',');
  });
}

/** The remote video shows moving pictures and audio and video RTP bytes keep arriving. */
export async function expectRemoteMediaFlowing(page: Page, selector = 'video[data-remote]'): Promise<void> {
  const video = page.locator(selector).first();
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  const frames = () => video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);
  const f0 = await frames();
  await expect.poll(frames).toBeGreaterThan(f0 + 5);
  const p0 = await framePixels(page, selector);
  await expect.poll(() => framePixels(page, selector)).not.toBe(p0);
  for (const kind of ['video', 'audio'] as const) {
    const b0 = await inboundBytes(page, kind);
    await expect.poll(() => inboundBytes(page, kind)).toBeGreaterThan(b0);
  }
}

export function serverLog(): string {
  return readFileSync(serverInfo().logFile, 'utf8');
}

/** Nothing that identifies or exposes a participant reached the server's output. */
export function expectCleanServerLog(secrets: string[]): void {
  const log = serverLog();
  for (const s of secrets) expect(log.includes(s), `server output must not contain ${s.slice(0, 12)}…`).toBe(false);
  expect(log).not.toMatch(/a=fingerprint|a=ice-pwd|v=0\\r\\n|candidate:/);
}
