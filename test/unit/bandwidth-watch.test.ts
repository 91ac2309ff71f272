// The bandwidth watch over a call's peer connections (fake ones, fake clock): it pauses on a weak
// uplink, and once it is told to stop (the provider turned the automatic pause off, or the camera is
// off) it gives the video back at once and never pauses it again, however weak the link.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_FIRST_TIMINGS } from '../../client/transport/audio-first-judge.js';
import { BandwidthWatch } from '../../client/transport/bandwidth-watch.js';
import type { AudioFirstStep } from '../../client/transport/audio-first-judge.js';

/**
 * Just what the watch reads of an RTCPeerConnection: its state and a Chromium-like stats report, which
 * takes `statsMs` to arrive.
 */
function fakePc(kbps: () => number, statsMs = 0) {
  let sent = 0;
  const lost = 0;
  const pc = {
    connectionState: 'connected' as RTCPeerConnectionState,
    getStats: vi.fn(async () => {
      if (statsMs > 0) await new Promise((resolve) => setTimeout(resolve, statsMs));
      sent += 100;
      const stats = [
        { id: 'T', type: 'transport', selectedCandidatePairId: 'CP' },
        { id: 'CP', type: 'candidate-pair', availableOutgoingBitrate: kbps() * 1000 },
        { id: 'O', type: 'outbound-rtp', kind: 'video', packetsSent: sent, bytesSent: sent * 1000 },
        { id: 'R', type: 'remote-inbound-rtp', kind: 'video', packetsLost: lost, roundTripTime: 0.1 },
      ];
      return new Map(stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
    }),
  };
  return pc;
}

let steps: AudioFirstStep[];
beforeEach(() => {
  vi.useFakeTimers();
  steps = [];
});
afterEach(() => vi.useRealTimers());

function watchOver(pcs: ReturnType<typeof fakePc>[]) {
  const watch = new BandwidthWatch({ peers: () => pcs as unknown as RTCPeerConnection[], now: () => Date.now() });
  watch.on('step', (s) => steps.push(s));
  return watch;
}

/** A Firefox-like connection (no estimate of its own) on a clean link, sending only a little. */
function quietFirefoxPc() {
  let sent = 0;
  return {
    connectionState: 'connected' as RTCPeerConnectionState,
    getStats: vi.fn(async () => {
      sent += 5000; // 40 kbit/s: sound only
      const stats = [
        { id: 'CP', type: 'candidate-pair', selected: true, currentRoundTripTime: 0.02 },
        { id: 'O', type: 'outbound-rtp', kind: 'audio', packetsSent: sent / 100, bytesSent: sent },
        { id: 'R', type: 'remote-inbound-rtp', kind: 'audio', packetsLost: 0, roundTripTime: 0.02 },
      ];
      return new Map(stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
    }),
  };
}

describe('bandwidth watch', () => {
  it('waits for a slow stats report instead of overlapping it, so samples stay in order', async () => {
    // Stats that take 1.5 s to come (a busy page): one reading at a time; every other tick is skipped,
    // the samples come 2 s apart, within the judge's tolerance, and the weak link still pauses.
    const slow = fakePc(() => 280, 1500);
    const watch = watchOver([slow]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(slow.getStats.mock.calls.length).toBeLessThanOrEqual(10);
    expect(steps).toEqual(['pause']);
    watch.setActive(false);
  });

  it('pauses when the uplink, all peer connections together, stays below what video needs', async () => {
    // A group visit over a narrow uplink: two copies of the video, neither connection able to carry more.
    const watch = watchOver([fakePc(() => 300), fakePc(() => 280)]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs + 2000);
    expect(steps).toEqual(['pause']);
    expect(watch.mode).toBe('paused');
  });

  it("does not pause everyone's video for one peer's weak connection, nor for copies that together fit", async () => {
    // One peer on a weak downlink (that connection alone is low), and two copies of 500 kbit/s each.
    for (const pcs of [
      [fakePc(() => 3000), fakePc(() => 280)],
      [fakePc(() => 500), fakePc(() => 500)],
    ]) {
      const watch = watchOver(pcs);
      watch.setActive(true);
      await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs * 3);
      expect(steps).toEqual([]);
      expect(watch.mode).toBe('video');
      watch.setActive(false);
    }
  });

  it('once stopped, gives video back at once and never pauses it again', async () => {
    const weak = fakePc(() => 280);
    const watch = watchOver([weak]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs + 2000);
    expect(steps).toEqual(['pause']);
    watch.setActive(false);
    expect(steps).toEqual(['pause', 'resume']);
    const reads = weak.getStats.mock.calls.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(steps).toEqual(['pause', 'resume']);
    expect(weak.getStats.mock.calls.length).toBe(reads);
    expect(watch.mode).toBe('video');
  });

  it('does not watch at all while inactive', async () => {
    const weak = fakePc(() => 200);
    const watch = watchOver([weak]);
    watch.setActive(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(steps).toEqual([]);
    expect(weak.getStats).not.toHaveBeenCalled();
  });

  it('gives video back when the person asks, and needs a whole weak spell to pause it again', async () => {
    const watch = watchOver([fakePc(() => 280)]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs + 2000);
    watch.restart();
    expect(steps).toEqual(['pause', 'resume']);
    await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs - 2000);
    expect(steps).toEqual(['pause', 'resume']);
    await vi.advanceTimersByTimeAsync(4000);
    expect(steps).toEqual(['pause', 'resume', 'pause']);
  });
});
