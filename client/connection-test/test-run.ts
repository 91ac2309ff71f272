// The state of the test on a page, apart from the page itself: the runner of the current run, the
// AudioContext made in the click that started it, whether a run is going on, and the speaker answer.
// Whatever shows the test listens through `RunListener`.
import type { Language } from '../../shared/i18n/translate.js';
import { createAudioContext } from './audio.js';
import type { LiveEvent } from './check.js';
import type { CheckId, CheckResult, ConnectionTestReport } from './report.js';
import { ConnectionTestRunner, type Progress } from './runner.js';
import { createVideoProbe } from './video-probe.js';

export interface RunListener {
  started(checks: readonly CheckId[]): void;
  progress(p: Progress): void;
  result(r: CheckResult): void;
  live(e: LiveEvent): void;
  /** The report: when the run ends, and again each time the speaker question is answered. */
  report(report: ConnectionTestReport, finished: boolean): void;
  ended(): void;
}

export class TestRun {
  private runner: ConnectionTestRunner | null = null;
  private running: Promise<ConnectionTestReport> | null = null;
  private audio: AudioContext | null = null;

  constructor(
    private readonly language: Language,
    /** The element the camera picture is sampled from (the preview the person sees). */
    private readonly preview: HTMLVideoElement,
    private readonly listener: RunListener,
  ) {}

  /** Starts a run, or returns the one going on. Call from a click: sound may only start inside one. */
  start(): Promise<ConnectionTestReport> {
    if (this.running) return this.running;
    const runner = this.newRunner();
    this.listener.started(runner.checks.map((c) => c.id));
    this.running = runner
      .run()
      .then((report) => {
        this.listener.report(report, true);
        return report;
      })
      .finally(() => {
        this.running = null;
        this.listener.ended();
      });
    return this.running;
  }

  answerSpeakers(heard: boolean): void {
    const report = this.runner?.answerSpeakers(heard);
    if (report) this.listener.report(report, false);
  }

  async replaySound(sinkId: string | undefined): Promise<boolean> {
    return (await this.runner?.speakers?.play(sinkId)) ?? false;
  }

  private newRunner(): ConnectionTestRunner {
    // Created here, in the click that starts the test, so that the browser lets it run.
    void this.audio?.close().catch(() => undefined);
    this.audio = createAudioContext();
    const runner = new ConnectionTestRunner({
      audioContext: this.audio,
      language: this.language,
      camera: {
        createProbe: (stream) => {
          if (this.preview.srcObject !== stream) this.preview.srcObject = stream;
          return createVideoProbe(stream, this.preview);
        },
      },
    });
    runner.on('progress', (p) => this.listener.progress(p));
    runner.on('result', (r) => this.listener.result(r));
    runner.on('live', (e) => this.listener.live(e));
    this.runner = runner;
    return runner;
  }
}
