// A protocol-speaking WebSocket test client over app.injectWS: collects every server frame and lets a
// test wait for the next frame matching a predicate (no sleeps).
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../shared/constants.js';
import type { ServerMessage } from '../../shared/protocol.js';

export class WsClient {
  readonly frames: ServerMessage[] = [];
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  private closedWith: Promise<{ code: number }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      this.frames.push(msg);
      this.waiters = this.waiters.filter((w) => (w.match(msg) ? (w.resolve(msg), false) : true));
    });
    this.closedWith = new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
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

  /** Opens a socket and joins with a link token. */
  static async join(app: FastifyInstance, appointmentId: string, token: string, opts: { real?: boolean } = {}): Promise<WsClient> {
    const c = await WsClient.open(app, opts);
    c.send({ type: 'hello', version: PROTOCOL_VERSION, appointmentId, token });
    await c.next((m) => m.type === 'welcome' || m.type === 'error');
    return c;
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** The first frame, already received or still to come, after `from`, that matches. */
  next<T extends ServerMessage>(match: (m: ServerMessage) => boolean, from = 0): Promise<T> {
    const seen = this.frames.slice(from).find(match);
    if (seen) return Promise.resolve(seen as T);
    return new Promise((resolve) => this.waiters.push({ match, resolve: resolve as (m: ServerMessage) => void }));
  }

  /** Sends a frame and waits for the first matching reply to it. */
  async request<T extends ServerMessage>(msg: unknown, match: (m: ServerMessage) => boolean): Promise<T> {
    const from = this.frames.length;
    this.send(msg);
    return this.next<T>(match, from);
  }

  closed(): Promise<{ code: number }> {
    return this.closedWith;
  }

  close(): void {
    this.ws.close();
  }
}

export const isType =
  <K extends ServerMessage['type']>(type: K, extra: (m: Extract<ServerMessage, { type: K }>) => boolean = () => true) =>
  (m: ServerMessage): boolean =>
    m.type === type && extra(m as Extract<ServerMessage, { type: K }>);
