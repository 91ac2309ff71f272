// The provider's notice to the waiting room ("running late") as a waiting client sees it, in a banner
// (the provider's controls for it are in notice-composer.ts). Also the page's own notice when the
// provider has not opened the visit two minutes after its start.
import type { WaitingNotice } from '../../shared/protocol.js';
import { h } from './dom.js';
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
