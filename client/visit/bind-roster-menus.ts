// Binder: the roster and the tiles on screen become the menus on other people's tiles (make main,
// full screen, and for the provider mute or stop video), kept in step with what each person sends.
import type { SignalingClient } from '../transport/signaling.js';
import { TileMenu } from '../ui/tile-menu.js';
import type { VisitScreen } from '../ui/visit-screen.js';
import type { VisitState } from './visit-state.js';

export class PeerMenus {
  private readonly menus = new Map<string, TileMenu>();

  constructor(
    private readonly ctx: {
      state: VisitState;
      screen: () => VisitScreen | null;
      signaling: SignalingClient;
      fullscreen(el: Element | null): void;
    },
  ) {}

  /** A menu for this person's tile, once the tile exists. */
  add(peerId: string): void {
    const screen = this.ctx.screen();
    if (!screen || this.menus.has(peerId) || !screen.tiles.hasTile(peerId)) return;
    const { signaling } = this.ctx;
    const menu = new TileMenu({
      kind: 'peer',
      participantName: this.ctx.state.nameOf(peerId),
      viewerIsProvider: this.ctx.state.isProvider,
      actions: {
        makeMain: () => this.makeMain(screen.tiles.mainPeer === peerId ? null : peerId),
        mute: () => signaling.send({ type: 'moderate', participantId: peerId, action: 'mute-audio' }),
        stopVideo: () => signaling.send({ type: 'moderate', participantId: peerId, action: 'stop-video' }),
        fullscreen: () => this.ctx.fullscreen(screen.tiles.videoOf(peerId)?.closest('figure') ?? null),
      },
    });
    this.menus.set(peerId, menu);
    screen.tiles.attachMenu(peerId, menu.element);
  }

  remove(peerId: string): void {
    this.menus.get(peerId)?.destroy();
    this.menus.delete(peerId);
  }

  makeMain(peerId: string | null): void {
    this.ctx.screen()?.tiles.setMain(peerId);
    for (const [id, m] of this.menus) m.update({ isMain: id === peerId });
  }

  /** After each roster: menus for new tiles, Mute/Stop video greyed when already off, a sharer made main. */
  sync(): void {
    const { state } = this.ctx;
    for (const p of state.roster) {
      if (p.id === state.selfId) continue;
      this.add(p.id);
      this.menus.get(p.id)?.update({ remoteAudioOn: p.media?.audio !== false, remoteVideoOn: p.media?.video !== false });
    }
    // Whoever shares their screen becomes the main view for everyone else.
    const sharer = state.roster.find((p) => p.id !== state.selfId && p.media?.screen);
    if (sharer && this.ctx.screen()?.tiles.mainPeer !== sharer.id) this.makeMain(sharer.id);
  }
}
