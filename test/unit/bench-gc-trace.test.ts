import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { combinePauses, gcCells, gcPausesIn, logMarks, pausesBetween } from '../../scripts/bench/signaling/gc-trace.js';

// Lines as V8 writes them: Node 20's form, then the one Node 22 and later write.
const SCAVENGE_20 =
  '[3651:0x1abefd70]     1793 ms: Scavenge 44.1 (71.2) -> 29.0 (71.2) MB, 1.41 / 0.00 ms  (average mu = 0.955, current mu = 0.955) allocation failure; ';
const FULL_20 =
  '[3651:0x1abefd70]     2040 ms: Mark-Compact 52.1 (72.2) -> 38.5 (72.7) MB, 20.58 / 0.10 ms  (+ 4.1 ms in 12 steps since start of marking, biggest step 1.2 ms, walltime since start of marking 180 ms) (average mu = 0.950, current mu = 0.940) finalize incremental marking via task; GC in old space requested';
const SCAVENGE_22 =
  '[99:0x7f00aa]      512 ms: Scavenge (interleaved) 3.9 (4.2) -> 3.5 (5.2) MB, pooled: 0 MB, 0.87 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ';
const FULL_22 =
  '[99:0x7f00aa]      900 ms: Mark-Compact (reduce) 6.1 (9.0) -> 4.0 (8.0) MB, pooled: 1 MB, 3.25 / 0.00 ms  (average mu = 0.99) testing; ';
const LOG_LINE = '{"level":40,"time":1,"msg":"rate limited: a client sent too many frames","node":"bench-0"}';

const bytes = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

describe('signaling bench: GC pauses from V8’s trace', () => {
  it('counts each collection’s main-thread pause, full ones apart, and skips every other line', () => {
    const log = bytes(LOG_LINE, SCAVENGE_20, FULL_20, 'Create the practice’s owner account: …', SCAVENGE_22, FULL_22);
    const g = gcPausesIn(log, 0, log.length);
    expect(g).toEqual({ collections: 4, full: 2, longestMs: 20.58, totalMs: expect.closeTo(1.41 + 20.58 + 0.87 + 3.25, 6) });
  });

  it('takes the lines that start within the byte span, whole, whatever comes before them', () => {
    // Multi-byte text first, so a character index and a byte offset differ.
    const head = bytes('{"msg":"é è ê ë — café"}');
    const log = Buffer.concat([head, bytes(SCAVENGE_20, FULL_20, SCAVENGE_22)]);
    const second = head.length + Buffer.byteLength(`${SCAVENGE_20}\n`);
    const third = second + Buffer.byteLength(`${FULL_20}\n`);
    // From the second line's first byte to one byte into it: that line only, read to its end.
    expect(gcPausesIn(log, second, second + 1)).toMatchObject({ collections: 1, full: 1, longestMs: 20.58 });
    // A span starting one byte into a line leaves that line out.
    expect(gcPausesIn(log, head.length + 1, third)).toMatchObject({ collections: 1, longestMs: 20.58 });
    expect(gcPausesIn(log, third, log.length)).toMatchObject({ collections: 1, full: 0, longestMs: 0.87 });
    expect(gcPausesIn(log, log.length, log.length)).toEqual({ collections: 0, full: 0, longestMs: 0, totalMs: 0 });
  });

  it('adds up the nodes of one server, keeping the longest pause of either', () => {
    const a = { collections: 3, full: 1, longestMs: 9, totalMs: 12 };
    const b = { collections: 2, full: 0, longestMs: 14, totalMs: 15 };
    expect(combinePauses([a, b])).toEqual({ collections: 5, full: 1, longestMs: 14, totalMs: 27 });
    expect(combinePauses([])).toEqual({ collections: 0, full: 0, longestMs: 0, totalMs: 0 });
  });

  describe('between marks taken on log files', () => {
    let dir = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'vestibule-gc-trace-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('counts only what each process traced after the first mark and before the second', () => {
      const logs = [join(dir, 'node-0.log'), join(dir, 'node-1.log')];
      writeFileSync(logs[0]!, bytes(FULL_20));
      writeFileSync(logs[1]!, '');
      const from = logMarks(logs);
      appendFileSync(logs[0]!, bytes(SCAVENGE_20, LOG_LINE));
      appendFileSync(logs[1]!, bytes(SCAVENGE_22));
      const to = logMarks(logs);
      appendFileSync(logs[1]!, bytes(FULL_22));
      expect(pausesBetween(logs, from, to)).toEqual({ collections: 2, full: 0, longestMs: 1.41, totalMs: expect.closeTo(2.28, 6) });
    });
  });

  it('prints a phase as collections (full ones), the longest pause and all pauses with their share of the phase', () => {
    expect(gcCells({ collections: 1234, full: 3, longestMs: 42.04, totalMs: 250 }, 10_000)).toEqual(['1,234 (3)', '42.0', '250 (2.5%)']);
    expect(gcCells({ collections: 0, full: 0, longestMs: 0, totalMs: 0 }, 0)).toEqual(['0 (0)', '0.00', '0.00']);
  });

  it('reads the trace this Node.js writes, a young and a full collection', () => {
    // Forced collections of both kinds, so the test holds whatever V8 this runs on, not only the lines above.
    const out = execFileSync(process.execPath, ['--trace-gc', '--expose-gc', '-e', "gc({ type: 'minor' }); gc();"]);
    const g = gcPausesIn(out, 0, out.length);
    expect(g.collections).toBeGreaterThanOrEqual(2);
    expect(g.full).toBeGreaterThanOrEqual(1);
    expect(g.collections - g.full).toBeGreaterThanOrEqual(1);
    expect(g.longestMs).toBeGreaterThan(0);
  });
});
