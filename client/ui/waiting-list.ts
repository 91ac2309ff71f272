// The provider's view of the waiting room: who is waiting, for how long, whether they said they are
// ready, their connection-test summary, and buttons to admit or remove each of them.
import type { ParticipantView } from '../../shared/protocol.js';
import { button, formatWaited, h } from './dom.js';

export interface WaitingListActions {
  admit(participantId: string): void;
  remove(participantId: string): void;
}

export class WaitingList {
  readonly element = h('section', { class: 'waiting-list', 'aria-labelledby': 'waiting-heading' });
  private readonly list = h('ul', { class: 'waiting-entries' });
  private readonly empty = h('p', { class: 'muted', text: 'No one is waiting.' });
  private waiting: ParticipantView[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly actions: WaitingListActions) {
    this.element.append(h('h2', { id: 'waiting-heading', text: 'Waiting room' }), this.empty, this.list);
    this.timer = setInterval(() => this.tick(), 1000);
  }

  update(participants: ParticipantView[]): void {
    // Redrawing replaces the buttons: keep the keyboard focus on the same person's same button.
    const focused =
      document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement) ? document.activeElement : null;
    const keep = focused && {
      id: focused.closest<HTMLElement>('[data-participant]')?.dataset.participant ?? '',
      action: focused.dataset.action ?? '',
    };
    this.waiting = participants.filter((p) => p.role === 'client' && p.admission === 'waiting' && p.online);
    this.list.replaceChildren(...this.waiting.map((p) => this.entry(p)));
    this.empty.hidden = this.waiting.length > 0;
    if (keep) this.actionButton(keep.id, keep.action)?.focus();
  }

  /** A waiting person's Admit or Remove button. */
  actionButton(participantId: string, action: string): HTMLButtonElement | null {
    return this.list.querySelector<HTMLButtonElement>(
      `[data-participant="${CSS.escape(participantId)}"] [data-action="${CSS.escape(action)}"]`,
    );
  }

  get count(): number {
    return this.waiting.length;
  }

  destroy(): void {
    clearInterval(this.timer);
  }

  private entry(p: ParticipantView): HTMLLIElement {
    const waited = h('span', {
      class: 'waited',
      'data-since': String(p.waitingSince ?? Date.now()),
      text: `waiting ${formatWaited(p.waitingSince ?? Date.now())}`,
    });
    const ready = h('span', { class: p.ready ? 'badge ready' : 'badge', text: p.ready ? 'Ready' : 'Not ready yet' });
    const summary = p.testSummary
      ? h('span', { class: `test-summary ${p.testSummary.verdict}`, 'data-test-summary': true, text: p.testSummary.text })
      : null;
    return h(
      'li',
      { class: 'waiting-entry', 'data-participant': p.id },
      h('span', { class: 'name', text: p.displayName }),
      waited,
      ready,
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
