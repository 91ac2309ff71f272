// Checks for the visit's screens as people meet them: an element is on screen and not under the
// controls bar (and nothing else covers it), the page passes axe-core at a phone and a laptop size,
// and what the camera and microphone did (tracks opened by the page, and whether they were stopped).
import { expect, type Locator, type Page } from '@playwright/test';
import { seriousAxeViolations } from './axe.js';

export const PHONE = { width: 390, height: 844 };
export const SMALL_PHONE = { width: 360, height: 640 };
export const LAPTOP = { width: 1280, height: 800 };

/**
 * The element lies inside the viewport, above the controls bar, and is what a tap at its centre
 * reaches. `scroll`: the person may scroll to it first (in its own scrolling box).
 */
export async function expectUsable(el: Locator, what: string, opts: { scroll?: boolean } = {}): Promise<void> {
  const page = el.page();
  if (opts.scroll) await el.scrollIntoViewIfNeeded();
  await expect(el, `${what} is visible`).toBeVisible();
  // Retried: a list re-rendered by a roster update may swap the element between two reads.
  await expect(async () => expectPlaced(el, what)).toPass({ timeout: 10_000 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function expectPlaced(el: Locator, what: string): Promise<void> {
  const geometry = await el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    const bar = document.querySelector('.controls-bar')?.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      left: r.left,
      top: r.top,
      right: r.right,
      bottom: r.bottom,
      barTop: bar && bar.height > 0 ? bar.top : Number.POSITIVE_INFINITY,
      reached: node.isConnected && !!hit && (node === hit || node.contains(hit)),
      hit: hit ? `${hit.tagName.toLowerCase()}.${hit.className}` : 'nothing',
      width: window.innerWidth,
      height: window.innerHeight,
    };
  });
  const size = `${geometry.width}x${geometry.height}`;
  expect(geometry.left, `${what} not cut off on the left at ${size}`).toBeGreaterThanOrEqual(0);
  expect(geometry.top, `${what} not above the screen at ${size}`).toBeGreaterThanOrEqual(0);
  expect(geometry.right, `${what} within the width at ${size}`).toBeLessThanOrEqual(geometry.width + 0.5);
  expect(geometry.bottom, `${what} above the controls bar at ${size}`).toBeLessThanOrEqual(
    Math.min(geometry.barTop, geometry.height) + 0.5,
  );
  expect(geometry.reached, `${what} is not covered at ${size} (a tap reaches ${geometry.hit})`).toBe(true);
}

/** axe-core finds no serious or critical violation at a phone size and at a laptop size. */
export async function expectAccessible(page: Page, screen: string, sizes = [PHONE, LAPTOP]): Promise<void> {
  const original = page.viewportSize();
  for (const size of sizes) {
    await page.setViewportSize(size);
    const bad = await seriousAxeViolations(page);
    expect(bad, `${screen} at ${size.width}x${size.height}`).toEqual([]);
  }
  if (original) await page.setViewportSize(original);
}

/** Records every camera and microphone track the page opens (call before navigating). */
export async function recordTracks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const md = navigator.mediaDevices;
    if (!md) return;
    const tracks: MediaStreamTrack[] = [];
    (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks = tracks;
    const original = md.getUserMedia.bind(md);
    md.getUserMedia = async (c?: MediaStreamConstraints) => {
      const stream = await original(c);
      tracks.push(...stream.getTracks());
      (window as unknown as { __gumDone: boolean }).__gumDone = true;
      return stream;
    };
  });
}

/** The tracks the page opened that are still live (camera or microphone light on). */
export function liveTracks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.filter((t) => t.readyState === 'live').map((t) => t.kind),
  );
}

/** Makes getUserMedia fail as it does when the person or the browser blocked the camera (call before navigating). */
export async function blockCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const md = navigator.mediaDevices;
    if (!md) return;
    md.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
}

/** Removes screen sharing, as on phone browsers (call before navigating). */
export async function withoutScreenSharing(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const proto = Object.getPrototypeOf(navigator.mediaDevices ?? {}) as { getDisplayMedia?: unknown };
    delete proto.getDisplayMedia;
  });
}

export async function box(el: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await el.boundingBox();
  if (!b) throw new Error('element has no box (not rendered)');
  return b;
}

/**
 * A group call's stage at the page's current size: the remote tiles form an even grid that uses the
 * stage (similar sizes, together most of its area), each on screen and above the bar; one's own view
 * is no larger than any of them; each name label is small next to its tile.
 */
export async function expectEvenGrid(page: Page, remoteCount: number, what: string): Promise<void> {
  const tiles = page.locator('figure[data-peer]');
  await expect(tiles, `${what}: one tile per other person`).toHaveCount(remoteCount);
  for (let i = 0; i < remoteCount; i++) await expectUsable(tiles.nth(i), `${what}: remote tile ${i + 1}`);
  // Read after the layout settled: a resize re-flows the grid on the next frame.
  await expect(async () => {
    const g = await page.evaluate(() => {
      const area = (r: DOMRect) => r.width * r.height;
      const stage = document.querySelector('.stage')!.getBoundingClientRect();
      const bar = document.querySelector('.controls-bar')?.getBoundingClientRect();
      const usable = Math.max(0, Math.min(stage.bottom, bar && bar.height > 0 ? bar.top : innerHeight) - stage.top) * stage.width;
      const remote = [...document.querySelectorAll('figure[data-peer]')].map((t) => ({
        area: area(t.getBoundingClientRect()),
        height: t.getBoundingClientRect().height,
        label: area(t.querySelector('figcaption')!.getBoundingClientRect()),
        labelHeight: t.querySelector('figcaption')!.getBoundingClientRect().height,
      }));
      const self = document.querySelector('.stage > .tile.self');
      return { usable, remote, self: self && !self.classList.contains('self-hidden') ? area(self.getBoundingClientRect()) : 0 };
    });
    const areas = g.remote.map((t) => t.area);
    const [smallest, largest] = [Math.min(...areas), Math.max(...areas)];
    expect(smallest / largest, `${what}: the tiles are of similar size`).toBeGreaterThan(0.8);
    expect(areas.reduce((a, b) => a + b, 0) / g.usable, `${what}: the tiles fill most of the stage`).toBeGreaterThan(0.6);
    expect(g.self, `${what}: one's own view is no larger than the people one came to see`).toBeLessThanOrEqual(smallest);
    for (const t of g.remote) {
      expect(t.label / t.area, `${what}: a name label covers little of its tile`).toBeLessThan(0.1);
      expect(t.labelHeight / t.height, `${what}: a name label is one short line`).toBeLessThan(0.2);
    }
  }).toPass({ timeout: 10_000 });
}
