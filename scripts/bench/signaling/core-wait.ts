// How long each server's main thread was ready to run but waited for its core, from the kernel's
// schedstat (/proc/PID/schedstat: time on a CPU, time waiting on a run queue, times scheduled in; the
// main thread's, since its task id is the process's). Every server is pinned to one core, where its
// own helper threads (V8's collector and compiler, libuv's pool) and, for a pair, the other node take
// turns with it: a frame that arrives while the thread waits is held as it would be by a GC pause, yet
// neither a profile nor the GC trace shows it. This puts that wait beside the pauses and p99.
import { readFileSync } from 'node:fs';
import { fmt, msWithShare } from './stats.js';

/** One reading of a thread's schedstat, in nanoseconds and times scheduled in. */
export interface SchedReading {
  waitNs: number;
  turns: number;
}

/** The waiting in a span, added up over the server's processes. */
export interface CoreWait {
  waitedMs: number;
  turns: number;
}

/** The three figures of a schedstat line; null for anything else (a kernel without it). */
export function parseSchedstat(text: string): SchedReading | null {
  const fields = text.trim().split(/\s+/).map(Number);
  if (fields.length !== 3 || fields.some((f) => !Number.isFinite(f) || f < 0)) return null;
  return { waitNs: fields[1]!, turns: fields[2]! };
}

/** The main thread's reading now, or null where the kernel gives none. */
export function mainThreadReading(pid: number): SchedReading | null {
  try {
    return parseSchedstat(readFileSync(`/proc/${pid}/schedstat`, 'utf8'));
  } catch {
    return null;
  }
}

/** A mark at a phase's start or end: each process's reading. */
export const coreWaitMarks = (pids: readonly number[]): (SchedReading | null)[] => pids.map(mainThreadReading);

/** The waiting between two marks, or null if any process had no reading at either. */
export function waitBetween(from: readonly (SchedReading | null)[], to: readonly (SchedReading | null)[]): CoreWait | null {
  let waitNs = 0;
  let turns = 0;
  for (const [i, start] of from.entries()) {
    const end = to[i];
    if (!start || !end) return null;
    waitNs += end.waitNs - start.waitNs;
    turns += end.turns - start.turns;
  }
  return { waitedMs: waitNs / 1e6, turns };
}

/** A phase's cells: time waited with its share of the phase, and the mean wait per time scheduled in. */
export function coreWaitCells(w: CoreWait | null, phaseMs: number): string[] {
  if (!w) return ['—', '—'];
  const perTurn = w.turns > 0 ? fmt((1000 * w.waitedMs) / w.turns) : '—';
  return [msWithShare(w.waitedMs, phaseMs), perTurn];
}
