// Turns a camera track into a processed one: each frame is segmented and composited onto a canvas,
// and the canvas's own track is what leaves the browser. The output track never carries a camera
// frame as it is: before the first composited frame it carries nothing, and across a camera switch
// it keeps the last processed picture until the new camera's first one is ready.
import { type Backdrop, Compositor } from './compositor.js';
import { INPUT_HEIGHT, INPUT_WIDTH, type Segmenter } from './segmenter.js';

/** Frames per second the processor aims at: enough for a face-to-face talk, light enough for a laptop. */
export const MAX_FPS = 15;
/** Slower than this on average (segmentation + compositing) and the device is called too slow. */
const SLOW_MS_PER_FRAME = 1000 / 5;
/** The first frames warm the model up (seconds on a slow machine) and are not judged; the next ones are. */
const WARM_UP_FRAMES = 4;
const FRAMES_TO_JUDGE = 12;
/** Longest wait for the first processed frame of a camera (it includes starting the model) before giving up. */
const FIRST_FRAME_TIMEOUT_MS = 45_000;
/** After each frame the page gets at least this share of the frame's time back, so a slow device stays usable. */
const IDLE_SHARE = 0.5;
/** Frames wider than this are processed at this width: compositing costs grow with the pixels. */
export const MAX_WIDTH = 960;

/**
 * Names of the User Timing measures the processor records per frame, for the benchmark (read with a
 * PerformanceObserver; the processor clears them now and then so a long visit does not hoard them).
 */
export const MEASURE = { segment: 'vestibule-background-segment', composite: 'vestibule-background-composite' } as const;

export class BackgroundProcessor {
  readonly track: MediaStreamTrack;
  private readonly compositor = new Compositor();
  private readonly video = document.createElement('video');
  /** The frame, shrunk, as the segmenter gets it: far less to copy into MediaPipe than the full frame. */
  private readonly input = document.createElement('canvas');
  private readonly inputCtx: CanvasRenderingContext2D;
  private source: MediaStreamTrack | null = null;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstFrame: { promise: Promise<void>; resolve(): void } = deferred();
  private frames = 0;
  private judgedFrames = 0;
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
    this.input.width = INPUT_WIDTH;
    this.input.height = INPUT_HEIGHT;
    this.inputCtx = this.input.getContext('2d')!;
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
      const took = performance.now() - started;
      const wait = Math.max(1000 / this.maxFps - took, took * IDLE_SHARE);
      await new Promise<void>((resolve) => (this.timer = setTimeout(resolve, wait)));
    }
  }

  private async processFrame(): Promise<void> {
    const scale = Math.min(1, MAX_WIDTH / this.video.videoWidth);
    this.compositor.setSize(Math.round(this.video.videoWidth * scale), Math.round(this.video.videoHeight * scale));
    const start = performance.now();
    let segmented = start;
    let composited = start;
    this.inputCtx.drawImage(this.video, 0, 0, INPUT_WIDTH, INPUT_HEIGHT);
    await this.segmenter.segment(this.input, (mask) => {
      segmented = performance.now();
      // The frame is the video as it is now: at most a few milliseconds after the one segmented.
      this.compositor.draw(this.video, mask, this.backdrop);
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
    if (this.judged || this.frames <= WARM_UP_FRAMES) return;
    this.busyMs += ms;
    if (++this.judgedFrames < FRAMES_TO_JUDGE) return;
    this.judged = true;
    if (this.busyMs / this.judgedFrames > SLOW_MS_PER_FRAME) this.onSlow();
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
