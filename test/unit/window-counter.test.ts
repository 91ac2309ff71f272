import { describe, expect, it } from 'vitest';
import { MemoryWindowCounter, msUntilAtMost, slidingCount } from '../../server/signaling/window-counter.js';

const MINUTE = 60_000;

describe('counts over the last minute', () => {
  it("adds this minute's count to the share of the previous minute's still within the last 60 s", () => {
    expect(slidingCount({ current: 3, previous: 10 }, 0, MINUTE)).toBe(13);
    expect(slidingCount({ current: 3, previous: 10 }, 30_000, MINUTE)).toBe(8);
    expect(slidingCount({ current: 3, previous: 10 }, 45_000, MINUTE)).toBe(5.5);
  });

  it('says how long until the count leaves room, with no more events', () => {
    // Within this minute: 2 + 10 × (60 − 30 − d)/60 ≤ 4 once d ≥ 18 s.
    expect(msUntilAtMost({ current: 2, previous: 10 }, 4, 30_000, MINUTE)).toBe(18_000);
    // This minute alone is over: it must shrink in the next. 3 × (1 − d'/60) ≤ 1 once d' ≥ 40 s, after the 15 s left.
    expect(msUntilAtMost({ current: 3, previous: 0 }, 1, 45_000, MINUTE)).toBe(55_000);
    expect(msUntilAtMost({ current: 1, previous: 1 }, 4, 10_000, MINUTE)).toBe(0);
  });

  it('a burst across the turn of a minute is counted whole', async () => {
    let now = 5 * MINUTE + 59_000;
    const counter = new MemoryWindowCounter(MINUTE, () => now);
    for (let i = 0; i < 5; i++) await counter.hit('address');
    now += 2_000; // one second into the next minute
    const counts = [];
    for (let i = 0; i < 5; i++) counts.push((await counter.hit('address')).count);
    // A clock minute alone would start again at 1.
    expect(counts[0]).toBeCloseTo(1 + 5 * (59 / 60));
    expect(counts[4]).toBeCloseTo(5 + 5 * (59 / 60));
    expect((await counter.peek('other')).count).toBe(0);
  });

  it('forgets a minute once a whole minute has passed after it', async () => {
    let now = 7 * MINUTE;
    const counter = new MemoryWindowCounter(MINUTE, () => now);
    await counter.hit('address');
    await counter.hit('address');
    now += MINUTE + 30_000;
    const reading = await counter.peek('address');
    expect(reading.count).toBe(1);
    expect(reading.msUntilAtMost(0)).toBe(30_000);
    expect(reading.secondsUntilAtMost(0)).toBe(30);
    now += 2 * MINUTE;
    expect((await counter.peek('address')).count).toBe(0);
  });
});
