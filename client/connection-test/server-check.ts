// Check 5a: can this browser reach Vestibule's signaling server? Opens the same WebSocket a visit uses
// and times a few ping/pong round trips (the server answers pings without a link).
import { adviceBlock } from './browser-advice.js';
import { median, meanAbsDelta, round, type Check, type CheckContext } from './check.js';
import type { CheckResult } from './report.js';

export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', cb: () => void): void;
  addEventListener(type: 'message', cb: (e: { data: unknown }) => void): void;
}

export interface ServerCheckDeps {
  url?: string;
  createSocket?: (url: string) => SocketLike;
  pings?: number;
  timeoutMs?: number;
  now?: () => number;
}

export interface PingResult {
  rtts: number[];
  error: 'unreachable' | 'closed' | 'timeout' | null;
}

export function defaultSocketUrl(loc: Pick<Location, 'protocol' | 'host'> = globalThis.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/** Opens the socket, sends `pings` pings one after another, and collects their round trips. */
export function measurePings(opts: {
  url: string;
  createSocket: (url: string) => SocketLike;
  pings: number;
  timeoutMs: number;
  now: () => number;
}): Promise<PingResult> {
  return new Promise((resolve) => {
    const rtts: number[] = [];
    let settled = false;
    let socket: SocketLike;
    const finish = (error: PingResult['error']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        socket?.close();
      } catch {
        // already closed
      }
      resolve({ rtts, error: rtts.length > 0 ? null : error });
    };
    const timer = setTimeout(() => finish('timeout'), opts.timeoutMs);
    try {
      socket = opts.createSocket(opts.url);
    } catch {
      finish('unreachable');
      return;
    }
    const ping = (): void => socket.send(JSON.stringify({ type: 'ping', t: opts.now() }));
    socket.addEventListener('open', ping);
    socket.addEventListener('error', () => finish('unreachable'));
    socket.addEventListener('close', () => finish('closed'));
    socket.addEventListener('message', (e) => {
      let msg: { type?: string; t?: unknown };
      try {
        msg = JSON.parse(String(e.data)) as typeof msg;
      } catch {
        return;
      }
      if (msg.type !== 'pong' || typeof msg.t !== 'number') return;
      rtts.push(opts.now() - msg.t);
      if (rtts.length >= opts.pings) finish(null);
      else ping();
    });
  });
}

export class ServerCheck implements Check {
  readonly id = 'server' as const;

  constructor(private readonly deps: ServerCheckDeps = {}) {}

  async run(ctx: CheckContext): Promise<CheckResult> {
    const w = ctx.words;
    ctx.say(w.t('step.server'));
    const result = await measurePings({
      url: this.deps.url ?? defaultSocketUrl(),
      createSocket: this.deps.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      pings: this.deps.pings ?? 10,
      timeoutMs: Math.max(1000, Math.min(this.deps.timeoutMs ?? 6000, ctx.deadline - ctx.now())),
      now: this.deps.now ?? (() => performance.now()),
    });
    ctx.serverRtts = result.rtts;
    const rtt = median(result.rtts);
    const jitter = meanAbsDelta(result.rtts);
    if (rtt !== null) {
      ctx.network.rttMs = round(rtt, 1);
      ctx.network.jitterMs = round(jitter ?? 0, 1);
    }
    const details = {
      pings: result.rtts.length,
      rttMs: rtt === null ? null : round(rtt, 1),
      jitterMs: jitter === null ? null : round(jitter, 1),
      ...(result.error ? { error: result.error } : {}),
    };
    if (rtt === null) {
      return {
        id: this.id,
        status: 'fail',
        message: w.t('server.unreachable'),
        advice: [adviceBlock(w, w.advice('server.title'), ['server.otherSites', 'server.vpn', 'server.otherNetwork'])],
        details: { ...details, problem: 'unreachable' },
      };
    }
    return {
      id: this.id,
      status: 'pass', // The figures stay in the technical details; the person reads plain words.
      message: w.t('server.ok'),
      details,
    };
  }
}
