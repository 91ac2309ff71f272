// Binder for audio first: the bandwidth watch's steps hold back or send the camera's picture (the
// media controller tells the others through media-state), the note on one's own page follows, and
// the provider's switch for the visit (from the welcome and audio-first frames) starts or stops the
// watch on every page. The provider's page also gets the switch, for the audio and video settings.
import type { MediaController } from '../media/media-controller.js';
import { BandwidthWatch } from '../transport/bandwidth-watch.js';
import type { CallSession } from '../transport/call-session.js';
import type { SignalingClient } from '../transport/signaling.js';
import { AudioFirstSwitch, WeakNetworkNotice } from '../ui/weak-network-notice.js';
import type { VisitScreen } from '../ui/visit-screen.js';
import type { VisitState } from './visit-state.js';

export interface AudioFirstBinding {
  /** The provider's switch for the settings dialog; null on everyone else's page. */
  settingsControl(): HTMLElement | null;
}

export function bindAudioFirst(
  media: MediaController,
  call: CallSession,
  ctx: { state: VisitState; screen: () => VisitScreen | null; signaling: SignalingClient; log(line: string): void },
): AudioFirstBinding {
  const { signaling } = ctx;
  const watch = new BandwidthWatch({ peers: () => call.peers().map((link) => link.pc) });
  const notice = new WeakNetworkNotice(() => watch.restart());
  const toggle = new AudioFirstSwitch((on) => signaling.send({ type: 'audio-first', on }));
  let allowed = true;

  const place = () => {
    const notes = ctx.screen()?.callNotes;
    if (notes && !notes.contains(notice.element)) notes.append(notice.element);
  };
  /** Only a camera that is on and sent can be paused; anything else starts afresh. */
  const follow = () => {
    const { video, screen } = media.state;
    watch.setActive(allowed && video && !screen);
  };

  watch.on('step', (step) => {
    ctx.log(`audio first: ${step}`);
    place();
    // A trial sends the picture again but others keep seeing "paused" until the link has held up.
    void media.holdCamera(step === 'pause', step !== 'resume');
    notice.show(step !== 'resume');
  });
  media.on('change', follow);
  const setAllowed = (on: boolean) => {
    allowed = on;
    toggle.set(on);
    follow();
  };
  signaling.on('welcome', (w) => setAllowed(w.audioFirst));
  signaling.on('audio-first', (m) => setAllowed(m.on));
  return { settingsControl: () => (ctx.state.isProvider ? toggle.element : null) };
}
