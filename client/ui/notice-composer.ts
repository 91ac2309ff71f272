// The provider's side of the notice to the waiting room ("running late"): one-tap choices, their own
// words, and taking the notice down. What the waiting clients see is in waiting-notice.ts.
import type { WaitingNotice } from '../../shared/protocol.js';
import { MAX_NOTICE_CHARS } from '../../shared/constants.js';
import { button, h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { waitingListMessages } from '../../shared/i18n/catalogues/waiting-list.js';
import { noticeText } from './waiting-notice.js';

const tr = wordsOf(waitingListMessages);

/** The provider's controls: three one-tap notices, their own words, and taking the notice down. */
export class NoticeComposer {
  readonly element = h('section', { class: 'notice-composer', 'aria-labelledby': 'notice-heading' });
  private readonly current = h('p', { class: 'muted', 'aria-live': 'polite' });
  private readonly input = h('input', { type: 'text', id: 'notice-text', maxlength: String(MAX_NOTICE_CHARS), autocomplete: 'off' });
  private readonly takeDown: HTMLButtonElement;

  constructor(post: (notice: WaitingNotice | null) => void) {
    const form = h(
      'form',
      { class: 'notice-own-words' },
      h('label', { for: 'notice-text', text: tr('ownWords') }),
      this.input,
      h('button', { type: 'submit', text: tr('showToWaiting') }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return this.input.focus();
      post({ kind: 'text', text });
      this.input.value = '';
    });
    this.takeDown = button(tr('takeDown'), () => post(null), { hidden: true });
    const minutes = ([5, 10, 15] as const).map((m) =>
      button(tr('runningMinutesLate', { minutes: m }), () => post({ kind: 'minutes', minutes: m })),
    );
    this.element.append(
      h('h2', { id: 'notice-heading', text: tr('composerHeading') }),
      h('div', { class: 'notice-choices' }, ...minutes),
      form,
      this.current,
      this.takeDown,
    );
  }

  /** What the waiting room shows now (as the server confirmed it). */
  showPosted(notice: WaitingNotice | null, providerName: string): void {
    this.current.textContent = notice ? tr('showingNow', { text: noticeText(notice, providerName) }) : '';
    this.takeDown.hidden = !notice;
  }
}
