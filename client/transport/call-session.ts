// The call: one PeerLink per admitted peer, created and torn down as the server says peers come and
// go. Stale signals (from a peer's previous connection) are dropped by session id. Media flows browser
// to browser, so a signaling reconnect (ours or a peer's, e.g. a server going away) does not end a
// working peer connection: it is kept until the peer is re-introduced, then carries on with their new
// session. Never touches the DOM.
import type { IceServer, ServerMessageOf } from '../../shared/protocol.js';
import { Emitter } from '../util/emitter.js';
import { PeerLink, sdpSessionId } from './peer-link.js';
import { QualityMonitor, type Quality } from './quality-monitor.js';
import type { Route } from './route.js';
import type { SignalingClient } from './signaling.js';

export type CallEvents = {
  'remote-stream': { peerId: string; stream: MediaStream };
  route: { peerId: string; route: Route };
  'relay-unreachable': { peerId: string; errors: string[] };
  'remote-gone': { peerId: string };
  'peer-state': { peerId: string; state: RTCPeerConnectionState };
  /** The peer's signaling dropped (or ours did) while media still flows; they are expected back. */
  'peer-away': { peerId: string };
  quality: { peerId: string; quality: Quality };
  /** The peer's video is not arriving (said at each check while so), or arrives again (said once). */
  'video-stalled': { peerId: string; stalled: boolean };
  /** Frames of their video decoded here over the last `ms` (every sample of the quality monitor). */
  'video-decoded': { peerId: string; frames: number; ms: number };
};

export interface CallOptions {
  signaling: SignalingClient;
  getLocalStream(): MediaStream | null;
  /**
   * Resolves once the camera and microphone were opened (or refused). Peer connections wait for it:
   * Chrome hides host candidates until capture is allowed, and tracks present from the first offer
   * avoid an extra round of negotiation.
   */
  mediaSettled: Promise<unknown>;
  log?: (line: string) => void;
}

/**
 * How long a working peer connection is kept after its peer's signaling dropped (or ours did), waiting
 * for the server to introduce them again; without a re-introduction it is closed.
 */
export const REINTRODUCTION_GRACE_MS = 20_000;

/** States in which a peer connection carries media, or is about to. */
const WORKING: readonly RTCPeerConnectionState[] = ['connected', 'connecting'];

export class CallSession extends Emitter<CallEvents> {
  private readonly links = new Map<string, PeerLink>();
  private readonly monitors = new Map<string, QualityMonitor>();
  /** Peers introduced before local media settled, with the signals they already sent. */
  private readonly pending = new Map<string, { session: string; polite: boolean; signals: ServerMessageOf<'signal'>[] }>();
  /** Links kept through a signaling reconnect, each closed when its grace period ends without a re-introduction. */
  private readonly awaiting = new Map<string, ReturnType<typeof setTimeout>>();
  private settled = false;
  private iceServers: IceServer[] = [];
  private iceTransportPolicy: RTCIceTransportPolicy = 'all';

  constructor(private readonly opts: CallOptions) {
    super();
    const { signaling } = opts;
    signaling.on('welcome', (w) => {
      // A new signaling session: every peer will be re-introduced with a new session id. Peer
      // connections that still carry media are kept until then; the rest start over. (Links exist only
      // after a first welcome, so that one finds none.)
      this.iceServers = w.iceServers;
      this.iceTransportPolicy = w.iceTransportPolicy;
      this.pending.clear();
      for (const [peerId, link] of [...this.links]) {
        if (link.pc.connectionState === 'connected') this.awaitReintroduction(peerId);
        else this.drop(peerId);
      }
    });
    signaling.on('peer-joined', (m) => {
      if (!this.settled) return void this.pending.set(m.peerId, { session: m.session, polite: m.polite, signals: [] });
      const link = this.links.get(m.peerId);
      if (link && link.polite === m.polite && link.pc.connectionState === 'connected') return this.adopt(link, m.session);
      this.connect(m.peerId, m.session, m.polite);
    });
    signaling.on('peer-left', (m) => {
      if (this.pending.get(m.peerId)?.session === m.session) this.pending.delete(m.peerId);
      const link = this.links.get(m.peerId);
      if (!link || link.session !== m.session) return;
      // Their socket dropped, not their page: media needs no server, so keep it until they are back.
      if (m.reconnecting && WORKING.includes(link.pc.connectionState)) this.awaitReintroduction(m.peerId);
      else this.drop(m.peerId);
    });
    signaling.on('signal', (m) => {
      const waiting = this.pending.get(m.from);
      if (waiting?.session === m.session) return void waiting.signals.push(m);
      const link = this.links.get(m.from);
      if (link && link.session === m.session) this.deliver(link, m);
    });
    void opts.mediaSettled.finally(() => {
      this.settled = true;
      for (const [peerId, p] of this.pending) {
        this.connect(peerId, p.session, p.polite);
        for (const m of p.signals) this.deliver(this.links.get(peerId)!, m);
      }
      this.pending.clear();
    });
    signaling.on('admission', (m) => {
      if (m.admission !== 'admitted') this.closeAll();
    });
  }

  peers(): PeerLink[] {
    return [...this.links.values()];
  }

  /** Replaces the outgoing camera or microphone track on every peer connection, without renegotiation. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    await Promise.all(this.peers().map((l) => l.replaceTrack(kind, track)));
  }

  /** Whether the link to this peer is kept through a signaling reconnect, awaiting its re-introduction. */
  isAwaiting(peerId: string): boolean {
    return this.awaiting.has(peerId);
  }

  closeAll(): void {
    this.pending.clear();
    for (const peerId of [...this.links.keys()]) this.drop(peerId);
  }

  private connect(peerId: string, session: string, polite: boolean): void {
    if (this.links.has(peerId)) this.drop(peerId);
    const { signaling, log } = this.opts;
    const link = new PeerLink({
      peerId,
      session,
      polite,
      iceServers: this.iceServers,
      iceTransportPolicy: this.iceTransportPolicy,
      localStream: this.opts.getLocalStream(),
      send: (s) => {
        signaling.send({
          type: 'signal',
          to: peerId,
          ...(s.description ? { description: s.description } : {}),
          ...(s.candidate !== undefined ? { candidate: s.candidate as never } : {}),
        });
      },
      ...(log ? { log } : {}),
    });
    this.links.set(peerId, link);
    link.on('stream', (stream) => this.emit('remote-stream', { peerId, stream }));
    const monitor = new QualityMonitor(link.pc, {
      quality: (quality) => this.emit('quality', { peerId, quality }),
      videoStalled: (stalled) => this.emit('video-stalled', { peerId, stalled }),
      videoDecoded: (frames, ms) => this.emit('video-decoded', { peerId, frames, ms }),
    });
    this.monitors.set(peerId, monitor);
    link.on('state', (state) => {
      if (state === 'connected') monitor.start();
      if (state === 'closed' || state === 'failed') monitor.stop();
      this.emit('peer-state', { peerId, state });
      // A kept link that fails cannot restart ICE without signaling: give it up as if the peer had left.
      if ((state === 'closed' || state === 'failed') && this.awaiting.has(peerId) && this.links.get(peerId) === link) this.drop(peerId);
    });
    link.on('route', (route) => this.emit('route', { peerId, route }));
    link.on('relay-unreachable', ({ errors }) => this.emit('relay-unreachable', { peerId, errors }));
  }

  private deliver(link: PeerLink, m: ServerMessageOf<'signal'>): void {
    // A description from another peer connection than the one this link talks to: the peer's page
    // started afresh (reloaded, crashed) while this side kept its link. Start over with the new one.
    const known = link.pc.remoteDescription?.sdp;
    if (m.description?.sdp && known && sdpSessionId(m.description.sdp) !== sdpSessionId(known)) {
      this.opts.log?.(`peer ${link.peerId}: new peer connection on their side; starting over`);
      this.connect(link.peerId, link.session, link.polite);
      // Their offer opens the new pair; an answer was meant for the old peer connection and is dropped.
      if (m.description.type !== 'offer') return;
      link = this.links.get(link.peerId)!;
    }
    void link.handle(m.candidate !== undefined ? { candidate: m.candidate } : m.description ? { description: m.description } : {});
  }

  /** Keeps a working link while its peer (or this page) reconnects; closes it if nobody re-introduces them in time. */
  private awaitReintroduction(peerId: string): void {
    clearTimeout(this.awaiting.get(peerId));
    this.awaiting.set(
      peerId,
      setTimeout(() => {
        this.opts.log?.(`peer ${peerId}: not back within ${REINTRODUCTION_GRACE_MS / 1000} s`);
        this.drop(peerId);
      }, REINTRODUCTION_GRACE_MS),
    );
    this.emit('peer-away', { peerId });
  }

  /** The peer is back with a new session and the link still works: carry on with it. */
  private adopt(link: PeerLink, session: string): void {
    clearTimeout(this.awaiting.get(link.peerId));
    this.awaiting.delete(link.peerId);
    this.opts.log?.(`peer ${link.peerId}: back; keeping the call`);
    link.adopt(session);
    this.emit('peer-state', { peerId: link.peerId, state: link.pc.connectionState });
  }

  private drop(peerId: string): void {
    clearTimeout(this.awaiting.get(peerId));
    this.awaiting.delete(peerId);
    const link = this.links.get(peerId);
    if (!link) return;
    link.close();
    this.monitors.get(peerId)?.stop();
    this.monitors.delete(peerId);
    this.links.delete(peerId);
    this.emit('peer-state', { peerId, state: 'closed' });
    this.emit('remote-gone', { peerId });
  }
}
