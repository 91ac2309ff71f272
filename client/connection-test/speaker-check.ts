// Check 4b: can the person hear sound? Plays a generated chime and asks. The answer comes whenever the
// person gives it: until then the check is 'skip' (not confirmed), so the automated report never waits.
import type { OsName } from './browser-advice.js';
import { playTestTone } from './audio.js';
import type { Check, CheckContext } from './check.js';
import type { AdviceBlock, CheckResult } from './report.js';
import { adviceBlock } from './browser-advice.js';
import { ENGLISH, type AdviceKey, type TestWords } from './words.js';

export interface SpeakerDeps {
  playTone?: (sinkId?: string) => Promise<void>;
  /** Whether this browser can play generated sound at all. */
  canPlay?: boolean;
}

export function speakerAdvice(os: OsName, w: TestWords = ENGLISH): AdviceBlock {
  const bySystem: Partial<Record<OsName, AdviceKey>> = {
    ios: 'sound.ios',
    android: 'sound.android',
    macos: 'sound.macos',
    windows: 'sound.windows',
  };
  const extra = bySystem[os];
  return adviceBlock(w, w.advice('sound.title'), ['sound.volume', 'sound.headphones', 'sound.choose', ...(extra ? [extra] : [])]);
}

export class SpeakerCheck implements Check {
  readonly id = 'speakers' as const;
  private readonly playTone: (sinkId?: string) => Promise<void>;
  private readonly canPlay: boolean;
  private played = false;

  constructor(deps: SpeakerDeps = {}) {
    this.playTone = deps.playTone ?? playTestTone;
    this.canPlay =
      deps.canPlay ??
      (typeof (globalThis as { AudioContext?: unknown }).AudioContext === 'function' ||
        typeof (globalThis as { webkitAudioContext?: unknown }).webkitAudioContext === 'function');
  }

  /** Starts the chime and asks the question; returns at once with 'skip' until `answer` is called. */
  async run(ctx: CheckContext): Promise<CheckResult> {
    if (!this.canPlay) {
      return {
        id: this.id,
        status: 'skip',
        message: ctx.words.t('speakers.cannotPlay'),
        details: { problem: 'not checked' },
      };
    }
    void this.play();
    ctx.live({ kind: 'speaker-question' });
    return this.unanswered(ctx.words);
  }

  unanswered(w: TestWords = ENGLISH): CheckResult {
    return {
      id: this.id,
      status: 'skip',
      message: w.t('speakers.unconfirmed'),
      details: { problem: 'not confirmed', played: this.played },
    };
  }

  /** Plays the chime (again), on `sinkId` where the browser allows choosing. Never throws. */
  async play(sinkId?: string): Promise<boolean> {
    try {
      this.played = true;
      await this.playTone(sinkId);
      return true;
    } catch {
      this.played = false;
      return false;
    }
  }

  answer(heard: boolean, os: OsName, w: TestWords = ENGLISH): CheckResult {
    return heard
      ? { id: this.id, status: 'pass', message: w.t('speakers.heard'), details: { answered: 'yes' } }
      : {
          id: this.id,
          status: 'fail',
          message: w.t('speakers.notHeard'),
          advice: [speakerAdvice(os, w)],
          details: { answered: 'no', problem: 'not heard' },
        };
  }
}
