// Video tiles: the self view and one tile per remote participant, each with a status line
// (connecting, reconnecting, poor connection, camera off, microphone off, video paused for a weak
// connection), an optional main view,
// and a slot for the tile's menu. Handles autoplay rules: videos are inline (iOS), the self view is
// muted, and when a browser refuses to play remote sound without a gesture the video plays muted and
// a button offers to turn the sound on.
import type { MediaState, VideoPaused } from '../../shared/protocol.js';
import { cameraProblemText } from './media-messages.js';
import { button, h, setText } from './dom.js';
import { peerPausedCard, peerPausedStatus } from './weak-network-notice.js';
import { wordsOf } from '../i18n/page-words.js';
import { callMessages } from '../../shared/i18n/catalogues/call.js';

const tr = wordsOf(callMessages);

export type TileConnection = 'connecting' | 'connected' | 'reconnecting' | 'poor';

interface Tile {
  tile: HTMLElement;
  video: HTMLVideoElement;
  name: HTMLElement;
  /** Shown instead of the picture while their camera is off: initials and "<name>'s camera is off". */
  avatar: HTMLElement;
  /** Shown instead of the picture while their video is paused because of their connection. */
  paused: HTMLElement;
  status: HTMLElement;
  connection: TileConnection;
  /** Whether the last connection news told of trouble, so that its end is told too. */
  troubled: boolean;
  media: MediaState | null;
  /** Hardly a frame of their video has arrived for a few seconds (the call's quality monitor). */
  stalled: boolean;
  /**
   * Reports of a stall still to ignore: the first after their video is expected again (camera back on,
   * pause over) may count the seconds before, when none was sent.
   */
  staleReports: number;
}

/** Why a tile shows a card instead of the picture while the camera is on: what they said, or what arrives here. */
type HeldBack = VideoPaused | 'not-arriving';

/** Whether they say they send their camera's picture now (on, not paused, not a screen instead). */
const sendsPicture = (m: MediaState | null): boolean => !!m?.video && !m.screen && !m.videoPaused;

function connectionText(connection: TileConnection): string {
  if (connection === 'connected') return '';
  return tr(connection === 'poor' ? 'poorConnection' : connection);
}

/** Up to two initials of a display name ("Dr. Rivera" → "DR"), for a tile whose camera is off. */
export function initialsOf(displayName: string): string {
  const words = displayName.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => w.match(/\p{L}/u)?.[0]?.toUpperCase() ?? '')
    .join('');
}

/** What a tile says while that person's camera is on but its picture held back, by why: instead of the picture… */
function pausedCard(why: HeldBack | undefined, name: string): string {
  if (why === 'not-arriving') return tr('notArriving', { name });
  return why === 'background' ? tr('backgroundWait', { name }) : peerPausedCard(name);
}

/** …and in its status line. */
function pausedStatus(why: HeldBack | undefined): string {
  if (why === 'not-arriving') return tr('notArrivingStatus');
  return why === 'background' ? tr('backgroundWaitStatus') : peerPausedStatus();
}

function cameraOffCard(displayName: string): HTMLElement {
  return h(
    'div',
    { class: 'tile-avatar' },
    h('span', { class: 'tile-initials', 'aria-hidden': 'true', text: initialsOf(displayName) }),
    h('span', { class: 'tile-camera-off', text: tr('theirCameraOff', { name: displayName }) }),
  );
}

export type Corner = 'bottom-right' | 'bottom-left' | 'top-left' | 'top-right';
const CORNERS: Corner[] = ['bottom-right', 'bottom-left', 'top-left', 'top-right'];

export class VideoTiles {
  readonly grid = h('div', { class: 'tiles', 'data-count': '0' });
  readonly self = h('video', {
    class: 'self-video',
    'data-self': true,
    autoplay: true,
    playsinline: true,
    muted: true,
    'aria-label': tr('yourCamera'),
  });
  readonly selfTile: HTMLElement;
  /**
   * Tells screen readers what sighted people read off a tile as it changes: someone's connection
   * dropping, weak or back, their video paused. Visually hidden; one line at a time ("Sam: Reconnecting…").
   */
  readonly announcer = h('p', { class: 'sr-only', role: 'status' });
  private readonly selfStatus = h('span', { class: 'tile-status', 'data-status': '' });
  private readonly remote = new Map<string, Tile>();
  private main: string | null = null;

  constructor(private readonly onMakeMain: (peerId: string | null) => void = () => undefined) {
    this.self.muted = true;
    this.self.playsInline = true;
    this.selfTile = h(
      'figure',
      { class: 'tile self', 'data-corner': 'bottom-right', 'data-hidden-label': tr('selfViewHidden') },
      this.self,
      h('figcaption', {}, h('span', { text: tr('you') }), this.selfStatus),
    );
    this.dragToCorner();
  }

  /** Where the picture-in-picture self view sits during a call. */
  get selfCorner(): Corner {
    return (this.selfTile.dataset.corner as Corner) ?? 'bottom-right';
  }

  setSelfCorner(corner: Corner): void {
    this.selfTile.dataset.corner = corner;
  }

  /** The next corner, clockwise: the keyboard way to move the self view (its tile menu). */
  moveSelfToNextCorner(): void {
    this.setSelfCorner(CORNERS[(CORNERS.indexOf(this.selfCorner) + 1) % CORNERS.length]!);
  }

  /** Dragging the self view drops it in the nearest corner of the stage. */
  private dragToCorner(): void {
    let start: { x: number; y: number } | null = null;
    this.selfTile.addEventListener('pointerdown', (e) => {
      if ((e.target as Element).closest('button, [role="menu"]')) return;
      start = { x: e.clientX, y: e.clientY };
      this.selfTile.setPointerCapture?.(e.pointerId);
    });
    this.selfTile.addEventListener('pointermove', (e) => {
      if (!start) return;
      this.selfTile.style.translate = `${e.clientX - start.x}px ${e.clientY - start.y}px`;
    });
    const drop = (e: PointerEvent) => {
      if (!start) return;
      start = null;
      this.selfTile.style.translate = '';
      const stage = this.selfTile.offsetParent?.getBoundingClientRect();
      if (!stage) return;
      const right = e.clientX > stage.left + stage.width / 2;
      const bottom = e.clientY > stage.top + stage.height / 2;
      this.setSelfCorner(`${bottom ? 'bottom' : 'top'}-${right ? 'right' : 'left'}`);
    };
    this.selfTile.addEventListener('pointerup', drop);
    this.selfTile.addEventListener('pointercancel', drop);
  }

  setLocalStream(stream: MediaStream | null): void {
    this.self.srcObject = stream;
    this.selfTile.dataset.video = stream ? 'on' : 'off';
    if (stream) void this.self.play().catch(() => undefined);
  }

  setSelfMedia(media: MediaState): void {
    this.selfStatus.textContent = media.screen
      ? tr('sharingYourScreen')
      : [
          !media.video && tr('cameraOff'),
          media.videoPaused === 'background' && pausedStatus('background'),
          !media.audio && tr('microphoneOff'),
        ]
          .filter(Boolean)
          .join(' · ');
    this.selfStatus.dataset.status = this.selfStatus.textContent;
  }

  setSelfViewHidden(hidden: boolean): void {
    this.selfTile.classList.toggle('self-hidden', hidden);
  }

  showRemote(peerId: string, stream: MediaStream, displayName: string): void {
    let entry = this.remote.get(peerId);
    if (!entry) {
      const video = h('video', {
        class: 'remote-video',
        'data-remote': peerId,
        autoplay: true,
        playsinline: true,
        'aria-label': tr('videoOf', { name: displayName }),
      });
      video.playsInline = true;
      const name = h('span', { class: 'tile-name', text: displayName });
      const status = h('span', { class: 'tile-status', 'data-status': '' });
      const avatar = cameraOffCard(displayName);
      const paused = h('p', { class: 'tile-paused', 'data-video-paused': true, hidden: true });
      const tile = h(
        'figure',
        { class: 'tile', 'data-peer': peerId, 'data-state-label': connectionText('connecting') },
        video,
        avatar,
        paused,
        h('figcaption', {}, name, status),
      );
      this.onDoubleActivate(tile, () => this.onMakeMain(this.main === peerId ? null : peerId));
      entry = {
        tile,
        video,
        name,
        avatar,
        paused,
        status,
        connection: 'connecting',
        troubled: false,
        media: null,
        stalled: false,
        staleReports: 0,
      };
      this.remote.set(peerId, entry);
      this.grid.append(tile);
      this.layout();
    }
    this.setName(entry, displayName);
    if (entry.video.srcObject !== stream) {
      entry.video.srcObject = stream;
      this.play(entry.video, entry.tile);
    }
    this.renderStatus(entry);
  }

  /** Puts a tile's menu in its corner (the tile must exist; 'self' for the self view). */
  attachMenu(peerId: string | 'self', menu: HTMLElement): void {
    const tile = peerId === 'self' ? this.selfTile : this.remote.get(peerId)?.tile;
    tile?.querySelector('.tile-menu-slot')?.remove();
    tile?.append(h('div', { class: 'tile-menu-slot' }, menu));
  }

  hasTile(peerId: string): boolean {
    return this.remote.has(peerId);
  }

  rename(peerId: string, displayName: string): void {
    const entry = this.remote.get(peerId);
    if (entry) this.setName(entry, displayName);
  }

  private setName(entry: Tile, displayName: string): void {
    if (entry.name.textContent === displayName) return;
    entry.name.textContent = displayName;
    entry.video.setAttribute('aria-label', tr('videoOf', { name: displayName }));
    entry.avatar.replaceWith((entry.avatar = cameraOffCard(displayName)));
    entry.paused.textContent = pausedCard(this.heldBack(entry), displayName);
  }

  setConnection(peerId: string, connection: TileConnection): void {
    const entry = this.remote.get(peerId);
    if (!entry || entry.connection === connection) return;
    entry.connection = connection;
    // Their first connection is no news; losing it, a weak one, and getting it back are.
    const trouble = connection === 'reconnecting' || connection === 'poor';
    if (trouble || (connection === 'connected' && entry.troubled)) this.announce(entry, connectionText(connection) || tr('connectedAgain'));
    if (connection !== 'connecting') entry.troubled = trouble;
    // A lost connection is the news; the monitor counts afresh once it is back (what it says then is new).
    if (connection === 'reconnecting' || connection === 'connecting') entry.stalled = false;
    entry.tile.dataset.state = connection;
    entry.tile.dataset.stateLabel = connectionText(connection);
    this.renderVideo(entry);
  }

  setRemoteMedia(peerId: string, media: MediaState | null): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    // Expected again after a time it was not (not when first told: the monitor's reports are fresh then).
    if (entry.media && !sendsPicture(entry.media) && sendsPicture(media)) {
      entry.stalled = false;
      entry.staleReports = 1;
    }
    entry.media = media;
    entry.tile.dataset.audio = media && !media.audio ? 'off' : 'on';
    entry.tile.dataset.screen = media?.screen ? 'on' : 'off';
    this.renderVideo(entry);
  }

  /** Their video is not arriving here, or arrives again (what the call's quality monitor saw). */
  setVideoStalled(peerId: string, stalled: boolean): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    if (!stalled) entry.staleReports = 0;
    else if (entry.staleReports > 0) return void entry.staleReports--;
    if (entry.stalled === stalled) return;
    entry.stalled = stalled;
    this.renderVideo(entry);
  }

  /**
   * Gives a tile's element its stream again and plays it: the load that follows shows the frames that
   * arrive, where the element had stopped showing them (picture-watch.ts).
   */
  replay(peerId: string): void {
    const t = this.remote.get(peerId);
    if (!t) return;
    const stream = t.video.srcObject;
    t.video.srcObject = null;
    t.video.srcObject = stream;
    this.play(t.video, t.tile);
  }

  /**
   * Why their camera's picture is not shown, when it is on: paused at their end (for their connection
   * or their background), or not arriving here. Not arriving is news only while the connection is up
   * (a lost one says so itself) and they send their camera, not a screen (a still screen sends no frames).
   */
  private heldBack(t: Tile): HeldBack | undefined {
    const m = t.media;
    if (!m?.video || m.screen) return undefined;
    if (m.videoPaused) return m.videoPaused;
    return t.stalled && (t.connection === 'connected' || t.connection === 'poor') ? 'not-arriving' : undefined;
  }

  private renderVideo(t: Tile): void {
    const why = this.heldBack(t);
    if (why && t.paused.hidden) this.announce(t, pausedStatus(why));
    setText(t.paused, pausedCard(why, t.name.textContent ?? ''));
    t.paused.hidden = !why;
    t.tile.dataset.video = t.media && !t.media.video && !t.media.screen ? 'off' : why ? 'paused' : 'on';
    this.renderStatus(t);
  }

  /** Makes one participant's video the large one (null: equal tiles). */
  setMain(peerId: string | null): void {
    this.main = peerId && this.remote.has(peerId) ? peerId : null;
    this.layout();
  }

  get mainPeer(): string | null {
    return this.main;
  }

  videoOf(peerId: string): HTMLVideoElement | undefined {
    return this.remote.get(peerId)?.video;
  }

  removeRemote(peerId: string): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    entry.video.srcObject = null;
    entry.tile.remove();
    this.remote.delete(peerId);
    if (this.main === peerId) this.main = null;
    this.layout();
  }

  /** Plays remote audio through the chosen speakers, where the browser allows choosing. */
  async setSpeaker(deviceId: string): Promise<void> {
    for (const { video } of this.remote.values()) {
      const v = video as HTMLVideoElement & { setSinkId?: (id: string) => Promise<void> };
      await v.setSinkId?.(deviceId);
    }
  }

  get remoteCount(): number {
    return this.remote.size;
  }

  private layout(): void {
    this.grid.dataset.count = String(this.remote.size);
    this.grid.classList.toggle('has-main', this.main !== null);
    for (const [id, t] of this.remote) {
      t.tile.classList.toggle('main', id === this.main);
      if (id === this.main) this.grid.prepend(t.tile);
    }
  }

  /**
   * Two clicks or taps in quick succession. Not the dblclick event: phones do not send it (a double
   * tap zooms), and neither does Firefox driven over WebDriver BiDi.
   */
  private onDoubleActivate(tile: HTMLElement, action: () => void): void {
    let last = -Infinity;
    tile.addEventListener('click', (e) => {
      if ((e.target as Element).closest('button, [role="menu"]')) return;
      const now = performance.now();
      if (now - last < 450) {
        last = -Infinity;
        action();
      } else {
        last = now;
      }
    });
  }

  private announce(t: Tile, news: string): void {
    if (news) this.announcer.textContent = `${t.name.textContent}: ${news}`;
  }

  private renderStatus(t: Tile): void {
    const parts = [connectionText(t.connection)];
    // Why a camera is off, when it could not start (blocked, busy): the provider asks the right thing.
    if (t.media && !t.media.video && !t.media.screen) parts.push(t.media.problem ? cameraProblemText(t.media.problem) : tr('cameraOff'));
    const why = this.heldBack(t);
    if (why) parts.push(pausedStatus(why));
    if (t.media && !t.media.audio) parts.push(tr('microphoneOff'));
    t.status.textContent = parts.filter(Boolean).join(' · ');
    t.status.dataset.status = t.status.textContent;
  }

  private play(video: HTMLVideoElement, tile: HTMLElement): void {
    video.play().catch(() => {
      // Autoplay with sound was refused (Safari, or Chrome after a reload without a click).
      video.muted = true;
      void video.play().catch(() => undefined);
      if (tile.querySelector('.unmute')) return;
      const unmute = button(
        tr('turnOnSound'),
        () => {
          video.muted = false;
          void video.play().catch(() => undefined);
          unmute.remove();
        },
        { class: 'unmute' },
      );
      tile.append(unmute);
    });
  }
}
