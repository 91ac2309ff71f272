// Check 4a: does the microphone pick up sound? Listens for a moment with a level meter (the page shows
// it live) and reports silence or a muted device.
import { createLevelMeter, meterPosition, toDb, type LevelMeter } from './audio.js';
import { adviceBlock, cameraBusySteps, deviceMissingSteps } from './browser-advice.js';
import { round, wait, type Check, type CheckContext } from './check.js';
import type { AdviceBlock, CheckResult } from './report.js';
import type { TestWords } from './words.js';

export interface MicrophoneDeps {
  createMeter?: (stream: MediaStream) => Promise<LevelMeter | null> | LevelMeter | null;
  windowMs?: number;
  /** How often to read the level; short enough to catch a brief sound. */
  intervalMs?: number;
}

/** Loudest moment quieter than this (dBFS) counts as silence: a muted or dead microphone, not a quiet room. */
export const SILENCE_DB = -70;

const silenceSteps = (w: TestWords): AdviceBlock =>
  adviceBlock(w, w.advice('silence.title'), ['silence.mute', 'silence.speak', 'silence.choose', 'runAgain']);

const mutedSteps = (w: TestWords): AdviceBlock => adviceBlock(w, w.advice('muted.title'), ['muted.device', 'muted.closeApps', 'runAgain']);

export class MicrophoneCheck implements Check {
  readonly id = 'microphone' as const;
  private readonly createMeter: (stream: MediaStream) => Promise<LevelMeter | null> | LevelMeter | null;
  private readonly windowMs: number;
  private readonly intervalMs: number;

  constructor(deps: MicrophoneDeps = {}) {
    this.createMeter = deps.createMeter ?? ((stream) => createLevelMeter(stream));
    this.windowMs = deps.windowMs ?? 1500;
    this.intervalMs = deps.intervalMs ?? 30;
  }

  async run(ctx: CheckContext): Promise<CheckResult> {
    const w = ctx.words;
    const track = ctx.stream?.getAudioTracks()[0];
    if (!track || !ctx.stream) return this.noMicrophone(ctx);
    if (!track.enabled || track.readyState === 'ended') {
      return {
        id: this.id,
        status: 'fail',
        message: w.t('mic.off'),
        advice: [mutedSteps(w)],
        details: { problem: 'off', enabled: track.enabled, readyState: track.readyState },
      };
    }
    const meter = await this.createMeter(ctx.stream);
    if (!meter) {
      return {
        id: this.id,
        status: 'skip',
        message: w.t('mic.unmeasurable'),
        details: { problem: 'not checked' },
      };
    }
    ctx.say(w.t('step.speak'));
    let peak = 0;
    let sumSquares = 0;
    let reads = 0;
    let mutedReads = 0;
    const end = ctx.now() + this.windowMs;
    try {
      while (ctx.now() < end && !ctx.signal.aborted) {
        const rms = meter.read();
        peak = Math.max(peak, rms);
        sumSquares += rms * rms;
        reads++;
        if (track.muted) mutedReads++;
        ctx.live({ kind: 'level', value: meterPosition(rms) });
        await wait(this.intervalMs, ctx.signal);
      }
    } finally {
      meter.close();
      ctx.live({ kind: 'level', value: 0 });
    }
    const peakDb = round(toDb(peak), 1);
    const averageDb = round(toDb(Math.sqrt(sumSquares / Math.max(1, reads))), 1);
    const details = { peakDb, averageDb, reads, muted: track.muted };
    if (reads > 0 && mutedReads === reads) {
      return {
        id: this.id,
        status: 'fail',
        message: w.t('mic.muted'),
        advice: [mutedSteps(w)],
        details: { ...details, problem: 'muted' },
      };
    }
    if (peakDb < SILENCE_DB) {
      return {
        id: this.id,
        status: 'warn',
        message: w.t('mic.silent'),
        advice: [silenceSteps(w)],
        details: { ...details, problem: 'silent' },
      };
    }
    return { id: this.id, status: 'pass', message: w.t('mic.ok'), details };
  }

  private noMicrophone(ctx: CheckContext): CheckResult {
    const w = ctx.words;
    switch (ctx.media.audio) {
      case 'busy':
        return {
          id: this.id,
          status: 'fail',
          message: w.t('mic.busy'),
          advice: [cameraBusySteps(ctx.env, w)],
          details: { problem: 'in use' },
        };
      case 'missing':
        return {
          id: this.id,
          status: 'fail',
          message: w.t('mic.missing'),
          advice: [deviceMissingSteps(ctx.env, w)],
          details: { problem: 'not found' },
        };
      case 'error':
        return {
          id: this.id,
          status: 'fail',
          message: w.t('mic.error'),
          advice: [cameraBusySteps(ctx.env, w)],
          details: { problem: 'error' },
        };
      default:
        return {
          id: this.id,
          status: 'skip',
          message: w.t('mic.notChecked'),
          details: { problem: 'not checked' },
        };
    }
  }
}
