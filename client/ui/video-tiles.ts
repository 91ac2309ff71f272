// Video tiles: the self view and one tile per remote participant, each with a status line
// (connecting, reconnecting, poor connection, camera off, microphone off), an optional main view,
// and a slot for the tile's menu. Handles autoplay rules: videos are inline (iOS), the self view is
// muted, and when a browser refuses to play remote sound without a gesture the video plays muted and
// a button offers to turn the sound on.
import type { MediaState } from '../../shared/protocol.js';
import { button, h } from './dom.js';

export type TileConnection = 'connecting' | 'connected' | 'reconnecting' | 'poor';

interface Tile {
  tile: HTMLElement;
  video: HTMLVideoElement;
  name: HTMLElement;
  route: HTMLElement;
  status: HTMLElement;
  connection: TileConnection;
  media: MediaState | null;
}

const CONNECTION_TEXT: Record<TileConnection, string> = {
  connecting: 'Connecting…',
  connected: '',
  reconnecting: 'Reconnecting…',
  poor: 'Poor connection',
};

export class VideoTiles {
  readonly grid = h('div', { class: 'tiles', 'data-count': '0' });
  readonly self = h('video', {
    class: 'self-video',
    'data-self': true,
    autoplay: true,
    playsinline: true,
    muted: true,
    'aria-label': 'Your camera',
  });
  readonly selfTile: HTMLElement;
  private readonly selfStatus = h('span', { class: 'tile-status', 'data-status': '' });
  private readonly remote = new Map<string, Tile>();
  private main: string | null = null;

  constructor(private readonly onMakeMain: (peerId: string | null) => void = () => undefined) {
    this.self.muted = true;
    this.self.playsInline = true;
    this.selfTile = h('figure', { class: 'tile self' }, this.self, h('figcaption', {}, h('span', { text: 'You' }), this.selfStatus));
  }

  setLocalStream(stream: MediaStream | null): void {
    this.self.srcObject = stream;
    this.selfTile.dataset.video = stream ? 'on' : 'off';
    if (stream) void this.self.play().catch(() => undefined);
  }

  setSelfMedia(media: MediaState): void {
    this.selfStatus.textContent = media.screen
      ? 'Sharing your screen'
      : [!media.video && 'Camera off', !media.audio && 'Microphone off'].filter(Boolean).join(' · ');
    this.selfStatus.dataset.status = this.selfStatus.textContent;
  }

  setSelfViewHidden(hidden: boolean): void {
    this.selfTile.classList.toggle('self-hidden', hidden);
  }

  showRemote(peerId: string, stream: MediaStream, displayName: string): void {
    let entry = this.remote.get(peerId);
    if (!entry) {
      const video = h('video', { class: 'remote-video', 'data-remote': peerId, autoplay: true, playsinline: true });
      video.playsInline = true;
      const name = h('span', { class: 'tile-name', text: displayName });
      const route = h('span', { class: 'tile-route', 'data-route': '', title: 'How this call travels' });
      const status = h('span', { class: 'tile-status', 'data-status': '' });
      const tile = h('figure', { class: 'tile', 'data-peer': peerId }, video, h('figcaption', {}, name, route, status));
      this.onDoubleActivate(tile, () => this.onMakeMain(this.main === peerId ? null : peerId));
      entry = { tile, video, name, route, status, connection: 'connecting', media: null };
      this.remote.set(peerId, entry);
      this.grid.append(tile);
      this.layout();
    }
    entry.video.setAttribute('aria-label', `Video of ${displayName}`);
    entry.name.textContent = displayName;
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
    if (entry) {
      entry.name.textContent = displayName;
      entry.video.setAttribute('aria-label', `Video of ${displayName}`);
    }
  }

  setConnection(peerId: string, connection: TileConnection): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    entry.connection = connection;
    entry.tile.dataset.state = connection;
    this.renderStatus(entry);
  }

  setRemoteMedia(peerId: string, media: MediaState | null): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    entry.media = media;
    entry.tile.dataset.video = media && !media.video && !media.screen ? 'off' : 'on';
    entry.tile.dataset.audio = media && !media.audio ? 'off' : 'on';
    entry.tile.dataset.screen = media?.screen ? 'on' : 'off';
    this.renderStatus(entry);
  }

  /** The connection indicator: direct or relayed, and over which transport. */
  setRoute(peerId: string, text: string, key: string): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    entry.route.textContent = text;
    entry.route.dataset.route = key;
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

  private renderStatus(t: Tile): void {
    const parts = [CONNECTION_TEXT[t.connection]];
    if (t.media && !t.media.video && !t.media.screen) parts.push('Camera off');
    if (t.media && !t.media.audio) parts.push('Microphone off');
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
        'Turn on sound',
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
