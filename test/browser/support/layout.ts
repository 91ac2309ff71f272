// Checks for the visit's screens as people meet them: an element is on screen and not under the
// controls bar (and nothing else covers it), the page passes axe-core at a phone and a laptop size,
// and what the camera and microphone did (tracks opened by the page, and whether they were stopped).
import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const PHONE = { width: 390, height: 844 };
export const SMALL_PHONE = { width: 360, height: 640 };
export const LAPTOP = { width: 1280, height: 800 };

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      type Axe = {
        run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
      };
      // Violations only, and not inside <video> (nothing to check there): much faster on a busy machine.
      const result = await (window as unknown as { axe: Axe }).axe.run({ exclude: [['video']] }, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => String(n.target)).slice(0, 3) }));
    });
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
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
