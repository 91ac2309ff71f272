import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { withTimeout } from '../support/processes.js';
import { coreWaitCells, coreWaitMarks, mainThreadReading, parseSchedstat, waitBetween } from '../../scripts/bench/signaling/core-wait.js';

describe('signaling bench: how long a server’s main thread waited for its core', () => {
  it('reads the run-queue wait and the turns from a schedstat line, and nothing else', () => {
    expect(parseSchedstat('8452337761 2610402113 4786\n')).toEqual({ waitNs: 2610402113, turns: 4786 });
    for (const bad of ['', '1 2', '1 2 3 4', 'a b c', '1 -2 3']) expect(parseSchedstat(bad)).toBeNull();
    // A process that is not there (one that exited between two marks) has no reading either.
    expect(mainThreadReading(-1)).toBeNull();
  });

  it('adds up the wait of a server’s processes between two marks, or gives none when a reading is missing', () => {
    const from = [
      { waitNs: 1e6, turns: 10 },
      { waitNs: 0, turns: 0 },
    ];
    const to = [
      { waitNs: 4e6, turns: 30 },
      { waitNs: 2.5e6, turns: 20 },
    ];
    expect(waitBetween(from, to)).toEqual({ waitedMs: 5.5, turns: 40 });
    expect(waitBetween([from[0]!, null], to)).toBeNull();
    expect(waitBetween(from, [to[0]!, null])).toBeNull();
  });

  it('prints a phase as the time waited with its share, and the wait per turn in µs', () => {
    expect(coreWaitCells({ waitedMs: 250, turns: 1000 }, 10_000)).toEqual(['250 (2.5%)', '250']);
    expect(coreWaitCells({ waitedMs: 0, turns: 0 }, 0)).toEqual(['0.00', '—']);
    expect(coreWaitCells(null, 1000)).toEqual(['—', '—']);
  });

  describe('on real processes', () => {
    const started: ChildProcess[] = [];
    afterEach(() => {
      for (const c of started) c.kill('SIGKILL');
      started.length = 0;
    });

    /** A process pinned to core 0 that stays busy for 400 ms, says "done", then idles until killed. */
    const busyOnCoreZero = () => {
      const script =
        "const end = performance.now() + 400; while (performance.now() < end); process.stdout.write('done'); setInterval(() => {}, 1000);";
      const child = spawn('taskset', ['-c', '0', process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      started.push(child);
      return child;
    };
    const done = async (child: ChildProcess) => {
      const [chunk] = (await withTimeout(once(child.stdout!, 'data'), 15_000, `busy process ${child.pid} to say it is done`)) as [Buffer];
      expect(chunk.toString(), 'what the busy process wrote once its 400 ms were over').toBe('done');
    };

    it('shows two busy processes on one core waiting for each other', async () => {
      const pair = [busyOnCoreZero(), busyOnCoreZero()];
      // A missing taskset rejects here with its ENOENT.
      await withTimeout(Promise.all(pair.map((c) => once(c, 'spawn'))), 15_000, 'both busy processes to start');
      const pids = pair.map((c) => c.pid!);
      // taskset execs node in place, so each pid is the busy process's own.
      const from = coreWaitMarks(pids);
      await Promise.all(pair.map(done));
      const waited = waitBetween(from, coreWaitMarks(pids));
      expect(waited, 'a schedstat reading of both processes').not.toBeNull();
      // Both wanted the one core for the same 400 ms or so, so each spent much of it waiting for the other.
      expect(waited!.waitedMs).toBeGreaterThan(50);
      expect(waited!.turns).toBeGreaterThan(0);
    });
  });
});
