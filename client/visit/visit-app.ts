// Wires the visit together: signaling and call (transport), camera and microphone (media), and the
// screen (UI). The controller owns the state (visit-state.ts); small binders turn the call into tiles
// (bind-call-tiles.ts), the roster into tile menus (bind-roster-menus.ts) and media changes into
// signaling (bind-media-signaling.ts). What the person asks for on screen becomes protocol messages here.
import { openConnectionTestDialog } from '../connection-test/dialog.js';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { pageLanguage } from '../i18n/page-language.js';
import { listDevices } from '../media/devices.js';
import { openLocalMedia } from '../media/local-media.js';
import { MediaController } from '../media/media-controller.js';
import { CallSession } from '../transport/call-session.js';
import type { FatalProblem, SignalingClient } from '../transport/signaling.js';
import type { DeviceSettingsDialog } from '../ui/dialogs.js';
import { showEndedPage, showLeftPage } from '../ui/end-pages.js';
import type { ProblemText } from '../ui/problem-messages.js';
import { TileMenu } from '../ui/tile-menu.js';
import { VisitScreen, type VisitScreenActions } from '../ui/visit-screen.js';
import { BackgroundStage, type MakeBackgroundPicker } from './background.js';
import { bindAudioFirst } from './bind-audio-first.js';
import { bindCallToTiles } from './bind-call-tiles.js';
import { bindLocationConsent } from './bind-location-consent.js';
import { bindMediaToSignaling, type MediaBinding } from './bind-media-signaling.js';
import { PeerMenus } from './bind-roster-menus.js';
import { AdmitQuestions, locationMissing } from './admit-questions.js';
import { VisitState } from './visit-state.js';
import type { WaitingAlerts } from './waiting-alerts.js';
import { wordsOf } from '../i18n/page-words.js';
import { addStylesheet } from '../util/stylesheet.js';
import { visitPageMessages } from '../../shared/i18n/catalogues/visit-page.js';

const tr = wordsOf(visitPageMessages);

export interface VisitAppOptions {
  root: HTMLElement;
  signaling: SignalingClient;
  log(line: string): void;
  showProblem(text: ProblemText): void;
  describeProblem(p: FatalProblem): ProblemText;
}

/**
 * The visit's dialogs (confirmations, session ended, settings) load when first needed, with their
 * stylesheet: every one follows a click or a server's message, and the visit page's first load stays
 * within its budget. A sheet that cannot load leaves the dialog plain but working.
 */
const dialogs = () => Promise.all([import('../ui/dialogs.js'), addStylesheet('dialogs.css')]).then(([code]) => code);

export class VisitController {
  readonly state = new VisitState();
  private screen: VisitScreen | null = null;
  private endedDialog: HTMLDialogElement | null = null;
  private readonly call: CallSession;
  private readonly media: MediaController;
  private readonly menus: PeerMenus;
  private readonly mediaBinding: MediaBinding;
  /** The audio and video settings dialog, once first opened (its code loads then: see dialogs()). */
  private settings: Promise<DeviceSettingsDialog | null> | undefined;
  private readonly settingsExtras: () => readonly (HTMLElement | null)[];
  /** The provider has ended the session (until they restart it). */
  private sessionEnded = false;
  private readonly backgroundPicker: MakeBackgroundPicker;
  /** Above the call: why no video goes out when the chosen background cannot run (background.ts). */
  private readonly backgroundCallNote: HTMLElement;
  private settleMedia: () => void = () => undefined;
  /** The provider's title count, chime and Admit focus from a dashboard notification. */
  private waitingAlerts: WaitingAlerts | null = null;
  private providerPartsLoading = false;

  constructor(private readonly opts: VisitAppOptions) {
    const { signaling, log } = opts;
    const mediaSettled = new Promise<void>((resolve) => (this.settleMedia = resolve));
    const outgoing = new MediaStream();
    this.call = new CallSession({ signaling, getLocalStream: () => outgoing, mediaSettled, log });
    // Every camera track passes the background effect before the call gets it (no raw frame is sent).
    const background = new BackgroundStage(log);
    this.media = new MediaController(this.call, outgoing, background);
    this.backgroundPicker = background.bind(this.media, pageLanguage());
    this.backgroundCallNote = background.callNote(this.media, pageLanguage());
    const screen = () => this.screen;
    this.menus = new PeerMenus({ state: this.state, screen, signaling, fullscreen: (el) => this.toggleFullscreen(el) });
    bindCallToTiles(this.call, { state: this.state, screen, menus: this.menus, log });
    this.mediaBinding = bindMediaToSignaling(this.media, { state: this.state, screen, signaling });
    const audioFirst = bindAudioFirst(this.media, this.call, { state: this.state, screen, signaling, log });
    bindLocationConsent({ signaling, state: this.state, screen });
    const picker = this.backgroundPicker();
    this.settingsExtras = () => [picker, audioFirst.settingsControl()];
    this.bindSignaling();
  }

  start(): void {
    addEventListener('online', () => this.opts.signaling.reconnectNow());
    // Leaving or reloading: hang up cleanly so the other side hears about it at once.
    addEventListener('pagehide', () => {
      this.call.closeAll();
      this.opts.signaling.stop();
    });
    navigator.mediaDevices?.addEventListener?.('devicechange', () => void this.showDevices());
    this.opts.signaling.start();
  }

  private deviceActions() {
    return {
      chooseCamera: (id: string) => void this.media.useDevice('camera', id),
      chooseMicrophone: (id: string) => void this.media.useDevice('microphone', id),
      chooseSpeaker: (id: string) => {
        this.state.speakerId = id;
        void this.screen?.tiles.setSpeaker(id);
      },
    };
  }

  private screenActions(): VisitScreenActions {
    const { signaling } = this.opts;
    return {
      ...this.deviceActions(),
      admit: (participantId) => void this.admit(participantId),
      remove: (participantId) => signaling.send({ type: 'remove', participantId }),
      setReady: (ready) => signaling.send({ type: 'ready', ready }),
      sendChat: (channel, text) => signaling.send({ type: 'chat', channel, text }),
      postNotice: (notice) => signaling.send({ type: 'waiting-notice', notice }),
      makeMain: (peerId) => this.menus.makeMain(peerId),
      toggleAudio: () => void this.media.setAudio(!this.media.state.audio),
      toggleVideo: () => void this.media.setVideo(!this.media.state.video),
      toggleScreen: async () => {
        if (this.media.state.screen) return this.media.stopScreenShare();
        if (await (await this.dialogs())?.confirmScreenShare()) await this.media.startScreenShare();
      },
      togglePanel: () => undefined,
      leave: async () => {
        // Leaving must work offline too: without the dialog's code, without asking.
        const d = await dialogs().catch(() => null);
        if (!d || (await d.confirmLeave(this.state.isProvider))) this.leave();
      },
      endSession: async () => {
        if (await (await this.dialogs())?.confirmEndSession()) signaling.send({ type: 'end-session' });
      },
      testConnection: () => this.openConnectionTest(),
      retryMedia: () => void this.openMedia(),
    };
  }

  /** Admits; a client who has not said where they are (when the practice asks) after a confirmation. */
  private async admit(participantId: string): Promise<void> {
    const p = this.state.roster.find((x) => x.id === participantId);
    if (!p || !locationMissing(p)) {
      this.opts.signaling.send({ type: 'admit', participantId });
      return;
    }
    if (await this.admitQuestions.confirm(participantId, p.displayName))
      this.opts.signaling.send({ type: 'admit', participantId, withoutLocation: true });
  }

  private readonly admitQuestions = new AdmitQuestions(async (name) => !!(await (await this.dialogs())?.confirmAdmitWithoutLocation(name)));

  /**
   * The dialogs' code, or null once the person is told it did not load (offline, a dropped connection):
   * what they pressed did nothing, and they can press it again.
   */
  private async dialogs(): Promise<Awaited<ReturnType<typeof dialogs>> | null> {
    try {
      return await dialogs();
    } catch {
      this.screen?.showNotice({ title: tr('partFailedTitle'), body: tr('partFailedBody') });
      return null;
    }
  }

  private buildScreen(w: ServerMessageOf<'welcome'>): VisitScreen {
    const s = new VisitScreen(this.opts.root, this.screenActions(), w.self.role, w.self.id);
    const selfMenu = new TileMenu({
      kind: 'self',
      actions: {
        toggleSelfView: () => {
          this.state.selfViewHidden = !this.state.selfViewHidden;
          s.tiles.setSelfViewHidden(this.state.selfViewHidden);
          selfMenu.update({ selfViewHidden: this.state.selfViewHidden });
        },
        moveSelfView: () => s.tiles.moveSelfToNextCorner(),
        fullscreen: () => this.toggleFullscreen(s.tiles.selfTile),
        openSettings: async () => {
          const [settings, devices] = await Promise.all([this.settingsDialog(), this.deviceData()]);
          settings?.open(devices);
        },
      },
    });
    s.tiles.attachMenu('self', selfMenu.element);
    s.backgroundSlot.append(this.backgroundPicker());
    s.callNotes.append(this.backgroundCallNote);
    return s;
  }

  private async deviceData() {
    const current = { ...this.media.devices, ...(this.state.speakerId ? { speaker: this.state.speakerId } : {}) };
    return { ...(await listDevices()), current };
  }

  /** The pre-join's device choices (names are only listed once the camera was allowed). */
  private async showDevices(): Promise<void> {
    if (this.screen?.preJoin) this.screen.preJoin.setDevices(await this.deviceData());
  }

  /** Opens camera and microphone (once the link is known good, and again on "Try again"). */
  private async openMedia(): Promise<void> {
    const opened = await openLocalMedia();
    if (opened.ok) {
      this.mediaBinding.setProblem(opened.problem ?? null, opened.missing);
      await this.media.adopt(opened.stream, this.state.mediaRequested ? { audio: true, video: true } : this.startWith);
    } else {
      this.mediaBinding.setProblem(opened.problem);
      await this.media.adopt(null, this.startWith);
    }
    this.state.mediaRequested = true;
    this.settleMedia();
    await this.showDevices();
  }

  private startWith = { audio: true, video: true };

  /** Full screen for one tile, or back out of it. Called inside the click, which browsers require. */
  private toggleFullscreen(el: Element | null): void {
    if (document.fullscreenElement) return void document.exitFullscreen().catch(() => undefined);
    el?.requestFullscreen?.().catch((e: unknown) => this.opts.log(`fullscreen refused: ${String(e)}`));
  }

  private openConnectionTest(): void {
    openConnectionTestDialog({
      onSummary: (summary) => this.opts.signaling.send({ type: 'test-summary', summary }),
      log: this.opts.log,
    });
  }

  /** Hangs up and releases camera and microphone; the page says so. */
  private hangUp(): void {
    this.call.closeAll();
    this.media.stopAll();
    this.mediaBinding.refreshLevel();
    this.opts.signaling.stop();
  }

  private leave(): void {
    this.state.phase = 'left';
    this.hangUp();
    showLeftPage(this.opts.root, () => location.reload());
  }

  private onSessionEnded(): void {
    this.call.closeAll();
    if (!this.state.isProvider) {
      this.state.phase = 'ended';
      this.hangUp();
      showEndedPage(this.opts.root, this.state.appointment?.providerName);
      return;
    }
    this.sessionEnded = true;
    void this.dialogs().then((d) => {
      // Restarted while the dialog's code loaded: nothing to show.
      if (!d || !this.sessionEnded) return;
      this.endedDialog?.close();
      this.endedDialog = d.showSessionEnded({
        isProvider: true,
        canRestart: true,
        onRestart: () => this.opts.signaling.send({ type: 'restart-session' }),
      });
    });
  }

  /** The audio and video settings, made the first time they are opened. */
  private settingsDialog(): Promise<DeviceSettingsDialog | null> {
    // A failed load is not kept: the next time tries again.
    this.settings ??= this.dialogs().then((d) => {
      if (!d) this.settings = undefined;
      return d && new d.DeviceSettingsDialog(this.deviceActions(), this.settingsExtras);
    });
    return this.settings;
  }

  private async onWelcome(w: ServerMessageOf<'welcome'>): Promise<void> {
    const { state } = this;
    state.phase = 'open';
    state.selfId = w.self.id;
    state.role = w.self.role;
    state.appointment = w.appointment;
    this.startWith = w.startWith;
    this.screen ??= this.buildScreen(w);
    if (w.self.role === 'provider') this.loadProviderParts();
    this.screen.setConnection('connected');
    this.screen.setAppointment(w.appointment, w.self);
    if (w.appointment.endedAt !== null) return this.onSessionEnded();
    // The link is verified before the camera is asked for: an expired link should not prompt.
    if (!state.mediaRequested) await this.openMedia();
    else this.mediaBinding.report();
  }

  /**
   * The provider's waiting list, notices and alerts (provider-parts.ts), once per page. They join the
   * screen as it is then; until they arrive the provider can still admit from the attendees panel.
   */
  private loadProviderParts(): void {
    if (this.providerPartsLoading) return;
    this.providerPartsLoading = true;
    import('./provider-parts.js').then(
      (parts) => {
        this.screen?.addProviderParts(parts);
        this.waitingAlerts = new parts.WaitingAlerts();
        this.waitingAlerts.update(this.state.roster, this.opts.root);
      },
      (e: unknown) => {
        this.opts.log(`the provider's parts did not load: ${String(e)}`);
        this.screen?.showNotice({ title: tr('providerPartsFailedTitle'), body: tr('providerPartsFailedBody') });
      },
    );
  }

  private bindSignaling(): void {
    const { signaling, log } = this.opts;
    signaling.on('state', ({ to }) => this.screen?.setConnection(to));
    signaling.on('welcome', (w) => void this.onWelcome(w));
    signaling.on('roster', (m) => {
      this.state.roster = m.participants;
      this.screen?.setRoster(m.participants);
      this.menus.sync();
      this.waitingAlerts?.update(m.participants, this.opts.root);
    });
    signaling.on('admission', (m) => {
      this.screen?.setAdmission(m.admission);
      this.mediaBinding.refreshLevel();
    });
    signaling.on('waiting-notice', (m) => this.screen?.setWaitingNotice(m.notice));
    signaling.on('chat', (m) => {
      this.screen?.chat.add({ channel: m.channel, fromName: m.fromName, mine: m.from === this.state.selfId, text: m.text, at: m.at });
      this.screen?.controls.setUnreadChat(this.screen.chat.unread);
    });
    signaling.on('moderated', (m) => {
      if (m.action === 'mute-audio') void this.media.setAudio(false);
      else void this.media.setVideo(false);
      const microphone = m.action === 'mute-audio';
      this.screen?.showNotice({
        title: tr(microphone ? 'turnedOffMicrophone' : 'turnedOffCamera', { name: m.byName }),
        body: tr(microphone ? 'onlyYouMicrophone' : 'onlyYouCamera'),
      });
    });
    signaling.on('session-ended', () => this.onSessionEnded());
    signaling.on('session-restarted', () => {
      this.sessionEnded = false;
      this.endedDialog?.close();
      this.endedDialog = null;
    });
    signaling.on('problem', (m) => log(`server said ${m.code}`));
    signaling.on('fatal', (p) => {
      if (this.state.phase === 'ended' || this.state.phase === 'left') return;
      this.state.phase = 'failed';
      this.call.closeAll();
      this.media.stopAll();
      this.opts.showProblem(this.opts.describeProblem(p));
    });
  }
}

export function startVisitApp(opts: VisitAppOptions): VisitController {
  const controller = new VisitController(opts);
  controller.start();
  return controller;
}
