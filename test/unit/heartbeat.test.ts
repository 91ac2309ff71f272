// One timer pings every socket (server/signaling/heartbeat.ts): each once per interval, the first an
// interval after it opened, a few at a time, and none after it closed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatSweep, SWEEP_TICK_MS } from '../../server/signaling/heartbeat.js';

const INTERVAL = 800;

describe('HeartbeatSweep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const targets = (n: number) =>
    Array.from({ length: n }, () => ({
      beats: 0,
      beat() {
        this.beats++;
      },
    }));

  it('beats every socket once per interval, a slice at a time', () => {
    const sweep = new HeartbeatSweep(INTERVAL);
    const all = targets(80);
    for (const t of all) sweep.add(t);
    vi.advanceTimersByTime(SWEEP_TICK_MS);
    // One tick pings one slice (800 ms / 100 ms: an eighth of the sockets), not all of them at once.
    expect(all.filter((t) => t.beats === 1)).toHaveLength(10);
    vi.advanceTimersByTime(INTERVAL - SWEEP_TICK_MS);
    expect(all.every((t) => t.beats === 1)).toBe(true);
    vi.advanceTimersByTime(3 * INTERVAL);
    expect(all.every((t) => t.beats === 4)).toBe(true);
    sweep.stop();
  });

  it('pings a socket first about one interval after it opened, not sooner', () => {
    const sweep = new HeartbeatSweep(INTERVAL);
    const [early, opened] = targets(2);
    sweep.add(early!);
    vi.advanceTimersByTime(3 * SWEEP_TICK_MS);
    sweep.add(opened!);
    vi.advanceTimersByTime(INTERVAL - SWEEP_TICK_MS);
    expect(opened!.beats).toBe(0);
    vi.advanceTimersByTime(SWEEP_TICK_MS);
    expect(opened!.beats).toBe(1);
    vi.advanceTimersByTime(INTERVAL);
    expect(opened!.beats).toBe(2);
    sweep.stop();
  });

  it('no beat after a socket is removed; no timer once none is left', () => {
    const sweep = new HeartbeatSweep(INTERVAL);
    const [kept, closed] = targets(2);
    const keptSlice = sweep.add(kept!);
    const closedSlice = sweep.add(closed!);
    vi.advanceTimersByTime(INTERVAL);
    sweep.delete(closed!, closedSlice);
    vi.advanceTimersByTime(2 * INTERVAL);
    expect([kept!.beats, closed!.beats]).toEqual([3, 1]);
    sweep.delete(kept!, keptSlice);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with the default 20 s and 10,000 sockets, pings at most 50 in a tick, every socket once per interval', () => {
    const interval = 20_000;
    const sweep = new HeartbeatSweep(interval);
    const all = targets(10_000);
    for (const t of all) sweep.add(t);
    let pinged = 0;
    let most = 0;
    for (let elapsed = 0; elapsed < interval; elapsed += SWEEP_TICK_MS) {
      vi.advanceTimersByTime(SWEEP_TICK_MS);
      const now = all.reduce((sum, t) => sum + t.beats, 0);
      most = Math.max(most, now - pinged);
      pinged = now;
    }
    expect(most).toBe(50);
    expect(all.every((t) => t.beats === 1)).toBe(true);
    sweep.stop();
  });
});
