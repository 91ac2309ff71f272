// The provider's notice to the waiting room ("running late"), both ends: the provider's one-tap
// choices and their own words, and the banner a waiting client sees. Also the page's own notice when
// the provider has not opened the visit two minutes after its start.
import type { WaitingNotice } from '../../shared/protocol.js';
import { MAX_NOTICE_CHARS } from '../../shared/constants.js';
import { button, h } from './dom.js';

/** After the start, how long a waiting client waits for the provider before the page reassures them. */
export const PROVIDER_LATE_AFTER_MS = 2 * 60_000;

export function noticeText(notice: WaitingNotice, providerName: string): string {
  return notice.kind === 'minutes'
    ? `${providerName} is running a little late and will be with you in about ${notice.minutes} minutes. Please stay on this page.`
    : `${providerName}: ${notice.text}`;
}

/** The client's reassurance when the provider has not joined: null while it is not (yet) needed. */
export function providerLateText(startsAt: number, now: number, providerOnline: boolean, providerName: string): string | null {
  if (providerOnline || now < startsAt + PROVIDER_LATE_AFTER_MS) return null;
  return `Your visit is still on, but ${providerName} has not joined yet. Please stay on this page: they will see that you are waiting.`;
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
      h('label', { for: 'notice-text', text: 'Your own words' }),
      this.input,
      h('button', { type: 'submit', text: 'Show to those waiting' }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return this.input.focus();
      post({ kind: 'text', text });
      this.input.value = '';
    });
    this.takeDown = button('Take the message down', () => post(null), { hidden: true });
    const minutes = ([5, 10, 15] as const).map((m) => button(`Running ${m} minutes late`, () => post({ kind: 'minutes', minutes: m })));
    this.element.append(
      h('h2', { id: 'notice-heading', text: 'Tell those waiting' }),
      h('div', { class: 'notice-choices' }, ...minutes),
      form,
      this.current,
      this.takeDown,
    );
  }

  /** What the waiting room shows now (as the server confirmed it). */
  showPosted(notice: WaitingNotice | null, providerName: string): void {
    this.current.textContent = notice ? `Showing to those waiting: “${noticeText(notice, providerName)}”` : '';
    this.takeDown.hidden = !notice;
  }
}
