// Watches every video track a page receives, frame by frame (requestVideoFrameCallback), and keeps a
// small copy of each frame (64x36 RGB) plus its high-frequency energy, so a test can ask what the
// other side really saw: the first frame after admission, after a camera switch, after a reconnect.
import { expect, type BrowserContext, type Page } from '@playwright/test';

export const W = 64;
export const H = 36;

export interface ReceivedFrame {
  /** Index of the received track (a new peer connection makes a new one). */
  track: number;
  /** W*H RGB bytes. */
  rgb: number[];
  /** The received video's size. */
  width: number;
  height: number;
  /** Mean absolute second difference of luma (across and down) at 160x90: falls when a picture is blurred. */
  hf: number;
  /** The same, per cell of a HF_COLS x HF_ROWS grid over the frame (row by row), to measure one region. */
  hfGrid: number[];
}

export const HF_COLS = 8;
export const HF_ROWS = 6;

/** Installs the recorder in every page of the context; call before navigating. */
export async function recordReceivedFrames(context: BrowserContext): Promise<void> {
  await context.addInitScript(
    ({ w, h, cols, rows }) => {
      const frames: { track: number; rgb: number[]; hf: number; hfGrid: number[]; width: number; height: number }[] = [];
      (window as unknown as { __frames: typeof frames }).__frames = frames;
      let tracks = 0;
      const small = document.createElement('canvas');
      small.width = w;
      small.height = h;
      const sctx = small.getContext('2d', { willReadFrequently: true })!;
      const mid = document.createElement('canvas');
      mid.width = 160;
      mid.height = 90;
      const mctx = mid.getContext('2d', { willReadFrequently: true })!;
      const highFrequency = (v: HTMLVideoElement) => {
        mctx.drawImage(v, 0, 0, 160, 90);
        const d = mctx.getImageData(0, 0, 160, 90).data;
        const luma = (i: number) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
        let sum = 0;
        const cells = new Array<number>(cols * rows).fill(0);
        const counts = new Array<number>(cols * rows).fill(0);
        // The second difference (a discrete Laplacian): large across sharp edges and fine detail, near
        // zero on smooth ramps, so a blurred bright patch does not count as detail.
        for (let y = 1; y < 89; y++)
          for (let x = 1; x < 159; x++) {
            const i = (y * 160 + x) * 4;
            const l = 2 * luma(i);
            const g = Math.abs(l - luma(i - 4) - luma(i + 4)) + Math.abs(l - luma(i - 640) - luma(i + 640));
            sum += g;
            const cell = Math.floor((y * rows) / 90) * cols + Math.floor((x * cols) / 160);
            cells[cell]! += g;
            counts[cell]!++;
          }
        return { hf: sum / (158 * 88), hfGrid: cells.map((c, i) => c / Math.max(1, counts[i]!)) };
      };
      const watch = (track: MediaStreamTrack) => {
        const index = tracks++;
        const v = document.createElement('video');
        v.muted = true;
        v.srcObject = new MediaStream([track]);
        void v.play();
        const onFrame = () => {
          if (track.readyState === 'ended') return;
          if (v.videoWidth > 0) {
            sctx.drawImage(v, 0, 0, w, h);
            const d = sctx.getImageData(0, 0, w, h).data;
            const rgb: number[] = [];
            for (let i = 0; i < d.length; i += 4) rgb.push(d[i]!, d[i + 1]!, d[i + 2]!);
            // Chromium sometimes hands a new video element's first frame to a canvas as all zeros (seen
            // with the plain camera and no effect at all, after admission and after a reconnect). Such a
            // frame shows nothing of anyone's room, so it is not recorded as a picture.
            if (rgb.some((c) => c !== 0) && frames.length < 2000)
              frames.push({ track: index, rgb, ...highFrequency(v), width: v.videoWidth, height: v.videoHeight });
          }
          v.requestVideoFrameCallback(onFrame);
        };
        v.requestVideoFrameCallback(onFrame);
      };
      const Native = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          this.addEventListener('track', (e) => {
            if (e.track.kind === 'video') watch(e.track);
          });
        }
      } as typeof RTCPeerConnection;
    },
    { w: W, h: H, cols: HF_COLS, rows: HF_ROWS },
  );
}

/**
 * A frame's high-frequency energy in the cells whose centre (x and y from 0 to 1 across the frame)
 * `where` accepts.
 */
export function hfWhere(frame: ReceivedFrame, where: (x: number, y: number) => boolean): number {
  const picked = frame.hfGrid.filter((_, i) => where(((i % HF_COLS) + 0.5) / HF_COLS, (Math.floor(i / HF_COLS) + 0.5) / HF_ROWS));
  return mean(picked);
}

export function receivedFrames(page: Page, from = 0): Promise<ReceivedFrame[]> {
  return page.evaluate((n) => (window as unknown as { __frames: ReceivedFrame[] }).__frames.slice(n), from);
}

export function receivedCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __frames: unknown[] }).__frames.length);
}

/** Waits until the page has received `count` more frames than `from`, and returns them. */
export async function waitForFrames(page: Page, from: number, count: number, what: string): Promise<ReceivedFrame[]> {
  await expect
    .poll(() => receivedCount(page), { message: `waited for ${count} received video frames ${what}`, timeout: 60_000 })
    .toBeGreaterThanOrEqual(from + count);
  return receivedFrames(page, from);
}

/** The background picture as the receiver would see it: drawn to fill a width x height frame, then shrunk to W x H. */
export function pictureAsReceived(page: Page, file: string, width: number, height: number): Promise<number[]> {
  return page.evaluate(
    async ({ file, width, height, w, h }) => {
      const img = new Image();
      img.src = `/assets/${file}`;
      await img.decode();
      const full = document.createElement('canvas');
      full.width = width;
      full.height = height;
      const scale = Math.max(width / img.width, height / img.height);
      full
        .getContext('2d')!
        .drawImage(img, (width - img.width * scale) / 2, (height - img.height * scale) / 2, img.width * scale, img.height * scale);
      const small = document.createElement('canvas');
      small.width = w;
      small.height = h;
      const ctx = small.getContext('2d')!;
      ctx.drawImage(full, 0, 0, w, h);
      const d = ctx.getImageData(0, 0, w, h).data;
      const rgb: number[] = [];
      for (let i = 0; i < d.length; i += 4) rgb.push(d[i]!, d[i + 1]!, d[i + 2]!);
      return rgb;
    },
    { file, width, height, w: W, h: H },
  );
}

/** Share of pixels whose colour is within `tolerance` (mean of R, G, B differences) of the reference. */
export function matchShare(
  rgb: number[],
  reference: number[],
  tolerance = 24,
  where: (x: number, y: number) => boolean = () => true,
): number {
  let match = 0;
  let total = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (!where(x, y)) continue;
      const i = (y * W + x) * 3;
      const diff =
        (Math.abs(rgb[i]! - reference[i]!) + Math.abs(rgb[i + 1]! - reference[i + 1]!) + Math.abs(rgb[i + 2]! - reference[i + 2]!)) / 3;
      total++;
      if (diff <= tolerance) match++;
    }
  return total ? match / total : 0;
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** What a video element on the page shows now, as W x H RGB, with its size. */
export function videoPixels(page: Page, selector: string): Promise<{ rgb: number[]; width: number; height: number }> {
  return page.locator(selector).evaluate(
    (v: HTMLVideoElement, { w, h }) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(v, 0, 0, w, h);
      const d = ctx.getImageData(0, 0, w, h).data;
      const rgb: number[] = [];
      for (let i = 0; i < d.length; i += 4) rgb.push(d[i]!, d[i + 1]!, d[i + 2]!);
      return { rgb, width: v.videoWidth, height: v.videoHeight };
    },
    { w: W, h: H },
  );
}
