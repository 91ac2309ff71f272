// Watches one peer connection's stats and says when the connection is poor: heavy packet loss or a
// long round trip over the last few seconds. Feeds the "Poor connection" label on a tile.
//
// A line hovering at the threshold would be judged poor and good in turn, every sample: the label
// would flicker and screen readers would say "Poor connection", "Connected again" every two seconds.
// So it is called poor at once, and good again only once it has stayed good for a few samples.
//
// It also says when the peer's video stops arriving (hardly a new frame decoded for a few seconds) and
// when it comes back: a frozen or black picture otherwise says nothing. Whether that is news depends on what
// the peer says it sends (camera on, not a still screen), which the tiles know.
export type Quality = 'good' | 'poor';

export const POOR_LOSS_PCT = 5;
export const POOR_RTT_MS = 500;
/** Good samples in a row before a poor connection is called good again (6 s at the usual pace). */
export const GOOD_SAMPLES_TO_RECOVER = 3;
/** Samples in a row without video before the video is said not to arrive (4 s at the usual pace). */
export const STALLED_SAMPLES = 2;
/**
 * Below this many frames a second a sample counts as without video: a slideshow is not a picture, and
 * Firefox keeps sending a frame a second (black) while the other side sends no track.
 */
export const MIN_FRAMES_PER_SECOND = 2;

export interface QualityReports {
  quality(q: Quality): void;
  /** The peer's video is not arriving (true: at each sample while so), or arrives again (false: once). */
  videoStalled?(stalled: boolean): void;
  /** Video frames decoded since the last sample (at each sample but the first after connecting). */
  videoDecoded?(frames: number, intervalMs: number): void;
}

interface Totals {
  received: number;
  lost: number;
}

/** Loss over an interval, from cumulative inbound counters. */
export function lossPct(before: Totals, after: Totals): number {
  const received = after.received - before.received;
  const lost = after.lost - before.lost;
  return received + lost > 0 ? (100 * Math.max(0, lost)) / (received + lost) : 0;
}

export function judge(loss: number, rttMs: number | null): Quality {
  return loss >= POOR_LOSS_PCT || (rttMs !== null && rttMs >= POOR_RTT_MS) ? 'poor' : 'good';
}

export class QualityMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: Totals | null = null;
  private current: Quality = 'good';
  /** Good samples in a row while the connection is called poor. */
  private goodRun = 0;
  /** Video frames decoded by the last sample (null before the first). */
  private lastFrames: number | null = null;
  /** Samples in a row without video (see MIN_FRAMES_PER_SECOND). */
  private stillRun = 0;
  private stalled = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly reports: QualityReports,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    if (this.pc.connectionState !== 'connected') {
      // An outage is told as such (Reconnecting…). What it lost, and the frames it did not bring, are
      // no news once it ends: the first sample after it starts afresh.
      this.last = null;
      this.lastFrames = null;
      this.stillRun = 0;
      return;
    }
    const totals: Totals = { received: 0, lost: 0 };
    let rtt: number | null = null;
    let frames = 0;
    (await this.pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp') {
        totals.received += Number(s.packetsReceived ?? 0);
        totals.lost += Number(s.packetsLost ?? 0);
        if (s.kind === 'video') frames += Number(s.framesDecoded ?? 0);
      }
      if (s.type === 'candidate-pair' && (s.nominated || s.selected) && typeof s.currentRoundTripTime === 'number') {
        rtt = s.currentRoundTripTime * 1000;
      }
    });
    this.followVideo(frames);
    const quality = this.last ? judge(lossPct(this.last, totals), rtt) : 'good';
    this.last = totals;
    this.goodRun = quality === 'good' && this.current === 'poor' ? this.goodRun + 1 : 0;
    if (quality === this.current || (quality === 'good' && this.goodRun < GOOD_SAMPLES_TO_RECOVER)) return;
    this.current = quality;
    this.goodRun = 0;
    this.reports.quality(quality);
  }

  private followVideo(frames: number): void {
    const before = this.lastFrames;
    this.lastFrames = frames;
    if (before === null) return;
    this.reports.videoDecoded?.(frames - before, this.intervalMs);
    const enough = (MIN_FRAMES_PER_SECOND * this.intervalMs) / 1000;
    this.stillRun = frames - before >= enough ? 0 : this.stillRun + 1;
    const stalled = this.stillRun >= STALLED_SAMPLES;
    if (!stalled && !this.stalled) return;
    this.stalled = stalled;
    this.reports.videoStalled?.(stalled);
  }
}
