// The page's call through signaling reconnects, with a fake signaling client and fake peer
// connections: a working peer connection is kept while its peer (or this page) reconnects and carries
// on with the peer's new session; one that is not working, or whose peer does not come back in time,
// is closed as before; a peer that comes back as a new page gets a new peer connection.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallSession, REINTRODUCTION_GRACE_MS } from '../../client/transport/call-session.js';
import { sdpSessionId } from '../../client/transport/peer-link.js';
import type { SignalingClient, SignalingEvents } from '../../client/transport/signaling.js';
import { Emitter } from '../../client/util/emitter.js';
import type { ClientMessage, ServerMessageOf } from '../../shared/protocol.js';

let nextSdpSession = 1000;

/** Just what PeerLink and QualityMonitor use of an RTCPeerConnection. */
class FakePeerConnection {
  static all: FakePeerConnection[] = [];
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  remoteDescription: { type: RTCSdpType; sdp: string } | null = null;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((ev: { candidate: null }) => void) | null = null;
  ontrack: (() => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  readonly sdpSession = String(nextSdpSession++);
  private version = 2;
  offers = 0;
  closed = false;

  constructor() {
    FakePeerConnection.all.push(this);
  }
  addTrack(): void {}
  addTransceiver(): void {}
  addEventListener(): void {}
  getSenders(): [] {
    return [];
  }
  getTransceivers(): [] {
    return [];
  }
  restartIce(): void {}
  async getStats(): Promise<Map<string, unknown>> {
    return new Map();
  }
  async addIceCandidate(): Promise<void> {}
  async setLocalDescription(): Promise<void> {
    const type = this.signalingState === 'have-remote-offer' ? 'answer' : 'offer';
    if (type === 'offer') this.offers++;
    this.localDescription = { type, sdp: sdp(this.sdpSession, this.version++) };
    this.signalingState = type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(d: { type: RTCSdpType; sdp: string }): Promise<void> {
    this.remoteDescription = d;
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  close(): void {
    // Like a real one: close() changes the state without a statechange event.
    this.closed = true;
    this.connectionState = 'closed';
  }
  /** What the browser does as ICE and DTLS progress. */
  become(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

class FakeMediaStream {
  private readonly tracks: unknown[] = [];
  getTracks(): unknown[] {
    return this.tracks;
  }
  addTrack(t: unknown): void {
    this.tracks.push(t);
  }
  removeTrack(): void {}
}

function sdp(session: string, version: number): string {
  return `v=0\r\no=- ${session} ${version} IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n`;
}

class FakeSignaling extends Emitter<SignalingEvents> {
  sent: ClientMessage[] = [];
  send(msg: ClientMessage): boolean {
    this.sent.push(msg);
    return true;
  }
  fire<K extends keyof SignalingEvents>(event: K, payload: SignalingEvents[K]): void {
    this.emit(event, payload);
  }
}

const welcome = (): ServerMessageOf<'welcome'> => ({
  type: 'welcome',
  version: 1,
  self: {
    id: 'prov',
    role: 'provider',
    displayName: 'P',
    admission: 'admitted',
    online: true,
    waitingSince: null,
    ready: false,
    testSummary: null,
    media: null,
  },
  appointment: { id: 'a1', title: 'T', startsAt: 0, endsAt: 1, providerName: 'P', endedAt: null },
  iceServers: [],
  iceTransportPolicy: 'all',
  heartbeatMs: 20_000,
  startWith: { audio: true, video: true },
  audioFirst: true,
});

let signaling: FakeSignaling;
let call: CallSession;
let gone: string[];
let away: string[];

/** Lets promise callbacks run (media settling, queued signals). */
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(async () => {
  vi.useFakeTimers();
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal('MediaStream', FakeMediaStream);
  FakePeerConnection.all = [];
  signaling = new FakeSignaling();
  call = new CallSession({
    signaling: signaling as unknown as SignalingClient,
    getLocalStream: () => null,
    mediaSettled: Promise.resolve(),
  });
  gone = [];
  away = [];
  call.on('remote-gone', ({ peerId }) => gone.push(peerId));
  call.on('peer-away', ({ peerId }) => away.push(peerId));
  signaling.fire('welcome', welcome());
  await flush();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The provider's side (impolite) of a call with client `cli` (session s1), connected. */
async function connectedCall(polite = false): Promise<FakePeerConnection> {
  signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's1', polite });
  await flush();
  const pc = FakePeerConnection.all.at(-1)!;
  pc.become('connected');
  return pc;
}

function signalFrom(session: string, description: { type: 'offer' | 'answer'; sdp: string }): void {
  signaling.fire('signal', { type: 'signal', from: 'cli', session, description });
}

describe('CallSession through signaling reconnects', () => {
  it('keeps a connected peer connection while the peer reconnects, then carries on with their new session', async () => {
    const pc = await connectedCall();
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    expect(gone).toEqual([]);
    expect(away).toEqual(['cli']);
    expect(pc.closed).toBe(false);
    expect(call.isAwaiting('cli')).toBe(true);

    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: false });
    await flush();
    expect(FakePeerConnection.all).toEqual([pc]);
    expect(call.isAwaiting('cli')).toBe(false);
    expect(call.peers()[0]!.session).toBe('s2');
    expect(pc.closed).toBe(false);

    // Signals are now taken from the new session only (the answer to the offer made on adopting).
    const theirs = new FakePeerConnection();
    signalFrom('s1', { type: 'answer', sdp: sdp(theirs.sdpSession, 9) });
    await flush();
    expect(pc.remoteDescription).toBeNull();
    signalFrom('s2', { type: 'answer', sdp: sdp(theirs.sdpSession, 2) });
    await flush();
    expect(pc.remoteDescription?.type).toBe('answer');

    // Long after the grace period, the call is still there.
    await vi.advanceTimersByTimeAsync(REINTRODUCTION_GRACE_MS * 2);
    expect(gone).toEqual([]);
    expect(pc.closed).toBe(false);
  });

  it('offers again on the kept connection when it is the impolite side, so a negotiation cut off by the reconnect completes', async () => {
    const pc = await connectedCall(false);
    await flush();
    const before = pc.offers;
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: false });
    await flush();
    expect(pc.offers).toBe(before + 1);
    expect(signaling.sent.at(-1)).toMatchObject({ type: 'signal', to: 'cli', description: { type: 'offer' } });
  });

  it('the polite side keeps its connection without offering', async () => {
    const pc = await connectedCall(true);
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: true });
    await flush();
    expect(FakePeerConnection.all).toEqual([pc]);
    expect(pc.offers).toBe(0);
  });

  it('closes a kept connection when the peer is not re-introduced within the grace period', async () => {
    const pc = await connectedCall();
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    await vi.advanceTimersByTimeAsync(REINTRODUCTION_GRACE_MS - 100);
    expect(pc.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(pc.closed).toBe(true);
    expect(gone).toEqual(['cli']);
    expect(call.peers()).toEqual([]);
  });

  it('closes a kept connection that fails or closes while the peer is away', async () => {
    const pc = await connectedCall();
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    pc.become('failed');
    expect(pc.closed).toBe(true);
    expect(gone).toEqual(['cli']);
    // The grace timer went with it: nothing more happens later.
    await vi.advanceTimersByTimeAsync(REINTRODUCTION_GRACE_MS);
    expect(gone).toEqual(['cli']);
  });

  it('drops the link at once when the peer left for good, or when its connection was not working', async () => {
    let pc = await connectedCall();
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1' });
    expect(pc.closed).toBe(true);
    expect(gone).toEqual(['cli']);

    pc = await connectedCall();
    pc.become('failed');
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    expect(pc.closed).toBe(true);
    expect(gone).toEqual(['cli', 'cli']);
    expect(away).toEqual([]);
  });

  it('keeps a connection still connecting when the peer drops, but starts over if it is not connected once they are back', async () => {
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's1', polite: false });
    await flush();
    const pc = FakePeerConnection.all[0]!;
    pc.become('connecting');
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    expect(pc.closed).toBe(false);
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: false });
    await flush();
    expect(pc.closed).toBe(true);
    expect(FakePeerConnection.all).toHaveLength(2);
    expect(call.peers()[0]!.pc).toBe(FakePeerConnection.all[1]);
  });

  it('starts over when the peer comes back with the other politeness', async () => {
    const pc = await connectedCall(false);
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: true });
    await flush();
    expect(pc.closed).toBe(true);
    expect(call.peers()[0]!.polite).toBe(true);
  });

  it("ignores a stale peer-left for the peer's previous session after they are back", async () => {
    const pc = await connectedCall();
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: false });
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1' });
    await flush();
    expect(pc.closed).toBe(false);
    expect(gone).toEqual([]);
  });

  it("on this page's own reconnect keeps connected links until their peers are re-introduced and drops the rest", async () => {
    const kept = await connectedCall();
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'other', session: 'o1', polite: false });
    await flush();
    const stuck = FakePeerConnection.all.at(-1)!;
    stuck.become('connecting');
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'third', session: 't1', polite: false });
    await flush();
    const lonely = FakePeerConnection.all.at(-1)!;
    lonely.become('connected');

    signaling.fire('welcome', welcome());
    expect(stuck.closed).toBe(true);
    expect(gone).toEqual(['other']);
    expect(kept.closed).toBe(false);
    expect(away.sort()).toEqual(['cli', 'third']);

    // The server introduces the peers again; `cli` kept the same session (only this page reconnected).
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's1', polite: false });
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'other', session: 'o1', polite: false });
    await flush();
    expect(call.peers().find((l) => l.peerId === 'cli')!.pc).toBe(kept);
    expect(call.peers().find((l) => l.peerId === 'other')!.pc).not.toBe(stuck);
    // Nobody re-introduced `third` (they left meanwhile): given up after the grace period.
    await vi.advanceTimersByTimeAsync(REINTRODUCTION_GRACE_MS + 10);
    expect(lonely.closed).toBe(true);
    expect(kept.closed).toBe(false);
    expect(gone.sort()).toEqual(['other', 'third']);
  });

  it('starts a new peer connection when the peer turns out to be a new page (their offer comes from another peer connection)', async () => {
    const pc = await connectedCall(true);
    const theirOld = new FakePeerConnection();
    signalFrom('s1', { type: 'offer', sdp: sdp(theirOld.sdpSession, 2) });
    await flush();
    expect(sdpSessionId(pc.remoteDescription!.sdp)).toBe(theirOld.sdpSession);

    // Their page reloaded while this side kept its link: the fresh page offers from a new peer connection.
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: true });
    await flush();
    expect(call.peers()[0]!.pc).toBe(pc);
    const theirNew = new FakePeerConnection();
    signalFrom('s2', { type: 'offer', sdp: sdp(theirNew.sdpSession, 2) });
    await flush();
    expect(pc.closed).toBe(true);
    const fresh = call.peers()[0]!;
    expect(fresh.pc).not.toBe(pc);
    expect(fresh.session).toBe('s2');
    expect(sdpSessionId((fresh.pc as unknown as FakePeerConnection).remoteDescription!.sdp)).toBe(theirNew.sdpSession);
    // An offer from the same peer connection as before is an ordinary renegotiation.
    signalFrom('s2', { type: 'offer', sdp: sdp(theirNew.sdpSession, 3) });
    await flush();
    expect(call.peers()[0]).toBe(fresh);
  });

  it('an answer from a new page to the offer made on adopting starts a new peer connection, which offers', async () => {
    const pc = await connectedCall(false);
    const theirOld = new FakePeerConnection();
    signalFrom('s1', { type: 'answer', sdp: sdp(theirOld.sdpSession, 2) });
    await flush();
    signaling.fire('peer-left', { type: 'peer-left', peerId: 'cli', session: 's1', reconnecting: true });
    signaling.fire('peer-joined', { type: 'peer-joined', peerId: 'cli', session: 's2', polite: false });
    await flush();
    const theirNew = new FakePeerConnection();
    signalFrom('s2', { type: 'answer', sdp: sdp(theirNew.sdpSession, 2) });
    await flush();
    expect(pc.closed).toBe(true);
    const fresh = call.peers()[0]!;
    expect(fresh.pc).not.toBe(pc);
    // The answer belonged to the old peer connection; the new one starts from its own offer.
    expect((fresh.pc as unknown as FakePeerConnection).remoteDescription).toBeNull();
    fresh.pc.onnegotiationneeded?.(new Event('negotiationneeded'));
    await flush();
    expect(signaling.sent.at(-1)).toMatchObject({ type: 'signal', to: 'cli', description: { type: 'offer' } });
  });
});

describe('sdpSessionId', () => {
  it("reads the origin line's session id", () => {
    expect(sdpSessionId('v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n')).toBe('4611731400430051336');
    expect(sdpSessionId('v=0\r\no=mozilla...THIS_IS_SDPARTA-115.0 8023874958237 0 IN IP4 0.0.0.0\r\n')).toBe('8023874958237');
    expect(sdpSessionId('v=0\r\n')).toBeNull();
  });
});
