// Check 3: does the camera deliver a live picture? Resolution from the track's settings, frame rate
// from frames actually presented, and a few small samples to catch a black (covered) or frozen picture.
import { adviceBlock, cameraBusySteps, deviceMissingSteps } from './browser-advice.js';
import { round, wait, type Check, type CheckContext } from './check.js';
import type { AdviceBlock, CheckResult } from './report.js';
import { createVideoProbe, type VideoProbe } from './video-probe.js';
import type { TestWords } from './words.js';

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

const coverSteps = (w: TestWords): AdviceBlock => adviceBlock(w, w.advice('cover.title'), ['cover.shutter', 'cover.key', 'cover.light']);

const frozenSteps = (w: TestWords): AdviceBlock =>
  adviceBlock(w, w.advice('frozen.title'), ['frozen.closeApps', 'frozen.replug', 'reloadRunAgain']);

export class CameraCheck implements Check {
  readonly id = 'camera' as const;
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
    const w = ctx.words;
    const settings = track.getSettings();
    ctx.say(w.t('step.camera'));
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
        message: w.t('camera.noPicture'),
        advice: [cameraBusySteps(ctx.env, w)],
        details: { ...details, problem: 'no picture' },
      };
    }
    if (judged.black) {
      return {
        id: this.id,
        status: 'fail',
        message: w.t('camera.black'),
        advice: [coverSteps(w)],
        details: { ...details, problem: 'black' },
      };
    }
    if (judged.frozen) {
      return {
        id: this.id,
        status: 'warn',
        message: w.t('camera.frozen'),
        advice: [frozenSteps(w)],
        details: { ...details, problem: 'frozen' },
      };
    }
    const size = width && height ? `${width} × ${height}` : w.t('camera.unknownSize');
    if (fps > 0 && fps < MIN_GOOD_FPS && count.method !== 'sampling') {
      return {
        id: this.id,
        status: 'warn',
        message: w.t('camera.choppy', { fps: Math.round(fps) }),
        details: { ...details, problem: 'choppy' },
      };
    }
    if (width > 0 && width < MIN_GOOD_WIDTH) {
      return {
        id: this.id,
        status: 'warn',
        message: w.t('camera.small', { size }),
        details: { ...details, problem: 'low resolution' },
      };
    }
    // Sampling only gives a lower bound of the frame rate: then the rate is not told.
    const message = count.method === 'sampling' ? w.t('camera.ok', { size }) : w.t('camera.okRate', { size, fps: Math.round(fps) });
    return { id: this.id, status: 'pass', message, details };
  }

  private noCamera(ctx: CheckContext): CheckResult {
    const w = ctx.words;
    switch (ctx.media.video) {
      case 'busy':
        return {
          id: this.id,
          status: 'fail',
          message: w.t('camera.busy'),
          advice: [cameraBusySteps(ctx.env, w)],
          details: { problem: 'in use' },
        };
      case 'missing':
        return {
          id: this.id,
          status: 'fail',
          message: w.t('camera.missing'),
          advice: [deviceMissingSteps(ctx.env, w)],
          details: { problem: 'not found' },
        };
      case 'error':
        return {
          id: this.id,
          status: 'fail',
          message: w.t('camera.error'),
          advice: [cameraBusySteps(ctx.env, w)],
          details: { problem: 'error' },
        };
      default:
        return {
          id: this.id,
          status: 'skip',
          message: w.t('camera.notChecked'),
          details: { problem: 'not checked' },
        };
    }
  }
}
