// Turns a camera track into a processed one: each frame is segmented and composited onto a canvas,
// and the canvas's own track is what leaves the browser. The output track never carries a camera
// frame as it is: before the first composited frame it carries nothing, and across a camera switch
// it keeps the last processed picture until the new camera's first one is ready.
import { type Backdrop, Compositor } from './compositor.js';
import type { Segmenter } from './segmenter.js';

/** Frames per second the processor aims at: enough for a face-to-face talk, light enough for a laptop. */
export const MAX_FPS = 15;
/** Slower than this on average (segmentation + compositing) and the device is called too slow. */
const SLOW_MS_PER_FRAME = 1000 / 5;
/** How many frames are measured before judging the speed. */
const FRAMES_TO_JUDGE = 12;
/** Longest wait for the first processed frame of a camera before giving up on it. */
const FIRST_FRAME_TIMEOUT_MS = 20_000;

/**
 * Names of the User Timing measures the processor records per frame, for the benchmark (read with a
 * PerformanceObserver; the processor clears them now and then so a long visit does not hoard them).
 */
export const MEASURE = { segment: 'vestibule-background-segment', composite: 'vestibule-background-composite' } as const;

export class BackgroundProcessor {
  readonly track: MediaStreamTrack;
  private readonly compositor = new Compositor();
  private readonly video = document.createElement('video');
  private source: MediaStreamTrack | null = null;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstFrame: { promise: Promise<void>; resolve(): void } = deferred();
  private frames = 0;
  private busyMs = 0;
  private judged = false;

  constructor(
    private readonly segmenter: Segmenter,
    private backdrop: Backdrop,
    /** Called once when the device cannot keep up (see SLOW_MS_PER_FRAME). */
    private readonly onSlow: () => void = () => undefined,
    private readonly maxFps = MAX_FPS,
  ) {
    this.track = this.compositor.canvas.captureStream(maxFps).getVideoTracks()[0]!;
    this.video.muted = true;
    this.video.playsInline = true;
  }

  setBackdrop(backdrop: Backdrop): void {
    this.backdrop = backdrop;
  }

  /** Processes this camera from now on; resolves once a frame of it has been composited. */
  async setSource(camera: MediaStreamTrack): Promise<void> {
    if (this.source !== camera) {
      this.source = camera;
      this.firstFrame = deferred();
      this.video.srcObject = new MediaStream([camera]);
      await this.video.play();
      if (!this.running) {
        this.running = true;
        void this.loop();
      }
    }
    await withTimeout(this.firstFrame.promise, FIRST_FRAME_TIMEOUT_MS, 'no processed frame from the camera');
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.video.srcObject = null;
    this.source = null;
    this.track.stop();
    this.segmenter.close();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      try {
        if (this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && this.video.videoWidth > 0) await this.processFrame();
      } catch {
        // One bad frame (a camera being switched) is skipped; the canvas keeps the last good picture.
      }
      const wait = Math.max(0, 1000 / this.maxFps - (performance.now() - started));
      await new Promise<void>((resolve) => (this.timer = setTimeout(resolve, wait)));
    }
  }

  private async processFrame(): Promise<void> {
    this.compositor.setSize(this.video.videoWidth, this.video.videoHeight);
    const start = performance.now();
    let segmented = start;
    let composited = start;
    await this.segmenter.segment(this.video, (frame, mask) => {
      segmented = performance.now();
      this.compositor.draw(frame, mask, this.backdrop);
      composited = performance.now();
    });
    if (composited === start) return;
    performance.measure(MEASURE.segment, { start, end: segmented });
    performance.measure(MEASURE.composite, { start: segmented, end: composited });
    if (++this.frames % 300 === 0) for (const name of Object.values(MEASURE)) performance.clearMeasures(name);
    this.firstFrame.resolve();
    this.judgeSpeed(composited - start);
  }

  private judgeSpeed(ms: number): void {
    if (this.judged) return;
    this.busyMs += ms;
    if (this.frames < FRAMES_TO_JUDGE) return;
    this.judged = true;
    if (this.busyMs / this.frames > SLOW_MS_PER_FRAME) this.onSlow();
  }
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
