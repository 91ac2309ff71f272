// The visit page's layout: header, connection status, the stage (waiting card or videos), the self
// preview, and for the provider the waiting room. Receives state; sends intents through callbacks.
import type { Admission, AppointmentView, ParticipantView, Role } from '../../shared/protocol.js';
import type { ConnectionState } from '../transport/signaling.js';
import { button, formatTime, h } from './dom.js';
import type { ProblemText } from './problem-messages.js';
import { VideoTiles } from './video-tiles.js';
import { WaitingList, type WaitingListActions } from './waiting-list.js';

export interface VisitScreenActions extends WaitingListActions {
  setReady(ready: boolean): void;
}

export class VisitScreen {
  readonly tiles = new VideoTiles();
  private readonly header = h('header', { class: 'visit-header' });
  private readonly status = h('p', { class: 'connection-status', role: 'status', 'data-connection': 'connecting', text: 'Connecting to your visit…' });
  private readonly notice = h('div', { class: 'notice', role: 'alert', hidden: true });
  private readonly stage = h('section', { class: 'stage', 'aria-label': 'Video' });
  private readonly waitingCard = h('div', { class: 'waiting-card' });
  private readonly emptyCall = h('p', { class: 'empty-call muted' });
  private readonly readyButton: HTMLButtonElement;
  private readonly waitingList: WaitingList | null;
  private role: Role = 'client';
  private admission: Admission = 'invited';
  private appointment: AppointmentView | null = null;
  private ready = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: VisitScreenActions,
    role: Role,
  ) {
    this.role = role;
    this.readyButton = button("I'm ready", () => this.toggleReady(), { class: 'primary', 'aria-pressed': 'false' });
    this.waitingList = role === 'provider' ? new WaitingList(actions) : null;
    const selfTile = h('figure', { class: 'tile self' }, this.tiles.self, h('figcaption', { text: 'You' }));
    this.stage.append(this.waitingCard, this.emptyCall, this.tiles.grid);
    root.replaceChildren(
      this.header,
      this.status,
      this.notice,
      h('div', { class: 'visit-body' }, this.stage, h('aside', { class: 'side' }, selfTile, this.waitingList?.element)),
    );
    this.render();
  }

  setAppointment(a: AppointmentView, self: ParticipantView): void {
    this.appointment = a;
    this.ready = self.ready;
    this.header.replaceChildren(
      h('h1', { text: a.title }),
      h('p', { class: 'muted', text: `${formatTime(a.startsAt)} – ${formatTime(a.endsAt)} · you are joining as ${self.displayName}` }),
    );
    this.setAdmission(self.admission);
  }

  setAdmission(admission: Admission): void {
    this.admission = admission;
    this.render();
  }

  setRoster(participants: ParticipantView[]): void {
    this.waitingList?.update(participants);
    for (const p of participants) this.tiles.rename(p.id, p.displayName);
    this.render();
  }

  setConnection(state: ConnectionState): void {
    this.status.dataset.connection = state;
    this.status.textContent = {
      idle: 'Starting…',
      connecting: 'Connecting to your visit…',
      connected: 'Connected',
      reconnecting: 'Connection lost. Reconnecting…',
      closed: 'Disconnected',
    }[state];
  }

  showNotice(text: ProblemText | null): void {
    this.notice.hidden = !text;
    this.notice.replaceChildren(...(text ? [h('strong', { text: text.title }), h('p', { text: text.body })] : []));
  }

  /** Re-renders whatever depends on admission and on who is in the call. */
  render(): void {
    const waiting = this.role === 'client' && this.admission !== 'admitted';
    this.waitingCard.hidden = !waiting;
    this.tiles.grid.hidden = waiting;
    this.emptyCall.hidden = waiting || this.tiles.remoteCount > 0;
    if (waiting) {
      const who = this.appointment?.providerName ?? 'your provider';
      this.waitingCard.replaceChildren(
        h('h2', { text: 'You are in the waiting room' }),
        h('p', { text: `${who} will let you in when the visit starts.` }),
        h('p', { class: 'muted', text: this.appointment ? `Appointment at ${formatTime(this.appointment.startsAt)}` : '' }),
        h('p', { class: 'muted', text: 'Press "I\'m ready" so your provider knows you are set.' }),
        this.readyButton,
      );
    } else if (this.role === 'provider') {
      this.emptyCall.textContent =
        this.waitingList && this.waitingList.count > 0
          ? 'Your client is in the waiting room. Admit them when you are ready.'
          : 'Waiting for your client to arrive. They will appear in the waiting room.';
    } else {
      this.emptyCall.textContent = 'Connecting you to the call…';
    }
    this.readyButton.setAttribute('aria-pressed', String(this.ready));
    this.readyButton.classList.toggle('pressed', this.ready);
  }

  private toggleReady(): void {
    this.ready = !this.ready;
    this.actions.setReady(this.ready);
    this.render();
  }
}
