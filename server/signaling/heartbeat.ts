// The server -> client heartbeat of every open socket, from one timer. A visit's socket stays open for
// an hour and thousands are open at once, so a timer for each (a Timeout object and its closure) was a
// cost paid per participant. Sockets are spread over SLICES groups and one group is pinged per tick,
// so 10,000 sockets never ping in one burst; each socket is still pinged once per interval.

/** What the sweep asks of a socket: ping it, or drop it if it did not answer the last ping. */
export interface HeartbeatTarget {
  beat(): void;
}

const SLICES = 8;

export class HeartbeatSweep {
  private readonly slices: Set<HeartbeatTarget>[] = Array.from({ length: SLICES }, () => new Set());
  private nextSlice = 0;
  private tick = 0;
  private size = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs: number) {}

  add(target: HeartbeatTarget): void {
    this.slices[this.nextSlice]!.add(target);
    this.nextSlice = (this.nextSlice + 1) % SLICES;
    this.size++;
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), Math.max(1, Math.floor(this.intervalMs / SLICES)));
      // Open sockets keep the process alive; their heartbeat alone must not.
      this.timer.unref();
    }
  }

  delete(target: HeartbeatTarget): void {
    for (const slice of this.slices) if (slice.delete(target)) this.size--;
    if (this.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private sweep(): void {
    const slice = this.slices[this.tick]!;
    this.tick = (this.tick + 1) % SLICES;
    for (const target of slice) target.beat();
  }
}
