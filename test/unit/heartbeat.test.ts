// One timer pings every socket (server/signaling/heartbeat.ts): each once per interval, never all in
// one burst, and none after it closed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatSweep } from '../../server/signaling/heartbeat.js';

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
    vi.advanceTimersByTime(INTERVAL / 8);
    // One tick pings one slice: an eighth of the sockets, not all of them at once.
    expect(all.filter((t) => t.beats === 1)).toHaveLength(10);
    vi.advanceTimersByTime(INTERVAL - INTERVAL / 8);
    expect(all.every((t) => t.beats === 1)).toBe(true);
    vi.advanceTimersByTime(3 * INTERVAL);
    expect(all.every((t) => t.beats === 4)).toBe(true);
    sweep.stop();
  });

  it('no beat after a socket is removed; no timer once none is left', () => {
    const sweep = new HeartbeatSweep(INTERVAL);
    const [kept, closed] = targets(2);
    sweep.add(kept!);
    sweep.add(closed!);
    vi.advanceTimersByTime(INTERVAL);
    sweep.delete(closed!);
    vi.advanceTimersByTime(2 * INTERVAL);
    expect([kept!.beats, closed!.beats]).toEqual([3, 1]);
    sweep.delete(kept!);
    expect(vi.getTimerCount()).toBe(0);
  });
});
