// Check 4b: can the person hear sound? Plays a generated chime and asks. The answer comes whenever the
// person gives it: until then the check is 'skip' (not confirmed), so the automated report never waits.
import type { OsName } from './browser-advice.js';
import { playTestTone } from './audio.js';
import type { Check, CheckContext } from './check.js';
import type { AdviceBlock, CheckResult } from './report.js';

export interface SpeakerDeps {
  playTone?: (sinkId?: string) => Promise<void>;
  /** Whether this browser can play generated sound at all. */
  canPlay?: boolean;
}

export function speakerAdvice(os: OsName): AdviceBlock {
  const steps = [
    'Turn the volume up, and check that sound is not muted (a speaker key on the keyboard, or the volume icon on screen).',
    'If you use headphones or a headset, check that they are plugged in or connected, and put them on.',
    'If your browser lets you, choose another speaker in the list above, then play the sound again.',
  ];
  if (os === 'ios')
    steps.push(
      'On an iPhone, turn off silent mode: the Ring/Silent switch or Action button on the side. Web pages play no sound in silent mode.',
    );
  else if (os === 'android')
    steps.push('Press the volume-up button while the sound plays: phones keep media volume separate from ring volume.');
  else if (os === 'macos') steps.push('Check Apple menu › System Settings › Sound › Output, and choose the speaker you want.');
  else if (os === 'windows') steps.push('Click the speaker icon on the taskbar and choose the speaker or headphones you want.');
  return { title: 'Get sound working', steps };
}

export class SpeakerCheck implements Check {
  readonly id = 'speakers' as const;
  readonly label = 'Speakers';
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
        message: 'This browser cannot play a test sound, so your speakers were not checked.',
        details: { problem: 'not checked' },
      };
    }
    void this.play();
    ctx.live({ kind: 'speaker-question' });
    return this.unanswered();
  }

  unanswered(): CheckResult {
    return {
      id: this.id,
      status: 'skip',
      message: 'Not confirmed yet: did you hear the test sound?',
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

  answer(heard: boolean, os: OsName): CheckResult {
    return heard
      ? { id: this.id, status: 'pass', message: 'You heard the test sound: your speakers work.', details: { answered: 'yes' } }
      : {
          id: this.id,
          status: 'fail',
          message: 'You did not hear the test sound, so you may not hear your provider. Try the steps below, then play the sound again.',
          advice: [speakerAdvice(os)],
          details: { answered: 'no', problem: 'not heard' },
        };
  }
}
