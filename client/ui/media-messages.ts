// What to tell a person whose camera or microphone could not be opened for the visit, worded for the
// device in hand: a phone is told where its browser keeps site settings, a computer about the
// address bar. Table-driven: one entry per problem.
import type { MediaProblem } from '../media/media-errors.js';
import type { ProblemText } from './problem-messages.js';
import { wordsOf } from '../i18n/page-words.js';
import { mediaProblemsMessages } from '../../shared/i18n/catalogues/media-problems.js';
import { callMessages } from '../../shared/i18n/catalogues/call.js';

const tr = wordsOf(mediaProblemsMessages);
const callWords = wordsOf(callMessages);

export type Device = 'phone' | 'computer';

/** Touch-first devices (phones, tablets) by what they can do, not by the user agent. */
export function deviceInHand(): Device {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches ? 'phone' : 'computer';
}

const ALLOW_STEPS = { phone: 'allowOnPhone', computer: 'allowOnComputer' } as const satisfies Record<Device, string>;

/** The catalogue keys of each problem's title and body ("inUse" → inUseTitle, inUseBody). */
const PROBLEM_KEY = {
  'in-use': 'inUse',
  'not-found': 'notFound',
  insecure: 'insecure',
  unsupported: 'unsupported',
  other: 'other',
} as const satisfies Record<Exclude<MediaProblem, 'denied'>, string>;

export function mediaProblemText(
  p: { problem?: MediaProblem; missing?: ('audio' | 'video')[] },
  device: Device = deviceInHand(),
): ProblemText {
  if (p.missing?.length) {
    const what = p.missing.includes('video') ? 'noCamera' : 'noMicrophone';
    return { title: tr(`${what}Title`), body: tr(`${what}Body`) };
  }
  if (p.problem === 'denied') return { title: tr('blockedTitle'), body: tr(ALLOW_STEPS[device]) };
  const key = PROBLEM_KEY[p.problem ?? 'other'];
  return { title: tr(`${key}Title`), body: tr(`${key}Body`) };
}

/** What to tell a person whose camera or microphone stopped by itself during the visit. */
export function deviceStoppedText(what: 'camera' | 'microphone'): ProblemText {
  return { title: tr(`${what}StoppedTitle`), body: tr('stoppedBody') };
}

const CAMERA_PROBLEM = {
  denied: 'cameraBlocked',
  insecure: 'cameraBlocked',
  'in-use': 'cameraBusy',
  'not-found': 'noCamera',
  unsupported: 'cameraUnsupported',
  other: 'cameraNotWorking',
} as const satisfies Record<MediaProblem, string>;

/**
 * A camera that could not start, in a few words ("Camera blocked"), as its page reported it: on the
 * person's tile and in the provider's waiting list alike.
 */
export function cameraProblemText(problem: MediaProblem): string {
  return callWords(CAMERA_PROBLEM[problem]);
}
