import { describe, expect, it } from 'vitest';
import { judge, lossPct, POOR_LOSS_PCT, POOR_RTT_MS } from '../../client/transport/quality-monitor.js';

describe('connection quality', () => {
  it('computes loss over an interval from cumulative counters', () => {
    expect(lossPct({ received: 1000, lost: 10 }, { received: 1900, lost: 110 })).toBe(10);
    expect(lossPct({ received: 5, lost: 0 }, { received: 5, lost: 0 })).toBe(0);
  });

  it('calls heavy loss or a long round trip poor, and a clean line good', () => {
    expect(judge(POOR_LOSS_PCT, 20)).toBe('poor');
    expect(judge(0, POOR_RTT_MS)).toBe('poor');
    expect(judge(1, 80)).toBe('good');
    expect(judge(0, null)).toBe('good');
  });
});
