// Plain-language explanations for every reason a visit page cannot go on.
import type { FatalProblem } from '../transport/signaling.js';
import { EARLY_ENTRY_MS } from '../../shared/constants.js';
import { formatWhen } from './dom.js';

export interface ProblemText {
  title: string;
  body: string;
  /** Offer a button that reloads the page (for problems a reload can fix). */
  reload?: string;
  /** Leave out the link to the camera and connection test (there is no visit to prepare for). */
  noTest?: boolean;
  /** Show a live countdown to this moment (ms since epoch): when a too-early link opens. */
  countdownTo?: number;
}

/** "1 h 05 min", "4 min 09 s", "12 s": how long until `to`. */
export function formatCountdown(to: number, now = Date.now()): string {
  const s = Math.max(0, Math.ceil((to - now) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min`;
  return m > 0 ? `${m} min ${pad(s % 60)} s` : `${s} s`;
}

export function describeProblem(p: FatalProblem, now = Date.now()): ProblemText {
  switch (p.code) {
    case 'link_too_early': {
      const opensAt = p.opensAt ?? now;
      return {
        title: `Your visit opens at ${formatWhen(opensAt, now)}`,
        body: `Your appointment is at ${formatWhen(opensAt + EARLY_ENTRY_MS, now)}; the waiting room opens ${EARLY_ENTRY_MS / 60_000} minutes before. You are early. Keep this page open: it lets you in by itself when the visit opens. Meanwhile you can test your camera, microphone and connection.`,
        countdownTo: opensAt,
      };
    }
    case 'link_expired':
      return { title: 'This link has expired', body: 'The appointment it was made for is over. Ask your provider for a new link.' };
    case 'visit_cancelled':
      return {
        title: 'This visit was cancelled',
        body: 'There is no visit to join with this link. If you have questions, or would like another time, contact your practice.',
        noTest: true,
      };
    case 'link_revoked':
      return { title: 'This link is no longer valid', body: 'Your provider withdrew it. Ask them for a new link.' };
    case 'link_wrong_appointment':
      return {
        title: 'This link is for a different appointment',
        body: 'Open the link from your invitation exactly as you received it, or ask your provider for a new one.',
      };
    case 'link_invalid':
    case 'hello_required':
      return {
        title: 'This link is not valid',
        body: 'Part of it may be missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
      };
    case 'replaced':
      return {
        title: 'This visit is open in another tab or window',
        body: 'Only one window can be in the visit at a time.',
        reload: 'Use this window instead',
      };
    case 'removed':
      return {
        title: 'You have left the waiting room',
        body: 'Your provider removed you from the waiting room. If you think this is a mistake, contact your provider.',
      };
    case 'session_ended':
      return {
        title: 'This session has ended',
        body: 'Your provider ended the visit. If you were cut off by mistake, contact your provider: they can start it again.',
      };
    case 'visit_full':
      return {
        title: 'This visit is full',
        body: 'A visit can have at most six people at once. Ask your provider to let you know when someone leaves, then reload this page.',
        reload: 'Try again',
      };
    case 'unsupported_version':
      return { title: 'Vestibule was updated', body: 'Reload this page to continue.', reload: 'Reload' };
    default:
      return { title: 'Something went wrong', body: p.message || 'Reload the page to try again.', reload: 'Reload' };
  }
}

export const NO_WEBRTC: ProblemText = {
  title: "This browser can't make video calls",
  body: 'It lacks the video-calling technology (WebRTC) the visit needs. Open this same link in a current version of Chrome, Edge, Firefox or Safari. On a phone, use Safari (iPhone, iPad) or Chrome (Android) rather than the browser inside another app.',
};

export const RELAY_UNREACHABLE: ProblemText = {
  title: "Can't reach the relay server",
  body: "Your network blocks the relay that carries video through firewalls, so the call may not connect. Try another network (for example your phone's hotspot), or ask your IT team to allow video calls to this service.",
};

export const MISSING_TOKEN: ProblemText = {
  title: 'This link is incomplete',
  body: 'Part of the link is missing. Copy the whole link from your invitation and open it again, or ask your provider for a new one.',
};

export const CODE_NOT_FOUND: ProblemText = {
  title: 'This code does not open a visit',
  body: 'Check the code and type it again exactly as you received it. If it still does not work, ask your provider for a new link.',
};

export const CODE_TOO_MANY: ProblemText = {
  title: 'Too many codes were tried',
  body: 'For your safety, this connection must wait a minute before trying another code. Then type it again.',
};

export const CODE_SERVER_TROUBLE: ProblemText = {
  title: "Can't reach the visit service",
  body: 'Check your internet connection, then try the code again.',
};
