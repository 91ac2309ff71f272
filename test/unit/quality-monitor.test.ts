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
    const monitor = new QualityMonitor(lineWithLoss([8, 1, 8, 1, 8, 0, 0, 0]), { quality: (q) => changes.push(q) }, 2000);
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

  /** A connected peer connection whose inbound video decodes these many new frames by each 2-second sample, in turn. */
  function videoWithFrames(framesPerSample: number[]) {
    let decoded = 0;
    let sample = 0;
    return {
      connectionState: 'connected',
      async getStats() {
        if (sample > 0) decoded += framesPerSample[sample - 1] ?? 0;
        sample++;
        return new Map([
          ['v', { type: 'inbound-rtp', kind: 'video', packetsReceived: 100 * sample, packetsLost: 0, framesDecoded: decoded }],
        ]);
      },
    } as unknown as RTCPeerConnection;
  }

  it('says when video stops arriving for two samples, again at each sample while it does not, and when it arrives again', async () => {
    // Two frames in two seconds is not video: Firefox sends a frame a second while it has no picture.
    vi.useFakeTimers();
    const said: boolean[] = [];
    const monitor = new QualityMonitor(
      videoWithFrames([30, 30, 2, 2, 2, 30, 30]),
      { quality: () => undefined, videoStalled: (stalled) => said.push(stalled) },
      2000,
    );
    monitor.start();
    const samples = async (n: number) => {
      for (let i = 0; i < n; i++) await vi.advanceTimersByTimeAsync(2000);
    };
    await samples(3); // baseline, then two samples of frames
    expect(said).toEqual([]);
    await samples(1); // one sample without video: a hiccup, not yet news
    expect(said).toEqual([]);
    await samples(1);
    expect(said).toEqual([true]);
    await samples(1); // still none: said again (a tile that has just been told to expect video counts on it)
    expect(said).toEqual([true, true]);
    await samples(1); // frames again
    expect(said).toEqual([true, true, false]);
    monitor.stop();
  });

  it('tells the frames decoded over each sample after the first, so a tile can check it showed them', async () => {
    vi.useFakeTimers();
    const told: [number, number][] = [];
    const monitor = new QualityMonitor(
      videoWithFrames([30, 0, 45]),
      { quality: () => undefined, videoDecoded: (frames, ms) => told.push([frames, ms]) },
      2000,
    );
    monitor.start();
    for (let i = 0; i < 4; i++) await vi.advanceTimersByTimeAsync(2000);
    expect(told).toEqual([
      [30, 2000],
      [0, 2000],
      [45, 2000],
    ]);
    monitor.stop();
  });

  it('counts nothing across a dropped connection: the outage is told as such, and the first sample after it starts afresh', async () => {
    vi.useFakeTimers();
    let connected = true;
    let decoded = 0;
    let lost = 0;
    let received = 0;
    const pc = {
      get connectionState() {
        return connected ? 'connected' : 'disconnected';
      },
      async getStats() {
        return new Map([
          ['v', { type: 'inbound-rtp', kind: 'video', packetsReceived: received, packetsLost: lost, framesDecoded: decoded }],
        ]);
      },
    } as unknown as RTCPeerConnection;
    const said: string[] = [];
    const monitor = new QualityMonitor(
      pc,
      { quality: (q) => said.push(q), videoStalled: (s) => said.push(s ? 'stalled' : 'flowing') },
      2000,
    );
    monitor.start();
    const sample = async (frames: number, lostNow: number) => {
      decoded += frames;
      lost += lostNow;
      received += 100;
      await vi.advanceTimersByTimeAsync(2000);
    };
    await sample(0, 0); // baseline
    await sample(30, 0);
    connected = false;
    await sample(0, 0);
    await sample(0, 0);
    connected = true;
    // Resumed: the packets missed in the outage show up as lost once the next ones arrive, and no frame
    // was decoded over it; neither is news.
    await sample(30, 400);
    await sample(30, 0);
    await sample(30, 0);
    expect(said).toEqual([]);
    monitor.stop();
  });
});
