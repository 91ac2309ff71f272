// One RTCPeerConnection to one remote participant, negotiated with the "perfect negotiation" pattern:
// both sides may offer at any time; on a collision the polite side rolls back and the impolite side's
// offer wins. The server decides who is polite. Never touches the DOM.
import type { IceServer } from '../../shared/protocol.js';
import { Emitter } from '../util/emitter.js';
import { raiseWhenFlowing, startSmall } from './fast-start.js';
import { selectedRoute, type Route } from './route.js';

export interface SignalOut {
  description?: { type: 'offer' | 'answer' | 'rollback'; sdp: string };
  candidate?: RTCIceCandidateInit | null;
}

const ICE_RESTART_GRACE_MS = 4000;

export type PeerLinkEvents = {
  stream: MediaStream;
  state: RTCPeerConnectionState;
  'ice-state': RTCIceConnectionState;
  route: Route;
  /** TURN servers were offered but gathering ended without a single relay candidate. */
  'relay-unreachable': { errors: string[] };
};

export interface PeerLinkOptions {
  peerId: string;
  session: string;
  polite: boolean;
  iceServers: IceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  localStream: MediaStream | null;
  send(signal: SignalOut): void;
  log?: (line: string) => void;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

export class PeerLink extends Emitter<PeerLinkEvents> {
  readonly pc: RTCPeerConnection;
  readonly peerId: string;
  readonly polite: boolean;
  /** The remote side's signaling session; it changes when they reconnect and this link is kept (adopt). */
  private sessionValue: string;
  remoteStream = new MediaStream();
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  /** Signals are applied one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * A fresh pair would otherwise always collide (both sides have tracks and offer at once). In that
   * collision the impolite side drops the polite side's early ICE candidates, and Chrome does not
   * gather them again after the rollback: seen here as a call stuck in "new". So the first offer is
   * the impolite side's; after that both sides renegotiate freely and collisions are handled as usual.
   */
  private awaitingFirstOffer: boolean;
  /** The camera's sender, started small (fast-start.ts); raised to full size once, after connecting. */
  private smallStart: { sender: RTCRtpSender; applied: Promise<boolean> } | null = null;

  constructor(private readonly opts: PeerLinkOptions) {
    super();
    this.peerId = opts.peerId;
    this.polite = opts.polite;
    this.sessionValue = opts.session;
    this.awaitingFirstOffer = opts.polite;
    const config: RTCConfiguration = { iceServers: opts.iceServers as RTCIceServer[] };
    if (opts.iceTransportPolicy) config.iceTransportPolicy = opts.iceTransportPolicy;
    this.pc = (opts.createPeerConnection ?? ((c) => new RTCPeerConnection(c)))(config);
    this.attachLocal(opts.localStream);
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => opts.send({ candidate: candidate ? candidate.toJSON() : null });
    this.pc.ontrack = ({ track, streams }) => {
      // Show the stream the remote side actually sends: a receive-only line from a negotiation race
      // would otherwise add a second, silent video track and the tile would stay black.
      if (streams[0]) {
        this.remoteStream = streams[0];
      } else {
        for (const t of this.remoteStream.getTracks()) if (t.kind === track.kind) this.remoteStream.removeTrack(t);
        this.remoteStream.addTrack(track);
      }
      this.emit('stream', this.remoteStream);
    };
    this.pc.onconnectionstatechange = () => {
      opts.log?.(`peer ${this.peerId} ${this.pc.connectionState}`);
      this.emit('state', this.pc.connectionState);
      if (this.pc.connectionState === 'connected') {
        void this.reportRoute();
        this.raiseVideo();
      }
    };
    this.watchRelay();
    this.pc.oniceconnectionstatechange = () => {
      const s = this.pc.iceConnectionState;
      this.emit('ice-state', s);
      clearTimeout(this.restartTimer);
      // A lost path (a network change, a relay that went away) gets a fresh ICE round, not a dead
      // call. Browsers take about 30 s to call a path 'failed'; a short grace in 'disconnected'
      // lets brief hiccups heal by themselves and restarts the rest much sooner.
      if (s === 'failed') this.restartIce();
      if (s === 'disconnected') this.restartTimer = setTimeout(() => this.restartIce(), ICE_RESTART_GRACE_MS);
    };
  }

  get session(): string {
    return this.sessionValue;
  }

  /**
   * Keeps this peer connection for the remote side's new signaling session (they reconnected while
   * media kept flowing). The impolite side offers again: that completes a negotiation whose signals
   * were lost with the old connection, and a peer that is in fact a new page (a new peer connection,
   * told apart by the SDP's session id) answers from it, so the call is rebuilt rather than stuck.
   */
  adopt(session: string): void {
    this.sessionValue = session;
    if (!this.opts.polite && !this.closed) void this.offer();
  }

  /** Applies one signal from the remote peer. */
  handle(signal: SignalOut): Promise<void> {
    this.queue = this.queue.then(() => this.apply(signal)).catch((e: unknown) => this.opts.log?.(`signal error: ${String(e)}`));
    return this.queue;
  }

  /** Swaps the outgoing track of one kind without renegotiating (camera or microphone change). */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const sender = this.pc.getSenders().find((s) => s.track?.kind === kind || (!s.track && senderKind(this.pc, s) === kind));
    if (sender) await sender.replaceTrack(track);
  }

  private restartIce(): void {
    if (this.closed || !['disconnected', 'failed'].includes(this.pc.iceConnectionState)) return;
    this.opts.log?.(`peer ${this.peerId}: restarting ICE`);
    this.pc.restartIce();
  }

  close(): void {
    clearTimeout(this.restartTimer);
    this.closed = true;
    this.pc.close();
  }

  private async reportRoute(): Promise<void> {
    const route = await selectedRoute(this.pc).catch(() => null);
    if (route && !this.closed) this.emit('route', route);
  }

  /** Once: the video that started small goes to full size when pictures flow (fast-start.ts). */
  private raiseVideo(): void {
    const start = this.smallStart;
    if (!start) return;
    this.smallStart = null;
    void start.applied
      .then((small) => small && raiseWhenFlowing(this.pc, start.sender, () => this.closed))
      .then((raised) => raised && this.opts.log?.(`peer ${this.peerId}: video at full size`))
      .catch((e: unknown) => this.opts.log?.(`video size: ${String(e)}`));
  }

  /** Notices when a configured relay gives no candidate (wrong credentials, blocked ports). */
  private watchRelay(): void {
    const hasTurn = this.opts.iceServers.some((s) => [s.urls].flat().some((u) => /^turns?:/.test(u)));
    if (!hasTurn) return;
    let relayCandidates = 0;
    const errors: string[] = [];
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate?.type === 'relay' || / typ relay /.test(candidate?.candidate ?? '')) relayCandidates++;
    });
    this.pc.addEventListener('icecandidateerror', (e) => {
      const ev = e as RTCPeerConnectionIceErrorEvent;
      if (/^turns?:/.test(ev.url ?? '')) errors.push(`${ev.errorCode} ${ev.errorText}`.trim());
    });
    this.pc.addEventListener('icegatheringstatechange', () => {
      if (this.pc.iceGatheringState === 'complete' && relayCandidates === 0 && !this.closed) {
        this.emit('relay-unreachable', { errors });
      }
    });
  }

  private attachLocal(stream: MediaStream | null): void {
    const kinds = new Set<string>();
    const msid = stream ?? new MediaStream();
    for (const track of stream?.getTracks() ?? []) {
      const sender = this.pc.addTrack(track, msid);
      kinds.add(track.kind);
      if (track.kind === 'video' && sender) this.smallStart = { sender, applied: startSmall(sender) };
    }
    // A camera or microphone that is off (or absent) still gets a sending line with no track, so
    // turning it on later is a replaceTrack, not a renegotiation; and we still receive the other side.
    for (const kind of ['audio', 'video'] as const) {
      if (!kinds.has(kind)) this.pc.addTransceiver(kind, { direction: 'sendrecv', streams: [msid] });
    }
  }

  private async offer(): Promise<void> {
    if (this.awaitingFirstOffer) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (e) {
      this.opts.log?.(`offer failed: ${String(e)}`);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply({ description, candidate }: SignalOut): Promise<void> {
    if (this.closed) return;
    if (description) {
      const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
      const collision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.opts.polite && collision;
      if (this.ignoreOffer) return;
      if (description.type === 'offer') this.awaitingFirstOffer = false;
      this.settingRemoteAnswer = description.type === 'answer';
      await this.pc.setRemoteDescription(description);
      this.settingRemoteAnswer = false;
      if (description.type === 'offer') {
        await this.pc.setLocalDescription();
        this.sendDescription();
      }
    } else if (candidate !== undefined) {
      try {
        await this.pc.addIceCandidate(candidate ?? undefined);
      } catch (e) {
        // Candidates for an offer we ignored are expected to fail.
        if (!this.ignoreOffer) throw e;
      }
    }
  }

  private sendDescription(): void {
    const d = this.pc.localDescription;
    if (d) this.opts.send({ description: { type: d.type as 'offer' | 'answer', sdp: d.sdp } });
  }
}

function senderKind(pc: RTCPeerConnection, sender: RTCRtpSender): string | undefined {
  return pc.getTransceivers().find((t) => t.sender === sender)?.receiver.track.kind;
}

/**
 * The session id of an SDP's origin line (`o=- <id> <version> …`): random for each peer connection and
 * kept by every later offer and answer it makes, so a different id means a different peer connection.
 */
export function sdpSessionId(sdp: string): string | null {
  return /^o=\S+ (\d+) /m.exec(sdp)?.[1] ?? null;
}
