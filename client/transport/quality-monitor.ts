// Watches one peer connection's stats and says when the connection is poor: heavy packet loss or a
// long round trip over the last few seconds. Feeds the "Poor connection" label on a tile.
//
// A line hovering at the threshold would be judged poor and good in turn, every sample: the label
// would flicker and screen readers would say "Poor connection", "Connected again" every two seconds.
// So it is called poor at once, and good again only once it has stayed good for a few samples.
export type Quality = 'good' | 'poor';

export const POOR_LOSS_PCT = 5;
export const POOR_RTT_MS = 500;
/** Good samples in a row before a poor connection is called good again (6 s at the usual pace). */
export const GOOD_SAMPLES_TO_RECOVER = 3;

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

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly onChange: (q: Quality) => void,
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
    if (this.pc.connectionState !== 'connected') return;
    const totals: Totals = { received: 0, lost: 0 };
    let rtt: number | null = null;
    (await this.pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp') {
        totals.received += Number(s.packetsReceived ?? 0);
        totals.lost += Number(s.packetsLost ?? 0);
      }
      if (s.type === 'candidate-pair' && (s.nominated || s.selected) && typeof s.currentRoundTripTime === 'number') {
        rtt = s.currentRoundTripTime * 1000;
      }
    });
    const quality = this.last ? judge(lossPct(this.last, totals), rtt) : 'good';
    this.last = totals;
    this.goodRun = quality === 'good' && this.current === 'poor' ? this.goodRun + 1 : 0;
    if (quality === this.current || (quality === 'good' && this.goodRun < GOOD_SAMPLES_TO_RECOVER)) return;
    this.current = quality;
    this.goodRun = 0;
    this.onChange(quality);
  }
}
