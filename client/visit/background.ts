// Background effects in the visit page: the CameraEffect (client/media/background) that the
// MediaController passes every camera track through, and its pickers (the waiting room's or the
// provider's lobby's, and the one in the audio and video settings during the call).
import type { Language } from '../../shared/i18n/translate.js';
import type { CameraEffect } from '../media/background/camera-effect.js';
import type { MediaController } from '../media/media-controller.js';
import { BackgroundPicker } from '../ui/background-picker.js';

/** A new background picker for the visit, kept in step with the effect. */
export type MakeBackgroundPicker = () => HTMLElement;

/** A choice changes what the camera stage answers: the controller asks it again and swaps the track in. */
export function bindBackground(effect: CameraEffect, media: MediaController, language: Language): MakeBackgroundPicker {
  effect.on('reroute', () => void media.refreshCamera());
  return () => {
    const picker = new BackgroundPicker({ choose: (c) => effect.choose(c), sendWithoutEffect: () => effect.sendWithoutEffect() }, language);
    effect.on('state', (s) => picker.update(s));
    picker.update(effect.state);
    return picker.element;
  };
}
