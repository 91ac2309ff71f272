// Check 4a: does the microphone pick up sound? Listens for a moment with a level meter (the page shows
// it live) and reports silence or a muted device.
import { createLevelMeter, meterPosition, toDb, type LevelMeter } from './audio.js';
import { deviceMissingSteps, cameraBusySteps } from './browser-advice.js';
import { round, wait, type Check, type CheckContext } from './check.js';
import type { AdviceBlock, CheckResult } from './report.js';

export interface MicrophoneDeps {
  createMeter?: (stream: MediaStream) => Promise<LevelMeter | null> | LevelMeter | null;
  windowMs?: number;
  /** How often to read the level; short enough to catch a brief sound. */
  intervalMs?: number;
}

/** Loudest moment quieter than this (dBFS) counts as silence: a muted or dead microphone, not a quiet room. */
export const SILENCE_DB = -70;

const SILENCE_STEPS: AdviceBlock = {
  title: 'Make your microphone heard',
  steps: [
    'Check for a mute switch or button on your headset, microphone or keyboard, and turn mute off.',
    'Say a few words out loud while the test runs: the bar should move.',
    'If you have several microphones, choose the right one in your computer’s sound settings.',
    'Run the test again.',
  ],
};

const MUTED_STEPS: AdviceBlock = {
  title: 'Unmute your microphone',
  steps: [
    'Your device reports the microphone as muted. Check for a mute switch or key on the headset, microphone or keyboard.',
    'Close other apps that may have taken over the microphone (calls, voice recorders).',
    'Run the test again.',
  ],
};

export class MicrophoneCheck implements Check {
  readonly id = 'microphone' as const;
  readonly label = 'Microphone';
  private readonly createMeter: (stream: MediaStream) => Promise<LevelMeter | null> | LevelMeter | null;
  private readonly windowMs: number;
  private readonly intervalMs: number;

  constructor(deps: MicrophoneDeps = {}) {
    this.createMeter = deps.createMeter ?? ((stream) => createLevelMeter(stream));
    this.windowMs = deps.windowMs ?? 1500;
    this.intervalMs = deps.intervalMs ?? 30;
  }

  async run(ctx: CheckContext): Promise<CheckResult> {
    const track = ctx.stream?.getAudioTracks()[0];
    if (!track || !ctx.stream) return this.noMicrophone(ctx);
    if (!track.enabled || track.readyState === 'ended') {
      return {
        id: this.id,
        status: 'fail',
        message: 'Your microphone is switched off.',
        advice: [MUTED_STEPS],
        details: { problem: 'off', enabled: track.enabled, readyState: track.readyState },
      };
    }
    const meter = await this.createMeter(ctx.stream);
    if (!meter) {
      return {
        id: this.id,
        status: 'skip',
        message:
          'We could not measure your microphone level in this browser, so it was not checked. You can still try it during the visit.',
        details: { problem: 'not checked' },
      };
    }
    ctx.say('Listening to your microphone: say a few words…');
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
        message: 'Your microphone is muted by your device, so nobody will hear you.',
        advice: [MUTED_STEPS],
        details: { ...details, problem: 'muted' },
      };
    }
    if (peakDb < SILENCE_DB) {
      return {
        id: this.id,
        status: 'warn',
        message: 'We could not hear anything from your microphone. It may be muted, or the wrong one may be selected.',
        advice: [SILENCE_STEPS],
        details: { ...details, problem: 'silent' },
      };
    }
    return { id: this.id, status: 'pass', message: 'Your microphone works: we could hear sound.', details };
  }

  private noMicrophone(ctx: CheckContext): CheckResult {
    switch (ctx.media.audio) {
      case 'busy':
        return {
          id: this.id,
          status: 'fail',
          message: 'Another app is using your microphone. Close it, then run the test again.',
          advice: [cameraBusySteps(ctx.env)],
          details: { problem: 'in use' },
        };
      case 'missing':
        return {
          id: this.id,
          status: 'fail',
          message: 'We could not find a microphone. Check that it is plugged in and switched on.',
          advice: [deviceMissingSteps(ctx.env)],
          details: { problem: 'not found' },
        };
      case 'error':
        return {
          id: this.id,
          status: 'fail',
          message: 'Your microphone could not be started.',
          advice: [cameraBusySteps(ctx.env)],
          details: { problem: 'error' },
        };
      default:
        return {
          id: this.id,
          status: 'skip',
          message: 'Not checked, because this page may not use the microphone yet (see above).',
          details: { problem: 'not checked' },
        };
    }
  }
}
