// The visit page: read the link token from the fragment, check the browser can make calls, and start.
import { SignalingClient } from '../transport/signaling.js';
import { button, h } from '../ui/dom.js';
import { MISSING_TOKEN, NO_WEBRTC, describeProblem, formatCountdown, type ProblemText } from '../ui/problem-messages.js';
import { startVisitApp } from './visit-app.js';

const log = (line: string): void => console.info(`[vestibule] ${line}`);
const root = document.getElementById('app')!;

function showProblem(text: ProblemText): void {
  root.replaceChildren(
    h(
      'section',
      { class: 'problem', role: 'alert', 'data-problem': true },
      h('h1', { text: text.title }),
      h('p', { text: text.body }),
      text.countdownTo !== undefined ? countdown(text.countdownTo) : null,
      text.reload ? button(text.reload, () => location.reload(), { class: 'primary' }) : null,
      h('p', {}, h('a', { href: '/test', text: 'Test your camera, microphone and connection' })),
    ),
  );
}

/** "The visit opens in 4 min 09 s", kept current each second (a timer: screen readers read it on request). */
function countdown(to: number): HTMLElement {
  const el = h('p', { class: 'countdown', role: 'timer', 'data-countdown': true });
  const tick = () => {
    el.textContent = `The visit opens in ${formatCountdown(to)}.`;
    if (Date.now() >= to) clearInterval(timer);
  };
  const timer = setInterval(tick, 1000);
  tick();
  return el;
}

function start(): void {
  const appointmentId = location.pathname.split('/').pop() ?? '';
  const token = new URLSearchParams(location.hash.slice(1)).get('t');
  if (!token || !appointmentId) return showProblem(MISSING_TOKEN);
  // Feature detection, not the user agent, decides whether a call is possible here.
  if (typeof RTCPeerConnection === 'undefined') return showProblem(NO_WEBRTC);

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const signaling = new SignalingClient({ url: `${scheme}://${location.host}/ws`, appointmentId, token, log });
  signaling.on('fatal', (p) => {
    if (p.code === 'link_too_early' && p.opensAt !== undefined) {
      // Let them in by themselves once the visit opens (if that is today).
      const wait = p.opensAt - Date.now() + 1000;
      if (wait < 12 * 3600_000) setTimeout(() => location.reload(), wait);
    }
  });
  startVisitApp({ root, signaling, log, showProblem, describeProblem });
}

start();
