// A protocol-speaking WebSocket test client over app.injectWS: collects every server frame and lets a
// test wait for the next frame matching a predicate (no sleeps). A wait that is not met fails on its
// own within a few seconds, naming the frame it waited for and listing the frames that did arrive.
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../shared/constants.js';
import type { ServerMessage } from '../../shared/protocol.js';

/** How long next() waits by default: far below the test timeout, so a missing frame is named. */
export const DEFAULT_WAIT_MS = 5_000;

/** A frame predicate; `isType` also gives it a description for error messages. */
export type FrameMatch = ((m: ServerMessage) => boolean) & { description?: string };

export interface WaitOptions {
  /** Only frames at or after this index count. */
  from?: number;
  timeoutMs?: number;
  /** What is awaited, for the error message (default: the predicate's description or source). */
  what?: string;
}

interface Waiter {
  match: FrameMatch;
  what: string;
  resolve: (m: ServerMessage) => void;
  reject: (e: Error) => void;
}

/** The predicate in words: its description, or its source cut short. */
function describeMatch(match: FrameMatch): string {
  if (match.description) return match.description;
  const src = match.toString().replace(/\s+/g, ' ');
  return `a frame matching ${src.length > 120 ? `${src.slice(0, 119)}…` : src}`;
}

/** A frame's type, and an error's code: "welcome", "error(link_expired)". */
function label(m: ServerMessage): string {
  return m.type === 'error' ? `error(${m.code})` : m.type;
}

export class WsClient {
  readonly frames: ServerMessage[] = [];
  /** Each frame's text as it arrived, at the same index as in `frames`. */
  readonly texts: string[] = [];
  /** After join/tryJoin: the server's answer to `hello` (a welcome or an error). */
  joinReply: ServerMessage | null = null;
  private waiters: Waiter[] = [];
  private closedWith: Promise<{ code: number }>;
  private closeCode: number | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      const msg = JSON.parse(text) as ServerMessage;
      this.texts.push(text);
      this.frames.push(msg);
      this.waiters = this.waiters.filter((w) => (w.match(msg) ? (w.resolve(msg), false) : true));
    });
    this.closedWith = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        // Nothing more can arrive: fail every wait now rather than at its timeout.
        for (const w of this.waiters.splice(0)) {
          w.reject(new Error(`The socket closed (code ${code}) while waiting for ${w.what}; ${this.receivedSoFar()}`));
        }
        resolve({ code });
      }),
    );
  }

  static async open(app: FastifyInstance, opts: { real?: boolean; headers?: Record<string, string> } = {}): Promise<WsClient> {
    if (!opts.real) return new WsClient(await app.injectWS('/ws'));
    // A real TCP socket: injectWS's in-memory stream never reports a close to the server side, so
    // tests of disconnects and heartbeats need the real thing.
    if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: opts.headers ?? {} });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new WsClient(ws);
  }

  /** Opens a socket and joins with a link token; rejects, with the server's code and message, when refused. */
  static async join(app: FastifyInstance, appointmentId: string, token: string, opts: { real?: boolean } = {}): Promise<WsClient> {
    const c = await WsClient.tryJoin(app, appointmentId, token, opts);
    const reply = c.joinReply!;
    if (reply.type === 'error') {
      c.close();
      throw new Error(`join was refused: error ${reply.code}: ${reply.message}`);
    }
    return c;
  }

  /**
   * Opens a socket and sends `hello`, resolving once the server answers with a welcome or an error
   * (in `joinReply`): for tests of refusals.
   */
  static async tryJoin(app: FastifyInstance, appointmentId: string, token: string, opts: { real?: boolean } = {}): Promise<WsClient> {
    const c = await WsClient.open(app, opts);
    c.send({ type: 'hello', version: PROTOCOL_VERSION, appointmentId, token });
    c.joinReply = await c.next((m) => m.type === 'welcome' || m.type === 'error', { what: 'the answer to hello (welcome or error)' });
    return c;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /**
   * The first frame, already received or still to come, at or after `from`, that matches. Rejects after
   * `timeoutMs` (default 5 s), or at once if the socket closes, naming what it waited for and what came.
   */
  next<T extends ServerMessage>(match: FrameMatch, fromOrOptions: number | WaitOptions = 0): Promise<T> {
    const opts = typeof fromOrOptions === 'number' ? { from: fromOrOptions } : fromOrOptions;
    const from = opts.from ?? 0;
    const seen = this.frames.slice(from).find(match);
    if (seen) return Promise.resolve(seen as T);
    const what = opts.what ?? describeMatch(match);
    if (this.closeCode !== null) {
      return Promise.reject(
        new Error(`The socket had closed (code ${this.closeCode}) before ${what} arrived; ${this.receivedSoFar(from)}`),
      );
    }
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        match,
        what,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ${this.receivedSoFar(from)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends a frame and waits for the first matching reply to it. */
  async request<T extends ServerMessage>(msg: unknown, match: FrameMatch, opts: Omit<WaitOptions, 'from'> = {}): Promise<T> {
    const from = this.frames.length;
    this.send(msg);
    return this.next<T>(match, { ...opts, from });
  }

  /** Resolves with the close code once the socket has closed; rejects after `timeoutMs` (default 5 s), saying what came. */
  closed(timeoutMs = DEFAULT_WAIT_MS): Promise<{ code: number }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for the socket to close; ${this.receivedSoFar()}`)),
        timeoutMs,
      );
    });
    return Promise.race([this.closedWith, late]).finally(() => clearTimeout(timer));
  }

  close(): void {
    this.ws.close();
  }

  private receivedSoFar(from = 0): string {
    const got = this.frames.slice(from).map(label);
    return got.length ? `received since frame ${from}: ${got.join(', ')}` : `nothing received since frame ${from}`;
  }
}

export const isType = <K extends ServerMessage['type']>(
  type: K,
  extra?: (m: Extract<ServerMessage, { type: K }>) => boolean,
): FrameMatch => {
  const match = (m: ServerMessage): boolean => m.type === type && (extra ? extra(m as Extract<ServerMessage, { type: K }>) : true);
  const src = extra?.toString().replace(/\s+/g, ' ');
  return Object.assign(match, {
    description: extra
      ? `a frame of type '${type}' where ${src!.length > 100 ? `${src!.slice(0, 99)}…` : src}`
      : `a frame of type '${type}'`,
  });
};
