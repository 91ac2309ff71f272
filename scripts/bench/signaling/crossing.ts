// What crossing nodes costs, as "Several machines" states its target: the pair of Vestibule nodes
// (provider on one, client on the other, every frame through Redis) against one node on the same
// PostgreSQL and Redis, of the same build. Runs take turns, so run k of the one node and run k of the
// pair ran minutes apart on the same machine: each is compared with its own, then the medians.

import { fmt, median, ms } from './stats.js';

type Latency = { p50: number; p99: number };

/** Which rows to set against each other: a build's one node and its pair. */
export interface CrossingRow {
  build: string;
  nodes: 1 | 2;
  /** How a pair laid out otherwise than on one core is named (servers.ts). */
  label?: string;
  /** p50 and p99 in ms of each run, in the order run; null for a run that failed. */
  runs: (Latency | null)[];
}

/** The target: crossing adds under this much at the median… */
export const ADDED_P50_MS = 1;
/** …and keeps p99 within this factor of one node. */
export const P99_FACTOR = 2;

/**
 * One line of the table: one node's and the pair's p50 and p99, what was added and the ratio. With
 * visits at once the median is the queue's, not a crossing's, so only p99 is judged.
 */
function line(label: string, one: Latency, pair: Latency, burst: boolean): string[] {
  const added = pair.p50 - one.p50;
  const ratio = pair.p99 / one.p99;
  const met = ratio <= P99_FACTOR && (burst || added < ADDED_P50_MS);
  return [
    label,
    `${ms(one.p50)} → ${ms(pair.p50)}`,
    `${added >= 0 ? '+' : ''}${ms(added)}`,
    `${ms(one.p99)} → ${ms(pair.p99)}`,
    `${fmt(ratio, 2)}×`,
    met ? 'yes' : 'no',
  ];
}

/**
 * Rows (the first is the head) for each build that has both a one-node row and a pair row: every run
 * where both succeeded, then the medians over those runs. Empty when no build has both.
 */
export function crossingRows(rows: CrossingRow[], burst: boolean): string[][] {
  const out: string[][] = [];
  for (const pair of rows.filter((r) => r.nodes === 2)) {
    const one = rows.find((r) => r.nodes === 1 && r.build === pair.build);
    if (!one) continue;
    const both = pair.runs.flatMap((p, k) => {
      const o = one.runs[k];
      return p && o ? [{ o, p, k }] : [];
    });
    const name = pair.label ? `${pair.build}, ${pair.label}` : pair.build;
    for (const { o, p, k } of both) out.push(line(`${name}, run ${k + 1}`, o, p, burst));
    if (both.length >= 2) {
      const of = (side: 'o' | 'p'): Latency => ({ p50: median(both.map((b) => b[side].p50)), p99: median(both.map((b) => b[side].p99)) });
      out.push(line(`${name}, median`, of('o'), of('p'), burst));
    }
  }
  if (out.length === 0) return [];
  const head = [
    'build',
    'p50 ms one node → pair',
    'added ms',
    'p99 ms one node → pair',
    'p99 ratio',
    burst ? 'target met (p99)' : 'target met',
  ];
  return [head, ...out];
}
