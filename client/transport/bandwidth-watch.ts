// Watches this page's outgoing capacity during the call, once a second over every connected peer
// connection, and tells when its own video should pause so the sound stays clear, be tried again, or
// come back (audio-first-judge.ts decides; outgoing-estimate.ts reads the stats). In a group visit every
// peer gets its own copy of the video over the same uplink, so what the uplink carries is the sum of
// the peer connections' estimates. One peer's weak downlink lowers only that connection's estimate
// (the browser sends that peer a smaller picture); it does not pause the video for everyone.
// Never touches the DOM.
import { MIN_VIDEO_KBPS } from '../../shared/constants.js';
import { Emitter } from '../util/emitter.js';
import { AudioFirstJudge, type AudioFirstMode, type AudioFirstStep } from './audio-first-judge.js';
import { estimateKbps, readOutgoing, type OutgoingSnapshot } from './outgoing-estimate.js';
import { PageLag } from './page-lag.js';

export type BandwidthWatchEvents = { step: AudioFirstStep };

/** How long after a connection comes up (or back) its estimate is left to settle before it counts. */
export const SETTLE_MS = 30_000;

export interface BandwidthWatchOptions {
  /** The call's peer connections right now. */
  peers(): RTCPeerConnection[];
  judge?: AudioFirstJudge;
  intervalMs?: number;
  now?: () => number;
}

export class BandwidthWatch extends Emitter<BandwidthWatchEvents> {
  private readonly judge: AudioFirstJudge;
  private readonly last = new WeakMap<RTCPeerConnection, OutgoingSnapshot>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** A sample is reading stats: the next tick waits (samples in step, never out of order). */
  private sampling = false;
  private readonly lag: PageLag;
  /** When each peer connection was last seen becoming connected (a new call, or back after a drop). */
  private readonly connectedSince = new WeakMap<RTCPeerConnection, number>();

  constructor(private readonly opts: BandwidthWatchOptions) {
    super();
    this.judge = opts.judge ?? new AudioFirstJudge();
    this.lag = new PageLag(opts.now ?? Date.now);
  }

  get mode(): AudioFirstMode {
    return this.judge.mode;
  }

  /**
   * Watches while the camera is sent and the automatic pause is allowed; otherwise stops and forgets
   * (video held back comes back at once).
   */
  setActive(active: boolean): void {
    if (active) {
      this.timer ??= setInterval(() => void this.sample(), this.opts.intervalMs ?? 1000);
      this.lag.start();
      return;
    }
    clearInterval(this.timer);
    this.timer = undefined;
    this.lag.stop();
    this.restart();
  }

  /** The person asked for their video now: back it comes, and a full weak spell is needed to pause it again. */
  restart(): void {
    const step = this.judge.reset();
    if (step) this.emit('step', step);
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      await this.sampleOnce();
    } finally {
      this.sampling = false;
    }
  }

  private async sampleOnce(): Promise<void> {
    const now = (this.opts.now ?? Date.now)();
    let total: number | null = null;
    let untold = false;
    /** A connection is down or new: its estimate is starting over, and so does any weak spell. */
    let unsettled = false;
    for (const pc of this.opts.peers()) {
      if (pc.connectionState !== 'connected') {
        this.connectedSince.delete(pc);
        unsettled = true;
        continue;
      }
      const since = this.connectedSince.get(pc) ?? now;
      this.connectedSince.set(pc, since);
      // The browser's estimate starts low on a new or restarted connection and climbs for a while.
      if (now - since < SETTLE_MS) unsettled = true;
      let report: RTCStatsReport;
      try {
        report = await pc.getStats();
      } catch {
        continue; // closed meanwhile
      }
      const snap = readOutgoing(report.values() as Iterable<Record<string, unknown>>, now);
      const prev = this.last.get(pc) ?? null;
      const kbps = estimateKbps(prev, snap, MIN_VIDEO_KBPS);
      this.last.set(pc, snap);
      if (kbps === null) untold = true;
      else total = (total ?? 0) + kbps;
    }
    if (this.timer === undefined) return; // stopped while reading
    // A connection that cannot tell is a clean one sending little (Firefox): a shared narrow uplink
    // would show on every connection, so a low sum with such a one beside it says nothing.
    const starved = this.lag.takeLagged();
    const step = this.judge.observe(now, untold || unsettled ? null : total, starved || unsettled);
    if (step) this.emit('step', step);
  }
}
