import { afterEach, describe, expect, it, vi } from 'vitest';
import { judge, lossPct, POOR_LOSS_PCT, POOR_RTT_MS, QualityMonitor } from '../../client/transport/quality-monitor.js';

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

describe('QualityMonitor', () => {
  /** A peer connection whose stats say what each 2-second sample's loss was, in turn. */
  function lineWithLoss(lossPerSample: number[]) {
    let received = 0;
    let lost = 0;
    let sample = 0;
    return {
      connectionState: 'connected',
      async getStats() {
        // The first reading is the baseline; each later one adds a sample's packets.
        if (sample > 0) {
          const loss = lossPerSample[sample - 1] ?? 0;
          lost += loss;
          received += 100 - loss;
        }
        sample++;
        return new Map([['in', { type: 'inbound-rtp', packetsReceived: received, packetsLost: lost }]]);
      },
    } as unknown as RTCPeerConnection;
  }

  afterEach(() => vi.useRealTimers());

  it('calls a line poor at once, and good again only after it has stayed good for three samples', async () => {
    vi.useFakeTimers();
    // Loss hovering at the threshold: 8 %, 1 %, 8 %, 1 %, 8 %, then clean for good.
    const changes: string[] = [];
    const monitor = new QualityMonitor(lineWithLoss([8, 1, 8, 1, 8, 0, 0, 0]), (q) => changes.push(q), 2000);
    monitor.start();
    const samples = async (n: number) => {
      for (let i = 0; i < n; i++) await vi.advanceTimersByTimeAsync(2000);
    };
    await samples(2); // baseline, then 8 %
    expect(changes).toEqual(['poor']);
    await samples(4); // 1 %, 8 %, 1 %, 8 %: the label does not flip at every sample
    expect(changes).toEqual(['poor']);
    await samples(2); // two clean samples: not yet
    expect(changes).toEqual(['poor']);
    await samples(1); // the third good sample in a row
    expect(changes).toEqual(['poor', 'good']);
    monitor.stop();
  });
});
