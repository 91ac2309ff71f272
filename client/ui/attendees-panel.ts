// The attendees side panel: who is in the call (with their microphone and camera state) and who is
// in the waiting room, with Admit / Remove buttons for the provider. Renders what the roster holds;
// the server already hides other waiting clients from a client.
import type { ParticipantView } from '../../shared/protocol.js';
import { button, h, placeInOrder, redrawKeeping } from './dom.js';
import { wordsOf } from '../i18n/page-words.js';
import { callMessages } from '../../shared/i18n/catalogues/call.js';

const tr = wordsOf(callMessages);

export interface AttendeesPanelActions {
  admit(id: string): void;
  remove(id: string): void;
  /** Optional: adds a "Close attendees" button and closes on Escape (on phones the panel covers the video). */
  close?(): void;
}

interface Row {
  li: HTMLLIElement;
  /** What the row shows; its details are redrawn only when this changes. */
  sig: string;
}

let nextId = 0;

export class AttendeesPanel {
  readonly element: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly inCallList = h('ul', { class: 'attendee-list' });
  private readonly waitingList = h('ul', { class: 'attendee-list' });
  private readonly inCallEmpty = h('p', { class: 'muted', text: tr('nobodyInCall') });
  private readonly waitingEmpty = h('p', { class: 'muted', text: tr('nobodyWaiting') });
  private readonly inCallCount = h('span', { class: 'attendee-count', 'aria-hidden': 'true' });
  private readonly waitingCount = h('span', { class: 'attendee-count', 'aria-hidden': 'true' });
  private readonly waitingSection: HTMLElement;
  private readonly inCallRows = new Map<string, Row>();
  private readonly waitingRows = new Map<string, Row>();
  private readonly viewerIsProvider: boolean;
  private readonly selfId: string;

  constructor(
    private readonly actions: AttendeesPanelActions,
    opts: { viewerIsProvider: boolean; selfId: string },
  ) {
    const id = `vb-attendees-${++nextId}`;
    this.viewerIsProvider = opts.viewerIsProvider;
    this.selfId = opts.selfId;
    this.heading = h('h2', { id: `${id}-heading`, tabindex: '-1', text: tr('attendees') });
    const header = h('div', { class: 'side-panel-header' }, this.heading);
    if (actions.close) header.append(button(tr('closeAttendees'), () => actions.close?.(), { class: 'side-panel-close' }));

    const inCall = h(
      'section',
      { class: 'attendee-section', 'aria-labelledby': `${id}-call` },
      h('div', { class: 'attendee-section-head' }, h('h3', { id: `${id}-call`, text: tr('inTheCall') }), this.inCallCount),
      this.inCallEmpty,
      this.inCallList,
    );
    this.waitingSection = h(
      'section',
      { class: 'attendee-section', 'aria-labelledby': `${id}-waiting` },
      h('div', { class: 'attendee-section-head' }, h('h3', { id: `${id}-waiting`, text: tr('waiting') }), this.waitingCount),
      this.waitingEmpty,
      this.waitingList,
    );
    this.element = h(
      'section',
      { class: 'side-panel attendees-panel', 'aria-labelledby': `${id}-heading` },
      header,
      inCall,
      this.waitingSection,
    );
    if (actions.close) {
      this.element.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          actions.close?.();
        }
      });
    }
    this.update([]);
  }

  update(participants: ParticipantView[]): void {
    const focusWasInside = this.element.contains(document.activeElement);
    const byName = (a: ParticipantView, b: ParticipantView) =>
      Number(b.id === this.selfId) - Number(a.id === this.selfId) ||
      Number(b.role === 'provider') - Number(a.role === 'provider') ||
      a.displayName.localeCompare(b.displayName);
    const inCall = participants.filter((p) => p.admission === 'admitted' && p.online).sort(byName);
    const waiting = participants
      .filter((p) => p.role === 'client' && p.admission === 'waiting' && p.online)
      .sort((a, b) => (a.waitingSince ?? 0) - (b.waitingSince ?? 0));

    this.sync(
      this.inCallList,
      this.inCallRows,
      inCall,
      (p) => this.inCallSig(p),
      (p) => this.inCallRow(p),
    );
    this.sync(
      this.waitingList,
      this.waitingRows,
      waiting,
      (p) => this.waitingSig(p),
      (p) => this.waitingRow(p),
    );
    this.inCallEmpty.hidden = inCall.length > 0;
    this.waitingEmpty.hidden = waiting.length > 0;
    this.inCallCount.textContent = String(inCall.length);
    this.waitingCount.textContent = String(waiting.length);
    // Clients never see other waiting clients, so an empty "Waiting" section would only puzzle them.
    this.waitingSection.hidden = !this.viewerIsProvider && waiting.length === 0;

    // The focused row went away (say, the person just admitted moved to "In the call"): keep focus in the panel.
    if (focusWasInside && !this.element.contains(document.activeElement) && !this.element.hidden) this.heading.focus();
  }

  /** Shows or hides the panel (it starts shown). */
  setOpen(open: boolean): void {
    this.element.hidden = !open;
  }

  private sync(
    list: HTMLUListElement,
    rows: Map<string, Row>,
    people: ParticipantView[],
    sigOf: (p: ParticipantView) => string,
    make: (p: ParticipantView) => HTMLLIElement,
  ): void {
    const next = new Map<string, Row>();
    const lis = people.map((p) => {
      const sig = sigOf(p);
      const old = rows.get(p.id);
      if (old && old.sig !== sig) {
        // Same person, new details: redrawn in place, their buttons (and focus on them) kept.
        const fresh = make(p);
        const keep = old.li.querySelector<HTMLElement>(':scope > .attendee-actions');
        const freshKeep = fresh.querySelector<HTMLElement>(':scope > .attendee-actions');
        if (keep && freshKeep) redrawKeeping(old.li, keep, fresh, freshKeep);
        else old.li.replaceChildren(...fresh.childNodes);
        old.sig = sig;
      }
      const row = old ?? { li: make(p), sig };
      next.set(p.id, row);
      return row.li;
    });
    for (const [id, gone] of rows) if (!next.has(id)) gone.li.remove();
    rows.clear();
    for (const [k, v] of next) rows.set(k, v);
    placeInOrder(list, lis);
  }

  private inCallSig(p: ParticipantView): string {
    return JSON.stringify([p.displayName, p.role, p.media]);
  }

  private waitingSig(p: ParticipantView): string {
    return JSON.stringify([p.displayName, p.ready, p.testSummary]);
  }

  private nameLine(p: ParticipantView): HTMLElement {
    return h(
      'span',
      { class: 'attendee-name' },
      p.displayName,
      p.id === this.selfId ? h('span', { class: 'attendee-you', text: tr('youSuffix') }) : null,
      p.role === 'provider' ? h('span', { class: 'badge attendee-role', text: tr('provider') }) : null,
    );
  }

  private inCallRow(p: ParticipantView): HTMLLIElement {
    const media = p.media;
    const state = media
      ? h(
          'span',
          { class: 'attendee-media' },
          h('span', {
            class: media.audio ? 'media-on' : 'media-off',
            'data-media': 'audio',
            text: media.audio ? tr('microphoneOn') : tr('microphoneOff'),
          }),
          h('span', {
            class: media.video ? 'media-on' : 'media-off',
            'data-media': 'video',
            text: media.video ? tr('cameraOn') : tr('cameraOff'),
          }),
          media.screen ? h('span', { class: 'media-on', 'data-media': 'screen', text: tr('sharingScreen') }) : null,
        )
      : null;
    return h('li', { class: 'attendee', 'data-participant': p.id }, this.nameLine(p), state);
  }

  private waitingRow(p: ParticipantView): HTMLLIElement {
    const li = h(
      'li',
      { class: 'attendee', 'data-participant': p.id },
      this.nameLine(p),
      h('span', { class: p.ready ? 'badge ready' : 'badge', text: p.ready ? tr('ready') : tr('notReady') }),
      p.testSummary ? h('span', { class: `test-summary ${p.testSummary.verdict}`, text: p.testSummary.text }) : null,
    );
    if (this.viewerIsProvider) {
      li.append(
        h(
          'span',
          { class: 'attendee-actions' },
          button(tr('admit', { name: p.displayName }), () => this.actions.admit(p.id), { class: 'primary', 'data-action': 'admit' }),
          button(tr('remove', { name: p.displayName }), () => this.actions.remove(p.id), { class: 'secondary', 'data-action': 'remove' }),
        ),
      );
    }
    return li;
  }
}
