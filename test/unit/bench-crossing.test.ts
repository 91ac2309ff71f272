import { describe, expect, it } from 'vitest';
import { crossingRows } from '../../scripts/bench/signaling/crossing.js';

const run = (p50: number, p99: number) => ({ p50, p99 });

describe("signaling bench: crossing nodes against one node ('Several machines' target)", () => {
  it('sets each run of the pair against the same run of one node, then the medians, and judges the target', () => {
    const rows = crossingRows(
      [
        { build: 'Vestibule', nodes: 1, runs: [run(0.25, 4), run(0.3, 3), run(0.2, 5)] },
        { build: 'Vestibule', nodes: 2, runs: [run(0.75, 7), run(1.5, 5), run(0.6, 12)] },
      ],
      false,
    );
    expect(rows[0]).toEqual(['build', 'p50 ms one node → pair', 'added ms', 'p99 ms one node → pair', 'p99 ratio', 'target met']);
    expect(rows.slice(1)).toEqual([
      ['Vestibule, run 1', '0.25 → 0.75', '+0.50', '4.00 → 7.00', '1.75×', 'yes'],
      // 1.2 ms added at the median misses, though p99 is within 2×.
      ['Vestibule, run 2', '0.30 → 1.50', '+1.20', '3.00 → 5.00', '1.67×', 'no'],
      ['Vestibule, run 3', '0.20 → 0.60', '+0.40', '5.00 → 12.0', '2.40×', 'no'],
      // Medians of each side: p50 0.25 → 0.75, p99 4 → 7.
      ['Vestibule, median', '0.25 → 0.75', '+0.50', '4.00 → 7.00', '1.75×', 'yes'],
    ]);
  });

  it('skips a run either side failed, and a build without both rows', () => {
    const rows = crossingRows(
      [
        { build: 'Vestibule', nodes: 1, runs: [run(0.2, 3), null] },
        { build: 'Vestibule', nodes: 2, runs: [run(0.5, 9), run(0.6, 6)] },
        { build: 'Vestibule abc123', nodes: 2, runs: [run(0.5, 6)] },
      ],
      false,
    );
    expect(rows.map((r) => r[0])).toEqual(['build', 'Vestibule, run 1']);
    expect(crossingRows([{ build: 'Vestibule', nodes: 2, runs: [run(1, 2)] }], false)).toEqual([]);
  });

  it('sets a pair laid out otherwise (a core each) against the same one node, under its own name', () => {
    const rows = crossingRows(
      [
        { build: 'Vestibule', nodes: 1, runs: [run(0.2, 4)] },
        { build: 'Vestibule', nodes: 2, runs: [run(0.6, 9)] },
        { build: 'Vestibule', nodes: 2, label: 'a core each', runs: [run(0.5, 6)] },
      ],
      false,
    );
    expect(rows.slice(1)).toEqual([
      ['Vestibule, run 1', '0.20 → 0.60', '+0.40', '4.00 → 9.00', '2.25×', 'no'],
      ['Vestibule, a core each, run 1', '0.20 → 0.50', '+0.30', '4.00 → 6.00', '1.50×', 'yes'],
    ]);
  });

  it('with visits at once judges p99 only: the median there is the queue', () => {
    const rows = crossingRows(
      [
        { build: 'Vestibule', nodes: 1, runs: [run(700, 900)] },
        { build: 'Vestibule', nodes: 2, runs: [run(860, 1100)] },
        { build: 'Vestibule abc123', nodes: 1, runs: [run(709, 843)] },
        { build: 'Vestibule abc123', nodes: 2, runs: [run(670, 1900)] },
      ],
      true,
    );
    expect(rows[0]?.[5]).toBe('target met (p99)');
    expect(rows[1]).toEqual(['Vestibule, run 1', '700 → 860', '+160', '900 → 1,100', '1.22×', 'yes']);
    // A queue that happened to be shorter reads as time taken off, in the same digits as time added;
    // figures are written as in the bench's other tables (thousands separated).
    expect(rows[2]).toEqual(['Vestibule abc123, run 1', '709 → 670', '-39.0', '843 → 1,900', '2.25×', 'no']);
  });
});
