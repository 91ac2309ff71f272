// The provider's notice to the waiting room ("running late"), both ends: the provider's one-tap
// choices and their own words, and the banner a waiting client sees. Also the page's own notice when
// the provider has not opened the visit two minutes after its start.
import type { WaitingNotice } from '../../shared/protocol.js';
import { MAX_NOTICE_CHARS } from '../../shared/constants.js';
import { button, h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { waitingRoomMessages } from '../../shared/i18n/catalogues/waiting-room.js';

const tr = wordsOf(waitingRoomMessages);

/** After the start, how long a waiting client waits for the provider before the page reassures them. */
export const PROVIDER_LATE_AFTER_MS = 2 * 60_000;

export function noticeText(notice: WaitingNotice, providerName: string): string {
  return notice.kind === 'minutes'
    ? tr('runningLate', { provider: providerName, minutes: notice.minutes })
    : tr('providerSays', { provider: providerName, text: notice.text });
}

/** The client's reassurance when the provider has not joined: null while it is not (yet) needed. */
export function providerLateText(startsAt: number, now: number, providerOnline: boolean, providerName: string): string | null {
  if (providerOnline || now < startsAt + PROVIDER_LATE_AFTER_MS) return null;
  return tr('providerNotJoined', { provider: providerName });
}

/** What a waiting client sees: the provider's notice, or the page's own when the provider is late. */
export class NoticeBanner {
  readonly element = h('p', { class: 'waiting-notice', role: 'status', hidden: true });

  show(text: string | null): void {
    if (this.element.textContent === (text ?? '') && this.element.hidden === !text) return;
    this.element.textContent = text ?? '';
    this.element.hidden = !text;
  }
}

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
