// How the load generator speaks to a server: Vestibule's protocol (which the bare relay speaks too),
// or PeerJS's. Each says where a participant connects, what it sends first, what a server frame means
// for the visit, and how a signal is written and recognised. Signal frames are written as text from
// pre-escaped parts and read without JSON.parse, so that the load generator spends as little as it
// can per frame (it must not be the bottleneck). Each carries its send time after SENT_MARK.
import type { SeededVisit } from './servers.js';

export type Role = 'provider' | 'client';

/** What a frame that is not a signal means for the participant who received it. */
export type ControlOutcome =
  | { kind: 'nothing' }
  /** The provider admits the client with this frame (once per visit). */
  | { kind: 'admit'; frame: string }
  /** The participant is in the call with `peerId`. */
  | { kind: 'joined'; peerId: string }
  | { kind: 'error'; message: string };

export interface SignalingProtocol {
  /** The URL a participant opens, from the server's URL for it. */
  url(serverUrl: string, visit: SeededVisit, role: Role): string;
  /** The frame sent once the socket is open, if any. */
  hello(visit: SeededVisit, role: Role): string | null;
  /** `admitted`: whether this visit's provider already admitted (Vestibule sends one admit per visit). */
  control(frame: Buffer, role: Role, visit: SeededVisit, admitted: boolean): ControlOutcome;
  isSignal(frame: Buffer): boolean;
  isOffer(frame: Buffer): boolean;
  description(to: string, type: 'offer' | 'answer', t: number): string;
  candidate(to: string, k: number, t: number): string;
}

// ~4 KB of SDP-like text with a send-time line near the top.
const SDP_HEAD = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=x-bench-sent:';
const SDP_TAIL = (() => {
  const lines = ['', 'a=group:BUNDLE 0 1', 'a=msid-semantic: WMS bench'];
  for (const [mid, kind, pts] of [
    [0, 'audio', [111, 63, 9, 0, 8, 13, 110, 126]],
    [1, 'video', [96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 35, 36, 116, 117, 118]],
  ] as const) {
    lines.push(`m=${kind} 9 UDP/TLS/RTP/SAVPF ${pts.join(' ')}`, 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0');
    lines.push('a=ice-ufrag:bnch', 'a=ice-pwd:0123456789abcdefghijklmn', 'a=ice-options:trickle');
    lines.push('a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF');
    lines.push('a=setup:actpass', `a=mid:${mid}`, 'a=sendrecv', 'a=rtcp-mux', 'a=rtcp-rsize');
    for (const pt of pts) {
      lines.push(`a=rtpmap:${pt} ${kind === 'audio' ? 'opus/48000/2' : 'VP8/90000'}`);
      lines.push(`a=rtcp-fb:${pt} transport-cc`, `a=fmtp:${pt} minptime=10;useinbandfec=1;level-asymmetry-allowed=1`);
    }
    lines.push(`a=ssrc:${1000 + mid} cname:benchbenchbench`, `a=ssrc:${1000 + mid} msid:bench ${kind}-track`);
  }
  let text = lines.join('\r\n');
  while (text.length < 4000) text += '\r\na=x-pad:0123456789012345678901234567890123456789';
  return `${text.slice(0, 4000)}\r\n`;
})();
const SENT_MARK = 'x-bench-sent:';
const esc = (text: string) => JSON.stringify(text).slice(1, -1);
const SDP_HEAD_JSON = esc(SDP_HEAD);
const SDP_TAIL_JSON = esc(SDP_TAIL);
const sdpJson = (type: 'offer' | 'answer', t: number) => `{"type":"${type}","sdp":"${SDP_HEAD_JSON}${t.toFixed(3)}${SDP_TAIL_JSON}"}`;
const candidateJson = (k: number, t: number) =>
  `{"candidate":"candidate:${1000 + k} 1 udp 2122260223 192.0.2.${k + 1} ${50000 + k} typ host generation 0 ufrag bnch network-id 1 ${SENT_MARK}${t.toFixed(3)}","sdpMid":"0","sdpMLineIndex":0}`;

const SENT_MARK_BYTES = Buffer.from(SENT_MARK);
/** The send time a signal frame carries; NaN if it has none. */
export function sentAt(frame: Buffer): number {
  const i = frame.indexOf(SENT_MARK_BYTES);
  if (i < 0) return Number.NaN;
  const from = i + SENT_MARK_BYTES.length;
  return Number.parseFloat(frame.toString('latin1', from, from + 24));
}

const startsWith = (frame: Buffer, prefix: Buffer) =>
  frame.length > prefix.length && frame.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

// Both Vestibule and the bare relay send signal frames with `type` first: the bare relay forwards the
// sender's text, and Vestibule serializes { type, from, session, … }.
const SIGNAL_PREFIX = Buffer.from('{"type":"signal"');
const OFFER_BYTES = Buffer.from('"description":{"type":"offer"');

export const vestibuleProtocol: SignalingProtocol = {
  url: (serverUrl) => serverUrl,
  hello: (visit, role) =>
    JSON.stringify({
      type: 'hello',
      version: 1,
      appointmentId: visit.appointmentId,
      token: role === 'provider' ? visit.providerToken : visit.clientToken,
    }),
  control(frame, role, _visit, admitted) {
    const msg = JSON.parse(frame.toString('utf8')) as { type: string } & Record<string, unknown>;
    switch (msg.type) {
      case 'roster': {
        if (role !== 'provider' || admitted) return { kind: 'nothing' };
        const participants = msg.participants as { id: string; role: string; admission: string }[];
        const waiting = participants.find((p) => p.role === 'client' && p.admission === 'waiting');
        return waiting ? { kind: 'admit', frame: JSON.stringify({ type: 'admit', participantId: waiting.id }) } : { kind: 'nothing' };
      }
      case 'peer-joined':
        return { kind: 'joined', peerId: msg.peerId as string };
      case 'error':
        return { kind: 'error', message: `server error ${String(msg.code)}: ${String(msg.message)}` };
      default:
        return { kind: 'nothing' }; // welcome, admission, …
    }
  },
  isSignal: (frame) => startsWith(frame, SIGNAL_PREFIX),
  isOffer: (frame) => frame.indexOf(OFFER_BYTES) >= 0,
  description: (to, type, t) => `{"type":"signal","to":${JSON.stringify(to)},"description":${sdpJson(type, t)}}`,
  candidate: (to, k, t) => `{"type":"signal","to":${JSON.stringify(to)},"candidate":${candidateJson(k, t)}}`,
};

// PeerJS server 1.0: a participant connects with its own id in the URL and is told OPEN; OFFER,
// ANSWER and CANDIDATE frames name a `dst` and reach it as {"type":…,"src":…,"dst":…,"payload":…}.
// There is no waiting room: both participants being open is the join.
const peerjsId = (visit: SeededVisit, role: Role) => `${visit.appointmentId}-${role}`;
const PEERJS_SIGNAL_PREFIXES = ['OFFER', 'ANSWER', 'CANDIDATE'].map((t) => Buffer.from(`{"type":"${t}"`));
const PEERJS_OFFER = PEERJS_SIGNAL_PREFIXES[0]!;

export const peerjsProtocol: SignalingProtocol = {
  url: (serverUrl, visit, role) => `${serverUrl}?key=peerjs&id=${encodeURIComponent(peerjsId(visit, role))}&token=bench`,
  hello: () => null,
  control(frame, role, visit) {
    const msg = JSON.parse(frame.toString('utf8')) as { type: string; payload?: { msg?: string } };
    if (msg.type === 'OPEN') return { kind: 'joined', peerId: peerjsId(visit, role === 'provider' ? 'client' : 'provider') };
    if (msg.type === 'ERROR' || msg.type === 'ID-TAKEN') return { kind: 'error', message: `PeerJS ${msg.type}: ${msg.payload?.msg ?? ''}` };
    return { kind: 'nothing' };
  },
  isSignal: (frame) => PEERJS_SIGNAL_PREFIXES.some((p) => startsWith(frame, p)),
  isOffer: (frame) => startsWith(frame, PEERJS_OFFER),
  description: (to, type, t) =>
    `{"type":"${type === 'offer' ? 'OFFER' : 'ANSWER'}","dst":${JSON.stringify(to)},"payload":{"sdp":${sdpJson(type, t)},"type":"media","connectionId":"mc_bench"}}`,
  candidate: (to, k, t) =>
    `{"type":"CANDIDATE","dst":${JSON.stringify(to)},"payload":{"candidate":${candidateJson(k, t)},"type":"media","connectionId":"mc_bench"}}`,
};
