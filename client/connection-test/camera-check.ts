// Check 3: does the camera deliver a live picture? Resolution from the track's settings, frame rate
// from frames actually presented, and a few small samples to catch a black (covered) or frozen picture.
import { cameraBusySteps, deviceMissingSteps } from './browser-advice.js';
import { round, wait, type Check, type CheckContext } from './check.js';
import type { AdviceBlock, CheckResult } from './report.js';
import { createVideoProbe, type VideoProbe } from './video-probe.js';

export interface CameraDeps {
  createProbe?: (stream: MediaStream) => Promise<VideoProbe>;
  /** How long to watch the camera. */
  windowMs?: number;
  samples?: number;
}

/** Mean luma (0-255) below which a picture counts as black: a covered lens, a closed shutter. */
export const BLACK_LUMA = 8;
/** Mean absolute per-pixel change (0-255) below which two samples count as the same picture. */
export const FROZEN_DIFF = 0.5;
export const MIN_GOOD_FPS = 10;
export const MIN_GOOD_WIDTH = 320;

export function meanLuma(sample: Uint8Array): number {
  let sum = 0;
  for (const v of sample) sum += v;
  return sample.length ? sum / sample.length : 0;
}

export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(a[i]! - b[i]!);
  return n ? sum / n : 0;
}

/** Black: every sample is (nearly) black. Frozen: no two consecutive samples differ. */
export function judgeSamples(samples: Uint8Array[]): { black: boolean; frozen: boolean; luma: number; change: number } {
  if (samples.length === 0) return { black: false, frozen: false, luma: 0, change: 0 };
  const lumas = samples.map(meanLuma);
  let change = 0;
  for (let i = 1; i < samples.length; i++) change = Math.max(change, meanAbsDiff(samples[i - 1]!, samples[i]!));
  const black = Math.max(...lumas) < BLACK_LUMA;
  return {
    black,
    frozen: !black && samples.length >= 3 && change < FROZEN_DIFF,
    luma: round(lumas.reduce((a, b) => a + b, 0) / lumas.length, 1),
    change: round(change, 2),
  };
}

const COVER_STEPS: AdviceBlock = {
  title: 'Uncover your camera',
  steps: [
    'Check for a sliding cover, sticker or privacy shutter over the lens, and open it.',
    'Some laptops have a camera switch or key (often F8, F10 or a key with a camera symbol): press it.',
    'Make sure the room has some light, then run the test again.',
  ],
};

const FROZEN_STEPS: AdviceBlock = {
  title: 'Restart your camera',
  steps: [
    'Close other apps that may use the camera.',
    'Unplug an external camera and plug it back in.',
    'Reload this page and run the test again.',
  ],
};

export class CameraCheck implements Check {
  readonly id = 'camera' as const;
  readonly label = 'Camera';
  /** The microphone check listens while this one watches. */
  readonly joinsNext = true;
  private readonly createProbe: (stream: MediaStream) => Promise<VideoProbe>;
  private readonly windowMs: number;
  private readonly samples: number;

  constructor(deps: CameraDeps = {}) {
    this.createProbe = deps.createProbe ?? ((stream) => createVideoProbe(stream));
    this.windowMs = deps.windowMs ?? 1500;
    this.samples = deps.samples ?? 5;
  }

  async run(ctx: CheckContext): Promise<CheckResult> {
    const track = ctx.stream?.getVideoTracks()[0];
    if (!track || !ctx.stream) return this.noCamera(ctx);
    const settings = track.getSettings();
    ctx.say('Looking at your camera…');
    const probe = await this.createProbe(ctx.stream);
    // The size of the frames that arrive; the track's settings say what was asked of the camera.
    const shown = probe.dimensions?.() ?? null;
    const width = shown?.width ?? settings.width ?? 0;
    const height = shown?.height ?? settings.height ?? 0;
    let count: Awaited<ReturnType<VideoProbe['countFrames']>>;
    const samples: Uint8Array[] = [];
    try {
      const counting = probe.countFrames(this.windowMs);
      const gap = this.windowMs / this.samples;
      for (let i = 0; i < this.samples; i++) {
        const s = await probe.sampleLuma();
        if (s) samples.push(s);
        await wait(gap, ctx.signal);
      }
      count = await counting;
    } finally {
      probe.close();
    }
    const judged = judgeSamples(samples);
    let fps = count.ms > 0 ? (count.frames * 1000) / count.ms : 0;
    if (count.method === 'sampling') {
      // No frame counter: changed samples per second is all we know (a lower bound).
      let changed = 0;
      for (let i = 1; i < samples.length; i++) if (meanAbsDiff(samples[i - 1]!, samples[i]!) >= FROZEN_DIFF) changed++;
      fps = changed / (this.windowMs / 1000);
    }
    const delivered = {
      width,
      height,
      frameRate: round(fps, 1),
      configuredWidth: settings.width ?? null,
      configuredHeight: settings.height ?? null,
      configuredFrameRate: settings.frameRate ?? null,
    };
    const details = {
      ...delivered,
      countedBy: count.method,
      meanLuma: judged.luma,
      maxChange: judged.change,
      samples: samples.length,
      muted: track.muted,
    };

    if (samples.length === 0 && count.frames === 0) {
      return {
        id: this.id,
        status: 'fail',
        message: 'Your camera is on but sends no picture. Another app may be holding it, or it may need to be reconnected.',
        advice: [cameraBusySteps(ctx.env)],
        details: { ...details, problem: 'no picture' },
      };
    }
    if (judged.black) {
      return {
        id: this.id,
        status: 'fail',
        message: 'Your camera shows only black. Is something covering the lens?',
        advice: [COVER_STEPS],
        details: { ...details, problem: 'black' },
      };
    }
    if (judged.frozen) {
      return {
        id: this.id,
        status: 'warn',
        message: 'Your camera picture does not move: it seems frozen.',
        advice: [FROZEN_STEPS],
        details: { ...details, problem: 'frozen' },
      };
    }
    const size = width && height ? `${width} × ${height}` : 'an unknown size';
    if (fps > 0 && fps < MIN_GOOD_FPS && count.method !== 'sampling') {
      return {
        id: this.id,
        status: 'warn',
        message: `Your camera works, but sends only ${Math.round(fps)} pictures per second, so you may look jerky. Closing other apps and browser tabs usually helps.`,
        details: { ...details, problem: 'choppy' },
      };
    }
    if (width > 0 && width < MIN_GOOD_WIDTH) {
      return {
        id: this.id,
        status: 'warn',
        message: `Your camera works, but its picture is small (${size}), so you will look blurry.`,
        details: { ...details, problem: 'low resolution' },
      };
    }
    const rate = count.method === 'sampling' ? '' : ` at ${Math.round(fps)} frames per second`;
    return { id: this.id, status: 'pass', message: `Your camera works: ${size}${rate}.`, details };
  }

  private noCamera(ctx: CheckContext): CheckResult {
    switch (ctx.media.video) {
      case 'busy':
        return {
          id: this.id,
          status: 'fail',
          message: 'Another app or browser tab is using your camera. Close it, then run the test again.',
          advice: [cameraBusySteps(ctx.env)],
          details: { problem: 'in use' },
        };
      case 'missing':
        return {
          id: this.id,
          status: 'fail',
          message: 'We could not find a camera. Check that it is plugged in and switched on.',
          advice: [deviceMissingSteps(ctx.env)],
          details: { problem: 'not found' },
        };
      case 'error':
        return {
          id: this.id,
          status: 'fail',
          message: 'Your camera could not be started.',
          advice: [cameraBusySteps(ctx.env)],
          details: { problem: 'error' },
        };
      default:
        return {
          id: this.id,
          status: 'skip',
          message: 'Not checked, because this page may not use the camera yet (see above).',
          details: { problem: 'not checked' },
        };
    }
  }
}
