// The server -> client heartbeat of every open socket, from one timer. A visit's socket stays open for
// an hour and thousands are open at once, so a timer for each (a Timeout object and its closure) was a
// cost paid per participant. Sockets are spread over slices and one slice is pinged per tick, a tick
// about every SWEEP_TICK_MS, so each socket is pinged once per interval and no tick pings many. With
// eight slices, a tick pinged 1,300 of 10,000 sockets in one go, a write each, every 2.5 s: every
// frame that arrived meanwhile waited behind it.
//
// A socket that opens has just shown it is alive, so its first ping comes about an interval later: it
// joins the slice swept last, or the one before when that has more than its share. Sockets used to be
// dealt round the slices, so a socket opened on a Monday morning's rush was pinged at some moment of
// its first interval, half of them while the rush was still on.

/** What the sweep asks of a socket: ping it, or drop it if it did not answer the last ping. */
export interface HeartbeatTarget {
  beat(): void;
}

/** About how often a slice is pinged. */
export const SWEEP_TICK_MS = 100;
/** At most this many slices (a 300 s interval then ticks every 500 ms). */
const MAX_SLICES = 600;

export class HeartbeatSweep {
  private readonly slices: Set<HeartbeatTarget>[];
  private readonly tickMs: number;
  /** The slice swept next. */
  private tick = 0;
  /** Sweeps so far. */
  private sweeps = 0;
  /** Where the last socket added went, and after how many sweeps (a rush fills the slices behind `tick` in turn). */
  private lastAdded = { sweeps: -1, slice: 0 };
  private size = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(intervalMs: number) {
    const count = Math.min(MAX_SLICES, Math.max(1, Math.round(intervalMs / SWEEP_TICK_MS)));
    this.slices = Array.from({ length: count }, () => new Set());
    this.tickMs = Math.max(1, Math.floor(intervalMs / count));
  }

  /** Adds a socket; the number returned names its slice, for delete(). */
  add(target: HeartbeatTarget): number {
    const count = this.slices.length;
    // Each slice holds at most its share, so no tick pings many; some slice is always under it.
    const share = Math.ceil((this.size + 1) / count);
    let slice = this.lastAdded.sweeps === this.sweeps ? this.lastAdded.slice : (this.tick - 1 + count) % count;
    while (this.slices[slice]!.size >= share) slice = (slice - 1 + count) % count;
    this.lastAdded.sweeps = this.sweeps;
    this.lastAdded.slice = slice;
    this.slices[slice]!.add(target);
    this.size++;
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.tickMs);
      // Open sockets keep the process alive; their heartbeat alone must not.
      this.timer.unref();
    }
    return slice;
  }

  delete(target: HeartbeatTarget, slice: number): void {
    if (this.slices[slice]?.delete(target)) this.size--;
    if (this.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private sweep(): void {
    const slice = this.slices[this.tick]!;
    this.tick = (this.tick + 1) % this.slices.length;
    this.sweeps++;
    for (const target of slice) target.beat();
  }
}
