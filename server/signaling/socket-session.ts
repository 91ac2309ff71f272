// One WebSocket from hello to close: size cap, JSON and schema validation, rate limit, hello with the
// link token, heartbeat. A bad frame gets an error frame back and never takes the server down. Frames
// of one socket are handled in order, even when a handler waits on the database.
//
// A class, not a function of closures: a visit's socket lives an hour, and thousands are open at
// once, so what each one holds counts (methods live once, on the prototype).
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { type ClientMessage, type ErrorCode, PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol.js';
import type { SerializedFrame } from '../bus/types.js';
import type { LinkTokens } from '../links/link-tokens.js';
import { newId } from '../store/appointments.js';
import { parseFrame } from './frames.js';
import type { ForwardedSignal, ReceivedFrame } from './forwarded-signal.js';
import type { HeartbeatSweep, HeartbeatTarget } from './heartbeat.js';
import type { Connection, SignalingHub } from './hub.js';
import { TokenBucket } from './rate-limiter.js';
import { batchWrites } from './write-batch.js';
import type { SignalingGuard } from './signaling-guard.js';
import type { ClientErrorKind, VestibuleMetrics } from '../metrics.js';

/** What every socket's session uses: one object for all of them, made once by the route. */
export interface SocketDeps {
  hub: SignalingHub;
  links: LinkTokens;
  log: FastifyBaseLogger;
  metrics: VestibuleMetrics;
  guard: SignalingGuard;
  heartbeat: HeartbeatSweep;
  helloTimeoutMs: number;
}

/** What is this socket's own. */
export interface SocketPeer {
  /** The client's address (from the proxy's header behind a trusted proxy). */
  address: string;
  /** The TCP socket under the WebSocket, whose writes are batched per turn (none under app.injectWS). */
  tcp: Socket | undefined;
}

/** After this many refused frames in a row-ish, the socket is closed: a client that floods is broken. */
const MAX_STRIKES = 200;

export function runSocketSession(socket: WebSocket, deps: SocketDeps, peer: SocketPeer): void {
  new SocketSession(socket, deps, peer.address, peer.tcp);
}

/** The most frames held for a newcomer while its join is saved (a handful is usual). */
export const MAX_EARLY_FRAMES = 64;
/** WebSocket's "try again later": the page reconnects. */
export const CLOSE_TRY_AGAIN = 1013;
/** A socket may send this many frames at once (a burst of ICE candidates)… */
export const SOCKET_FRAME_BURST = 100;
/** …and this many a second after that; a frame beyond is refused with `rate_limited`. */
export const SOCKET_FRAMES_PER_SECOND = 50;

/** A participant joined on this node's socket, as the hub sees them. */
class SocketConnection implements Connection {
  readonly session = newId(9);

  constructor(
    private readonly owner: SocketSession,
    readonly participantId: string,
    readonly appointmentId: string,
    readonly jti: string,
  ) {}

  /**
   * What reached this connection before its welcome. The hub claims the seat before it saves the
   * join, so a roster, a signal or the session's end can arrive while the save runs; the welcome must
   * still be the first frame after hello (docs/protocol.md). Null once welcomed.
   */
  private early: (() => void)[] | null = [];

  send(msg: ServerMessage): void {
    if (this.early === null) return this.owner.send(msg);
    if (msg.type !== 'welcome') return this.holdUntilWelcome(() => this.owner.send(msg));
    this.owner.send(msg);
    const early = this.early;
    this.early = null;
    for (const deliver of early) deliver();
  }

  /** A frame from another node, already serialised there: parsing it again would only cost time. */
  sendSerialized(frame: SerializedFrame): void {
    if (this.early === null) this.owner.sendSerialized(frame);
    else this.holdUntilWelcome(() => this.owner.sendSerialized(frame));
  }

  forward(signal: ForwardedSignal): void {
    this.sendSerialized(signal);
  }

  close(code: number, reason: string): void {
    if (this.early === null) this.owner.socket.close(code, reason);
    else this.holdUntilWelcome(() => this.owner.socket.close(code, reason));
  }

  // A join whose save hangs (a database stalling) must not hold an endless queue: past the cap, the
  // newcomer is welcomed and then closed with 1013, and its page reconnects for a fresh start.
  private holdUntilWelcome(deliver: () => void): void {
    const early = this.early!;
    if (early.length < MAX_EARLY_FRAMES) early.push(deliver);
    else if (early.length === MAX_EARLY_FRAMES) early.push(() => this.owner.socket.close(CLOSE_TRY_AGAIN, 'too much before welcome'));
  }
}

// The socket's listeners are shared functions that find their session on the socket: four closures
// per socket, for an hour, were a cost paid by every participant.
const kSession = Symbol('socket session');
type SessionSocket = WebSocket & { [kSession]: SocketSession };

const sessionOf = (socket: WebSocket) => (socket as SessionSocket)[kSession];

function onPong(this: WebSocket): void {
  sessionOf(this).answered();
}

function onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  sessionOf(this).receive(data, isBinary);
}

function onClose(this: WebSocket, code: number): void {
  sessionOf(this).closed(code);
}

function onError(this: WebSocket, error: Error & { code?: string }): void {
  sessionOf(this).protocolError(error);
}

class SocketSession implements HeartbeatTarget {
  /** Names this socket in log lines (a child logger for each socket cost ~0.5 KB of memory apiece). */
  private readonly tag = newId(6);
  private readonly bucket = new TokenBucket(SOCKET_FRAME_BURST, SOCKET_FRAMES_PER_SECOND);
  private conn: SocketConnection | null = null;
  private helloPending = false;
  private strikes = 0;
  private alive = true;
  /**
   * A frame came since the last beat: the socket is alive with no ping of ours. Pages send their own
   * ping every half interval (client/transport/signaling.ts), so a page's socket is never pinged by us;
   * one that falls silent is pinged at the next beat and dropped at the one after, as before.
   */
  private heard = false;
  /** The handler still running for this socket, if it waits on the database; later frames queue behind it. */
  private busy: Promise<void> | null = null;
  private helloTimer: NodeJS.Timeout | null;
  /** Where the heartbeat sweep keeps this socket. */
  private readonly heartbeatSlice: number;

  constructor(
    readonly socket: WebSocket,
    private readonly deps: SocketDeps,
    private readonly address: string,
    private readonly tcp: Socket | undefined,
  ) {
    this.helloTimer = setTimeout(() => {
      if (!this.conn) this.refuse('hello_required', 'No hello received in time', true);
    }, deps.helloTimeoutMs);
    this.heartbeatSlice = deps.heartbeat.add(this);
    (socket as SessionSocket)[kSession] = this;
    socket.on('pong', onPong);
    socket.on('message', onMessage);
    socket.on('close', onClose);
    socket.on('error', onError);
  }

  answered(): void {
    this.alive = true;
  }

  /** Protocol errors (invalid UTF-8, an oversized frame, a broken close) are the client's doing: counted and logged once at info, without a stack; the socket is dropped. */
  protocolError(error: Error & { code?: string }): void {
    this.deps.metrics.clientError(error.code === 'WS_ERR_INVALID_UTF8' ? 'invalid_utf8' : 'socket_error');
    this.info({ code: error.code ?? 'unknown' }, 'websocket protocol error; socket dropped');
    this.socket.terminate();
  }

  private info(fields: Record<string, unknown>, message: string): void {
    this.deps.log.info({ session: this.tag, ...fields }, message);
  }

  private error(fields: Record<string, unknown>, message: string): void {
    this.deps.log.error({ session: this.tag, ...fields }, message);
  }

  send(msg: ServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.tcp) batchWrites(this.tcp);
    this.socket.send(JSON.stringify(msg));
    this.deps.metrics.frameOut(msg.type);
    if (msg.type === 'error') this.deps.metrics.error(msg.code);
  }

  /**
   * A frame serialised already. Bytes after a head (a relayed signal) are copied behind it into one
   * buffer outside the JavaScript heap, never turned into text. (Sent as two fragments of one message,
   * the second write's own bookkeeping cost more than the copy.)
   */
  sendSerialized(frame: SerializedFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.tcp) batchWrites(this.tcp);
    if ('text' in frame) this.socket.send(frame.text);
    else this.socket.send(frame.head === '' ? frame.bytes : withHead(frame.head, frame.bytes), { binary: false });
    this.deps.metrics.frameOut(frame.type);
  }

  /** Server -> client heartbeat (heartbeat.ts): a silent socket that did not answer the previous ping is dead. */
  beat(): void {
    if (this.heard) {
      this.heard = false;
      this.alive = true;
      return;
    }
    if (!this.alive) {
      this.info({}, 'heartbeat missed, dropping socket');
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  private refuse(code: ErrorCode, message: string, fatal = false): void {
    this.send(fatal ? { type: 'error', code, message, fatal } : { type: 'error', code, message });
    if (fatal) this.socket.close(4000, code);
    else if (++this.strikes > MAX_STRIKES) this.socket.close(1008, 'too many bad frames');
  }

  private failed(err: unknown): void {
    // Our fault (e.g. the database is unreachable), not the client's: say so, keep the socket.
    this.error({ err }, 'frame handling failed');
    this.send({ type: 'error', code: 'internal', message: 'Something went wrong on our side; try again in a moment' });
  }

  receive(data: Buffer, isBinary: boolean): void {
    const { metrics } = this.deps;
    this.heard = true;
    try {
      if (!this.bucket.take()) {
        metrics.rateLimited('ws_frames');
        if (++this.strikes > MAX_STRIKES) return void this.socket.close(1008, 'too many refused frames');
        return this.send({
          type: 'error',
          code: 'rate_limited',
          message: 'Too many messages; slow down',
          retryAfterMs: this.bucket.msUntilNext(),
        });
      }
      const parsed = parseFrame(data, isBinary);
      if (!parsed.ok) {
        metrics.clientError(isBinary ? 'binary_frame' : (parsed.code as ClientErrorKind));
        return this.refuse(parsed.code, parsed.message);
      }
      const msg = parsed.message;
      metrics.frameIn(msg.type);
      if (this.conn) return this.dispatch(this.conn, msg, parsed.frame);
      // A ping needs no link: the connection test measures the signaling round trip with it.
      if (msg.type === 'ping') return this.send({ type: 'pong', t: msg.t });
      if (msg.type !== 'hello') return this.refuse('hello_required', 'Send hello first');
      if (this.helloPending) return;
      this.helloPending = true;
      if (msg.version !== PROTOCOL_VERSION) {
        return this.refuse('unsupported_version', `This server speaks protocol version ${PROTOCOL_VERSION}; reload the page`, true);
      }
      this.join(msg.token, msg.appointmentId).catch((err: unknown) => {
        this.error({ err }, 'hello failed');
        this.refuse('internal', 'Something went wrong on our side; try again', true);
      });
    } catch (err) {
      this.failed(err);
    }
  }

  private dispatch(c: Connection, msg: ClientMessage, frame: ReceivedFrame): void {
    if (this.busy) return this.enqueue(this.busy.then(() => this.runHandler(c, msg, frame)));
    const pending = this.runHandler(c, msg, frame);
    if (pending) this.enqueue(pending);
  }

  private enqueue(work: Promise<unknown>): void {
    const tail: Promise<void> = work.then(() => {
      if (this.busy === tail) this.busy = null;
    });
    this.busy = tail;
  }

  private runHandler(c: Connection, msg: ClientMessage, frame: ReceivedFrame): Promise<void> | undefined {
    try {
      const r = this.deps.hub.handle(c, msg, frame);
      return r ? r.catch((err: unknown) => this.failed(err)) : undefined;
    } catch (err) {
      this.failed(err);
      return undefined;
    }
  }

  private async join(token: string, appointmentId: string): Promise<void> {
    const { hub, links, guard, metrics } = this.deps;
    const check = await links.verify(token, appointmentId);
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (!check.ok) {
      this.info({ code: check.code }, 'link refused');
      await guard.helloRefused(this.address);
      if (check.code === 'link_too_early') {
        this.send({
          type: 'error',
          code: check.code,
          message: 'This visit is not open yet',
          opensAt: check.opensAt,
          startsAt: check.startsAt,
          ...(check.providerName ? { providerName: check.providerName } : {}),
          fatal: true,
        });
        this.socket.close(4000, check.code);
      } else {
        this.refuse(check.code, LINK_MESSAGES[check.code], true);
      }
      return;
    }
    const { participantId, jti } = check.claims;
    if (!(await guard.joinAllowed(participantId))) {
      this.info({ appointmentId, participantId }, 'join refused: too many joins with this link');
      metrics.rateLimited('link_joins');
      return this.refuse('rate_limited', 'This link was opened too many times in the last minute; wait a minute and try again', true);
    }
    this.stopHelloTimer();
    const candidate = new SocketConnection(this, participantId, appointmentId, jti);
    this.conn = candidate;
    let attached: Awaited<ReturnType<SignalingHub['attach']>>;
    try {
      attached = await hub.attach(candidate);
    } catch (err) {
      hub.detach(candidate);
      this.conn = null;
      throw err;
    }
    if (!attached.ok) {
      this.conn = null;
      this.info({ appointmentId, participantId, code: attached.code }, 'join refused');
      return this.refuse(attached.code, attached.message, true);
    }
    // The socket may have closed while we waited on the store.
    if (this.socket.readyState !== this.socket.OPEN) return void hub.detach(candidate);
    this.info({ appointmentId, participantId }, 'joined');
  }

  private stopHelloTimer(): void {
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
  }

  closed(code: number): void {
    this.stopHelloTimer();
    this.deps.heartbeat.delete(this, this.heartbeatSlice);
    const { conn } = this;
    if (!conn) return;
    this.info({ appointmentId: conn.appointmentId, participantId: conn.participantId, code }, 'disconnected');
    // A page that closes its socket (leave, tab closed) sends 1000 or 1001; anything else is a
    // dropped connection, and the peers keep their call while the page reconnects.
    this.deps.hub.detach(conn, code === 1000 || code === 1001 ? 'left' : 'lost');
  }
}

const LINK_MESSAGES = {
  link_invalid: 'This link is not valid',
  link_expired: 'This link has expired',
  link_revoked: 'This link has been withdrawn',
  link_wrong_appointment: 'This link belongs to a different appointment',
  visit_cancelled: 'This visit was cancelled',
} as const;

/** `head` (ASCII) and then `bytes`, in one buffer. */
function withHead(head: string, bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(head.length + bytes.length);
  out.write(head, 0, 'latin1');
  bytes.copy(out, head.length);
  return out;
}
