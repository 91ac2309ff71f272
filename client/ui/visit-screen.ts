// The visit page's layout: header, connection status, banners, the stage (waiting card or videos),
// the self view, the provider's waiting room, side panels (attendees, chat) and the controls bar.
// Receives state; reports intent through callbacks. Never talks to the network itself.
import type { Admission, AppointmentView, ChatChannel, MediaState, ParticipantView, Role } from '../../shared/protocol.js';
import type { ConnectionState } from '../transport/signaling.js';
import { AttendeesPanel } from './attendees-panel.js';
import { ChatPanel } from './chat-panel.js';
import { ControlsBar, type ControlsActions } from './controls-bar.js';
import { button, formatTime, h } from './dom.js';
import type { ProblemText } from './problem-messages.js';
import { VideoTiles } from './video-tiles.js';
import { WaitingList, type WaitingListActions } from './waiting-list.js';

export interface VisitScreenActions extends WaitingListActions, ControlsActions {
  setReady(ready: boolean): void;
  sendChat(channel: ChatChannel, text: string): void;
  makeMain(peerId: string | null): void;
  testConnection(): void;
}

type Panel = 'attendees' | 'chat';

export class VisitScreen {
  readonly tiles: VideoTiles;
  readonly chat: ChatPanel;
  readonly controls: ControlsBar;
  private readonly header = h('header', { class: 'visit-header' });
  private readonly status = h('p', {
    class: 'connection-status',
    role: 'status',
    'data-connection': 'connecting',
    text: 'Connecting to your visit…',
  });
  private readonly notice = h('div', { class: 'notice', role: 'alert', hidden: true });
  /** For providers: the reminder that the client cannot see or hear them. */
  private readonly selfBanner = h('div', { class: 'banner warn', role: 'status', 'data-self-banner': true, hidden: true });
  private readonly stage = h('section', { class: 'stage', 'aria-label': 'Video' });
  private readonly waitingCard = h('div', { class: 'waiting-card' });
  /** Where the background picker goes: the client's waiting card, or the provider's side column. */
  readonly backgroundChoice = h('div', { id: 'background-choice', class: 'background-choice' });
  private readonly emptyCall = h('p', { class: 'empty-call muted' });
  private readonly readyButton: HTMLButtonElement;
  private readonly testButton: HTMLButtonElement;
  private readonly waitingList: WaitingList | null;
  private readonly attendees: AttendeesPanel;
  private readonly panels: HTMLElement;
  private readonly chatChannelPicker: HTMLElement | null;
  private admission: Admission = 'invited';
  private appointment: AppointmentView | null = null;
  private roster: ParticipantView[] = [];
  private ready = false;
  private panel: Panel | null = null;
  private channel: ChatChannel = 'waiting';
  private channelChosen = false;

  constructor(
    readonly root: HTMLElement,
    private readonly actions: VisitScreenActions,
    private readonly role: Role,
    selfId: string,
  ) {
    this.tiles = new VideoTiles((peerId) => actions.makeMain(peerId));
    this.readyButton = button("I'm ready", () => this.toggleReady(), { class: 'primary', 'aria-pressed': 'false' });
    this.testButton = button('Test my connection', () => actions.testConnection(), { class: 'secondary' });
    this.waitingList = role === 'provider' ? new WaitingList(actions) : null;
    this.attendees = new AttendeesPanel(actions, { viewerIsProvider: role === 'provider', selfId });
    this.chat = new ChatPanel({ send: (channel, text) => actions.sendChat(channel, text) }, { role });
    this.controls = new ControlsBar({ ...actions, togglePanel: (p) => this.togglePanel(p) }, { role });
    this.chatChannelPicker = role === 'provider' ? this.channelPicker() : null;
    this.panels = h(
      'div',
      { class: 'panels' },
      h('div', { class: 'panel', 'data-panel': 'attendees', hidden: true }, this.attendees.element),
      h('div', { class: 'panel', 'data-panel': 'chat', hidden: true }, this.chatChannelPicker, this.chat.element),
    );
    this.stage.append(this.waitingCard, this.emptyCall, this.tiles.grid);
    root.replaceChildren(
      this.header,
      this.status,
      this.selfBanner,
      this.notice,
      h(
        'div',
        { class: 'visit-body' },
        this.stage,
        h(
          'aside',
          { class: 'side' },
          this.tiles.selfTile,
          role === 'provider' ? this.backgroundChoice : null,
          this.waitingList?.element,
          this.panels,
        ),
      ),
      this.controls.element,
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
    this.roster = participants;
    this.waitingList?.update(participants);
    this.attendees.update(participants);
    for (const p of participants) {
      this.tiles.rename(p.id, p.displayName);
      this.tiles.setRemoteMedia(p.id, p.media);
    }
    this.render();
  }

  /** Shows the provider's reminder while their camera or microphone is off. */
  setSelfMedia(media: MediaState): void {
    this.controls.setMedia(media);
    this.tiles.setSelfMedia(media);
    if (this.role !== 'provider') return;
    const cannot = [!media.video && !media.screen && 'see', !media.audio && 'hear'].filter(Boolean).join(' or ');
    this.selfBanner.hidden = !cannot;
    this.selfBanner.textContent = cannot
      ? `Your client cannot ${cannot} you. ${!media.audio && !media.video ? 'Turn on your camera and microphone' : !media.audio ? 'Turn on your microphone' : 'Turn on your camera'} with the buttons below.`
      : '';
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

  get inCall(): boolean {
    return this.admission === 'admitted';
  }

  /** Re-renders whatever depends on admission and on who is in the call. */
  render(): void {
    const waiting = this.role === 'client' && this.admission !== 'admitted';
    this.waitingCard.hidden = !waiting;
    this.tiles.grid.hidden = waiting;
    this.emptyCall.hidden = waiting || this.tiles.remoteCount > 0;
    this.controls.setInCall(this.admission === 'admitted');
    if (!this.channelChosen)
      this.channel =
        this.role === 'client' && waiting ? 'waiting' : this.admission === 'admitted' && this.role === 'client' ? 'call' : this.channel;
    if (this.role === 'provider' && !this.channelChosen)
      this.channel = this.roster.some((p) => p.role === 'client' && p.admission === 'admitted' && p.online) ? 'call' : 'waiting';
    this.chat.setChannel(this.channel, { groupVisit: this.roster.filter((p) => p.role === 'client').length > 1 });
    for (const b of this.chatChannelPicker?.querySelectorAll('button') ?? [])
      b.setAttribute('aria-pressed', String(b.dataset.channel === this.channel));
    if (waiting) {
      const who = this.appointment?.providerName ?? 'your provider';
      this.waitingCard.replaceChildren(
        h('h2', { text: 'You are in the waiting room' }),
        h('p', { text: `${who} will let you in when the visit starts.` }),
        h('p', { class: 'muted', text: this.appointment ? `Appointment at ${formatTime(this.appointment.startsAt)}` : '' }),
        h('p', {
          class: 'muted',
          text: 'Press "I\'m ready" so your provider knows you are set. You can test your camera, microphone and connection while you wait.',
        }),
        h('div', { class: 'actions' }, this.readyButton, this.testButton),
        this.backgroundChoice,
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
  }

  private togglePanel(panel: Panel): void {
    this.panel = this.panel === panel ? null : panel;
    for (const el of this.panels.querySelectorAll<HTMLElement>('[data-panel]')) el.hidden = el.dataset.panel !== this.panel;
    this.controls.setPanel(this.panel);
    this.chat.setOpen(this.panel === 'chat');
    this.controls.setUnreadChat(this.chat.unread);
  }

  /** Providers write either to the people in the call or to those waiting. */
  private channelPicker(): HTMLElement {
    const pick = (channel: ChatChannel) => () => {
      this.channel = channel;
      this.channelChosen = true;
      this.render();
    };
    const picker = h(
      'div',
      { class: 'chat-channels', role: 'group', 'aria-label': 'Send messages to' },
      button('People in the call', pick('call'), { 'data-channel': 'call', 'aria-pressed': 'false' }),
      button('People waiting', pick('waiting'), { 'data-channel': 'waiting', 'aria-pressed': 'false' }),
    );
    return picker;
  }

  private toggleReady(): void {
    this.ready = !this.ready;
    this.actions.setReady(this.ready);
    this.render();
  }
}
