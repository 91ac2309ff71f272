// Wires the visit together: signaling and call (transport), camera and microphone (media), and the
// screen (UI). Transport and media emit typed events; this module turns them into UI updates and
// turns UI intents into protocol messages.
import type { ParticipantView, ServerMessageOf } from '../../shared/protocol.js';
import { listDevices } from '../media/devices.js';
import { openLocalMedia } from '../media/local-media.js';
import { MediaController } from '../media/media-controller.js';
import { CallSession } from '../transport/call-session.js';
import { describeRoute } from '../transport/route.js';
import type { FatalProblem, SignalingClient } from '../transport/signaling.js';
import { confirmEndSession, confirmScreenShare, DeviceSettingsDialog, showSessionEnded } from '../ui/dialogs.js';
import { button, h } from '../ui/dom.js';
import { mediaProblemText } from '../ui/media-messages.js';
import { RELAY_UNREACHABLE, type ProblemText } from '../ui/problem-messages.js';
import { TileMenu } from '../ui/tile-menu.js';
import { VisitScreen } from '../ui/visit-screen.js';
import { setUpBackground } from './background.js';

export interface VisitAppOptions {
  root: HTMLElement;
  signaling: SignalingClient;
  log(line: string): void;
  showProblem(text: ProblemText): void;
  describeProblem(p: FatalProblem): ProblemText;
}

export function startVisitApp({ root, signaling, log, showProblem, describeProblem }: VisitAppOptions): void {
  let screen: VisitScreen | null = null;
  let roster: ParticipantView[] = [];
  let selfId = '';
  let isProvider = false;
  let mediaRequested = false;
  let selfViewHidden = false;
  let endedDialog: HTMLDialogElement | null = null;
  let settleMedia: () => void = () => undefined;
  const mediaSettled = new Promise<void>((resolve) => (settleMedia = resolve));
  const nameOf = (id: string) => roster.find((p) => p.id === id)?.displayName ?? 'Participant';

  const outgoing = new MediaStream();
  const call: CallSession = new CallSession({ signaling, getLocalStream: () => outgoing, mediaSettled, log });
  const media = new MediaController(call, outgoing);
  const background = setUpBackground(media, log);
  const settingsBackground = document.createElement('div');
  const settings = new DeviceSettingsDialog({
    chooseCamera: (id) => void media.useDevice('camera', id),
    chooseMicrophone: (id) => void media.useDevice('microphone', id),
    chooseSpeaker: (id) => {
      speakerId = id;
      void screen?.tiles.setSpeaker(id);
    },
  });
  let speakerId: string | undefined;

  media.on('change', (state) => {
    screen?.setSelfMedia(state);
    signaling.send({ type: 'media-state', ...state });
  });
  media.on('preview', (stream) => screen?.tiles.setLocalStream(stream));
  media.on('error', ({ what }) =>
    screen?.showNotice(what === 'screen' ? null : mediaProblemText({ missing: [what === 'camera' ? 'video' : 'audio'] })),
  );

  const tileMenus = new Map<string, TileMenu>();
  function menuFor(peerId: string): void {
    if (!screen || tileMenus.has(peerId) || !screen.tiles.hasTile(peerId)) return;
    const menu = new TileMenu({
      participantName: nameOf(peerId),
      isSelf: false,
      viewerIsProvider: isProvider,
      actions: {
        makeMain: () => makeMain(screen?.tiles.mainPeer === peerId ? null : peerId),
        mute: () => signaling.send({ type: 'moderate', participantId: peerId, action: 'mute-audio' }),
        stopVideo: () => signaling.send({ type: 'moderate', participantId: peerId, action: 'stop-video' }),
        toggleSelfView: () => undefined,
        fullscreen: () => toggleFullscreen(screen?.tiles.videoOf(peerId)?.closest('figure') ?? null),
        openSettings: () => undefined,
      },
    });
    tileMenus.set(peerId, menu);
    screen.tiles.attachMenu(peerId, menu.element);
  }
  function makeMain(peerId: string | null): void {
    screen?.tiles.setMain(peerId);
    for (const [id, m] of tileMenus) m.update({ isMain: id === peerId });
  }

  call.on('remote-stream', ({ peerId, stream }) => {
    screen?.tiles.showRemote(peerId, stream, nameOf(peerId));
    if (speakerId) void screen?.tiles.setSpeaker(speakerId);
    screen?.tiles.setRemoteMedia(peerId, roster.find((p) => p.id === peerId)?.media ?? null);
    menuFor(peerId);
    screen?.render();
  });
  call.on('remote-gone', ({ peerId }) => {
    screen?.tiles.removeRemote(peerId);
    tileMenus.delete(peerId);
    screen?.render();
  });
  call.on('peer-state', ({ peerId, state }) => {
    if (state === 'connected') screen?.tiles.setConnection(peerId, 'connected');
    else if (state === 'disconnected' || state === 'failed') screen?.tiles.setConnection(peerId, 'reconnecting');
    else if (state === 'new' || state === 'connecting') screen?.tiles.setConnection(peerId, 'connecting');
  });
  // Media still flows, but the person cannot hear chat or changes until their connection is back.
  call.on('peer-away', ({ peerId }) => screen?.tiles.setConnection(peerId, 'reconnecting'));
  call.on('quality', ({ peerId, quality }) => screen?.tiles.setConnection(peerId, quality === 'poor' ? 'poor' : 'connected'));
  call.on('route', ({ peerId, route }) => screen?.tiles.setRoute(peerId, describeRoute(route), `${route.via}/${route.protocol}`));
  call.on('relay-unreachable', ({ errors }) => {
    log(`relay unreachable${errors.length ? `: ${errors.join('; ')}` : ''}`);
    screen?.showNotice(RELAY_UNREACHABLE);
  });

  function buildScreen(w: ServerMessageOf<'welcome'>): VisitScreen {
    const s = new VisitScreen(
      root,
      {
        admit: (participantId) => signaling.send({ type: 'admit', participantId }),
        remove: (participantId) => signaling.send({ type: 'remove', participantId }),
        setReady: (ready) => signaling.send({ type: 'ready', ready }),
        sendChat: (channel, text) => signaling.send({ type: 'chat', channel, text }),
        makeMain,
        toggleAudio: () => void media.setAudio(!media.state.audio),
        toggleVideo: () => void media.setVideo(!media.state.video),
        toggleScreen: async () => {
          if (media.state.screen) return media.stopScreenShare();
          if (await confirmScreenShare()) await media.startScreenShare();
        },
        togglePanel: () => undefined,
        leave: () => leave(),
        endSession: async () => {
          if (await confirmEndSession()) signaling.send({ type: 'end-session' });
        },
        testConnection: () => openConnectionTest(),
      },
      w.self.role,
      w.self.id,
    );
    const selfMenu = new TileMenu({
      participantName: 'you',
      isSelf: true,
      viewerIsProvider: isProvider,
      actions: {
        makeMain: () => undefined,
        mute: () => undefined,
        stopVideo: () => undefined,
        toggleSelfView: () => {
          selfViewHidden = !selfViewHidden;
          s.tiles.setSelfViewHidden(selfViewHidden);
          selfMenu.update({ selfViewHidden });
        },
        fullscreen: () => toggleFullscreen(s.tiles.selfTile),
        openSettings: async () => {
          settings.open({ ...(await listDevices()), current: { ...media.devices, ...(speakerId ? { speaker: speakerId } : {}) } });
          settings.element.querySelector('.vb-dialog-body')?.append(settingsBackground);
          background.mountInto(settingsBackground);
        },
      },
    });
    s.tiles.attachMenu('self', selfMenu.element);
    background.mountInto(s.backgroundChoice);
    return s;
  }

  /** Full screen for one tile, or back out of it. Called inside the click, which browsers require. */
  function toggleFullscreen(el: Element | null): void {
    if (document.fullscreenElement) return void document.exitFullscreen().catch(() => undefined);
    el?.requestFullscreen?.().catch((e: unknown) => log(`fullscreen refused: ${String(e)}`));
  }

  function openConnectionTest(): void {
    const dialog = h('dialog', { class: 'connection-test-dialog', 'aria-label': 'Connection test' });
    const body = h('div', {}, h('p', { role: 'status', text: 'Loading the connection test…' }));
    dialog.append(
      body,
      button('Close', () => dialog.close(), { class: 'secondary' }),
    );
    document.body.append(dialog);
    dialog.addEventListener('close', () => dialog.remove());
    dialog.showModal();
    import('./connection-test.js').then(
      ({ mountConnectionTest, summarize }) => {
        if (!dialog.open) return;
        body.replaceChildren();
        mountConnectionTest(body, {
          autoStart: true,
          onFinished: (report) => signaling.send({ type: 'test-summary', summary: summarize(report) }),
        });
      },
      (e: unknown) => {
        log(`connection test did not load: ${String(e)}`);
        body.replaceChildren(
          h('p', { role: 'alert', text: 'The connection test could not load. Check your internet connection, close this and try again.' }),
        );
      },
    );
  }

  function leave(): void {
    call.closeAll();
    media.stopAll();
    signaling.stop();
    root.replaceChildren(
      h(
        'section',
        { class: 'problem', 'data-left': true },
        h('h1', { text: 'You left the visit' }),
        h('p', { text: 'You can come back while the appointment lasts.' }),
        button('Rejoin the visit', () => location.reload(), { class: 'primary' }),
      ),
    );
  }

  signaling.on('state', ({ to }) => screen?.setConnection(to));
  signaling.on('welcome', async (w) => {
    selfId = w.self.id;
    isProvider = w.self.role === 'provider';
    screen ??= buildScreen(w);
    screen.setConnection('connected');
    screen.setAppointment(w.appointment, w.self);
    if (w.appointment.endedAt !== null) onSessionEnded();
    // The link is verified before the camera is asked for: an expired link should not prompt.
    if (!mediaRequested) {
      mediaRequested = true;
      const opened = await openLocalMedia();
      if (opened.ok) {
        screen.showNotice(opened.missing.length ? mediaProblemText({ missing: opened.missing }) : null);
        await media.adopt(opened.stream, w.startWith);
      } else {
        screen.showNotice(mediaProblemText({ problem: opened.problem }));
        await media.adopt(null, w.startWith);
      }
      settleMedia();
    } else {
      signaling.send({ type: 'media-state', ...media.state });
    }
  });
  signaling.on('roster', (m) => {
    roster = m.participants;
    screen?.setRoster(roster);
    for (const p of roster) {
      if (p.id === selfId) continue;
      menuFor(p.id);
      tileMenus.get(p.id)?.update({ remoteAudioOn: p.media?.audio !== false, remoteVideoOn: p.media?.video !== false });
    }
    // Whoever shares their screen becomes the main view for everyone else.
    const sharer = roster.find((p) => p.id !== selfId && p.media?.screen);
    if (sharer && screen?.tiles.mainPeer !== sharer.id) makeMain(sharer.id);
  });
  signaling.on('admission', (m) => screen?.setAdmission(m.admission));
  signaling.on('chat', (m) => {
    screen?.chat.add({ channel: m.channel, fromName: m.fromName, mine: m.from === selfId, text: m.text, at: m.at });
    screen?.controls.setUnreadChat(screen.chat.unread);
  });
  signaling.on('moderated', (m) => {
    if (m.action === 'mute-audio') void media.setAudio(false);
    else void media.setVideo(false);
    const what = m.action === 'mute-audio' ? 'microphone' : 'camera';
    screen?.showNotice({
      title: `${m.byName} turned off your ${what}`,
      body: `Only you can turn it back on, with the ${what === 'microphone' ? 'Microphone' : 'Camera'} button below.`,
    });
  });
  signaling.on('session-ended', () => onSessionEnded());
  signaling.on('session-restarted', () => {
    endedDialog?.close();
    endedDialog = null;
  });
  signaling.on('problem', (m) => log(`server said ${m.code}`));
  signaling.on('fatal', (p) => {
    if (endedDialog) return;
    call.closeAll();
    media.stopAll();
    showProblem(describeProblem(p));
  });

  function onSessionEnded(): void {
    call.closeAll();
    if (!isProvider) {
      media.stopAll();
      signaling.stop();
    }
    endedDialog?.close();
    endedDialog = showSessionEnded({
      isProvider,
      canRestart: isProvider,
      onRestart: () => signaling.send({ type: 'restart-session' }),
    });
  }

  addEventListener('online', () => signaling.reconnectNow());
  // Leaving or reloading: hang up cleanly so the other side hears about it at once.
  addEventListener('pagehide', () => {
    call.closeAll();
    signaling.stop();
  });
  signaling.start();
}
