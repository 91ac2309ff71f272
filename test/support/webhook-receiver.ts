// A real HTTP server receiving webhooks for the tests: it records every request (headers and raw
// body) and answers with the statuses a test queues (200 once the queue is empty).
import { once } from 'node:events';
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Statuses to answer with, in order; then 200. */
  readonly statuses: number[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      this.received.push({ headers: req.headers, body });
      res.writeHead(this.statuses.shift() ?? 200).end();
      for (const w of this.waiters.filter((w) => this.received.length >= w.count)) w.resolve();
    });
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Resolves once `count` requests have arrived in all; fails after `timeoutMs` saying how many came. */
  requests(count: number, timeoutMs = 10_000): Promise<Received[]> {
    if (this.received.length >= count) return Promise.resolve(this.received.slice(0, count));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`waited ${timeoutMs} ms for ${count} webhook requests; ${this.received.length} arrived`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.received.slice(0, count));
        },
      });
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
  }
}

/** Polls `check` until it returns something truthy; fails after `timeoutMs` naming what it waited for. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
