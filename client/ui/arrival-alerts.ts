// Making sure someone arriving in the waiting room is noticed while the page is not being looked at:
// the tab title starts with the number of people waiting, "(1) …", and a short chime (made with
// WebAudio, no sound file) plays when someone arrives and again every CHIME_EVERY_MS while the tab is
// hidden and someone still waits. Used by the practice dashboard and by the provider's visit page.

export const CHIME_EVERY_MS = 20_000;

export class ArrivalAlerts {
  private readonly baseTitle: string;
  private waiting = 0;
  private repeat: ReturnType<typeof setInterval> | null = null;
  private audio: AudioContext | null = null;

  constructor(private readonly chimeEveryMs = CHIME_EVERY_MS) {
    this.baseTitle = document.title;
    document.addEventListener('visibilitychange', () => this.schedule());
    // Browsers start sound only after the person has used the page: be ready from the first click or key.
    const unlock = () =>
      void this.context()
        ?.resume()
        .catch(() => undefined);
    addEventListener('pointerdown', unlock, { once: true });
    addEventListener('keydown', unlock, { once: true });
  }

  /** How many people wait now; a rise is an arrival, which chimes. */
  setWaiting(count: number): void {
    const arrived = count > this.waiting;
    this.waiting = count;
    document.title = count > 0 ? `(${count}) ${this.baseTitle}` : this.baseTitle;
    if (arrived) this.chime();
    this.schedule();
  }

  /** Repeats the chime only while the tab is hidden and someone waits. */
  private schedule(): void {
    const due = document.visibilityState === 'hidden' && this.waiting > 0;
    if (due && !this.repeat) this.repeat = setInterval(() => this.chime(), this.chimeEveryMs);
    if (!due && this.repeat) {
      clearInterval(this.repeat);
      this.repeat = null;
    }
  }

  /** Two soft rising notes, under half a second. */
  private chime(): void {
    const ctx = this.context();
    if (!ctx) return;
    void ctx.resume().catch(() => undefined);
    const t = ctx.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = t + i * 0.18;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.17);
    }
  }

  private context(): AudioContext | null {
    if (!this.audio && typeof AudioContext !== 'undefined') this.audio = new AudioContext();
    return this.audio;
  }
}
