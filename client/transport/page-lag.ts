// Whether this page has been short of processor time: a timer that should fire every `everyMs` and
// notes each time it came more than `lagMs` late. A starved page (a busy phone, an overloaded machine)
// delays its packets as a narrow link does and drags the browser's bandwidth estimate down; this is
// how the bandwidth watch tells the two apart. Never touches the DOM.
export class PageLag {
  private timer: ReturnType<typeof setInterval> | undefined;
  private expected = 0;
  private lagged = false;

  constructor(
    private readonly now: () => number,
    private readonly everyMs = 250,
    private readonly lagMs = 300,
  ) {}

  start(): void {
    if (this.timer) return;
    this.expected = this.now() + this.everyMs;
    this.timer = setInterval(() => this.tick(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.lagged = false;
  }

  /** Whether the page lagged since the last call (and forgets it). */
  takeLagged(): boolean {
    const lagged = this.lagged;
    this.lagged = false;
    return lagged;
  }

  private tick(): void {
    const now = this.now();
    if (now - this.expected > this.lagMs) this.lagged = true;
    this.expected = now + this.everyMs;
  }
}
