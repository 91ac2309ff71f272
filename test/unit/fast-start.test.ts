// When a call's video, started small, goes up to full size (client/transport/fast-start.ts).
import { describe, expect, it } from 'vitest';
import { RAISE_AFTER_FRAMES, RAISE_AT_KBPS, RAISE_BY_MS, readyForFullSize } from '../../client/transport/fast-start.js';

describe('readyForFullSize', () => {
  it('waits for the first frames to have gone out', () => {
    expect(readyForFullSize({ framesSent: 0, availableKbps: 5000, elapsedMs: 100 })).toBe(false);
    expect(readyForFullSize({ framesSent: RAISE_AFTER_FRAMES - 1, availableKbps: 5000, elapsedMs: 500 })).toBe(false);
    expect(readyForFullSize({ framesSent: RAISE_AFTER_FRAMES, availableKbps: 5000, elapsedMs: 500 })).toBe(true);
  });

  it('with an uplink estimate (Chromium), waits for it to reach the full-size rate', () => {
    expect(readyForFullSize({ framesSent: 30, availableKbps: RAISE_AT_KBPS - 1, elapsedMs: 1000 })).toBe(false);
    expect(readyForFullSize({ framesSent: 30, availableKbps: RAISE_AT_KBPS, elapsedMs: 1000 })).toBe(true);
  });

  it('without one (Firefox), goes up once frames flow', () => {
    expect(readyForFullSize({ framesSent: 30, availableKbps: null, elapsedMs: 600 })).toBe(true);
  });

  it('never keeps a slow link small for good: full size after a few seconds, whatever the readings', () => {
    expect(readyForFullSize({ framesSent: 0, availableKbps: 100, elapsedMs: RAISE_BY_MS - 1 })).toBe(false);
    expect(readyForFullSize({ framesSent: 0, availableKbps: 100, elapsedMs: RAISE_BY_MS })).toBe(true);
  });
});
