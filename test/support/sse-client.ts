// A Server-Sent Events reader for tests of the dashboard's live channel: opens the stream over a real
// socket (app.inject cannot stream), collects every event, and lets a test wait for the next event
// matching a predicate. A wait that is not met fails on its own, naming what it waited for.
import type { FastifyInstance } from 'fastify';

export interface SseEvent {
  event: string;
  data: unknown;
}

const DEFAULT_WAIT_MS = 5_000;

export class SseClient {
  readonly events: SseEvent[] = [];
  private waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  private done = false;
  readonly finished: Promise<void>;

  private constructor(
    readonly status: number,
    body: ReadableStream<Uint8Array> | null,
    private readonly abort: AbortController,
  ) {
    this.finished = body ? this.read(body) : Promise.resolve().then(() => void (this.done = true));
  }

  /** GETs `path` on the app (listening on a free port if it is not yet) with the given cookie. */
  static async open(app: FastifyInstance, path: string, cookie: string): Promise<SseClient> {
    if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie }, signal: abort.signal });
    if (res.status !== 200) {
      const c = new SseClient(res.status, null, abort);
      c.events.push({ event: 'http-error', data: await res.json() });
      return c;
    }
    return new SseClient(res.status, res.body, abort);
  }

  /** The first event, already received or still to come, matching; rejects after `timeoutMs` or when the stream ends first. */
  next(match: (e: SseEvent) => boolean, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<SseEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    if (this.done) return Promise.reject(new Error(`The stream had ended before ${what}; ${this.receivedSoFar()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ${this.receivedSoFar()}`));
      }, timeoutMs);
      const done = (e: SseEvent) => {
        clearTimeout(timer);
        resolve(e);
      };
      void this.finished.then(() => {
        if (!this.waiters.some((w) => w.resolve === done)) return;
        clearTimeout(timer);
        reject(new Error(`The stream ended while waiting for ${what}; ${this.receivedSoFar()}`));
      });
      this.waiters.push({ match, resolve: done });
    });
  }

  /** Resolves when the server ends the stream; fails after `timeoutMs`. */
  async ended(what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ${this.receivedSoFar()}`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          this.take(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by the test, or the connection was cut: the stream is over either way.
    } finally {
      this.done = true;
    }
  }

  private take(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (!data.length) return; // a comment (keep-alive)
    const e = { event, data: JSON.parse(data.join('\n')) as unknown };
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => (w.match(e) ? (w.resolve(e), false) : true));
  }

  private receivedSoFar(): string {
    return this.events.length ? `received: ${this.events.map((e) => e.event).join(', ')}` : 'nothing received';
  }
}
