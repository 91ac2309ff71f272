// `npm run bench:signaling` (see scripts/bench-signaling.mjs): the real Vestibule server against a
// bare `ws` relay, each as its own process pinned to core 0 with the load generator (this process)
// on core 1, through the same exchange: N visits joining at once (100, 1,000, 5,000) and 5,000 visits
// paced over 10 s. Prints one markdown table per scenario, a row per server, ratios to the bare relay.
//
// Environment: BENCH_SIGNALING_SIZES=100,1000,5000 (0: none)  BENCH_SIGNALING_PACED=5000 (a list too; 0: skip)
//              BENCH_SIGNALING_PACED_SECONDS=10  BENCH_SIGNALING_RUNS=1  BENCH_SIGNALING_PROFILE=<dir>
//              BENCH_SIGNALING_BASELINE=<commit> (also runs that commit's build)  BENCH_SIGNALING_TWO_NODES=0
//              BENCH_SIGNALING_ONE_PG_NODE=0  BENCH_SIGNALING_PEERJS=0
// With RUNS > 1 the servers take turns, RUNS times per scenario, and each row shows the run in which
// other processes on the machine used the least CPU (all figures of a row come from one run); with
// RUNS >= 3 a second table gives each figure's median over the runs. A third sets the pair of nodes
// against one node on the same stores, as "Several machines" states its target (crossing.ts). Under
// each scenario's first table, the servers' garbage-collection pauses in the same runs (gc-trace.ts)
// and how long their main threads waited for their core (core-wait.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Mode, PER_ADDRESS_LIMIT, type RunResult, runVisits, SIGNALS_PER_VISIT, WARMUP_VISITS } from './load.js';
import { canPin, coreCount, loadAverage, openFilesLimit, pinSelf } from './proc.js';
import { coreWaitCells } from './core-wait.js';
import { gcCells } from './gc-trace.js';
import { fmt, median, ms } from './stats.js';
import { ADDED_P50_MS, type CrossingRow, crossingRows, P99_FACTOR } from './crossing.js';
import { killAllStarted, LOADGEN_CORE, PROFILE_DIR, SERVER_CORE, SERVERS, type ServerUnderTest } from './servers.js';

/** A comma-separated list of numbers; "0" alone is none (e.g. only the paced scenario). */
const list = (raw: string | undefined, fallback: number[]) =>
  raw === undefined || raw.trim() === '' ? fallback : raw.trim() === '0' ? [] : raw.split(',').map((s) => Number(s.trim()));
const SIZES = list(process.env.BENCH_SIGNALING_SIZES, [100, 1000, 5000]);
const PACED = list(process.env.BENCH_SIGNALING_PACED, [5000]);
const PACED_SECONDS = Number(process.env.BENCH_SIGNALING_PACED_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_SIGNALING_RUNS ?? 1);
/** A phase where the load generator used this much of its core may be measuring the load generator. */
const SATURATED = 0.9;

interface Scenario {
  title: string;
  visits: number;
  mode: Mode;
}
type Outcome = ({ result: RunResult } | { error: string }) & { server: string; reference: boolean; crossing?: ServerUnderTest['crossing'] };

const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

interface Figures {
  joinsPerSec: number;
  cpuPerJoinUs: number | null;
  kernelPerJoinUs: number | null;
  writesPerJoin: number | null;
  p50: number;
  p99: number;
  msgsPerSec: number;
  cpuPerMsgUs: number | null;
  kernelPerMsgUs: number | null;
  writesPerMsg: number | null;
  kibPerParticipant: number;
  heapBytesPerParticipant: number | null;
  serverCores: [number | null, number];
  loadgenCores: [number | null, number];
  /** The server's longest garbage-collection pause in the relay phase (paced: the run), ms. */
  longestGcMs: number;
  /** How long the server's main thread(s) waited for the core in the relay phase (paced: the run), ms; null without schedstat. */
  coreWaitMs: number | null;
}

function figures(r: RunResult): Figures {
  const participants = 2 * r.visits;
  const messages = r.visits * SIGNALS_PER_VISIT;
  const burst = r.mode.kind === 'burst';
  return {
    joinsPerSec: participants / (r.joinMs / 1000),
    cpuPerJoinUs: burst ? r.joinServerCpuUs! / participants : null,
    kernelPerJoinUs: burst ? r.joinServerKernelUs! / participants : null,
    writesPerJoin: burst ? r.joinServerWrites! / participants : null,
    p50: quantile(r.latencies, 0.5),
    p99: quantile(r.latencies, 0.99),
    msgsPerSec: messages / (r.relayMs / 1000),
    cpuPerMsgUs: burst ? r.relayServerCpuUs / messages : null,
    kernelPerMsgUs: burst ? r.relayServerKernelUs / messages : null,
    writesPerMsg: burst ? r.relayServerWrites / messages : null,
    kibPerParticipant: r.rssPerParticipantKiB,
    heapBytesPerParticipant: r.heapPerParticipantBytes,
    serverCores: [burst ? r.joinServerCpuUs! / (r.joinMs * 1000) : null, r.relayServerCpuUs / (r.relayMs * 1000)],
    loadgenCores: [burst ? r.joinLoadgenCpuUs! / (r.joinMs * 1000) : null, r.relayLoadgenCpuUs / (r.relayMs * 1000)],
    longestGcMs: r.relayGc.longestMs,
    coreWaitMs: r.relayCoreWait?.waitedMs ?? null,
  };
}

function table(s: Scenario, outcomes: Outcome[]): string {
  const ref = outcomes.find((o): o is Extract<Outcome, { result: RunResult }> => o.reference && 'result' in o);
  const refFig = ref && figures(ref.result);
  const cell = (value: number | null, text: (x: number) => string, refValue: number | null | undefined, isRef: boolean) => {
    if (value === null) return '—';
    if (isRef || refValue === null || refValue === undefined || refValue === 0) return text(value);
    return `${text(value)} (${fmt(value / refValue, 2)}×)`;
  };
  const pct = (x: number | null) => (x === null ? '—' : `${fmt(100 * x)}%`);
  const head = [
    'server',
    'joins/s',
    'CPU µs/join',
    'of it kernel',
    'writes/join',
    'relay p50 ms',
    'relay p99 ms',
    'msgs/s',
    'CPU µs/msg',
    'of it kernel',
    'writes/msg',
    'KiB/participant',
    'heap B/participant',
    'server core join/relay',
    'load-gen core join/relay',
  ];
  const rows = [head];
  const notes: string[] = [];
  for (const o of outcomes) {
    if ('error' in o) {
      rows.push([o.server, 'failed', ...head.slice(2).map(() => '')]);
      notes.push(`- **${o.server} failed**: ${o.error}`);
      continue;
    }
    const f = figures(o.result);
    const r = o.reference;
    rows.push([
      o.server,
      cell(f.joinsPerSec, (x) => fmt(x), refFig?.joinsPerSec, r),
      cell(f.cpuPerJoinUs, (x) => fmt(x), refFig?.cpuPerJoinUs, r),
      cell(f.kernelPerJoinUs, (x) => fmt(x), refFig?.kernelPerJoinUs, r),
      cell(f.writesPerJoin, (x) => fmt(x, 1), refFig?.writesPerJoin, r),
      cell(f.p50, ms, refFig?.p50, r),
      cell(f.p99, ms, refFig?.p99, r),
      cell(f.msgsPerSec, (x) => fmt(x), refFig?.msgsPerSec, r),
      cell(f.cpuPerMsgUs, (x) => fmt(x, 1), refFig?.cpuPerMsgUs, r),
      cell(f.kernelPerMsgUs, (x) => fmt(x, 1), refFig?.kernelPerMsgUs, r),
      cell(f.writesPerMsg, (x) => fmt(x, 2), refFig?.writesPerMsg, r),
      cell(f.kibPerParticipant, (x) => fmt(x, 1), refFig?.kibPerParticipant, r),
      cell(f.heapBytesPerParticipant, (x) => fmt(x), refFig?.heapBytesPerParticipant, r),
      `${pct(f.serverCores[0])} / ${pct(f.serverCores[1])}`,
      `${pct(f.loadgenCores[0])} / ${pct(f.loadgenCores[1])}`,
    ]);
    for (const [i, phase] of (['join', s.mode.kind === 'burst' ? 'relay' : 'paced run'] as const).entries()) {
      const lg = f.loadgenCores[i];
      const srv = f.serverCores[i];
      if (lg !== null && lg !== undefined && lg >= SATURATED && (srv ?? 0) < SATURATED) {
        notes.push(
          `- **${o.server}, ${phase} phase: the load generator was the bottleneck** (${pct(lg)} of its core, server ${pct(srv ?? null)}): ` +
            `this phase's throughput and latency describe the load generator more than the server${o.reference ? ', so ratios against them understate the gap' : ''}.`,
        );
      }
    }
    const starved = (srv: number, lg: number, bg: number) => Math.max(srv, lg) < SATURATED && bg >= 0.3;
    if (s.mode.kind === 'paced') {
      const offered = (2 * s.visits) / s.mode.seconds;
      const bg = o.result.backgroundCores;
      const [srv, lg] = [f.serverCores[1], f.loadgenCores[1]];
      if (f.joinsPerSec < 0.95 * offered) {
        notes.push(
          `- **${o.server} did not keep up with the offered ${fmt(offered)} joins/s** (${fmt(f.joinsPerSec)}): visits queued, and its latency includes that backlog` +
            (starved(srv, lg, bg)
              ? `. Neither the server (${pct(srv)}) nor the load generator (${pct(lg)}) saturated its core while other processes used ${fmt(bg, 2)} cores: the shared machine held it back.`
              : '.'),
        );
      } else if (bg >= 0.2) {
        notes.push(`- ${o.server}: other processes on the machine used ${fmt(bg, 2)} cores during the run.`);
      }
      continue;
    }
    for (const [i, phase] of (['join', 'relay'] as const).entries()) {
      const bg = i === 0 ? o.result.joinBackgroundCores! : o.result.backgroundCores;
      if (bg < 0.2) continue;
      const srv = f.serverCores[i]!;
      const lg = f.loadgenCores[i]!;
      notes.push(
        `- ${o.server}, ${phase} phase: other processes on the machine used ${fmt(bg, 2)} cores` +
          (starved(srv, lg, bg)
            ? `, and neither the server (${pct(srv)}) nor the load generator (${pct(lg)}) saturated its core: its pace was set by that sharing${phase === 'join' ? '' : ' (or the offer → answer round trips)'}, not by either process. CPU µs and KiB figures hold.`
            : '.'),
      );
    }
  }
  return [`### ${s.title}`, '', markdownTable(rows), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** Rows (the first is the head) as a markdown table: names left-aligned, figures right-aligned. */
function markdownTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  const [first, ...body] = rows.map(line);
  return [first, rule, ...body].join('\n');
}

/**
 * With BENCH_SIGNALING_RUNS >= 3, each figure's median over a server's runs, beside the bare relay's.
 * On a machine whose other tenants take CPU time unseen (a virtual machine's steal), the least
 * disturbed run by the measures above can still be an outlier; a median of each figure is not, at the
 * cost of its figures coming from different runs.
 */
function medians(tries: Outcome[][]): string {
  if (RUNS < 3) return '';
  const columns: [string, (f: Figures) => number | null, (x: number) => string][] = [
    ['joins/s', (f) => f.joinsPerSec, (x) => fmt(x)],
    ['CPU µs/join', (f) => f.cpuPerJoinUs, (x) => fmt(x)],
    ['relay p50 ms', (f) => f.p50, ms],
    ['relay p99 ms', (f) => f.p99, ms],
    ['CPU µs/msg', (f) => f.cpuPerMsgUs, (x) => fmt(x, 1)],
    ['KiB/participant', (f) => f.kibPerParticipant, (x) => fmt(x, 1)],
    ['longest GC pause ms', (f) => f.longestGcMs, ms],
    ['waited for core ms', (f) => f.coreWaitMs, ms],
  ];
  const medianOf = (t: Outcome[], pick: (f: Figures) => number | null) => {
    const xs = t.flatMap((o) => ('result' in o ? [pick(figures(o.result))] : [])).filter((x): x is number => x !== null);
    return xs.length ? median(xs) : null;
  };
  const ref = tries.find((t) => t[0]?.reference);
  const rows = [['server', 'runs', ...columns.map(([name]) => name)]];
  for (const t of tries) {
    const ok = t.filter((o) => 'result' in o).length;
    const cells = columns.map(([, pick, text]) => {
      const value = medianOf(t, pick);
      const refValue = ref && ref !== t ? medianOf(ref, pick) : null;
      if (value === null) return '—';
      return refValue ? `${text(value)} (${fmt(value / refValue, 2)}×)` : text(value);
    });
    rows.push([t[0]?.server ?? '?', `${ok} of ${t.length}`, ...cells]);
  }
  return `Median of each figure over the runs (each column on its own; the ratio is to the bare relay's median):\n\n${markdownTable(rows)}\n`;
}

const disturbance = (r: RunResult) => (r.joinBackgroundCores ?? 0) + r.backgroundCores;

/**
 * With BENCH_SIGNALING_RUNS > 1, each server's figures in every run, in the order run: how far apart
 * they are says how much of a difference between two rows the machine alone could make.
 */
function everyRun(tries: Outcome[][]): string {
  if (RUNS < 2) return '';
  const list = (xs: (number | null)[], text: (x: number) => string) => xs.map((x) => (x === null ? '—' : text(x))).join(', ');
  const lines = tries.map((t) => {
    const runs = t.map((o) => ('result' in o ? figures(o.result) : null));
    const of = (pick: (f: Figures) => number | null) => runs.map((f) => (f ? pick(f) : null));
    const burst = runs.some((f) => f?.cpuPerJoinUs !== null);
    const cpu = burst
      ? `CPU µs/join ${list(
          of((f) => f.cpuPerJoinUs),
          (x) => fmt(x),
        )}; CPU µs/msg ${list(
          of((f) => f.cpuPerMsgUs),
          (x) => fmt(x, 1),
        )}; `
      : '';
    return `- ${t[0]?.server ?? '?'}: ${cpu}relay p99 ms ${list(
      of((f) => f.p99),
      ms,
    )}; longest GC pause ms ${list(
      of((f) => f.longestGcMs),
      ms,
    )}; waited for core ms ${list(
      of((f) => f.coreWaitMs),
      ms,
    )}`;
  });
  return `Every run, in the order run (the table keeps each server's least disturbed one):\n${lines.join('\n')}\n`;
}

/**
 * The servers' garbage-collection pauses (gc-trace.ts) and their main threads' waits for the core
 * (core-wait.ts) in the runs the first table keeps, beside their relay p99: a frame that arrives during
 * either waits for it, so where they come near p99, they rather than the relaying itself set the tail.
 */
function stallTable(s: Scenario, outcomes: Outcome[]): string {
  const burst = s.mode.kind === 'burst';
  const phases = burst ? ['join', 'relay'] : ['run'];
  const head = [
    'server',
    ...phases.flatMap((p) => [
      `${p}: collections (full)`,
      `${p}: longest pause ms`,
      `${p}: paused ms (share)`,
      `${p}: waited for core ms (share)`,
      `${p}: µs per turn`,
    ]),
    'relay p99 ms',
  ];
  const rows = [head];
  for (const o of outcomes) {
    if (!('result' in o)) continue;
    const r = o.result;
    const join = burst && r.joinGc ? [...gcCells(r.joinGc, r.joinMs), ...coreWaitCells(r.joinCoreWait, r.joinMs)] : [];
    const relay = [...gcCells(r.relayGc, r.relayMs), ...coreWaitCells(r.relayCoreWait, r.relayMs)];
    rows.push([o.server, ...join, ...relay, ms(figures(r).p99)]);
  }
  if (rows.length === 1) return '';
  return (
    "\nGarbage collection and waiting for the core in the server (a server of two nodes adds up both, its longest pause is either's), " +
    `in the runs the first table keeps:\n\n${markdownTable(rows)}\n`
  );
}

/** The pair of nodes against one node of the same build, run by run and in medians (crossing.ts). */
function crossingTable(s: Scenario, tries: Outcome[][]): string {
  const rows: CrossingRow[] = tries.flatMap((t) => {
    const c = t[0]?.crossing;
    return c ? [{ ...c, runs: t.map((o) => ('result' in o ? figures(o.result) : null)) }] : [];
  });
  const table = crossingRows(rows, s.mode.kind === 'burst');
  if (table.length === 0) return '';
  const target = `under ${ADDED_P50_MS} ms added at the median, p99 within ${P99_FACTOR}× of one node`;
  const burst =
    s.mode.kind === 'burst' ? " With visits at once the median is the queue's, so only p99 is judged; the median is judged at a pace." : '';
  return `Crossing nodes: the pair against one node on PostgreSQL + Redis, each run against its own (target: ${target}).${burst}\n\n${markdownTable(table)}\n`;
}

async function runOne(make: () => ServerUnderTest, s: Scenario): Promise<Outcome> {
  const server = make();
  const reference = !!server.reference;
  const crossing = server.crossing;
  try {
    const seeded = await server.seed(WARMUP_VISITS + s.visits);
    await server.start();
    process.stdout.write(`  ${server.name}: running… `);
    const result = await runVisits(server, seeded, s.mode, WARMUP_VISITS);
    process.stdout.write('done\n');
    return { server: server.name, reference, crossing, result };
  } catch (e) {
    process.stdout.write('\n');
    console.error(`  ${server.name} failed: ${(e as Error).message}`);
    return { server: server.name, reference, crossing, error: (e as Error).message };
  } finally {
    await server.stop().catch((e: Error) => console.error(`  stopping ${server.name}: ${e.message}`));
  }
}

const LEGEND = `- joins/s: participants from opening /ws to peer-joined, per second (hello, roster, admit, admission, peer-joined).
- CPU µs/join, CPU µs/msg: server process CPU time (all threads, /proc/PID/task/*/schedstat) in the join phase
  per participant, in the relay phase per relayed signal frame; "—" for the paced run, where the two overlap
  (see its server core share instead).
- of it kernel: the part of that CPU time the kernel spent for the server (stime in /proc/PID/stat, counted in
  10 ms ticks: a phase of a second or more reads to within a few percent). On loopback a write also runs the
  receiving side's TCP path and wakes the reader, and that time is the writer's: a server whose load generator
  waits idle between its writes (a slower server) pays more of it per write than one kept busy.
- writes/join, writes/msg: the server's write system calls (syscw in /proc/PID/io) per participant in the join
  phase and per relayed frame: how well it gathers what it sends into one write per socket and turn.
- relay p50/p99: send-to-receive time of every signal frame; the sender writes performance.now() into the
  payload, the receiver (same process, same clock) reads it.
- msgs/s: signal frames relayed per second (${SIGNALS_PER_VISIT} per visit: offer and answer of ~4 KB, 10 ICE candidates each way).
- KiB/participant: growth of the server's VmRSS from just before the measured visits connect to all of them
  joined and idle (paced: all done and idle), divided by participants. RSS grows in steps (V8 heap, malloc
  arenas), so below a few thousand participants this is mostly noise: read the 5,000-visit rows.
- heap B/participant (BENCH_SIGNALING_HEAP=1, "—" without): growth of the server's live JavaScript heap over the
  same span, each end read after a full garbage collection through the process's inspector (heap.ts): steady
  to a few bytes, where RSS is not, but that collection inflates the RSS column of such a run. Memory outside
  the JS heap (sockets' native parts, buffers) is in the RSS column only.
- core join/relay: share of one core the server and the load generator used in each phase.
- Garbage collection (the table under each scenario's first): every server process runs with V8's --trace-gc,
  and each phase counts the collections traced in it (full: of the old generation too), the longest main-thread
  pause and all pauses added up, with their share of the phase's wall time. Incremental marking steps before a
  full collection are not counted. "longest GC pause ms" in the run lists and medians is the relay phase's (paced:
  the whole run's).
- waited for core (same table, run lists and medians): how long the server's main thread was ready to run but
  waited its turn on its core (/proc/PID/schedstat's run-queue time), with its share of the phase, and that wait
  per time the thread was scheduled in (µs per turn). The servers are pinned to one core, which the main thread
  shares with its own helper threads (V8's collector and compiler) and, in a pair, with the other node: a frame
  arriving meanwhile is held as by a GC pause. A pair's two nodes are added up, so its share can pass 100%.
  "—" on a kernel without schedstat.
- (n×): this server's figure divided by the bare relay's.
Each server process first runs ${WARMUP_VISITS} unmeasured visits (then closes them), so neither side is measured cold.
The machine may be shared: CPU µs and KiB figures hold under other load, throughput and latency do not (see the
notes under each table). BENCH_SIGNALING_RUNS=n repeats each scenario and keeps each server's least disturbed run;
with n >= 3 it also prints each figure's median over the runs, steadier where the machine's noise is unseen.`;

async function main(): Promise<void> {
  const scenarios: Scenario[] = SIZES.map((visits) => ({
    title: `${fmt(visits)} visits at once (${fmt(2 * visits)} participants, ${fmt(visits * SIGNALS_PER_VISIT)} signal frames)`,
    visits,
    mode: { kind: 'burst' } as Mode,
  }));
  for (const visits of PACED) {
    scenarios.push({
      title: `${fmt(visits)} visits paced over ${PACED_SECONDS} s (${fmt(visits / PACED_SECONDS)} visits/s, each exchanging signals as soon as it joined)`,
      visits,
      mode: { kind: 'paced', seconds: PACED_SECONDS },
    });
  }
  for (const s of scenarios) {
    if (!Number.isInteger(s.visits) || s.visits < 1) throw new Error(`Not a number of visits: ${s.visits}`);
  }
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_SIGNALING_RUNS must be a whole number from 1 (got ${RUNS})`);
  const most = WARMUP_VISITS + Math.max(...scenarios.map((s) => s.visits));
  const needFds = 2 * most + 200;
  if (openFilesLimit() < needFds) {
    throw new Error(
      `${most} visits (warm-up included) need about ${needFds} open files per process, the limit is ${openFilesLimit()}: ` +
        `run through npm run bench:signaling (it raises ulimit -n) or raise it yourself`,
    );
  }
  if (Math.ceil((2 * most) / 254) >= PER_ADDRESS_LIMIT) {
    throw new Error(`At most ${Math.floor((254 * (PER_ADDRESS_LIMIT - 1)) / 2) - WARMUP_VISITS} visits fit the /ws per-address limit`);
  }
  const pinned = canPin();
  if (pinned) pinSelf(LOADGEN_CORE);
  const cpuModel = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  console.log(
    `\nVestibule signaling benchmark: ${coreCount()} cores (${cpuModel}), Node ${process.version}, load average ${loadAverage()}`,
  );
  console.log(
    pinned
      ? `Servers pinned to core ${SERVER_CORE}, the load generator to core ${LOADGEN_CORE}; all traffic on 127.0.0.x.\n`
      : 'WARNING: cannot pin (one core or no taskset): server and load generator share the CPU; figures are not comparable.\n',
  );
  if (PROFILE_DIR)
    console.log(`Servers write CPU profiles to ${PROFILE_DIR}: profiling slows them, so these tables are not a benchmark.\n`);
  const all: { scenario: Scenario; outcomes: Outcome[]; tries: Outcome[][] }[] = [];
  for (const s of scenarios) {
    console.log(`${s.title} (load average ${loadAverage()}${RUNS > 1 ? `, ${RUNS} runs each` : ''})`);
    const servers = SERVERS.filter((make) => !(make.pacedOnly && s.mode.kind === 'burst'));
    const tries: Outcome[][] = servers.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, make] of servers.entries()) tries[i]!.push(await runOne(make, s));
    }
    // The least disturbed run of each server; a failure only when every run failed.
    const outcomes = tries.map(
      (t) =>
        t
          .filter((o): o is Extract<Outcome, { result: RunResult }> => 'result' in o)
          .sort((a, b) => disturbance(a.result) - disturbance(b.result))[0] ?? t[0]!,
    );
    all.push({ scenario: s, outcomes, tries });
  }
  console.log('');
  for (const { scenario, outcomes, tries } of all)
    console.log(
      `${table(scenario, outcomes)}\n${stallTable(scenario, outcomes)}\n${everyRun(tries)}\n${medians(tries)}\n${crossingTable(scenario, tries)}`,
    );
  console.log(LEGEND);
  mkdirSync('dist/bench', { recursive: true });
  writeFileSync(
    'dist/bench/signaling-results.json',
    JSON.stringify(
      all.map(({ scenario, outcomes, tries }) => ({
        scenario,
        outcomes: outcomes.map((o) =>
          'error' in o ? o : { server: o.server, reference: o.reference, ...figures(o.result), raw: { ...o.result, latencies: undefined } },
        ),
        everyRun: tries.map((t) => t.map((o) => ('error' in o ? o : { server: o.server, ...figures(o.result) }))),
      })),
      null,
      2,
    ),
  );
  console.log('\nRaw figures: dist/bench/signaling-results.json');
  if (all.some(({ outcomes }) => outcomes.some((o) => 'error' in o))) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllStarted();
    process.exit(130);
  });
}
try {
  await main();
} catch (e) {
  console.error(`bench:signaling: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  killAllStarted();
}
// Sockets and timers of a failed run must not keep the process alive.
setTimeout(() => process.exit(), 100).unref();
