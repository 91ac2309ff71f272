// Background effects in the visit page: the CameraEffect (client/media/background) that the
// MediaController passes every camera track through, and its pickers (the waiting room's or the
// provider's lobby's, and the one in the audio and video settings during the call).
//
// The effect, its picker and their words load with import() as the page starts, not with the page
// itself: the visit page stays within its size budget (test/integration/assets.test.ts). Until they
// are in, the stage answers nothing yet, so the camera is not sent raw meanwhile.
import type { Language } from '../../shared/i18n/translate.js';
import type { CameraEffect } from '../media/background/camera-effect.js';
import { loadChoice, NO_BACKGROUND, saveChoice } from '../media/background/choice.js';
import type { CameraStage, MediaController } from '../media/media-controller.js';
import type { BackgroundPicker, HeldVideoNote } from '../ui/background-picker.js';
import { button, h } from '../ui/dom.js';
import { addStylesheet } from '../util/stylesheet.js';
import { wordsOf } from '../i18n/page-words.js';
import { visitPageMessages } from '../../shared/i18n/catalogues/visit-page.js';

const tr = wordsOf(visitPageMessages);

/** A new background picker for the visit, kept in step with the effect. */
export type MakeBackgroundPicker = () => HTMLElement;

interface Loaded {
  effect: CameraEffect;
  Picker: typeof BackgroundPicker;
  Note: typeof HeldVideoNote;
}

export class BackgroundStage implements CameraStage {
  private readonly loaded: Promise<Loaded | null>;
  /** Where the picker could not be drawn (see unavailable()). */
  private readonly stuck = new Set<HTMLElement>();

  constructor(private readonly log: (line: string) => void) {
    this.loaded = import('./background-parts.js').then(
      (parts) => ({ effect: new parts.CameraEffect(log), Picker: parts.BackgroundPicker, Note: parts.HeldVideoNote }),
      (error: unknown) => {
        this.log(`background effect did not load: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      },
    );
  }

  async output(camera: MediaStreamTrack | null): Promise<MediaStreamTrack | null> {
    const loaded = await this.loaded;
    if (loaded) return loaded.effect.output(camera);
    // Without the effect's code, only a camera with no effect chosen may go out as it is.
    return loadChoice().kind === 'none' ? camera : null;
  }

  release(track: MediaStreamTrack): void {
    void this.loaded.then((loaded) => loaded?.effect.release(track));
  }

  /** A choice changes what the stage answers: the controller asks it again and swaps the track in. */
  bind(media: MediaController, language: Language): MakeBackgroundPicker {
    void this.loaded.then((loaded) => loaded?.effect.on('reroute', () => void media.refreshCamera()));
    return () => {
      const slot = h('div', { class: 'background-picker-slot' });
      // The picker's stylesheet comes with its code, not with the page.
      void Promise.all([this.loaded, addStylesheet('background.css')]).then(([loaded]) => {
        if (!loaded) return this.unavailable(slot, media);
        const { effect, Picker } = loaded;
        const picker = new Picker({ choose: (c) => effect.choose(c), sendWithoutEffect: () => effect.sendWithoutEffect() }, language);
        effect.on('state', (s) => picker.update(s));
        picker.update(effect.state);
        slot.append(picker.element);
      });
      return slot;
    };
  }

  /**
   * For above the call (VisitScreen.callNotes): while no video goes out because the chosen effect cannot
   * run or did not load, why, with the way to send the camera without it. The pre-join and the lobby
   * show their picker, which says the same, so the page's stylesheet hides this there.
   */
  callNote(media: MediaController, language: Language): HTMLElement {
    const slot = h('div', { class: 'background-call-note' });
    void this.loaded.then((loaded) => {
      if (!loaded) return this.unavailable(slot, media);
      const note = new loaded.Note(() => loaded.effect.sendWithoutEffect(), language);
      loaded.effect.on('state', (s) => note.update(s));
      note.update(loaded.effect.state);
      slot.append(note.element);
    });
    return slot;
  }

  /**
   * Without the effect's code (it did not load: offline as the page opened) a chosen background cannot
   * run, so no video goes out (output()). Said where the picker would be, with the way to send the
   * camera as it is, rather than a black tile nobody can explain.
   */
  private unavailable(slot: HTMLElement, media: MediaController): void {
    if (loadChoice().kind === 'none') return;
    const send = button(tr('sendWithoutBackground'), () => {
      saveChoice(NO_BACKGROUND);
      void media.refreshCamera();
      for (const s of this.stuck) s.replaceChildren();
    });
    slot.append(h('div', { class: 'notice', role: 'alert' }, h('p', { text: tr('backgroundFailed') }), send));
    this.stuck.add(slot);
  }
}
