// Garbage-collection pauses of the servers under test, from V8's own trace: every server process is
// started with --trace-gc, which writes a line per collection to its stdout (its log file here). A
// pause holds every frame that arrives meanwhile, so at a calm pace the longest pauses are often what
// sets relay p99; this lets the tables show the two side by side instead of leaving it to a guess.
import { readFileSync, statSync } from 'node:fs';
import { fmt, ms, msWithShare } from './stats.js';

export const GC_TRACE_ARGS = ['--trace-gc'];

/** The collections traced in a span: all of them, the full (old-generation) ones, the longest and total pause. */
export interface GcPauses {
  collections: number;
  full: number;
  longestMs: number;
  totalMs: number;
}

// Node 20:  [123:0x5d3a]   1793 ms: Scavenge 44.1 (71.2) -> 29.0 (71.2) MB, 1.41 / 0.00 ms  (average mu = …
// Node 22+: [123:0x5d3a]   1793 ms: Scavenge (interleaved) 44.1 (71.2) -> 29.0 (71.2) MB, pooled: 0 MB, 1.41 / 0.00 ms  …
// The first figure after "MB," is the main thread's pause; a full collection's incremental marking
// steps before it are short and not counted.
const TRACE_LINE =
  /^\[\d+:0x[0-9a-f]+\]\s+[\d.]+ ms: (Scavenge|Minor Mark-Sweep|Minor Mark-Compact|Mark-Compact|Mark-Sweep)\b.*? MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/;

export const isGcTraceLine = (line: string): boolean => TRACE_LINE.test(line);

const NONE: GcPauses = { collections: 0, full: 0, longestMs: 0, totalMs: 0 };

/** The pauses traced by the lines of `log` that start at a byte offset in [from, to). */
export function gcPausesIn(log: Buffer, from: number, to: number): GcPauses {
  const out = { ...NONE };
  for (let start = 0; start < log.length && start < to; ) {
    const newline = log.indexOf(10, start);
    const end = newline === -1 ? log.length : newline;
    if (start >= from) {
      const match = TRACE_LINE.exec(log.toString('utf8', start, end));
      if (match) {
        const pause = Number(match[2]);
        out.collections++;
        if (!match[1]!.startsWith('Minor') && match[1] !== 'Scavenge') out.full++;
        out.longestMs = Math.max(out.longestMs, pause);
        out.totalMs += pause;
      }
    }
    start = end + 1;
  }
  return out;
}

/** Several processes' pauses as one server's: counts and time added, the longest of any. */
export function combinePauses(parts: GcPauses[]): GcPauses {
  return parts.reduce(
    (a, b) => ({
      collections: a.collections + b.collections,
      full: a.full + b.full,
      longestMs: Math.max(a.longestMs, b.longestMs),
      totalMs: a.totalMs + b.totalMs,
    }),
    NONE,
  );
}

/** Where each log ends now: a mark taken at a phase's start or end. */
export const logMarks = (logs: readonly string[]): number[] => logs.map((file) => statSync(file).size);

/**
 * The server's pauses between two marks. Read once the later mark's lines are complete (V8 writes each
 * line at once, so any time after the mark); a line counts where it starts.
 */
export function pausesBetween(logs: readonly string[], from: number[], to: number[]): GcPauses {
  return combinePauses(logs.map((file, i) => gcPausesIn(readFileSync(file), from[i]!, to[i]!)));
}

/** A phase's cells in the GC table: collections (full ones), the longest pause, all pauses with their share of the phase. */
export function gcCells(g: GcPauses, phaseMs: number): string[] {
  return [`${fmt(g.collections)} (${fmt(g.full)})`, ms(g.longestMs), msWithShare(g.totalMs, phaseMs)];
}
