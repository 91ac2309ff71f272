// The bandwidth watch over a call's peer connections (fake ones, fake clock): it pauses on a weak
// uplink, and once it is told to stop (the provider turned the automatic pause off, or the camera is
// off) it gives the video back at once and never pauses it again, however weak the link.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_FIRST_TIMINGS } from '../../client/transport/audio-first-judge.js';
import { BandwidthWatch } from '../../client/transport/bandwidth-watch.js';
import type { AudioFirstStep } from '../../client/transport/audio-first-judge.js';

/**
 * Just what the watch reads of an RTCPeerConnection: its state and a Chromium-like stats report. A link
 * below what video needs also loses a packet in every hundred, as a weak link does.
 */
function fakePc(kbps: () => number) {
  let sent = 0;
  let lost = 0;
  const pc = {
    connectionState: 'connected' as RTCPeerConnectionState,
    getStats: vi.fn(async () => {
      sent += 100;
      if (kbps() < 750) lost += 1;
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

describe('bandwidth watch', () => {
  it('pauses when the weakest peer link stays below what video needs', async () => {
    const watch = watchOver([fakePc(() => 3000), fakePc(() => 280)]);
    watch.setActive(true);
    await vi.advanceTimersByTimeAsync(AUDIO_FIRST_TIMINGS.pauseAfterMs + 2000);
    expect(steps).toEqual(['pause']);
    expect(watch.mode).toBe('paused');
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
