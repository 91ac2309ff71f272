// The provider's view of the waiting room: who is waiting, for how long, whether they said they are
// ready, whether their camera works, their connection-test summary, and buttons to admit or remove
// each of them (and to admit everyone, when several wait). Keyboard focus stays in the list when an
// entry goes away (after Admit): on the next person's Admit button, or on the list's heading.
import type { MediaProblem, ParticipantView } from '../../shared/protocol.js';
import { button, formatWaited, h } from './dom.js';

export interface WaitingListActions {
  admit(participantId: string): void;
  remove(participantId: string): void;
}

/** How the provider sees a waiting client's camera problem, as soon as their page reports it. */
const MEDIA_PROBLEM_BADGE: Record<MediaProblem, string> = {
  denied: 'Camera blocked',
  'in-use': 'Camera busy',
  'not-found': 'No camera found',
  insecure: 'Camera blocked',
  unsupported: 'Browser cannot make calls',
  other: 'Camera not working',
};

export class WaitingList {
  readonly element = h('section', { class: 'waiting-list', 'aria-labelledby': 'waiting-heading' });
  private readonly heading = h('h2', { id: 'waiting-heading', text: 'Waiting room', tabindex: '-1' });
  private readonly list = h('ul', { class: 'waiting-entries' });
  private readonly empty = h('p', { class: 'muted', text: 'No one is waiting.' });
  private readonly admitAll: HTMLButtonElement;
  private waiting: ParticipantView[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly actions: WaitingListActions) {
    this.admitAll = button('Admit all', () => this.admitEveryone(), { class: 'primary admit-all', hidden: true });
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
      text: `waiting ${formatWaited(p.waitingSince ?? Date.now())}`,
    });
    const ready = h('span', { class: p.ready ? 'badge ready' : 'badge', text: p.ready ? 'Ready' : 'Not ready yet' });
    const problem = p.media?.problem
      ? h('span', { class: 'badge problem', 'data-media-problem': p.media.problem, text: MEDIA_PROBLEM_BADGE[p.media.problem] })
      : null;
    const summary = p.testSummary
      ? h('span', { class: `test-summary ${p.testSummary.verdict}`, 'data-test-summary': true, text: p.testSummary.text })
      : null;
    return h(
      'li',
      { class: 'waiting-entry', 'data-participant': p.id },
      h('span', { class: 'name', text: p.displayName }),
      waited,
      ready,
      problem,
      summary,
      h(
        'span',
        { class: 'actions' },
        button(`Admit ${p.displayName}`, () => this.actions.admit(p.id), { class: 'primary', 'data-action': 'admit' }),
        button(`Remove ${p.displayName}`, () => this.actions.remove(p.id), { class: 'secondary', 'data-action': 'remove' }),
      ),
    );
  }

  private tick(): void {
    for (const el of this.list.querySelectorAll<HTMLElement>('.waited')) {
      el.textContent = `waiting ${formatWaited(Number(el.dataset.since))}`;
    }
  }
}
