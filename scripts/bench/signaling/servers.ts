// The servers the signaling benchmark compares. Each one is an entry in SERVERS; to add one (e.g. two
// Vestibule nodes through Redis), write a ServerUnderTest and append it there: the load generator
// and the tables only use this interface.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningPostgres, startPostgres } from '../../../test/support/postgres.js';
import { type RunningRedis, startRedis } from '../../../test/support/redis.js';
import { GC_TRACE_ARGS, isGcTraceLine } from './gc-trace.js';
import { INSPECT_ARGS, isInspectorNotice, noteInspector } from './heap.js';
import { canPin } from './proc.js';
import { peerjsProtocol, type SignalingProtocol } from './protocols.js';

/** One visit as the load generator needs it: where to join and with which link tokens. */
export interface SeededVisit {
  appointmentId: string;
  providerToken: string;
  clientToken: string;
}

export interface ServerUnderTest {
  /** Row label in the tables. */
  readonly name: string;
  /** The reference the other rows are compared with (the bare relay). */
  readonly reference?: boolean;
  /** How the load generator speaks to it: Vestibule's protocol unless said otherwise (protocols.ts). */
  readonly protocol?: SignalingProtocol;
  /** Prepares `visits` visits for the next start() (called before start, on a fresh data folder). */
  seed(visits: number): Promise<SeededVisit[]>;
  /** Starts the server process(es), pinned to the server core, and waits until they answer. */
  start(): Promise<void>;
  /** Stops every process and removes its data folder. Safe to call twice or before start. */
  stop(): Promise<void>;
  /** Every process whose CPU time and memory count as "the server" (one per node). */
  readonly pids: number[];
  /** Each of those processes' log, which its stdout, and so its GC trace (gc-trace.ts), goes to; pids' order. */
  readonly logs: string[];
  /**
   * WebSocket URLs, one per node. Visit i's provider joins through urls[i % n] and its client through
   * urls[(i + 1) % n], so with two nodes every visit spans both.
   */
  readonly urls: string[];
  /**
   * Vestibule on PostgreSQL + Redis: its build and node count, so a pair is set against one node
   * (crossing.ts); `label` names a pair laid out otherwise than on the server core.
   */
  readonly crossing?: { build: string; nodes: 1 | 2; label?: string };
}

/** The core servers are pinned to; the load generator takes the other one. */
export const SERVER_CORE = 0;
export const LOADGEN_CORE = 1;

const here = fileURLToPath(new URL('.', import.meta.url));
/** The bundles scripts/bench-signaling.mjs builds next to this one (dist/bench/). */
const bundle = (name: string) => join(here, `${name}.mjs`);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Rejects after `ms` with an error naming what was awaited (a function: described when it times out, with progress). */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${(ms / 1000).toFixed(0)} s waiting for ${typeof what === 'string' ? what : what()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * BENCH_SIGNALING_PROFILE=<dir>: every server writes a V8 CPU profile there when it stops (open it in
 * Chrome DevTools). Profiling slows the servers down: read the tables of such a run as a profile only.
 */
export const PROFILE_DIR = process.env.BENCH_SIGNALING_PROFILE?.trim() || null;
const PROFILE_ARGS = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

/** Every process started here, so an interrupted run still stops them. */
const live = new Set<ChildProcess>();
export function killAllStarted(): void {
  for (const c of live) c.kill('SIGKILL');
}

interface Started {
  pid: number;
  stop(): Promise<void>;
}

/** Starts `node script` pinned to `core` (the server core unless said), output to logFile, and waits for GET healthUrl. */
async function startNodeProcess(
  what: string,
  script: string,
  env: NodeJS.ProcessEnv,
  healthUrl: string,
  logFile: string,
  core = SERVER_CORE,
): Promise<Started> {
  const out = openSync(logFile, 'a');
  const node = [process.execPath, ...GC_TRACE_ARGS, ...PROFILE_ARGS, ...INSPECT_ARGS, script];
  const [cmd, args] = canPin() ? ['taskset', ['-c', String(core), ...node]] : [node[0]!, node.slice(1)];
  // taskset execs node in place, so the child's pid is the server's.
  const child = spawn(cmd as string, args as string[], { env, stdio: ['ignore', out, out] });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => live.delete(child));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited during start-up (code ${child.exitCode}); log: ${logFile}`);
    try {
      if ((await fetch(healthUrl, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Timed out after 20 s waiting for ${what} to answer ${healthUrl}; log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  noteInspector(child.pid!, logFile);
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      try {
        await withTimeout(exited, 15_000, `${what} to exit after SIGTERM`);
      } catch {
        child.kill('SIGKILL');
        await withTimeout(exited, 5_000, `${what} to exit after SIGKILL`);
      }
    },
  };
}

/**
 * What the first start says about the owner's set-up (server/practice/setup-link.ts): meant for an
 * operator, not news in a bench's output. To a log it says how to get the link; builds before 287c206
 * printed the link itself.
 */
const SETUP_NOTICE = [
  /^Create the practice's owner account/,
  /\/practice\/setup#t=/,
  /^The practice has no owner account yet/,
  /setup-link\)?$/,
];
export const isSetupNotice = (line: string) => SETUP_NOTICE.some((re) => re.test(line));

/** A healthy run at LOG_LEVEL=warn logs nothing but its GC trace: show whatever else a server logged before its folder goes. */
function showLog(what: string, logFile: string): void {
  if (!existsSync(logFile)) return;
  const lines = readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l && !isInspectorNotice(l) && !isSetupNotice(l) && !isGcTraceLine(l));
  if (!lines.length) return;
  console.error(`--- ${what} logged ${lines.length} line(s); the last ones:\n${lines.slice(-15).join('\n')}\n---`);
}

/** Environment for a server: this one minus settings that would change what is measured. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['TURN_URLS', 'TURN_SECRET', 'FORCE_RELAY', 'STUN_URLS', 'TRUST_PROXY', 'NODE_OPTIONS']) delete env[k];
  return { ...env, ...extra };
}

/**
 * A server that stores nothing and needs no seeding: one bundled script (dist/bench/<script>.mjs)
 * started with PORT, answering GET healthPath once it listens, with WebSockets on wsPath.
 */
function standalone(opts: {
  name: string;
  what: string;
  script: string;
  healthPath: string;
  wsPath: string;
  reference?: boolean;
  protocol?: SignalingProtocol;
}): ServerUnderTest {
  let proc: Started | null = null;
  let port = 0;
  let dir = '';
  const logFile = () => join(dir, `${opts.script}.log`);
  return {
    name: opts.name,
    ...(opts.reference ? { reference: true } : {}),
    ...(opts.protocol ? { protocol: opts.protocol } : {}),
    async seed(visits) {
      // Nothing to store: the bare relay takes the role from the token and trusts it; PeerJS names a
      // participant by its visit and role, and takes any token.
      return Array.from({ length: visits }, (_, i) => ({
        appointmentId: `visit${i}`,
        providerToken: 'provider-token',
        clientToken: 'client-token',
      }));
    },
    async start() {
      dir = mkdtempSync(join(tmpdir(), `vestibule-bench-${opts.script}-`));
      port = await freePort();
      const health = `http://127.0.0.1:${port}${opts.healthPath}`;
      proc = await startNodeProcess(opts.what, bundle(opts.script), serverEnv({ PORT: String(port) }), health, logFile());
    },
    async stop() {
      await proc?.stop();
      proc = null;
      if (dir) {
        showLog(opts.what, logFile());
        rmSync(dir, { recursive: true, force: true });
      }
      dir = '';
    },
    get pids() {
      return proc ? [proc.pid] : [];
    },
    get logs() {
      return proc ? [logFile()] : [];
    },
    get urls() {
      return [`ws://127.0.0.1:${port}${opts.wsPath}`];
    },
  };
}

/** A minimal `ws` server that forwards each frame to the other participant of its visit (bare-relay.ts). */
export const bareRelay = (): ServerUnderTest =>
  standalone({
    name: 'bare ws relay',
    what: 'the bare relay',
    script: 'bare-relay',
    healthPath: '/healthz',
    wsPath: '/ws',
    reference: true,
  });

/** PeerJS's server (peerjs-server.ts), the most used open-source WebRTC signaling server, in its own protocol. */
export const peerjs = (): ServerUnderTest =>
  standalone({
    name: 'PeerJS server 1.0.2',
    what: 'the PeerJS server',
    script: 'peerjs-server',
    healthPath: '/',
    wsPath: '/peerjs',
    protocol: peerjsProtocol,
  });

/** Seeds in a child process (bundled seed-vestibule.ts) and reads back the visits it wrote to outFile. */
async function runSeed(
  seedScript: string,
  env: NodeJS.ProcessEnv,
  dataDir: string,
  outFile: string,
  visits: number,
  what: string,
  timeoutMs: number,
): Promise<SeededVisit[]> {
  const child = spawn(process.execPath, [seedScript, dataDir, String(visits), outFile], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  live.add(child);
  const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c))), timeoutMs, what).finally(
    () => {
      live.delete(child);
      child.kill('SIGKILL');
    },
  );
  if (code !== 0) throw new Error(`${what} failed (exit code ${code})`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as SeededVisit[];
}

/** A build of Vestibule to run: this checkout's, or an earlier commit's (BENCH_SIGNALING_BASELINE). */
interface VestibuleBuild {
  name: string;
  server: string;
  seed: string;
}

const thisBuild: VestibuleBuild = { name: 'Vestibule', server: 'dist/server/main.js', seed: bundle('seed-vestibule') };

/**
 * Set by scripts/bench-signaling.mjs when BENCH_SIGNALING_BASELINE names a commit: a folder with that
 * commit built, so a change is measured against what came before in the same run, on the same load.
 */
const BASELINE = process.env.BENCH_SIGNALING_BASELINE_DIR
  ? {
      name: `Vestibule ${process.env.BENCH_SIGNALING_BASELINE_LABEL ?? 'baseline'}`,
      server: join(process.env.BENCH_SIGNALING_BASELINE_DIR, 'dist/server/main.js'),
      seed: join(process.env.BENCH_SIGNALING_BASELINE_DIR, 'dist/bench/seed-vestibule.mjs'),
    }
  : null;

/** The real server: dist/server/main.js on a data folder seeded by seed-vestibule.ts in a child process. */
export function vestibule(build: VestibuleBuild = thisBuild): ServerUnderTest {
  let proc: Started | null = null;
  let port = 0;
  let dir = '';
  const dataDir = () => join(dir, 'data');
  return {
    name: build.name,
    async seed(visits) {
      dir = mkdtempSync(join(tmpdir(), 'vestibule-bench-'));
      mkdirSync(dataDir());
      port = await freePort();
      const env = serverEnv({ DATA_DIR: dataDir(), PUBLIC_URL: `http://127.0.0.1:${port}` });
      return runSeed(
        build.seed,
        env,
        dataDir(),
        join(dir, 'visits.json'),
        visits,
        `seeding ${visits} visits into ${dataDir()}`,
        60_000 + visits * 20,
      );
    },
    async start() {
      if (!dir) throw new Error(`${build.name}: seed() must run before start()`);
      const env = serverEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir(),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
        DEMO: 'off',
        // No pings during the run: idle sockets stay idle and nothing but the exchange costs CPU.
        HEARTBEAT_MS: '300000',
      });
      proc = await startNodeProcess(build.name, build.server, env, `http://127.0.0.1:${port}/healthz`, join(dir, 'server.log'));
    },
    async stop() {
      await proc?.stop();
      proc = null;
      if (dir) {
        showLog(build.name, join(dir, 'server.log'));
        rmSync(dir, { recursive: true, force: true });
      }
      dir = '';
    },
    get pids() {
      return proc ? [proc.pid] : [];
    },
    get logs() {
      return proc ? [join(dir, 'server.log')] : [];
    },
    get urls() {
      return [`ws://127.0.0.1:${port}/ws`];
    },
  };
}

/**
 * Vestibule nodes sharing a private PostgreSQL and Redis (the test harness's, started here). With two,
 * each visit's provider joins one node and its client the other, so every relayed frame crosses Redis.
 * With one, the same stores and bus but no crossing: the pair's row minus this one is what crossing
 * nodes costs, where the SQLite row also differs in its store. The nodes are pinned to the server core;
 * PostgreSQL and Redis are not, and their CPU is not counted.
 *
 * `coreEach`: the pair's second node is pinned to the load generator's core instead. Nodes of a real
 * service run on machines of their own; on one core each waits for the other's turn at every frame it
 * passes on, which no deployment has. The load generator, light at a pace, still shares that core, so
 * this row flatters the pair less than machines of their own would.
 */
export function vestibuleNodes(count: 1 | 2, build: VestibuleBuild = thisBuild, coreEach = false): ServerUnderTest {
  let nodes: Started[] = [];
  let ports: number[] = [];
  let dir = '';
  let pg: RunningPostgres | null = null;
  let redis: RunningRedis | null = null;
  let databaseUrl = '';
  const indexes = count === 2 ? [0, 1] : [0];
  return {
    name: count === 1 ? `${build.name}, PostgreSQL + Redis` : `${build.name} ×2 via Redis${coreEach ? ', a core each' : ''}`,
    crossing: { build: build.name, nodes: count, ...(coreEach ? { label: 'a core each' } : {}) },
    async seed(visits) {
      dir = mkdtempSync(join(tmpdir(), `vestibule-bench-${count}n-`));
      pg = await startPostgres();
      redis = await startRedis();
      databaseUrl = await pg.createDatabase();
      // PUBLIC_URL only shapes the seeded links, which the bench does not open.
      const env = serverEnv({ DATABASE_URL: databaseUrl, PUBLIC_URL: 'http://127.0.0.1' });
      return runSeed(
        build.seed,
        env,
        join(dir, 'unused'),
        join(dir, 'visits.json'),
        visits,
        `seeding ${visits} visits into PostgreSQL`,
        120_000 + visits * 40,
      );
    },
    async start() {
      if (!pg || !redis) throw new Error(`${this.name}: seed() must run before start()`);
      nodes = [];
      ports = [];
      for (const i of indexes) {
        // Each port is picked just before its node starts: picked at seeding time, one was once taken
        // meanwhile by an outgoing connection (node 0's to PostgreSQL), and node 1 died on EADDRINUSE.
        const port = await freePort();
        ports.push(port);
        const env = serverEnv({
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: join(dir, `node-${i}`),
          DATABASE_URL: databaseUrl,
          REDIS_URL: redis.url,
          NODE_ID: `bench-${i}`,
          PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
          LOG_LEVEL: 'warn',
          DEMO: 'off',
          HEARTBEAT_MS: '300000',
        });
        nodes.push(
          await startNodeProcess(
            `${build.name} node ${i}`,
            build.server,
            env,
            `http://127.0.0.1:${port}/healthz`,
            join(dir, `node-${i}.log`),
            coreEach && i === 1 ? LOADGEN_CORE : SERVER_CORE,
          ),
        );
      }
    },
    async stop() {
      for (const n of nodes) await n.stop();
      nodes = [];
      await redis?.stop();
      await pg?.stop();
      redis = null;
      pg = null;
      if (dir) {
        for (const i of indexes) showLog(`Vestibule node ${i}`, join(dir, `node-${i}.log`));
        rmSync(dir, { recursive: true, force: true });
      }
      dir = '';
    },
    get pids() {
      return nodes.map((n) => n.pid);
    },
    get logs() {
      return indexes.slice(0, nodes.length).map((i) => join(dir, `node-${i}.log`));
    },
    get urls() {
      return ports.map((p) => `ws://127.0.0.1:${p}/ws`);
    },
  };
}

/** Makes a server for one run; `pacedOnly`: left out of the scenarios of visits at once. */
export type ServerFactory = (() => ServerUnderTest) & { pacedOnly?: boolean };

/**
 * The pair with a core each (see vestibuleNodes): only at a pace, since with visits at once the load
 * generator needs all of its core and would slow down what it measures.
 */
const pairWithACoreEach: ServerFactory = Object.assign(() => vestibuleNodes(2, thisBuild, true), { pacedOnly: true });

/**
 * In table order; the first is the reference. BENCH_SIGNALING_BASELINE=<commit> adds that commit's
 * build after each of this one's (one node on SQLite, one on PostgreSQL and Redis, a pair); BENCH_SIGNALING_TWO_NODES=0 leaves out
 * the Redis pairs (the head's pair with a core each is in paced scenarios only), and BENCH_SIGNALING_ONE_PG_NODE=0 the one node on PostgreSQL and Redis beside them;
 * BENCH_SIGNALING_PEERJS=0 leaves out PeerJS's server.
 */
export const SERVERS: ServerFactory[] = [
  bareRelay,
  ...(process.env.BENCH_SIGNALING_PEERJS === '0' ? [] : [peerjs]),
  () => vestibule(),
  ...(BASELINE ? [() => vestibule(BASELINE)] : []),
  ...(process.env.BENCH_SIGNALING_TWO_NODES === '0'
    ? []
    : [
        ...(process.env.BENCH_SIGNALING_ONE_PG_NODE === '0'
          ? []
          : [() => vestibuleNodes(1), ...(BASELINE ? [() => vestibuleNodes(1, BASELINE)] : [])]),
        () => vestibuleNodes(2),
        ...(BASELINE ? [() => vestibuleNodes(2, BASELINE)] : []),
        pairWithACoreEach,
      ]),
];
