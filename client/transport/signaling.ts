// The signaling WebSocket: hello with the link token, typed events for every server frame, heartbeat,
// and reconnection with backoff. Never touches the DOM.
import { PROTOCOL_VERSION } from '../../shared/constants.js';
import type { ClientMessage, ErrorCode, ServerMessage, ServerMessageOf } from '../../shared/protocol.js';
import { Emitter } from '../util/emitter.js';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Why the server will not have us back: the page shows a plain-language explanation for each. */
export interface FatalProblem {
  code: ErrorCode | 'removed';
  message: string;
  /** For a link opened too early: when it opens, when the appointment starts, and with whom. */
  opensAt?: number;
  startsAt?: number;
  providerName?: string;
}

export type SignalingEvents = {
  state: { from: ConnectionState; to: ConnectionState };
  welcome: ServerMessageOf<'welcome'>;
  roster: ServerMessageOf<'roster'>;
  admission: ServerMessageOf<'admission'>;
  'peer-joined': ServerMessageOf<'peer-joined'>;
  'peer-left': ServerMessageOf<'peer-left'>;
  signal: ServerMessageOf<'signal'>;
  chat: ServerMessageOf<'chat'>;
  moderated: ServerMessageOf<'moderated'>;
  'session-ended': ServerMessageOf<'session-ended'>;
  'session-restarted': ServerMessageOf<'session-restarted'>;
  'waiting-notice': ServerMessageOf<'waiting-notice'>;
  'audio-first': ServerMessageOf<'audio-first'>;
  'location-request': ServerMessageOf<'location-request'>;
  problem: ServerMessageOf<'error'>;
  fatal: FatalProblem;
};

export interface SignalingOptions {
  url: string;
  appointmentId: string;
  token: string;
  createSocket?: (url: string) => WebSocket;
  log?: (line: string) => void;
}

/** WebSocket.OPEN, spelled out so this module also runs where no global WebSocket exists (tests). */
const OPEN = 1;
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];
/** Close codes after which reconnecting would only fail again. */
const FINAL_CLOSE_CODES = new Set([4000, 4001, 4003, 4004]);

export class SignalingClient extends Emitter<SignalingEvents> {
  private ws: WebSocket | null = null;
  private stateValue: ConnectionState = 'idle';
  private attempt = 0;
  private stopped = false;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private lastPong = 0;

  constructor(private readonly opts: SignalingOptions) {
    super();
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  send(msg: ClientMessage): boolean {
    if (this.ws?.readyState !== OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Reconnect at once instead of waiting out the backoff (e.g. the browser came back online). */
  reconnectNow(): void {
    if (this.stopped || this.stateValue !== 'reconnecting') return;
    clearTimeout(this.retry);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    this.ws?.close(1000, 'leaving');
    this.setState('closed');
  }

  /** Every connection-state change goes through here, so each one is logged as `old -> new`. */
  private setState(to: ConnectionState): void {
    const from = this.stateValue;
    if (from === to) return;
    this.stateValue = to;
    this.opts.log?.(`connection ${from} -> ${to}`);
    this.emit('state', { from, to });
  }

  private open(): void {
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = (this.opts.createSocket ?? ((u) => new WebSocket(u)))(this.opts.url);
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, appointmentId: this.opts.appointmentId, token: this.opts.token }));
    };
    ws.onmessage = (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      this.dispatch(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws === ws) this.onSocketGone(ev.code);
    };
  }

  private onSocketGone(code: number): void {
    clearInterval(this.heartbeat);
    this.ws = null;
    if (this.stopped || FINAL_CLOSE_CODES.has(code)) {
      this.stopped = true;
      this.setState('closed');
      return;
    }
    this.setState('reconnecting');
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    this.retry = setTimeout(() => this.open(), delay);
  }

  private dispatch(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome':
        this.attempt = 0;
        this.startHeartbeat(msg.heartbeatMs);
        this.setState('connected');
        return this.emit('welcome', msg);
      case 'pong':
        this.lastPong = Date.now();
        return;
      case 'error':
        if (msg.fatal) {
          this.stopped = true;
          const problem: FatalProblem = { code: msg.code, message: msg.message };
          if (msg.opensAt !== undefined) problem.opensAt = msg.opensAt;
          if (msg.startsAt !== undefined) problem.startsAt = msg.startsAt;
          if (msg.providerName !== undefined) problem.providerName = msg.providerName;
          return this.emit('fatal', problem);
        }
        return this.emit('problem', msg);
      case 'admission':
        if (msg.admission === 'removed') {
          this.stopped = true;
          this.emit('admission', msg);
          return this.emit('fatal', { code: 'removed', message: 'The provider removed you from the waiting room.' });
        }
        return this.emit('admission', msg);
      default:
        return this.emit(msg.type, msg as never);
    }
  }

  /** Client -> server heartbeat: no pong for two intervals means the path is dead, so reconnect. */
  private startHeartbeat(intervalMs: number): void {
    clearInterval(this.heartbeat);
    this.lastPong = Date.now();
    const every = Math.max(500, Math.floor(intervalMs / 2));
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastPong > intervalMs * 2) {
        this.opts.log?.('heartbeat lost; reconnecting');
        // Do not wait for a closing handshake over a dead path: drop the socket and start over.
        const dead = this.ws;
        this.onSocketGone(4100);
        dead?.close();
        return;
      }
      this.send({ type: 'ping', t: Date.now() });
    }, every);
  }
}
