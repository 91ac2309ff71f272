// Decides when a participant's own video should pause so their sound stays clear, and when to try it
// again, from a series of estimates of what their uplink can carry. Pure: time comes in with each
// sample, so recorded stats series replay exactly (test/unit/audio-first-judge.test.ts).
//
//   video ──(below the need for pauseAfterMs)──▶ paused ──(trial due, or good for resumeAfterMs)──▶ trying
//   trying ──(at or above the need for resumeAfterMs)──▶ video
//   trying ──(still weak after trialMs)──▶ paused, and the next trial waits twice as long (up to a cap)
//
// While paused nothing but sound is sent, and an idle link rarely shows it could carry more: so the
// video is tried again now and then, each trial sending it for a while to let the estimate climb.
//
// A weak spell counts only while the page has had its processor time. A starved processor (a busy
// phone, an overloaded machine) delays the packets and drags Chromium's estimate down just as a
// narrow link does, and it delays this page's timers too: a sample that comes late, or one taken
// after the page lagged (page-lag.ts), says the page, not the link, was short of time, and the spell
// starts over. Loss is no test: Chromium's delay-based control keeps
// a narrow link's queue short, so a link that cannot carry video often drops nothing at all.
import { MIN_VIDEO_KBPS } from '../../shared/constants.js';

export type AudioFirstMode = 'video' | 'paused' | 'trying';
/** What the caller must do: stop sending video, send it again on trial, or show it to everyone again. */
export type AudioFirstStep = 'pause' | 'try' | 'resume';

export interface AudioFirstTimings {
  /** The estimate must stay below the need this long before video pauses (no flapping on a dip). */
  pauseAfterMs: number;
  /** …and at or above it this long, during a trial, before video is back for everyone. */
  resumeAfterMs: number;
  /** A sample this long after the one before means the page was starved: the weak spell starts over. */
  lateSampleMs: number;
  /** How long one trial sends video before it is called failed. */
  trialMs: number;
  /** The wait before the first trial after a pause; it doubles after each failed trial… */
  firstTrialGapMs: number;
  /** …up to this. */
  maxTrialGapMs: number;
}

export const AUDIO_FIRST_TIMINGS: AudioFirstTimings = {
  pauseAfterMs: 8000,
  resumeAfterMs: 3000,
  lateSampleMs: 1500,
  trialMs: 10_000,
  firstTrialGapMs: 15_000,
  maxTrialGapMs: 60_000,
};

export class AudioFirstJudge {
  private modeValue: AudioFirstMode = 'video';
  /** When the current run of low estimates began (video mode). */
  private lowSince: number | null = null;
  /** When the current run of good estimates began (trying mode). */
  private goodSince: number | null = null;
  private trialStartedAt = 0;
  private nextTrialAt = 0;
  private gapMs: number;
  /** When the sample before this one was taken. */
  private lastSampleAt: number | null = null;

  constructor(
    private readonly needKbps = MIN_VIDEO_KBPS,
    private readonly t: AudioFirstTimings = AUDIO_FIRST_TIMINGS,
  ) {
    this.gapMs = t.firstTrialGapMs;
  }

  get mode(): AudioFirstMode {
    return this.modeValue;
  }

  /**
   * One estimate of what the uplink can carry, in kbit/s, taken at `at` (ms). kbps null: this sample
   * cannot tell (e.g. the sender is idle and the browser gives no estimate); it neither starts nor ends
   * a run. `restart`: what came before says nothing of the link now (the page lagged, or a
   * connection is new or came back), so a weak spell starts over.
   */
  observe(at: number, kbps: number | null, restart = false): AudioFirstStep | null {
    const late = restart || (this.lastSampleAt !== null && at - this.lastSampleAt > this.t.lateSampleMs);
    this.lastSampleAt = at;
    const good = kbps === null ? null : kbps >= this.needKbps;
    switch (this.modeValue) {
      case 'video':
        if (late) this.lowSince = null;
        if (good === null) return null;
        if (good) {
          this.lowSince = null;
          return null;
        }
        this.lowSince ??= at;
        if (at - this.lowSince < this.t.pauseAfterMs) return null;
        return this.pause(at, this.t.firstTrialGapMs);
      case 'paused':
        // An estimate that holds up while only sound goes out brings the trial forward.
        if (good === true) this.goodSince ??= at;
        else if (good === false) this.goodSince = null;
        if (at >= this.nextTrialAt || (this.goodSince !== null && at - this.goodSince >= this.t.resumeAfterMs)) {
          this.modeValue = 'trying';
          this.trialStartedAt = at;
          this.goodSince = null;
          return 'try';
        }
        return null;
      case 'trying':
        if (good === true) {
          this.goodSince ??= at;
          if (at - this.goodSince >= this.t.resumeAfterMs) return this.resume();
        } else if (good === false) {
          this.goodSince = null;
        }
        if (at - this.trialStartedAt >= this.t.trialMs) return this.pause(at, Math.min(this.gapMs * 2, this.t.maxTrialGapMs));
        return null;
    }
  }

  /**
   * Back to plain video with no history: the person asked for their video again, turned the camera off
   * or on, or the provider turned the automatic pause off. Returns 'resume' when video was held back.
   */
  reset(): AudioFirstStep | null {
    const wasHeld = this.modeValue !== 'video';
    this.resume();
    return wasHeld ? 'resume' : null;
  }

  private pause(at: number, gapMs: number): AudioFirstStep {
    this.modeValue = 'paused';
    this.gapMs = gapMs;
    this.nextTrialAt = at + gapMs;
    this.goodSince = null;
    return 'pause';
  }

  private resume(): AudioFirstStep {
    this.modeValue = 'video';
    this.lowSince = null;
    this.goodSince = null;
    this.gapMs = this.t.firstTrialGapMs;
    return 'resume';
  }
}
