// The visit page's layout. Three modes, on the root as data-mode:
// - waiting: a client not yet admitted sees the pre-join (preview, toggles, device choices, ready);
// - lobby: a provider with nobody in the call sees who is waiting (and can admit them) on the stage;
// - call: the people fill the stage, one's own view a small movable picture in a corner.
// Side panels (attendees, chat) and the provider's waiting list sit beside the stage on wide screens
// and scroll inside their own space; nothing sits under the controls bar (visit-layout.css).
// Receives state; reports intent through callbacks. Never talks to the network itself. The provider's
// own parts (waiting list, notices to post) join once they have loaded (addProviderParts).
import { pageLanguage } from '../i18n/page-language.js';
import type { Admission, AppointmentView, ChatChannel, MediaState, ParticipantView, Role, WaitingNotice } from '../../shared/protocol.js';
import type { ConnectionState } from '../transport/signaling.js';
import type { AttendeesPanel } from './attendees-panel.js';
import { ChatPanel } from './chat-panel.js';
import { ConnectionDetails } from './connection-details.js';
import { ControlsBar, type ControlsActions } from './controls-bar.js';
import { button, formatTime, h, setText } from './dom.js';
import { PreJoin, type PreJoinActions } from './pre-join.js';
import type { ProblemText } from './problem-messages.js';
import type { NoticeComposer } from './notice-composer.js';
import type { providerStageText } from './stage-message.js';
import { VideoTiles } from './video-tiles.js';
import { NoticeBanner, noticeText, providerLateText } from './waiting-notice.js';
import type { WaitingList, WaitingListActions } from './waiting-list.js';
import { languageSwitch } from '../i18n/language-switch.js';
import { pageLocale, wordsOf } from '../i18n/page-words.js';
import { visitPageMessages } from '../../shared/i18n/catalogues/visit-page.js';
import { chatMessages } from '../../shared/i18n/catalogues/chat.js';

const tr = wordsOf(visitPageMessages);
const chatWords = wordsOf(chatMessages);

export interface VisitScreenActions extends WaitingListActions, ControlsActions, PreJoinActions {
  sendChat(channel: ChatChannel, text: string): void;
  makeMain(peerId: string | null): void;
  /** Provider: show those waiting a notice (running late), or take it down (null). */
  postNotice(notice: WaitingNotice | null): void;
}

/** The provider's parts of the screen, loaded later (client/visit/provider-parts.ts). */
export interface ProviderScreenParts {
  WaitingList: typeof WaitingList;
  NoticeComposer: typeof NoticeComposer;
  providerStageText: typeof providerStageText;
}

type Panel = 'attendees' | 'chat';
export type ScreenMode = 'waiting' | 'lobby' | 'call';

/** What the status line says; nothing while all is well ("Connected" means nothing to a client). */
const CONNECTION_TEXT = {
  idle: 'starting',
  connecting: 'connectingToVisit',
  connected: null,
  reconnecting: 'connectionLost',
  closed: 'disconnected',
} as const satisfies Record<ConnectionState, string | null>;

function connectionText(state: ConnectionState): string {
  const key = CONNECTION_TEXT[state];
  return key ? tr(key) : '';
}

export class VisitScreen {
  readonly tiles: VideoTiles;
  readonly chat: ChatPanel;
  readonly controls: ControlsBar;
  readonly details = new ConnectionDetails();
  readonly preJoin: PreJoin | null;
  /** Where the background picker goes: the client's pre-join, or the provider's lobby. */
  readonly backgroundSlot: HTMLElement;
  private readonly heading = h('div', { class: 'visit-heading' });
  /** The title and time, and the language switch at the top of the page (reloading keeps the visit). */
  private readonly header = h('header', { class: 'visit-header' }, this.heading, languageSwitch(pageLanguage()));
  private readonly status = h('p', {
    class: 'connection-status',
    role: 'status',
    'data-connection': 'connecting',
    text: connectionText('connecting'),
  });
  private readonly notice = h('div', { class: 'notice', role: 'alert', hidden: true });
  private readonly mediaNotice = h('div', { class: 'notice', role: 'alert', 'data-media-notice': true, hidden: true });
  /** Notes other parts of the visit put above the call (e.g. audio first's weak-network-notice.ts). */
  readonly callNotes = h('div', { class: 'call-notes' });
  /** For providers: the reminder that the client cannot see or hear them. */
  private readonly selfBanner = h('div', { class: 'banner warn', role: 'status', 'data-self-banner': true, hidden: true });
  private readonly stage = h('section', { class: 'stage', 'aria-label': tr('stage') });
  private readonly lobby = h('div', { class: 'lobby-card' });
  private readonly lobbyText = h('div', { class: 'lobby-text', role: 'status' });
  private readonly emptyCall = h('p', { class: 'empty-call', role: 'status' });
  /** What screen readers are told as it happens to this person (being let into the call). */
  private readonly news = h('p', { class: 'sr-only', role: 'status' });
  private readonly side = h('aside', { class: 'side' });
  private provider: ProviderScreenParts | null = null;
  private waitingList: WaitingList | null = null;
  /** The client's view of the provider's notice, or of the page's own when the provider is late. */
  private readonly noticeBanner: NoticeBanner | null;
  /** The provider's one-tap notices to those waiting. */
  private noticeComposer: NoticeComposer | null = null;
  private waitingNotice: WaitingNotice | null = null;
  private appointment: AppointmentView | null = null;
  /** Loaded when first needed (loadAttendees). */
  private attendees: AttendeesPanel | null = null;
  private attendeesLoading = false;
  private readonly attendeesSlot = h('div', { class: 'panel', 'data-panel': 'attendees', hidden: true });
  /** Closes the open panel from inside it and puts focus back on the button that opened it. */
  private readonly closePanel: () => void;
  private readonly panels: HTMLElement;
  private readonly chatChannelPicker: HTMLElement | null;
  private admission: Admission = 'invited';
  private roster: ParticipantView[] = [];
  private mediaProblem: ProblemText | null = null;
  private panel: Panel | null = null;
  private channel: ChatChannel = 'waiting';
  private channelChosen = false;

  constructor(
    readonly root: HTMLElement,
    private readonly actions: VisitScreenActions,
    private readonly role: Role,
    private readonly selfId: string,
  ) {
    this.tiles = new VideoTiles((peerId) => actions.makeMain(peerId));
    this.preJoin = role === 'client' ? new PreJoin(actions) : null;
    this.noticeBanner = role === 'client' ? new NoticeBanner() : null;
    // The page's own reassurance appears two minutes after the start without anyone acting.
    if (this.noticeBanner) setInterval(() => this.showWaitingNotice(), 15_000);
    // Closed from inside (its Close button, Escape): focus goes back to the button that opened it,
    // not to the page's start, where a keyboard user would have to find their way back.
    const close = () => {
      const open = this.panel;
      if (!open) return;
      this.togglePanel(open);
      this.controls.focusPanelButton(open);
    };
    this.closePanel = close;
    this.chat = new ChatPanel({ send: (channel, text) => actions.sendChat(channel, text), close }, { role });
    this.controls = new ControlsBar({ ...actions, togglePanel: (p) => this.togglePanel(p) }, { role });
    this.chatChannelPicker = role === 'provider' ? this.channelPicker() : null;
    this.panels = h(
      'div',
      { class: 'panels' },
      this.attendeesSlot,
      h('div', { class: 'panel', 'data-panel': 'chat', hidden: true }, this.chatChannelPicker, this.chat.element),
    );
    this.backgroundSlot = this.preJoin?.backgroundSlot ?? h('div', { id: 'background-choice', class: 'lobby-background' });
    this.lobby.append(this.lobbyText);
    if (this.noticeBanner) this.preJoin?.element.prepend(this.noticeBanner.element);
    this.stage.append(this.preJoin?.element ?? this.lobby, this.emptyCall, this.tiles.grid);
    this.side.append(this.panels);
    root.replaceChildren(
      this.header,
      this.status,
      this.tiles.announcer,
      this.chat.announcer,
      this.news,
      this.selfBanner,
      this.notice,
      this.mediaNotice,
      this.callNotes,
      h('div', { class: 'visit-body' }, this.stage, this.side),
      this.controls.element,
    );
    this.render();
  }

  /** A provider's parts, once loaded: the waiting list and the notices join the screen as it is now. */
  addProviderParts(parts: ProviderScreenParts): void {
    if (this.role !== 'provider' || this.provider) return;
    this.provider = parts;
    this.waitingList = new parts.WaitingList(this.actions);
    this.noticeComposer = new parts.NoticeComposer((n) => this.actions.postNotice(n));
    this.waitingList.update(this.roster);
    this.showWaitingNotice();
    this.render();
  }

  setAppointment(a: AppointmentView, self: ParticipantView): void {
    this.heading.replaceChildren(
      h('h1', { text: a.title }),
      h('p', {
        class: 'muted',
        text: tr('joiningAs', {
          start: formatTime(a.startsAt, pageLocale()),
          end: formatTime(a.endsAt, pageLocale()),
          name: self.displayName,
        }),
      }),
    );
    this.appointment = a;
    this.preJoin?.setAppointment(a);
    this.preJoin?.setReady(self.ready);
    this.showWaitingNotice();
    this.setAdmission(self.admission);
  }

  setAdmission(admission: Admission): void {
    const letIn = this.role === 'client' && this.admission === 'waiting' && admission === 'admitted';
    // The pre-join goes with the waiting room, and a keyboard user's focus in it would fall back to
    // the page's start: it goes to the same toggle in the bar, or to the bar's first control.
    const focused = document.activeElement;
    const focusLeaving = letIn && !!focused && !!this.preJoin?.element.contains(focused);
    this.admission = admission;
    this.render();
    if (!letIn) return;
    if (focusLeaving) {
      const toggles = this.controls.mediaToggles;
      (toggles.find((t) => t === focused) ?? toggles[0])?.focus();
    }
    if (this.appointment) this.news.textContent = tr('letIn', { provider: this.appointment.providerName });
  }

  /** The provider's notice to those waiting, as the server confirmed it (null: taken down). */
  setWaitingNotice(notice: WaitingNotice | null): void {
    this.waitingNotice = notice;
    this.showWaitingNotice();
  }

  private showWaitingNotice(): void {
    const a = this.appointment;
    if (!a) return;
    this.noticeComposer?.showPosted(this.waitingNotice, a.providerName);
    if (!this.noticeBanner) return;
    const providerOnline = this.roster.some((p) => p.role === 'provider' && p.online);
    this.noticeBanner.show(
      this.waitingNotice
        ? noticeText(this.waitingNotice, a.providerName)
        : providerLateText(a.startsAt, Date.now(), providerOnline, a.providerName),
    );
  }

  setRoster(participants: ParticipantView[]): void {
    this.roster = participants;
    this.showWaitingNotice();
    this.waitingList?.update(participants);
    this.attendees?.update(participants);
    for (const p of participants) {
      this.tiles.rename(p.id, p.displayName);
      this.tiles.setRemoteMedia(p.id, p.media);
      this.details.rename(p.id, p.displayName);
    }
    this.render();
  }

  /** Shows the provider's reminder while their camera or microphone is off. */
  setSelfMedia(media: MediaState): void {
    this.controls.setMedia(media);
    this.tiles.setSelfMedia(media);
    if (this.role !== 'provider') return;
    const unseen = !media.video && !media.screen;
    const unheard = !media.audio;
    this.selfBanner.hidden = !unseen && !unheard;
    this.selfBanner.textContent = unseen && unheard ? tr('cannotSeeOrHear') : unseen ? tr('cannotSee') : unheard ? tr('cannotHear') : '';
  }

  setConnection(state: ConnectionState): void {
    this.status.dataset.connection = state;
    this.status.textContent = connectionText(state);
  }

  showNotice(text: ProblemText | null): void {
    this.notice.hidden = !text;
    this.notice.replaceChildren(...(text ? [h('strong', { text: text.title }), h('p', { text: text.body })] : []));
  }

  /** Why the camera or microphone cannot be used (null once they work): in the pre-join, or above the call. */
  showMediaProblem(text: ProblemText | null): void {
    this.mediaProblem = text;
    this.render();
  }

  get mode(): ScreenMode {
    if (this.role === 'client' && this.admission !== 'admitted') return 'waiting';
    return this.role === 'provider' && this.tiles.remoteCount === 0 ? 'lobby' : 'call';
  }

  /** Re-renders whatever depends on admission and on who is in the call. */
  render(): void {
    const mode = this.mode;
    if (mode !== 'waiting') this.loadAttendees();
    this.root.dataset.mode = mode;
    this.root.dataset.count = String(this.tiles.remoteCount);
    this.placeSelfView(mode);
    this.lobby.hidden = mode !== 'lobby';
    if (this.preJoin) this.preJoin.element.hidden = mode !== 'waiting';
    this.tiles.grid.hidden = mode !== 'call';
    this.emptyCall.hidden = mode !== 'call' || this.tiles.remoteCount > 0;
    // Nobody else in the call any more (the provider left, or their connection dropped): say so, rather
    // than "connecting" for ever.
    const othersOnline = this.roster.some((p) => p.id !== this.selfId && p.admission === 'admitted' && p.online);
    // Written only when it changes: it is a status region, and every roster change renders.
    setText(
      this.emptyCall,
      othersOnline || !this.appointment ? tr('connectingToCall') : tr('othersAway', { provider: this.appointment.providerName }),
    );
    this.controls.setInCall(this.admission === 'admitted', this.tiles.remoteCount > 0);
    this.preJoin?.setProblem(mode === 'waiting' ? this.mediaProblem : null);
    this.renderMediaNotice(mode !== 'waiting' ? this.mediaProblem : null);
    if (this.waitingList) this.waitingList.quiet = mode === 'lobby';
    if (mode === 'lobby' && this.provider && this.waitingList) {
      const text = this.provider.providerStageText(this.waitingList.names, this.roster);
      // A status region: rewritten only when it changes, or screen readers repeat it at every roster.
      if (this.lobbyText.dataset.text !== text.title + text.body) {
        this.lobbyText.dataset.text = text.title + text.body;
        this.lobbyText.replaceChildren(h('h2', { text: text.title }), h('p', { text: text.body }));
      }
    }
    this.placeLobbyEnd();
    this.renderChatChannel(mode);
  }

  /**
   * The running-late notice belongs to the stage while nobody is in the call, below the waiting list,
   * and the provider's background choice last of all.
   */
  private placeLobbyEnd(): void {
    if (this.role !== 'provider') return;
    const end = this.noticeComposer ? [this.noticeComposer.element, this.backgroundSlot] : [this.backgroundSlot];
    const last = [...this.lobby.children].slice(-end.length);
    if (end.some((el, i) => last[i] !== el)) this.lobby.append(...end);
  }

  /** The self view and the waiting list move with the mode; keyboard focus moves with them. */
  private placeSelfView(mode: ScreenMode): void {
    if (mode === 'waiting') this.preJoin?.holdPreview(this.tiles.selfTile, this.controls.mediaToggles);
    else this.controls.reclaimMediaToggles();
    if (mode === 'call' && this.tiles.selfTile.parentElement !== this.stage) this.stage.append(this.tiles.selfTile);
    if (mode === 'lobby' && this.tiles.selfTile.parentElement !== this.side) this.side.prepend(this.tiles.selfTile);
    const list = this.waitingList;
    if (!list) return;
    const home = mode === 'lobby' ? this.lobby : this.side;
    if (list.element.parentElement === home) return;
    const focused = list.hasFocus ? (document.activeElement as HTMLElement) : null;
    if (mode === 'lobby') this.lobby.append(list.element);
    else this.side.insertBefore(list.element, this.panels);
    focused?.focus();
  }

  private renderMediaNotice(text: ProblemText | null): void {
    this.mediaNotice.hidden = !text;
    this.mediaNotice.replaceChildren(...(text ? [h('strong', { text: text.title }), h('p', { text: text.body })] : []));
  }

  private renderChatChannel(mode: ScreenMode): void {
    if (!this.channelChosen) {
      this.channel =
        this.role === 'client'
          ? mode === 'waiting'
            ? 'waiting'
            : 'call'
          : this.roster.some((p) => p.role === 'client' && p.admission === 'admitted' && p.online)
            ? 'call'
            : 'waiting';
    }
    this.chat.setChannel(this.channel, { groupVisit: this.roster.filter((p) => p.role === 'client').length > 1 });
    for (const b of this.chatChannelPicker?.querySelectorAll('button') ?? [])
      b.setAttribute('aria-pressed', String(b.dataset.channel === this.channel));
  }

  /**
   * The attendees panel's code loads when first needed, not with the page: when it is opened, or once
   * the person is in the call (or the provider in the lobby), where its Admit buttons and the connection
   * details belong. If it cannot load (offline), the next need tries again.
   */
  private loadAttendees(): void {
    if (this.attendeesLoading) return;
    this.attendeesLoading = true;
    import('./attendees-panel.js').then(
      ({ AttendeesPanel }) => {
        const panel = new AttendeesPanel(
          { ...this.actions, close: this.closePanel },
          { viewerIsProvider: this.role === 'provider', selfId: this.selfId },
        );
        // The connection details fold away at the end of the attendees panel, for support.
        panel.element.append(this.details.element);
        panel.update(this.roster);
        this.attendeesSlot.append(panel.element);
        this.attendees = panel;
      },
      () => {
        this.attendeesLoading = false;
        if (this.panel === 'attendees') this.showNotice({ title: tr('partFailedTitle'), body: tr('partFailedBody') });
      },
    );
  }

  private togglePanel(panel: Panel): void {
    if (panel === 'attendees') this.loadAttendees();
    this.panel = this.panel === panel ? null : panel;
    this.root.dataset.panel = this.panel ?? '';
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
    return h(
      'div',
      { class: 'chat-channels', role: 'group', 'aria-label': chatWords('sendTo') },
      button(chatWords('toCall'), pick('call'), { 'data-channel': 'call', 'aria-pressed': 'false' }),
      button(chatWords('toWaiting'), pick('waiting'), { 'data-channel': 'waiting', 'aria-pressed': 'false' }),
    );
  }
}
