// Background effects in the visit page: one CameraEffect between the camera and the call, and its
// pickers (the waiting room's, and the one in the audio and video settings during the call).
import { CameraEffect } from '../media/background/camera-effect.js';
import type { MediaController } from '../media/media-controller.js';
import { BackgroundPicker } from '../ui/background-picker.js';

export interface VisitBackground {
  /** Shows a picker in this container (once per container). */
  mountInto(container: HTMLElement): void;
}

/** Call before media.adopt(): the first track handed to the call is then already processed. */
export function setUpBackground(media: MediaController, log: (line: string) => void): VisitBackground {
  const effect = new CameraEffect(log);
  media.useCameraStage(effect);
  effect.on('reroute', () => void media.refreshCamera());
  const pickers = new Map<HTMLElement, BackgroundPicker>();
  return {
    mountInto(container) {
      let picker = pickers.get(container);
      if (!picker) {
        picker = new BackgroundPicker({ choose: (c) => effect.choose(c), sendWithoutEffect: () => effect.sendWithoutEffect() });
        const p = picker;
        effect.on('state', (s) => p.update(s));
        p.update(effect.state);
        pickers.set(container, p);
      }
      if (picker.element.parentElement !== container) container.append(picker.element);
    },
  };
}
