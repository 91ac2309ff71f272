// The visit page: read the link token from the fragment, connect, show the waiting room or the call.
import type { ParticipantView } from '../../shared/protocol.js';
import { openLocalMedia } from '../media/local-media.js';
import { CallSession } from '../transport/call-session.js';
import { describeRoute } from '../transport/route.js';
import { SignalingClient } from '../transport/signaling.js';
import { button, h } from '../ui/dom.js';
import { MISSING_TOKEN, NO_WEBRTC, RELAY_UNREACHABLE, describeProblem, type ProblemText } from '../ui/problem-messages.js';
import { mediaProblemText } from '../ui/media-messages.js';
import { VisitScreen } from '../ui/visit-screen.js';

const log = (line: string): void => console.info(`[vestibule] ${line}`);
const root = document.getElementById('app')!;

function showProblem(text: ProblemText): void {
  root.replaceChildren(
    h(
      'section',
      { class: 'problem', role: 'alert', 'data-problem': true },
      h('h1', { text: text.title }),
      h('p', { text: text.body }),
      text.reload ? button(text.reload, () => location.reload(), { class: 'primary' }) : null,
      h('p', {}, h('a', { href: '/test', text: 'Test your camera, microphone and connection' })),
    ),
  );
}

function start(): void {
  const appointmentId = location.pathname.split('/').pop() ?? '';
  const token = new URLSearchParams(location.hash.slice(1)).get('t');
  if (!token || !appointmentId) return showProblem(MISSING_TOKEN);
  // Feature detection, not the user agent, decides whether a call is possible here.
  if (typeof RTCPeerConnection === 'undefined') return showProblem(NO_WEBRTC);

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const signaling = new SignalingClient({ url: `${scheme}://${location.host}/ws`, appointmentId, token, log });
  let localStream: MediaStream | null = null;
  let mediaRequested = false;
  let screen: VisitScreen | null = null;
  let roster: ParticipantView[] = [];
  const nameOf = (id: string) => roster.find((p) => p.id === id)?.displayName ?? 'Participant';

  let settleMedia: () => void = () => undefined;
  const mediaSettled = new Promise<void>((resolve) => (settleMedia = resolve));
  const call = new CallSession({ signaling, getLocalStream: () => localStream, mediaSettled, log });
  call.on('remote-stream', ({ peerId, stream }) => {
    screen?.tiles.showRemote(peerId, stream, nameOf(peerId));
    screen?.render();
  });
  call.on('remote-gone', ({ peerId }) => {
    screen?.tiles.removeRemote(peerId);
    screen?.render();
  });
  call.on('peer-state', ({ peerId, state }) => screen?.tiles.setPeerState(peerId, state));
  call.on('route', ({ peerId, route }) => {
    screen?.tiles.setRoute(peerId, describeRoute(route), `${route.via}/${route.protocol}`);
  });
  call.on('relay-unreachable', ({ errors }) => {
    log(`relay unreachable${errors.length ? `: ${errors.join('; ')}` : ''}`);
    screen?.showNotice(RELAY_UNREACHABLE);
  });

  signaling.on('state', ({ to }) => screen?.setConnection(to));
  signaling.on('welcome', async (w) => {
    if (!screen) {
      screen = new VisitScreen(
        root,
        {
          admit: (participantId) => signaling.send({ type: 'admit', participantId }),
          remove: (participantId) => signaling.send({ type: 'remove', participantId }),
          setReady: (ready) => signaling.send({ type: 'ready', ready }),
        },
        w.self.role,
      );
    }
    screen.setConnection('connected');
    screen.setAppointment(w.appointment, w.self);
    // The link is verified before the camera is asked for: an expired link should not prompt.
    if (!mediaRequested) {
      mediaRequested = true;
      const media = await openLocalMedia();
      if (media.ok) {
        localStream = media.stream;
        screen.tiles.setLocalStream(localStream);
        screen.showNotice(media.missing.length ? mediaProblemText({ missing: media.missing }) : null);
      } else {
        screen.showNotice(mediaProblemText({ problem: media.problem }));
      }
      settleMedia();
    }
  });
  signaling.on('roster', (m) => {
    roster = m.participants;
    screen?.setRoster(roster);
  });
  signaling.on('admission', (m) => screen?.setAdmission(m.admission));
  signaling.on('problem', (m) => log(`server said ${m.code}`));
  signaling.on('fatal', (p) => {
    call.closeAll();
    localStream?.getTracks().forEach((t) => t.stop());
    showProblem(describeProblem(p));
    if (p.code === 'link_too_early' && p.opensAt !== undefined) {
      // Let them in by themselves once the visit opens (if that is today).
      const wait = p.opensAt - Date.now() + 1000;
      if (wait < 12 * 3600_000) setTimeout(() => location.reload(), wait);
    }
  });
  addEventListener('online', () => signaling.reconnectNow());
  // Leaving or reloading: hang up cleanly so the other side hears about it at once.
  addEventListener('pagehide', () => {
    call.closeAll();
    signaling.stop();
  });
  signaling.start();
}

start();
