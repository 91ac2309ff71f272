// Binder: what my camera and microphone do becomes what others are told (media-state, with the
// problem when they cannot be opened), the self view, the toggles, and the pre-join's level meter.
import { classifyMediaError } from '../media/media-errors.js';
import type { MediaController } from '../media/media-controller.js';
import type { SignalingClient } from '../transport/signaling.js';
import { deviceStoppedText, mediaProblemText } from '../ui/media-messages.js';
import type { VisitScreen } from '../ui/visit-screen.js';
import type { VisitState } from './visit-state.js';

export interface MediaBinding {
  /** Tells the server (and so the provider) what this page sends, and what is wrong if anything. */
  report(): void;
  /** Records a camera or microphone problem (null: they work now) and shows it. */
  setProblem(problem: VisitState['mediaProblem'], missing?: ('audio' | 'video')[]): void;
  /** Starts or stops the level meter as the pre-join shows or goes. */
  refreshLevel(): void;
}

export function bindMediaToSignaling(
  media: MediaController,
  ctx: { state: VisitState; screen: () => VisitScreen | null; signaling: SignalingClient },
): MediaBinding {
  const { state, signaling } = ctx;
  let levelFor: MediaStreamTrack | null = null;
  /** A camera or microphone that stopped by itself, told on screen until it is on again. */
  let stopped: 'camera' | 'microphone' | null = null;
  let stopLevel: () => void = () => undefined;

  const report = () => {
    const problem = state.mediaProblem;
    signaling.send({ type: 'media-state', ...media.state, ...(problem ? { problem } : {}) });
  };
  const setProblem: MediaBinding['setProblem'] = (problem, missing) => {
    state.mediaProblem = problem;
    const text = problem ? mediaProblemText({ problem }) : missing?.length ? mediaProblemText({ missing }) : null;
    ctx.screen()?.showMediaProblem(text);
  };
  /** The level meter follows the microphone in use, and only while the pre-join shows. */
  const followLevel = () => {
    const screen = ctx.screen();
    const track = screen?.mode === 'waiting' ? media.microphoneTrack : null;
    if (track === levelFor) return;
    stopLevel();
    levelFor = track;
    stopLevel = track
      ? startLevel(
          track,
          (level) => screen?.preJoin?.setLevel(level),
          () => screen?.preJoin?.levelUnavailable(),
        )
      : () => undefined;
  };

  media.on('change', (s) => {
    // A camera that works again clears the problem the page reported.
    if (s.video && state.mediaProblem) setProblem(null);
    if (stopped && (stopped === 'camera' ? s.video : s.audio)) {
      stopped = null;
      if (!state.mediaProblem) ctx.screen()?.showMediaProblem(null);
    }
    ctx.screen()?.setSelfMedia(s);
    report();
    followLevel();
  });
  media.on('stopped', ({ what }) => {
    stopped = what;
    ctx.screen()?.showMediaProblem(deviceStoppedText(what));
  });
  media.on('preview', (stream) => ctx.screen()?.tiles.setLocalStream(stream));
  media.on('error', ({ what, error }) => {
    if (what === 'screen') return;
    // Keep the real diagnosis: a blocked camera stays "blocked", not "not found".
    setProblem(classifyMediaError(error));
    report();
  });
  return { report, setProblem, refreshLevel: followLevel };
}

/**
 * Starts the level meter for `track` once its code has loaded: it is not part of what the visit page
 * loads at once (the page's size budget), and the meter only shows after the camera and microphone open.
 */
function startLevel(track: MediaStreamTrack, onLevel: (level: number) => void, onUnavailable: () => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  import('../media/mic-level.js').then(
    ({ watchMicLevel }) => {
      if (!stopped) stop = watchMicLevel(track, onLevel);
    },
    // Without its code the meter gives way to a note; the visit goes on.
    () => {
      if (!stopped) onUnavailable();
    },
  );
  return () => {
    stopped = true;
    stop?.();
  };
}
