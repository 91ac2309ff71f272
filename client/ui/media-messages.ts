// What to tell a person whose camera or microphone could not be opened for the visit, worded for the
// device in hand: a phone is told where its browser keeps site settings, a computer about the
// address bar. Table-driven: one entry per problem.
import type { MediaProblem } from '../media/media-errors.js';
import type { ProblemText } from './problem-messages.js';

export type Device = 'phone' | 'computer';

/** Touch-first devices (phones, tablets) by what they can do, not by the user agent. */
export function deviceInHand(): Device {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches ? 'phone' : 'computer';
}

const ALLOW_STEPS: Record<Device, string> = {
  phone:
    "Your browser did not allow this page to use them. Open this website's settings in your browser (on an iPhone, the page-settings button beside the web address; on Android, the icon at the left of the web address), set Camera and Microphone to Allow, then try again.",
  computer:
    'Your browser did not allow this page to use them. Click the camera icon (or the padlock) in the address bar, choose Allow for the camera and microphone, then try again.',
};

const PROBLEM_TEXT: Record<Exclude<MediaProblem, 'denied'>, ProblemText> = {
  'in-use': {
    title: 'Your camera or microphone is busy',
    body: 'Another app or browser tab is using it. Close that app or tab (video apps, other calls), then try again.',
  },
  'not-found': { title: 'No camera or microphone found', body: 'Check that they are plugged in and switched on, then try again.' },
  insecure: {
    title: 'This page is not secure',
    body: 'Browsers only allow the camera on secure (https) pages. Ask your provider for the correct link.',
  },
  unsupported: {
    title: 'This browser cannot make video calls',
    body: 'Open the link in a current version of Chrome, Edge, Firefox or Safari.',
  },
  other: { title: 'Camera or microphone could not start', body: 'Reload the page. If it keeps happening, restart your browser.' },
};

export function mediaProblemText(
  p: { problem?: MediaProblem; missing?: ('audio' | 'video')[] },
  device: Device = deviceInHand(),
): ProblemText {
  if (p.missing?.length) {
    const what = p.missing.includes('video') ? 'camera' : 'microphone';
    return {
      title: `No ${what} found`,
      body: `You can still join, but the other side will not ${what === 'camera' ? 'see' : 'hear'} you. Check that your ${what} is connected, then try again.`,
    };
  }
  if (p.problem === 'denied') return { title: 'Camera and microphone are blocked', body: ALLOW_STEPS[device] };
  return PROBLEM_TEXT[p.problem ?? 'other'];
}
