// Audio first on screen: the note on one's own page while one's video is paused for a weak
// connection (with a button to try the video again now), the words on others' tiles, and the
// provider's switch for the visit. Words from shared/i18n/catalogues/audio-first.ts.
import { audioFirstMessages } from '../../shared/i18n/catalogues/audio-first.js';
import { translator } from '../../shared/i18n/translate.js';
import { pageLanguage } from '../i18n/page-language.js';
import { button, h } from './dom.js';

const t = () => translator(audioFirstMessages, pageLanguage());

/** What a tile shows instead of the picture while that person's video is paused because of their connection… */
export function peerPausedCard(displayName: string): string {
  return t()('peerPaused', { name: displayName });
}

/** …and what its status line says. */
export function peerPausedStatus(): string {
  return t()('peerStatus');
}

/** The note on one's own page; hidden until shown. */
export class WeakNetworkNotice {
  readonly element: HTMLElement;

  constructor(tryVideoAgain: () => void) {
    const say = t();
    this.element = h(
      'div',
      { class: 'notice weak-network-notice', role: 'status', 'data-weak-network': true, hidden: true },
      h('p', {}, h('strong', { text: say('selfPaused') }), ' ', say('selfComesBack')),
      button(say('tryVideoAgain'), tryVideoAgain, { class: 'secondary' }),
    );
  }

  show(paused: boolean): void {
    this.element.hidden = !paused;
  }
}

/** The provider's switch (a checkbox with its label and a hint), in the call's audio and video settings. */
export class AudioFirstSwitch {
  readonly element: HTMLElement;
  private readonly box: HTMLInputElement;

  constructor(onChange: (on: boolean) => void) {
    const say = t();
    this.box = h('input', { type: 'checkbox', id: 'vb-audio-first', 'aria-describedby': 'vb-audio-first-hint', checked: true });
    this.box.addEventListener('change', () => onChange(this.box.checked));
    this.element = h(
      'div',
      { class: 'field audio-first-switch' },
      h('label', { for: 'vb-audio-first' }, this.box, ' ', say('settingLabel')),
      h('p', { class: 'muted', id: 'vb-audio-first-hint', text: say('settingHint') }),
    );
  }

  /** As the server says it is for the visit. */
  set(on: boolean): void {
    this.box.checked = on;
  }
}
