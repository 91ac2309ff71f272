// The bandwidth watch over a call's peer connections (fake ones, fake clock): it pauses on a weak
// uplink, and once it is told to stop (the provider turned the automatic pause off, or the camera is
// off) it gives the video back at once and never pauses it again, however weak the link.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_FIRST_TIMINGS } from '../../client/transport/audio-first-judge.js';
import { BandwidthWatch, SETTLE_MS } from '../../client/transport/bandwidth-watch.js';
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
  it('reads stats one at a time; a page whose stats come that slowly is starved and does not pause', async () => {
    // Stats that take 1.5 s: every other tick is skipped (never two readings at once), the samples come
    // 2 s apart, and a page that slow is short of processor time, not on a narrow link.
    const slow = fakePc(() => 280, 1500);
    const watch = watchOver([slow]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(slow.getStats.mock.calls.length).toBeLessThanOrEqual(15);
    expect(steps).toEqual([]);
    watch.setActive(false);
    // Stats in 0.6 s keep every tick: the same weak link pauses.
    const quick = fakePc(() => 280, 600);
    const again = watchOver([quick]);
    again.setActive(true);
    await vi.advanceTimersByTimeAsync(SETTLE_MS + AUDIO_FIRST_TIMINGS.pauseAfterMs + 3000);
    expect(steps).toEqual(['pause']);
    again.setActive(false);
  });

  it('does not pause while the page lags, however weak the estimate', async () => {
    // The page's clock jumps 400 ms ahead every 2 s (its timers fire late): a starved page.
    let skew = 0;
    const lagging = setInterval(() => (skew += 400), 2000);
    const pc = fakePc(() => 200);
    const watch = new BandwidthWatch({ peers: () => [pc] as unknown as RTCPeerConnection[], now: () => Date.now() + skew });
    watch.on('step', (s) => steps.push(s));
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(SETTLE_MS + AUDIO_FIRST_TIMINGS.pauseAfterMs * 4);
    expect(steps).toEqual([]);
    clearInterval(lagging);
    // Once the page has its time again, the weak link pauses the video.
    await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs + 3000);
    expect(steps).toEqual(['pause']);
    watch.setActive(false);
  });

  it('pauses when the uplink, all peer connections together, stays below what video needs', async () => {
    // A group visit over a narrow uplink: two copies of the video, neither connection able to carry more.
    const watch = watchOver([fakePc(() => 300), fakePc(() => 280)]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(SETTLE_MS + AUDIO_FIRST_TIMINGS.pauseAfterMs + 2000);
    expect(steps).toEqual(['pause']);
    expect(watch.mode).toBe('paused');
  });

  it("does not pause everyone's video for one peer's weak connection, nor for copies that together fit", async () => {
    // One peer on a weak downlink (that connection alone is low), two copies of 500 kbit/s each, and a
    // congested connection beside a clean one that cannot tell (Firefox): that peer's side, not the uplink.
    for (const pcs of [
      [fakePc(() => 3000), fakePc(() => 280)],
      [fakePc(() => 500), fakePc(() => 500)],
      [fakePc(() => 280), quietFirefoxPc()],
    ]) {
      const watch = watchOver(pcs);
      watch.setActive(true);
      await vi.advanceTimersByTimeAsync(SETTLE_MS + AUDIO_FIRST_TIMINGS.pauseAfterMs * 3);
      expect(steps).toEqual([]);
      expect(watch.mode).toBe('video');
      watch.setActive(false);
    }
  });

  it('a connection that drops and comes back starts the weak spell over and settles first', async () => {
    // Low all along: first settling, then 6 s of a weak spell, then the connection drops for 3 s
    // (an ICE restart) and its estimate starts low again: no pause until it has settled and a whole
    // weak spell has passed since.
    const pc = fakePc(() => 280);
    const watch = watchOver([pc]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(SETTLE_MS + 6000);
    pc.connectionState = 'disconnected';
    await vi.advanceTimersByTimeAsync(3000);
    pc.connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(SETTLE_MS + AUDIO_FIRST_TIMINGS.pauseAfterMs - 2000);
    expect(steps).toEqual([]);
    await vi.advanceTimersByTimeAsync(4000);
    expect(steps).toEqual(['pause']);
    watch.setActive(false);
  });

  it('once stopped, gives video back at once and never pauses it again', async () => {
    const weak = fakePc(() => 280);
    const watch = watchOver([weak]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(SETTLE_MS + AUDIO_FIRST_TIMINGS.pauseAfterMs + 2000);
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
    await vi.advanceTimersByTimeAsync(SETTLE_MS + AUDIO_FIRST_TIMINGS.pauseAfterMs + 2000);
    watch.restart();
    expect(steps).toEqual(['pause', 'resume']);
    await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs - 2000);
    expect(steps).toEqual(['pause', 'resume']);
    await vi.advanceTimersByTimeAsync(4000);
    expect(steps).toEqual(['pause', 'resume', 'pause']);
  });
});
