// The provider's view of the waiting room: who is waiting, for how long, whether they said they are
// ready, whether their camera works, their connection-test summary, and buttons to admit or remove
// each of them (and to admit everyone, when several wait). Keyboard focus stays in the list when an
// entry goes away (after Admit): on the next person's Admit button, or on the list's heading.
// When the practice asks clients where they are, the stated place sits next to the name (with a
// warning when it is outside the therapist's licences, and the address for emergencies folded away);
// admitting someone who has not said asks the provider to confirm (visit-app.ts, for every Admit button).
import type { ParticipantView } from '../../shared/protocol.js';
import { button, formatWaited, h, placeInOrder, replaceBefore, setText } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { callMessages } from '../../shared/i18n/catalogues/call.js';
import { waitingListMessages } from '../../shared/i18n/catalogues/waiting-list.js';

/** The words the attendees panel shares (Admit, Remove, Ready), then the list's own. */
const tr = wordsOf(callMessages);
const own = wordsOf(waitingListMessages);
import { locationBadges } from './waiting-location.js';
import { cameraProblemText } from './media-messages.js';

export interface WaitingListActions {
  admit(participantId: string): void;
  remove(participantId: string): void;
}

interface Entry {
  li: HTMLLIElement;
  actions: HTMLElement;
  admit: HTMLButtonElement;
  remove: HTMLButtonElement;
  /** What the details were last drawn from. */
  shown: string;
}

export class WaitingList {
  readonly element = h('section', { class: 'waiting-list', 'aria-labelledby': 'waiting-heading' });
  private readonly heading = h('h2', { id: 'waiting-heading', text: own('waitingRoom'), tabindex: '-1' });
  private readonly list = h('ul', { class: 'waiting-entries' });
  private readonly empty = h('p', { class: 'muted', text: tr('nobodyWaiting') });
  private readonly admitAll: HTMLButtonElement;
  /** Tells screen readers of each arrival, which a sighted provider sees in the list during a call. */
  private readonly announcer = h('p', { class: 'sr-only', role: 'status' });
  /** Set while the stage itself says who waits (nobody in the call yet): one announcement, not two. */
  quiet = false;
  private seenRoster = false;
  private waiting: ParticipantView[] = [];
  private entries = new Map<string, Entry>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly actions: WaitingListActions) {
    this.admitAll = button(own('admitAll'), () => this.admitEveryone(), { class: 'primary admit-all', hidden: true });
    this.element.append(h('div', { class: 'waiting-head' }, this.heading, this.admitAll), this.empty, this.list, this.announcer);
    this.timer = setInterval(() => this.tick(), 1000);
  }

  update(participants: ParticipantView[]): void {
    const focus = this.focusedEntry();
    this.waiting = participants.filter((p) => p.role === 'client' && p.admission === 'waiting' && p.online);
    // The first roster is how things stand, not news.
    const arrived = this.waiting.filter((p) => this.seenRoster && !this.entries.has(p.id)).map((p) => p.displayName);
    this.seenRoster = true;
    if (arrived.length > 0 && !this.quiet) this.announcer.textContent = arrived.map((name) => own('oneWaitingTitle', { name })).join('. ');
    const next = new Map<string, Entry>();
    for (const p of this.waiting) {
      const entry = this.entries.get(p.id) ?? this.newEntry(p);
      this.refresh(entry, p);
      next.set(p.id, entry);
    }
    for (const [id, gone] of this.entries) if (!next.has(id)) gone.li.remove();
    this.entries = next;
    placeInOrder(
      this.list,
      [...next.values()].map((e) => e.li),
    );
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

  // An entry's buttons stay the same elements while the person waits: a roster that arrives between a
  // press and its release (their camera or test summary changed) must not take the click away, as
  // rebuilding the entry did. Only the details in front of the buttons are redrawn, and only on change.
  private newEntry(p: ParticipantView): Entry {
    const admit = button('', () => this.actions.admit(p.id), { class: 'primary', 'data-action': 'admit' });
    const remove = button('', () => this.actions.remove(p.id), { class: 'secondary', 'data-action': 'remove' });
    const actions = h('span', { class: 'actions' }, admit, remove);
    const li = h('li', { class: 'waiting-entry', 'data-participant': p.id }, actions);
    return { li, actions, admit, remove, shown: '' };
  }

  private refresh(entry: Entry, p: ParticipantView): void {
    const shown = JSON.stringify([p.displayName, p.ready, p.media?.problem, p.testSummary, p.location, p.waitingSince]);
    if (shown === entry.shown) return;
    entry.shown = shown;
    replaceBefore(entry.li, entry.actions, this.details(p));
    setText(entry.admit, tr('admit', { name: p.displayName }));
    setText(entry.remove, tr('remove', { name: p.displayName }));
  }

  private details(p: ParticipantView): HTMLElement[] {
    const waited = h('span', {
      class: 'waited',
      'data-since': String(p.waitingSince ?? Date.now()),
      text: own('waitingFor', { time: formatWaited(p.waitingSince ?? Date.now()) }),
    });
    const ready = h('span', { class: p.ready ? 'badge ready' : 'badge', text: p.ready ? tr('ready') : tr('notReady') });
    const problem = p.media?.problem
      ? h('span', {
          class: 'badge problem',
          'data-media-problem': p.media.problem,
          text: cameraProblemText(p.media.problem),
        })
      : null;
    const summary = p.testSummary
      ? h('span', { class: `test-summary ${p.testSummary.verdict}`, 'data-test-summary': true, text: p.testSummary.text })
      : null;
    const parts = [h('span', { class: 'name', text: p.displayName }), ...locationBadges(p), waited, ready, problem, summary];
    return parts.filter((part): part is HTMLElement => part !== null);
  }

  private tick(): void {
    for (const el of this.list.querySelectorAll<HTMLElement>('.waited')) {
      el.textContent = own('waitingFor', { time: formatWaited(Number(el.dataset.since)) });
    }
  }
}
