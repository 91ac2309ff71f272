// Binder: what the call reports (remote streams, peer connection states, quality, route) becomes
// tiles, their status lines, and the connection details.
import type { CallSession } from '../transport/call-session.js';
import type { PictureCheck } from '../ui/picture-watch.js';
import { RELAY_UNREACHABLE } from '../ui/problem-messages.js';
import type { VisitScreen } from '../ui/visit-screen.js';
import type { PeerMenus } from './bind-roster-menus.js';
import type { VisitState } from './visit-state.js';

export function bindCallToTiles(
  call: CallSession,
  ctx: { state: VisitState; screen: () => VisitScreen | null; menus: PeerMenus; log(line: string): void },
): void {
  const { state } = ctx;
  call.on('remote-stream', ({ peerId, stream }) => {
    const screen = ctx.screen();
    if (!screen) return;
    screen.tiles.showRemote(peerId, stream, state.nameOf(peerId));
    if (state.speakerId) void screen.tiles.setSpeaker(state.speakerId);
    screen.tiles.setRemoteMedia(peerId, state.participant(peerId)?.media ?? null);
    ctx.menus.add(peerId);
    screen.render();
  });
  call.on('remote-gone', ({ peerId }) => {
    const screen = ctx.screen();
    screen?.tiles.removeRemote(peerId);
    screen?.details.remove(peerId);
    ctx.menus.remove(peerId);
    screen?.render();
  });
  call.on('peer-state', ({ peerId, state: pc }) => {
    const tiles = ctx.screen()?.tiles;
    if (pc === 'connected') tiles?.setConnection(peerId, 'connected');
    else if (pc === 'disconnected' || pc === 'failed') tiles?.setConnection(peerId, 'reconnecting');
    else if (pc === 'new' || pc === 'connecting') tiles?.setConnection(peerId, 'connecting');
  });
  // Media still flows, but the person cannot hear chat or changes until their connection is back.
  call.on('peer-away', ({ peerId }) => ctx.screen()?.tiles.setConnection(peerId, 'reconnecting'));
  call.on('quality', ({ peerId, quality }) => ctx.screen()?.tiles.setConnection(peerId, quality === 'poor' ? 'poor' : 'connected'));
  call.on('video-stalled', ({ peerId, stalled }) => ctx.screen()?.tiles.setVideoStalled(peerId, stalled));
  // Whether each tile shows the frames that arrive for it (picture-watch.ts, loaded at the first sample;
  // a failed load is tried again at the next).
  let pictures: Promise<PictureCheck | null> | undefined;
  const loadPictures = () =>
    import('../ui/picture-watch.js').then(
      (m) => new m.PictureCheck(),
      () => {
        pictures = undefined;
        return null;
      },
    );
  call.on('video-decoded', ({ peerId, frames, ms }) => {
    pictures ??= loadPictures();
    void pictures.then((check) => {
      const tiles = ctx.screen()?.tiles;
      if (tiles && check?.check(tiles, peerId, frames, ms)) ctx.log(`peer ${peerId}: replaying a video not shown`);
    });
  });
  call.on('route', ({ peerId, route }) => ctx.screen()?.details.setRoute(peerId, state.nameOf(peerId), route));
  call.on('relay-unreachable', ({ errors }) => {
    ctx.log(`relay unreachable${errors.length ? `: ${errors.join('; ')}` : ''}`);
    ctx.screen()?.showNotice(RELAY_UNREACHABLE);
  });
}
