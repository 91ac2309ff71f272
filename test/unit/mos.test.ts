// The E-model call-quality estimate (client/connection-test/mos.ts), checked against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { estimateMos, gradeOf, mosFromR, oneWayDelayMs, rFactor } from '../../client/connection-test/mos.js';

describe('mosFromR (ITU-T G.107 mapping)', () => {
  it('is 1 at or below R = 0 and 4.5 at or above R = 100', () => {
    expect(mosFromR(-5)).toBe(1);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(100)).toBe(4.5);
    expect(mosFromR(120)).toBe(4.5);
  });

  it('matches the formula in between', () => {
    // 1 + 0.035*R + 7e-6*R*(R-60)*(100-R)
    expect(mosFromR(50)).toBeCloseTo(1 + 1.75 + 7e-6 * 50 * -10 * 50, 10);
    expect(mosFromR(80)).toBeCloseTo(1 + 2.8 + 7e-6 * 80 * 20 * 20, 10);
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
  });
});

describe('rFactor', () => {
  it('counts half the round trip, two jitters and 20 ms as one-way delay', () => {
    expect(oneWayDelayMs({ rttMs: 100, jitterMs: 10 })).toBe(90);
  });

  it('a perfect network loses only the small fixed delay', () => {
    // d = 20 ms, Id = 0.024 * 20 = 0.48
    expect(rFactor({ rttMs: 0, jitterMs: 0, lossPct: 0 })).toBeCloseTo(93.2 - 0.48, 10);
  });

  it('delay hurts much more past 177.3 ms one way', () => {
    // d = 200 + 40 + 20 = 260: Id = 0.024*260 + 0.11*(260 - 177.3)
    expect(rFactor({ rttMs: 400, jitterMs: 20, lossPct: 0 })).toBeCloseTo(93.2 - (6.24 + 0.11 * 82.7), 10);
  });

  it('loss impairment follows Ie,eff = 95 * P / (P + 25.1)', () => {
    const noLoss = rFactor({ rttMs: 40, jitterMs: 0, lossPct: 0 });
    expect(noLoss - rFactor({ rttMs: 40, jitterMs: 0, lossPct: 1 })).toBeCloseTo(95 / 26.1, 10);
    expect(noLoss - rFactor({ rttMs: 40, jitterMs: 0, lossPct: 10 })).toBeCloseTo(950 / 35.1, 10);
  });

  it('stays within 0..100', () => {
    expect(rFactor({ rttMs: 5000, jitterMs: 500, lossPct: 90 })).toBe(0);
  });
});

describe('estimateMos and gradeOf', () => {
  it('grades a good home connection excellent', () => {
    const mos = estimateMos({ rttMs: 30, jitterMs: 3, lossPct: 0 });
    expect(mos).toBeCloseTo(4.39, 2);
    expect(gradeOf(mos)).toBe('excellent');
  });

  it('gets worse with each kind of trouble', () => {
    const base = estimateMos({ rttMs: 50, jitterMs: 5, lossPct: 0.5 });
    expect(estimateMos({ rttMs: 300, jitterMs: 5, lossPct: 0.5 })).toBeLessThan(base);
    expect(estimateMos({ rttMs: 50, jitterMs: 60, lossPct: 0.5 })).toBeLessThan(base);
    expect(estimateMos({ rttMs: 50, jitterMs: 5, lossPct: 5 })).toBeLessThan(base);
  });

  it('grades a long, lossy satellite-like link poor or worse', () => {
    const mos = estimateMos({ rttMs: 700, jitterMs: 50, lossPct: 8 });
    expect(mos).toBeLessThan(2.6);
    expect(gradeOf(mos)).toBe('bad');
  });

  it('uses the usual bands', () => {
    expect(gradeOf(4.0)).toBe('excellent');
    expect(gradeOf(3.99)).toBe('good');
    expect(gradeOf(3.6)).toBe('good');
    expect(gradeOf(3.3)).toBe('fair');
    expect(gradeOf(2.7)).toBe('poor');
    expect(gradeOf(2.0)).toBe('bad');
  });
});
