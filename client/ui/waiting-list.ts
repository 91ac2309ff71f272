// The provider's view of the waiting room: who is waiting, for how long, whether they said they are
// ready, whether their camera works, their connection-test summary, and buttons to admit or remove
// each of them (and to admit everyone, when several wait). Keyboard focus stays in the list when an
// entry goes away (after Admit): on the next person's Admit button, or on the list's heading.
// When the practice asks clients where they are, the stated place sits next to the name (with a
// warning when it is outside the therapist's licences, and the address for emergencies folded away);
// admitting someone who has not said asks the provider to confirm (visit-app.ts, for every Admit button).
import type { MediaProblem, ParticipantView } from '../../shared/protocol.js';
import { button, formatWaited, h } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { callMessages } from '../../shared/i18n/catalogues/call.js';
import { waitingListMessages } from '../../shared/i18n/catalogues/waiting-list.js';

/** The words the attendees panel shares (Admit, Remove, Ready), then the list's own. */
const tr = wordsOf(callMessages);
const own = wordsOf(waitingListMessages);
type OwnKey = keyof (typeof waitingListMessages)['en'];
import { locationBadges } from './waiting-location.js';

export interface WaitingListActions {
  admit(participantId: string): void;
  remove(participantId: string): void;
}

/** How the provider sees a waiting client's camera problem, as soon as their page reports it. */
const MEDIA_PROBLEM_BADGE: Record<MediaProblem, OwnKey> = {
  denied: 'cameraBlocked',
  'in-use': 'cameraBusy',
  'not-found': 'noCamera',
  insecure: 'cameraBlocked',
  unsupported: 'cannotCall',
  other: 'cameraNotWorking',
};

export class WaitingList {
  readonly element = h('section', { class: 'waiting-list', 'aria-labelledby': 'waiting-heading' });
  private readonly heading = h('h2', { id: 'waiting-heading', text: own('waitingRoom'), tabindex: '-1' });
  private readonly list = h('ul', { class: 'waiting-entries' });
  private readonly empty = h('p', { class: 'muted', text: tr('nobodyWaiting') });
  private readonly admitAll: HTMLButtonElement;
  private waiting: ParticipantView[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly actions: WaitingListActions) {
    this.admitAll = button(own('admitAll'), () => this.admitEveryone(), { class: 'primary admit-all', hidden: true });
    this.element.append(h('div', { class: 'waiting-head' }, this.heading, this.admitAll), this.empty, this.list);
    this.timer = setInterval(() => this.tick(), 1000);
  }

  update(participants: ParticipantView[]): void {
    const focus = this.focusedEntry();
    this.waiting = participants.filter((p) => p.role === 'client' && p.admission === 'waiting' && p.online);
    this.list.replaceChildren(...this.waiting.map((p) => this.entry(p)));
    this.empty.hidden = this.waiting.length > 0;
    this.element.dataset.empty = String(this.waiting.length === 0);
    this.admitAll.hidden = this.waiting.length < 2;
    if (focus) this.restoreFocus(focus);
  }

  get count(): number {
    return this.waiting.length;
  }

  get names(): string[] {
    return this.waiting.map((p) => p.displayName);
  }

  /** Whether keyboard focus is somewhere in the list (kept when the list moves on the page). */
  get hasFocus(): boolean {
    return this.element.contains(document.activeElement);
  }

  destroy(): void {
    clearInterval(this.timer);
  }

  private admitEveryone(): void {
    for (const p of this.waiting) this.actions.admit(p.id);
  }

  /** Which entry (and which of its buttons) holds focus, if any. */
  private focusedEntry(): { id: string; index: number; action: string } | null {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || !this.element.contains(active)) return null;
    const li = active.closest<HTMLElement>('[data-participant]');
    const id = li?.dataset.participant ?? '';
    return { id, index: this.waiting.findIndex((p) => p.id === id), action: active.dataset.action ?? '' };
  }

  private restoreFocus(was: { id: string; index: number; action: string }): void {
    const active = document.activeElement;
    if (this.hasFocus && active instanceof HTMLElement && !active.closest('[hidden]')) return;
    const same = this.list.querySelector<HTMLElement>(`[data-participant="${CSS.escape(was.id)}"] [data-action="${was.action}"]`);
    const entries = [...this.list.querySelectorAll<HTMLElement>('[data-action="admit"]')];
    const next = same ?? entries[Math.min(Math.max(was.index, 0), entries.length - 1)];
    (next ?? this.heading).focus();
  }

  private entry(p: ParticipantView): HTMLLIElement {
    const waited = h('span', {
      class: 'waited',
      'data-since': String(p.waitingSince ?? Date.now()),
      text: own('waitingFor', { time: formatWaited(p.waitingSince ?? Date.now()) }),
    });
    const ready = h('span', { class: p.ready ? 'badge ready' : 'badge', text: p.ready ? tr('ready') : tr('notReady') });
    const problem = p.media?.problem
      ? h('span', { class: 'badge problem', 'data-media-problem': p.media.problem, text: own(MEDIA_PROBLEM_BADGE[p.media.problem]) })
      : null;
    const summary = p.testSummary
      ? h('span', { class: `test-summary ${p.testSummary.verdict}`, 'data-test-summary': true, text: p.testSummary.text })
      : null;
    return h(
      'li',
      { class: 'waiting-entry', 'data-participant': p.id },
      h('span', { class: 'name', text: p.displayName }),
      ...locationBadges(p),
      waited,
      ready,
      problem,
      summary,
      h(
        'span',
        { class: 'actions' },
        button(tr('admit', { name: p.displayName }), () => this.actions.admit(p.id), { class: 'primary', 'data-action': 'admit' }),
        button(tr('remove', { name: p.displayName }), () => this.actions.remove(p.id), { class: 'secondary', 'data-action': 'remove' }),
      ),
    );
  }

  private tick(): void {
    for (const el of this.list.querySelectorAll<HTMLElement>('.waited')) {
      el.textContent = own('waitingFor', { time: formatWaited(Number(el.dataset.since)) });
    }
  }
}
