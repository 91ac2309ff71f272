// The load generator: drives N visits (provider + client each) through the signaling protocol against
// one ServerUnderTest and measures it. Both participants of a visit live in this process, so a
// timestamp written by the sender (performance.now()) is read on the same clock by the receiver.
//
// Per visit: both open /ws and send hello with their link token; the provider admits the client when
// a roster shows them waiting; both get peer-joined. Then the provider sends an offer (~4 KB of SDP)
// and 10 ICE candidates; the client answers (~4 KB) on receiving the offer and sends 10 candidates.
// 22 relayed signal frames per visit, each carrying its send time. (That is Vestibule's protocol,
// which the bare relay speaks too; PeerJS's server has its own, with no waiting room: protocols.ts.)
import WebSocket from 'ws';
import { type CoreWait, coreWaitMarks, waitBetween } from './core-wait.js';
import { type GcPauses, logMarks, pausesBetween } from './gc-trace.js';
import { liveHeapOf } from './heap.js';
import { kernelCpuMicros, machineBusyMicros, processCpuMicros, rssKiB, writeCalls } from './proc.js';
import { sentAt, vestibuleProtocol } from './protocols.js';
import type { SeededVisit, ServerUnderTest } from './servers.js';

export type Mode = { kind: 'burst' } | { kind: 'paced'; seconds: number };

export const CANDIDATES = 10;
/** Relayed signal frames per visit: offer + answer + CANDIDATES each way. */
export const SIGNALS_PER_VISIT = 2 + 2 * CANDIDATES;
/** Opening handshakes in flight at once, under Node's default listen backlog (511) on both servers. */
const MAX_CONNECTING = 400;
/** Source addresses 127.0.0.1..254: all loopback on Linux; spreads sockets over per-address limits. */
const SOURCE_ADDRESSES = 254;
/** Upgrades per source address the load generator keeps under (the default WS_UPGRADES_PER_MINUTE is 1,200); each server process starts fresh. */
export const PER_ADDRESS_LIMIT = 60;
const SETTLE_MS = 1000;
/**
 * A wait fails when nothing happened for STALL_MS (no frame arrived, no socket opened: something is
 * stuck), or after MAX_WAIT_MS in any case. A slow or busy machine keeps frames coming, so it slows a
 * run down without failing it.
 */
const STALL_MS = 30_000;
const MAX_WAIT_MS = 10 * 60_000;

export interface RunResult {
  visits: number;
  mode: Mode;
  /** First connect to the last participant's peer-joined. */
  joinMs: number;
  /** Burst only: server and load-generator CPU during the join phase (µs). */
  joinServerCpuUs: number | null;
  /** Of joinServerCpuUs, the part spent in the kernel (µs, in 10 ms ticks). */
  joinServerKernelUs: number | null;
  /** The server's write system calls in the join phase (burst only). */
  joinServerWrites: number | null;
  joinLoadgenCpuUs: number | null;
  /** Relay latency of every signal frame, ms, sorted. */
  latencies: Float64Array;
  /** Burst: first signal sent to last received. Paced: the whole run (joins and exchanges overlap). */
  relayMs: number;
  relayServerCpuUs: number;
  /** Of relayServerCpuUs, the part spent in the kernel (µs, in 10 ms ticks). */
  relayServerKernelUs: number;
  relayServerWrites: number;
  relayLoadgenCpuUs: number;
  /** Server RSS growth per participant, KiB: joined and idle (burst) / all done and idle (paced). */
  rssPerParticipantKiB: number;
  /** Growth of the live JS heap (after a full collection, heap.ts) per participant; null without an inspector. */
  heapPerParticipantBytes: number | null;
  /** The server's garbage-collection pauses in the join phase (burst only) and in the relay phase (paced: the whole run). */
  joinGc: GcPauses | null;
  relayGc: GcPauses;
  /** How long the servers' main threads waited for their core (core-wait.ts), in the same phases; null without schedstat. */
  joinCoreWait: CoreWait | null;
  relayCoreWait: CoreWait | null;
  /** CPU other processes used (the machine is shared), in cores: in the join phase (burst only), and in the relay phase (paced: the whole run). */
  joinBackgroundCores: number | null;
  backgroundCores: number;
}

interface Peer {
  ws: WebSocket | null;
  role: 'provider' | 'client';
  visit: VisitRun;
  peerId: string | null;
  received: number;
}
interface VisitRun {
  index: number;
  seeded: SeededVisit;
  provider: Peer;
  client: Peer;
  admitSent: boolean;
  joined: number;
}

class Deferred {
  promise: Promise<void>;
  resolve!: () => void;
  reject!: (e: Error) => void;
  constructor() {
    this.promise = new Promise((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    this.promise.catch(() => {});
  }
}

const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + processCpuMicros(pid), 0);
const kernelOf = (pids: number[]) => pids.reduce((sum, pid) => sum + kernelCpuMicros(pid), 0);
const writesOf = (pids: number[]) => pids.reduce((sum, pid) => sum + writeCalls(pid), 0);
const rssOf = (pids: number[]) => pids.reduce((sum, pid) => sum + rssKiB(pid), 0);
const loadgenCpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `done`, failing on a stall (`progress()` unchanged for STALL_MS) or after MAX_WAIT_MS. */
async function waitProgressing(done: Promise<void>, progress: () => number, what: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  let last = progress();
  let lastChange = started;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const now = Date.now();
      const p = progress();
      if (p !== last) [last, lastChange] = [p, now];
      if (now - lastChange >= STALL_MS) reject(new Error(`Nothing happened for ${STALL_MS / 1000} s while waiting for ${what()}`));
      else if (now - started >= MAX_WAIT_MS) reject(new Error(`Gave up after ${MAX_WAIT_MS / 60_000} min waiting for ${what()}`));
    }, 1000);
  });
  try {
    await Promise.race([done, watchdog]);
  } finally {
    clearInterval(timer);
  }
}

/** Visits run (and closed) before the measured ones, so that neither side is measured cold (JIT). */
export const WARMUP_VISITS = 200;

/**
 * Runs the first `warmup` of `seeded` as an unmeasured burst, closes them, then runs and measures the
 * rest in `mode`.
 */
export async function runVisits(server: ServerUnderTest, seeded: SeededVisit[], mode: Mode, warmup: number): Promise<RunResult> {
  const perAddress = Math.ceil((2 * seeded.length) / SOURCE_ADDRESSES);
  if (perAddress >= PER_ADDRESS_LIMIT) {
    throw new Error(
      `${seeded.length} visits need ${perAddress} sockets per source address, over the /ws limit of ${PER_ADDRESS_LIMIT} per minute`,
    );
  }
  if (warmup > 0) {
    await drive(server, seeded.slice(0, warmup), { kind: 'burst' }, 0, 'warm-up ');
    await sleep(SETTLE_MS); // the server handles the warm-up sockets' closing
  }
  return drive(server, seeded.slice(warmup), mode, 2 * warmup, '');
}

async function drive(
  server: ServerUnderTest,
  seeded: SeededVisit[],
  mode: Mode,
  firstParticipant: number,
  label: string,
): Promise<RunResult> {
  const n = seeded.length;
  const pids = server.pids;
  const urls = server.urls;
  const latencies = new Float64Array(n * SIGNALS_PER_VISIT);
  let samples = 0;
  let joinedVisits = 0;
  let doneVisits = 0;
  let lastJoinedAt = 0;
  let closing = false;
  const allJoined = new Deferred();
  const allDone = new Deferred();
  const fail = (e: Error) => {
    allJoined.reject(e);
    allDone.reject(e);
  };

  // Opening handshakes, at most MAX_CONNECTING at a time.
  const waitingToConnect: Peer[] = [];
  let nextToConnect = 0;
  let connecting = 0;
  let participantNo = firstParticipant;
  const pump = () => {
    while (connecting < MAX_CONNECTING && nextToConnect < waitingToConnect.length) open(waitingToConnect[nextToConnect++]!);
  };

  const protocol = server.protocol ?? vestibuleProtocol;
  const who = (peer: Peer) => `visit ${peer.visit.index} (${peer.role})`;

  const startExchange = (v: VisitRun) => {
    const to = v.provider.peerId!;
    const ws = v.provider.ws!;
    ws.send(protocol.description(to, 'offer', performance.now()));
    for (let k = 0; k < CANDIDATES; k++) ws.send(protocol.candidate(to, k, performance.now()));
  };
  const answer = (v: VisitRun) => {
    const to = v.client.peerId!;
    const ws = v.client.ws!;
    ws.send(protocol.description(to, 'answer', performance.now()));
    for (let k = 0; k < CANDIDATES; k++) ws.send(protocol.candidate(to, k, performance.now()));
  };

  const onSignal = (peer: Peer, frame: Buffer) => {
    const now = performance.now();
    const t = sentAt(frame);
    if (Number.isNaN(t)) return fail(new Error(`${who(peer)}: a signal frame without its send time`));
    latencies[samples++] = now - t;
    const v = peer.visit;
    if (peer.role === 'client' && protocol.isOffer(frame)) answer(v);
    if (++peer.received === SIGNALS_PER_VISIT / 2 && v.provider.received === v.client.received) {
      if (++doneVisits === n) allDone.resolve();
    }
  };

  let framesIn = 0;
  const arrived = () => framesIn + participantNo;
  const onFrame = (peer: Peer, frame: Buffer) => {
    framesIn++;
    if (protocol.isSignal(frame)) return onSignal(peer, frame);
    const v = peer.visit;
    const outcome = protocol.control(frame, peer.role, v.seeded, v.admitSent);
    switch (outcome.kind) {
      case 'admit':
        v.admitSent = true;
        peer.ws!.send(outcome.frame);
        return;
      case 'joined': {
        if (peer.peerId) return fail(new Error(`${who(peer)}: joined a second time`));
        peer.peerId = outcome.peerId;
        if (++v.joined < 2) return;
        lastJoinedAt = performance.now();
        if (mode.kind === 'paced') startExchange(v);
        if (++joinedVisits === n) allJoined.resolve();
        return;
      }
      case 'error':
        return fail(new Error(`${who(peer)}: ${outcome.message}`));
      case 'nothing':
        return;
    }
  };

  const open = (peer: Peer) => {
    connecting++;
    const url = protocol.url(urls[(peer.visit.index + (peer.role === 'client' ? 1 : 0)) % urls.length]!, peer.visit.seeded, peer.role);
    const localAddress = `127.0.0.${1 + (participantNo++ % SOURCE_ADDRESSES)}`;
    const ws = new WebSocket(url, { localAddress, perMessageDeflate: false, handshakeTimeout: 60_000 });
    peer.ws = ws;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      connecting--;
      pump();
      const hello = protocol.hello(peer.visit.seeded, peer.role);
      if (hello) ws.send(hello);
    });
    ws.on('message', (data) => onFrame(peer, data as Buffer));
    ws.on('unexpected-response', (_req, res) =>
      fail(new Error(`${who(peer)}: HTTP ${res.statusCode} to the /ws upgrade from ${localAddress}`)),
    );
    ws.on('error', (e) => fail(new Error(`${who(peer)}: ${opened ? 'socket' : 'connect'} error: ${e.message}`)));
    ws.on('close', (code, reason) => {
      if (!closing) fail(new Error(`${who(peer)}: socket closed by the server (${code} ${String(reason)})`));
    });
  };

  const runs: VisitRun[] = seeded.map((s, index) => {
    const v = { index, seeded: s, admitSent: false, joined: 0 } as VisitRun;
    v.provider = { ws: null, role: 'provider', visit: v, peerId: null, received: 0 };
    v.client = { ws: null, role: 'client', visit: v, peerId: null, received: 0 };
    return v;
  });
  const startVisit = (v: VisitRun) => {
    waitingToConnect.push(v.provider, v.client);
    pump();
  };

  const heap0 = await liveHeapOf(pids);
  const rss0 = rssOf(pids);
  const busy0 = machineBusyMicros();
  const srv0 = cpuOf(pids);
  const krn0 = kernelOf(pids);
  const wr0 = writesOf(pids);
  const lg0 = loadgenCpu();
  const logs = server.logs;
  const gc0 = logMarks(logs);
  const cw0 = coreWaitMarks(pids);
  const t0 = performance.now();
  let pacer: NodeJS.Timeout | undefined;
  try {
    if (mode.kind === 'burst') {
      for (const v of runs) startVisit(v);
      await waitProgressing(
        allJoined.promise,
        arrived,
        () => `${n} ${label}visits to join (both participants peer-joined) on ${server.name}; ${joinedVisits} had`,
      );
      const t1 = performance.now();
      const srv1 = cpuOf(pids);
      const krn1 = kernelOf(pids);
      const wr1 = writesOf(pids);
      const lg1 = loadgenCpu();
      const busy1 = machineBusyMicros();
      const gc1 = logMarks(logs);
      const cw1 = coreWaitMarks(pids);
      await sleep(SETTLE_MS);
      const rss1 = rssOf(pids);
      const heap1 = await liveHeapOf(pids);
      const t2 = performance.now();
      const srv2 = cpuOf(pids);
      const krn2 = kernelOf(pids);
      const wr2 = writesOf(pids);
      const lg2 = loadgenCpu();
      const busy2 = machineBusyMicros();
      const gc2 = logMarks(logs);
      const cw2 = coreWaitMarks(pids);
      for (const v of runs) startExchange(v);
      await waitProgressing(
        allDone.promise,
        arrived,
        () => `${n * SIGNALS_PER_VISIT} ${label}signal frames to arrive on ${server.name}; ${samples} had, ${doneVisits} visits complete`,
      );
      const t3 = performance.now();
      const srv3 = cpuOf(pids);
      const krn3 = kernelOf(pids);
      const wr3 = writesOf(pids);
      const lg3 = loadgenCpu();
      const busy3 = machineBusyMicros();
      const gc3 = logMarks(logs);
      const cw3 = coreWaitMarks(pids);
      return {
        visits: n,
        mode,
        joinMs: t1 - t0,
        joinServerCpuUs: srv1 - srv0,
        joinServerKernelUs: krn1 - krn0,
        joinServerWrites: wr1 - wr0,
        joinLoadgenCpuUs: lg1 - lg0,
        latencies: latencies.subarray(0, samples).sort(),
        relayMs: t3 - t2,
        relayServerCpuUs: srv3 - srv2,
        relayServerKernelUs: krn3 - krn2,
        relayServerWrites: wr3 - wr2,
        relayLoadgenCpuUs: lg3 - lg2,
        rssPerParticipantKiB: (rss1 - rss0) / (2 * n),
        heapPerParticipantBytes: heap0 === null || heap1 === null ? null : (heap1 - heap0) / (2 * n),
        joinGc: pausesBetween(logs, gc0, gc1),
        relayGc: pausesBetween(logs, gc2, gc3),
        joinCoreWait: waitBetween(cw0, cw1),
        relayCoreWait: waitBetween(cw2, cw3),
        joinBackgroundCores: Math.max(0, busy1 - busy0 - (srv1 - srv0) - (lg1 - lg0)) / ((t1 - t0) * 1000),
        backgroundCores: Math.max(0, busy3 - busy2 - (srv3 - srv2) - (lg3 - lg2)) / ((t3 - t2) * 1000),
      };
    }
    const interval = (mode.seconds * 1000) / n;
    let launched = 0;
    const launch = () => {
      const due = Math.min(n, Math.floor((performance.now() - t0) / interval) + 1);
      while (launched < due) startVisit(runs[launched++]!);
      if (launched < n) pacer = setTimeout(launch, Math.max(0, t0 + launched * interval - performance.now()));
    };
    launch();
    await waitProgressing(allJoined.promise, arrived, () => `${n} paced visits to join on ${server.name}; ${joinedVisits} had`);
    await waitProgressing(
      allDone.promise,
      arrived,
      () => `the last paced visits' signal frames to arrive on ${server.name}; ${samples} of ${n * SIGNALS_PER_VISIT} had`,
    );
    const t3 = performance.now();
    const srv3 = cpuOf(pids);
    const krn3 = kernelOf(pids);
    const wr3 = writesOf(pids);
    const lg3 = loadgenCpu();
    const busy3 = machineBusyMicros();
    const gc3 = logMarks(logs);
    const cw3 = coreWaitMarks(pids);
    await sleep(SETTLE_MS);
    const rss1 = rssOf(pids);
    const heap1 = await liveHeapOf(pids);
    return {
      visits: n,
      mode,
      joinMs: lastJoinedAt - t0,
      joinServerCpuUs: null,
      joinServerKernelUs: null,
      joinServerWrites: null,
      joinLoadgenCpuUs: null,
      latencies: latencies.subarray(0, samples).sort(),
      relayMs: t3 - t0,
      relayServerCpuUs: srv3 - srv0,
      relayServerKernelUs: krn3 - krn0,
      relayServerWrites: wr3 - wr0,
      relayLoadgenCpuUs: lg3 - lg0,
      rssPerParticipantKiB: (rss1 - rss0) / (2 * n),
      heapPerParticipantBytes: heap0 === null || heap1 === null ? null : (heap1 - heap0) / (2 * n),
      joinGc: null,
      relayGc: pausesBetween(logs, gc0, gc3),
      joinCoreWait: null,
      relayCoreWait: waitBetween(cw0, cw3),
      joinBackgroundCores: null,
      backgroundCores: Math.max(0, busy3 - busy0 - (srv3 - srv0) - (lg3 - lg0)) / ((t3 - t0) * 1000),
    };
  } finally {
    clearTimeout(pacer);
    closing = true;
    nextToConnect = waitingToConnect.length;
    for (const v of runs) {
      v.provider.ws?.terminate();
      v.client.ws?.terminate();
    }
  }
}
