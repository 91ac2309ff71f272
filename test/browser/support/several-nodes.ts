// Several Vestibule nodes for browser tests: a private PostgreSQL database and Redis shared by two
// processes of the built server (dist/server/main.js), behind nginx with `node=N` cookie pinning, so a
// browser context can be kept on one node and fail over to the other when that one is down. Nodes can
// be killed (a crash), drained (SIGTERM) and started again on the same port.
import type { BrowserContext, Page } from '@playwright/test';
import { startNginx, type RunningNginx } from '../../support/nginx.js';
import { startPostgres, type RunningPostgres } from '../../support/postgres.js';
import { freePort, type GroupProcess, HOST, LogBuffer, spawnGroup, tempDir, waitUntil } from '../../support/processes.js';
import { startRedis, type RunningRedis } from '../../support/redis.js';
import { type DemoLinks, demoLinksOn } from './demo-links.js';

const START_TIMEOUT_MS = 20_000;
/** SIGTERM drains within the server's own 5 s grace; past this the harness kills it. */
const STOP_TIMEOUT_MS = 8_000;
/** nginx tries an upstream it marked failed again after its fail_timeout (1 s here). */
const ROUTE_TIMEOUT_MS = 10_000;

export interface VestibuleNode {
  /** NODE_ID, e.g. "node-0"; /healthz names it. */
  readonly id: string;
  readonly port: number;
  readonly dataDir: string;
  running(): boolean;
  /** Starts the node (again) on its port; resolves once /healthz answers with its id. */
  start(): Promise<void>;
  /** SIGKILL, as a crash: no drain, no goodbye to Redis; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, the drain of a rolling restart; resolves with how long the process took to exit (ms). */
  drain(): Promise<number>;
  /** Output of every start so far. */
  logs(): string;
  /** Removes its data folder (once it has stopped). */
  removeData(): void;
}

export interface Cluster {
  /** nginx's address: PUBLIC_URL of every node, and where browsers go. */
  url: string;
  databaseUrl: string;
  nodes: VestibuleNode[];
  redis: RunningRedis;
  /** A fresh demo appointment in the shared database, with links through nginx. */
  demoLinks(...args: string[]): DemoLinks;
  /** Pins a browser context to nodes[index] (the other node is its fallback) with nginx's `node` cookie. */
  pin(context: BrowserContext, index: number): Promise<void>;
  /** Starts every node that is not running (after a test killed or drained one). */
  ensureAllRunning(): Promise<void>;
  /** Every server's output, for a failed test's report. */
  logs(): string;
  stop(): Promise<void>;
}

/** The node that answers this page's requests: its same-origin /healthz, with the page's cookies. */
export function nodeOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const res = await fetch('/healthz', { cache: 'no-store' });
    return ((await res.json()) as { node: string }).node;
  });
}

/** The node nginx sends a request pinned to nodes[index] to, right now. */
async function nodeBehind(url: string, index: number): Promise<string | null> {
  try {
    const res = await fetch(`${url}/healthz`, { headers: { cookie: `node=${index}` } });
    return res.ok ? ((await res.json()) as { node: string }).node : null;
  } catch {
    return null;
  }
}

/** Polls `probe` every 200 ms until it is true; the error names what was awaited. */
async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startNode(index: number, port: number, env: Record<string, string>): VestibuleNode {
  const id = `node-${index}`;
  const dir = tempDir(`vestibule-${id}-`);
  const log = new LogBuffer();
  let proc: GroupProcess | undefined;
  const running = () => proc !== undefined && !proc.hasExited();
  const answersAsItself = async (): Promise<boolean> => {
    try {
      const res = await fetch(`http://${HOST}:${port}/healthz`);
      return res.ok && ((await res.json()) as { node?: string }).node === id;
    } catch {
      return false;
    }
  };
  return {
    id,
    port,
    dataDir: dir.path,
    running,
    async start() {
      if (running()) return;
      log.append(`\n[starting ${id} on port ${port}]\n`);
      proc = spawnGroup(process.execPath, ['dist/server/main.js'], {
        name: `Vestibule ${id} on port ${port}`,
        log,
        env: {
          ...process.env,
          ...env,
          NODE_ID: id,
          PORT: String(port),
          HOST,
          DATA_DIR: dir.path,
          // Behind nginx: client addresses come from X-Forwarded-For, and all browsers share one address.
          TRUST_PROXY: '1',
          DEMO: 'off',
          LOG_LEVEL: 'debug',
          SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR: String(64 * 1024 ** 3),
        },
      });
      await waitUntil(`${id} to answer /healthz on port ${port}`, answersAsItself, { timeoutMs: START_TIMEOUT_MS, proc });
    },
    async kill() {
      await proc?.stop('SIGKILL', STOP_TIMEOUT_MS);
    },
    async drain() {
      const started = Date.now();
      await proc?.stop('SIGTERM', STOP_TIMEOUT_MS);
      return Date.now() - started;
    },
    logs: () => log.toString(),
    removeData: () => dir.remove(),
  };
}

export async function startCluster(size = 2): Promise<Cluster> {
  let pg: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;
  let nginx: RunningNginx | undefined;
  const nodes: VestibuleNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(nodes.map((n) => n.drain()));
    for (const n of nodes) n.removeData();
    await Promise.allSettled([nginx?.stop(), redis?.stop(), pg?.stop()]);
  };
  try {
    pg = await startPostgres();
    const databaseUrl = await pg.createDatabase();
    redis = await startRedis();
    // Ports first: nginx needs them, and each node needs nginx's address as its PUBLIC_URL.
    const ports: number[] = [];
    while (ports.length < size) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    nginx = await startNginx({
      upstreams: ports.map((port) => ({ host: HOST, port })),
      pinByCookie: true,
      // A node that was down and is back gets its pinned browsers again within a second.
      failTimeoutSeconds: 1,
    });
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PUBLIC_URL: nginx.url };
    // One after the other: the first runs the migrations and creates the shared secrets.
    for (const [i, port] of ports.entries()) {
      const node = startNode(i, port, env);
      nodes.push(node);
      await node.start();
    }
    const url = nginx.url;
    const running = { pg, redis, nginx };
    return {
      url,
      databaseUrl,
      nodes,
      redis,
      demoLinks: (...args) => demoLinksOn({ dataDir: nodes[0]!.dataDir, baseUrl: url, env: { DATABASE_URL: databaseUrl } }, ...args),
      pin: (context, index) => context.addCookies([{ name: 'node', value: String(index), url }]),
      async ensureAllRunning() {
        for (const [i, n] of nodes.entries()) {
          if (n.running()) continue;
          await n.start();
          // nginx avoids an upstream it failed to reach for a while (fail_timeout): wait until the
          // pinned route leads to this node again, or the next test would start on the wrong one.
          await waitFor(`nginx to route node=${i} to ${n.id} again`, async () => (await nodeBehind(url, i)) === n.id, ROUTE_TIMEOUT_MS);
        }
      },
      logs: () =>
        [
          ...nodes.map((n) => `==== ${n.id}\n${n.logs()}`),
          `==== redis\n${running.redis.logs()}`,
          `==== nginx\n${running.nginx.logs()}`,
        ].join('\n'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** What a page saw of one of its WebSockets (see recordSockets). */
export interface SocketRecord {
  opened: boolean;
  /** The close event's code; null while open. */
  closeCode: number | null;
  /** `self.admission` of the welcome this socket received, if any. */
  welcome: string | null;
}

/** Records every WebSocket the context's pages open: whether it opened, its close code, its welcome. */
export async function recordSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const all: { opened: boolean; closeCode: number | null; welcome: string | null }[] = [];
    (window as unknown as { __sockets: typeof all }).__sockets = all;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        const entry = { opened: false, closeCode: null as number | null, welcome: null as string | null };
        all.push(entry);
        this.addEventListener('open', () => (entry.opened = true));
        this.addEventListener('close', (e) => (entry.closeCode = e.code));
        this.addEventListener('message', (e) => {
          try {
            const m = JSON.parse(String(e.data)) as { type?: string; self?: { admission?: string } };
            if (m.type === 'welcome') entry.welcome = m.self?.admission ?? '?';
          } catch {
            // not JSON: not ours to judge
          }
        });
      }
    } as typeof WebSocket;
  });
}

export function socketsOf(page: Page): Promise<SocketRecord[]> {
  return page.evaluate(() => (window as unknown as { __sockets: SocketRecord[] }).__sockets);
}

/** One sample of the call's peer connection on a page (see watchCall). */
export interface CallSample {
  at: number;
  bytes: number;
  frames: number;
}

export interface CallWatch {
  samples: CallSample[];
  /** The peer connection open at the start is still the only open one, and no other was created. */
  samePeerConnection: boolean;
  openPeerConnections: number;
  createdSince: number;
}

/**
 * Starts sampling, inside the page, inbound video bytes and decoded frames of the one open peer
 * connection (needs visit.ts's instrument()), every `everyMs`. finishWatch() returns the samples.
 */
export async function watchCall(page: Page, everyMs = 500): Promise<void> {
  await page.evaluate((ms) => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __watch?: unknown };
    const open = w.__pcs.filter((pc) => pc.connectionState !== 'closed');
    if (open.length !== 1) throw new Error(`expected one open peer connection, found ${open.length}`);
    const pc = open[0]!;
    const samples: { at: number; bytes: number; frames: number }[] = [];
    const sample = async () => {
      let bytes = 0;
      let frames = 0;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          bytes += s.bytesReceived ?? 0;
          frames += s.framesDecoded ?? 0;
        }
      });
      samples.push({ at: Date.now(), bytes, frames });
    };
    void sample();
    w.__watch = { pc, created: w.__pcs.length, samples, timer: setInterval(() => void sample(), ms) };
  }, everyMs);
}

export function watchedSamples(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __watch: { samples: unknown[] } }).__watch.samples.length);
}

export function finishWatch(page: Page): Promise<CallWatch> {
  return page.evaluate(() => {
    const w = window as unknown as {
      __pcs: RTCPeerConnection[];
      __watch: { pc: RTCPeerConnection; created: number; samples: CallSample[]; timer: ReturnType<typeof setInterval> };
    };
    clearInterval(w.__watch.timer);
    const open = w.__pcs.filter((pc) => pc.connectionState !== 'closed');
    return {
      samples: w.__watch.samples,
      samePeerConnection: open.length === 1 && open[0] === w.__watch.pc,
      openPeerConnections: open.length,
      createdSince: w.__pcs.length - w.__watch.created,
    };
  });
}
