// Video tiles: the self preview and one tile per remote participant. Handles autoplay rules:
// videos are inline (iOS), the self view is muted, and when a browser refuses to play remote sound
// without a gesture the video plays muted and a button offers to turn the sound on.
import { button, h } from './dom.js';

export class VideoTiles {
  readonly grid = h('div', { class: 'tiles', 'data-count': '0' });
  readonly self = h('video', { class: 'self-video', 'data-self': true, autoplay: true, playsinline: true, 'aria-label': 'Your camera' });
  private readonly remote = new Map<string, { tile: HTMLElement; video: HTMLVideoElement; name: HTMLElement; route: HTMLElement }>();

  constructor() {
    this.self.muted = true;
    this.self.playsInline = true;
  }

  setLocalStream(stream: MediaStream | null): void {
    this.self.srcObject = stream;
    if (stream) void this.self.play().catch(() => undefined);
  }

  showRemote(peerId: string, stream: MediaStream, displayName: string): void {
    let entry = this.remote.get(peerId);
    if (!entry) {
      const video = h('video', { class: 'remote-video', 'data-remote': peerId, autoplay: true, playsinline: true });
      video.playsInline = true;
      const name = h('span', { class: 'tile-name', text: displayName });
      const route = h('span', { class: 'tile-route', 'data-route': '', title: 'How this call travels' });
      const tile = h('figure', { class: 'tile', 'data-peer': peerId }, video, h('figcaption', {}, name, route));
      entry = { tile, video, name, route };
      this.remote.set(peerId, entry);
      this.grid.append(tile);
      this.grid.dataset.count = String(this.remote.size);
    }
    entry.video.setAttribute('aria-label', `Video of ${displayName}`);
    entry.name.textContent = displayName;
    if (entry.video.srcObject !== stream) {
      entry.video.srcObject = stream;
      this.play(entry.video, entry.tile);
    }
  }

  rename(peerId: string, displayName: string): void {
    const entry = this.remote.get(peerId);
    if (entry) {
      entry.name.textContent = displayName;
      entry.video.setAttribute('aria-label', `Video of ${displayName}`);
    }
  }

  setPeerState(peerId: string, state: string): void {
    const entry = this.remote.get(peerId);
    if (entry) entry.tile.dataset.state = state;
  }

  /** The connection indicator: direct or relayed, and over which transport. */
  setRoute(peerId: string, text: string, key: string): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    entry.route.textContent = text;
    entry.route.dataset.route = key;
  }

  removeRemote(peerId: string): void {
    const entry = this.remote.get(peerId);
    if (!entry) return;
    entry.video.srcObject = null;
    entry.tile.remove();
    this.remote.delete(peerId);
    this.grid.dataset.count = String(this.remote.size);
  }

  get remoteCount(): number {
    return this.remote.size;
  }

  private play(video: HTMLVideoElement, tile: HTMLElement): void {
    video.play().catch(() => {
      // Autoplay with sound was refused (Safari, or Chrome after a reload without a click).
      video.muted = true;
      void video.play().catch(() => undefined);
      if (tile.querySelector('.unmute')) return;
      const unmute = button('Turn on sound', () => {
        video.muted = false;
        void video.play().catch(() => undefined);
        unmute.remove();
      }, { class: 'unmute' });
      tile.append(unmute);
    });
  }
}
