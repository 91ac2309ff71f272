// The call: one PeerLink per admitted peer, created and torn down as the server says peers come and
// go. Stale signals (from a peer's previous connection) are dropped by session id. Never touches the DOM.
import type { IceServer, ServerMessageOf } from '../../shared/protocol.js';
import { Emitter } from '../util/emitter.js';
import { PeerLink } from './peer-link.js';
import { QualityMonitor, type Quality } from './quality-monitor.js';
import type { Route } from './route.js';
import type { SignalingClient } from './signaling.js';

export type CallEvents = {
  'remote-stream': { peerId: string; stream: MediaStream };
  route: { peerId: string; route: Route };
  'relay-unreachable': { peerId: string; errors: string[] };
  'remote-gone': { peerId: string };
  'peer-state': { peerId: string; state: RTCPeerConnectionState };
  quality: { peerId: string; quality: Quality };
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

export class CallSession extends Emitter<CallEvents> {
  private readonly links = new Map<string, PeerLink>();
  private readonly monitors = new Map<string, QualityMonitor>();
  /** Peers introduced before local media settled, with the signals they already sent. */
  private readonly pending = new Map<string, { session: string; polite: boolean; signals: ServerMessageOf<'signal'>[] }>();
  private settled = false;
  private iceServers: IceServer[] = [];
  private iceTransportPolicy: RTCIceTransportPolicy = 'all';

  constructor(private readonly opts: CallOptions) {
    super();
    const { signaling } = opts;
    signaling.on('welcome', (w) => {
      // A new signaling session means every peer will be re-introduced with a new session id.
      this.iceServers = w.iceServers;
      this.iceTransportPolicy = w.iceTransportPolicy;
      this.closeAll();
    });
    signaling.on('peer-joined', (m) => {
      if (this.settled) return this.connect(m.peerId, m.session, m.polite);
      this.pending.set(m.peerId, { session: m.session, polite: m.polite, signals: [] });
    });
    signaling.on('peer-left', (m) => {
      if (this.pending.get(m.peerId)?.session === m.session) this.pending.delete(m.peerId);
      const link = this.links.get(m.peerId);
      if (link && link.session === m.session) this.drop(m.peerId);
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
    const monitor = new QualityMonitor(link.pc, (quality) => this.emit('quality', { peerId, quality }));
    this.monitors.set(peerId, monitor);
    link.on('state', (state) => {
      if (state === 'connected') monitor.start();
      if (state === 'closed' || state === 'failed') monitor.stop();
      this.emit('peer-state', { peerId, state });
    });
    link.on('route', (route) => this.emit('route', { peerId, route }));
    link.on('relay-unreachable', ({ errors }) => this.emit('relay-unreachable', { peerId, errors }));
  }

  private deliver(link: PeerLink, m: ServerMessageOf<'signal'>): void {
    void link.handle(m.candidate !== undefined ? { candidate: m.candidate } : m.description ? { description: m.description } : {});
  }

  private drop(peerId: string): void {
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
