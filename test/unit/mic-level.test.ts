// The pre-join's microphone level (client/media/mic-level.ts): a short sound anywhere between two
// readings shows on the bar, and silence reads 0.
import { describe, expect, it } from 'vitest';
import { loudestLevel, windowSize } from '../../client/media/mic-level.js';

const RATE = 48_000;
const SLICE = RATE / 100;

/** `ms` of silence with a 400 Hz tone of `amplitude` for `toneMs`, starting at `atMs`. */
function clip(ms: number, atMs: number, toneMs: number, amplitude: number): Float32Array {
  const samples = new Float32Array(windowSize(RATE));
  const total = Math.min(samples.length, (RATE * ms) / 1000);
  const from = (RATE * atMs) / 1000;
  const to = from + (RATE * toneMs) / 1000;
  for (let i = 0; i < total; i++) if (i >= from && i < to) samples[i] = amplitude * Math.sin((2 * Math.PI * 400 * i) / RATE);
  return samples;
}

describe('microphone level', () => {
  it("spans a whole reading's interval, in a size Web Audio accepts", () => {
    for (const rate of [8000, 44_100, 48_000, 96_000]) {
      const size = windowSize(rate);
      expect(Math.log2(size) % 1, `${rate} Hz: a power of two`).toBe(0);
      expect(size, `${rate} Hz: covers 150 ms`).toBeGreaterThanOrEqual((rate * 150) / 1000);
      expect(size, `${rate} Hz: no more than twice that`).toBeLessThan((2 * rate * 150) / 1000);
    }
  });

  it('shows a 20 ms beep wherever it falls in the window', () => {
    for (const at of [0, 40, 75, 120, 140]) {
      expect(loudestLevel(clip(160, at, 20, 0.5), SLICE), `beep at ${at} ms`).toBeGreaterThan(0.5);
    }
  });

  it('reads 0 for silence and grows with loudness', () => {
    expect(loudestLevel(new Float32Array(windowSize(RATE)), SLICE)).toBe(0);
    const quiet = loudestLevel(clip(160, 50, 20, 0.01), SLICE);
    const loud = loudestLevel(clip(160, 50, 20, 0.5), SLICE);
    expect(quiet).toBeGreaterThan(0);
    expect(loud).toBeGreaterThan(quiet);
    expect(loudestLevel(clip(160, 0, 160, 1), SLICE)).toBeLessThanOrEqual(1);
  });
});
