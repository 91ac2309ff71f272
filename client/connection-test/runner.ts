// Runs the checks in order within a total time budget, telling listeners how far it got, and builds
// the report. The speaker question is answered whenever the person answers it; the report is updated.
import { Emitter } from '../util/emitter.js';
import { createLevelMeter, playTestTone } from './audio.js';
import { BrowserCheck } from './browser-check.js';
import { detectBrowser } from './browser-advice.js';
import { CameraCheck, type CameraDeps } from './camera-check.js';
import { newCheckContext, type Check, type CheckContext, type LiveEvent } from './check.js';
import { MicrophoneCheck } from './microphone-check.js';
import { NetworkCheck } from './network-check.js';
import { PermissionCheck } from './permission-check.js';
import { RelayCheck } from './relay-check.js';
import { verdictOf, type CheckId, type CheckResult, type ConnectionTestReport } from './report.js';
import { ServerCheck } from './server-check.js';
import { checkLabel, testWords, type TestWords } from './words.js';
import type { Language } from '../../shared/i18n/translate.js';
import { SpeakerCheck } from './speaker-check.js';

/** The whole test, speaker question excepted, on a good connection. */
export const TEST_BUDGET_MS = 15_000;

export interface Progress {
  /** 0-based index of the running check; equals `total` when finished. */
  index: number;
  total: number;
  id: CheckId | null;
  label: string;
  text: string;
}

export interface RunnerEvents extends Record<string, unknown> {
  progress: Progress;
  result: CheckResult;
  live: LiveEvent;
  report: ConnectionTestReport;
}

export interface RunnerOptions {
  checks?: Check[];
  budgetMs?: number;
  now?: () => number;
  userAgent?: string;
  camera?: CameraDeps;
  /**
   * One AudioContext for the microphone meter and the test sound, created while handling the click
   * that started the test: browsers keep a context created later suspended (silent and deaf).
   */
  audioContext?: AudioContext | null;
  /** The language of every message in the report (English when not given). */
  language?: Language;
}

export function defaultChecks(opts: { camera?: CameraDeps; audioContext?: AudioContext | null } = {}): Check[] {
  const audio = opts.audioContext ?? null;
  return [
    new BrowserCheck(),
    new PermissionCheck(),
    new CameraCheck(opts.camera),
    new MicrophoneCheck({ createMeter: (stream) => createLevelMeter(stream, audio) }),
    new SpeakerCheck({ playTone: (sinkId) => playTestTone(sinkId, audio) }),
    new ServerCheck(),
    new RelayCheck({ timeoutMs: 4000 }),
    new NetworkCheck(),
  ];
}

const NETWORK_CHECKS = new Set<CheckId>(['server', 'relay', 'network']);

function releaseMedia(ctx: CheckContext): void {
  for (const t of ctx.stream?.getTracks() ?? []) t.stop();
  ctx.stream = null;
  ctx.live({ kind: 'stream', stream: null });
}

export class ConnectionTestRunner extends Emitter<RunnerEvents> {
  readonly checks: Check[];
  private readonly budgetMs: number;
  private readonly now: () => number;
  private readonly userAgent: string;
  readonly words: TestWords;
  private report: ConnectionTestReport | null = null;
  private speakerAnswer: boolean | null = null;

  constructor(opts: RunnerOptions = {}) {
    super();
    this.checks =
      opts.checks ?? defaultChecks({ ...(opts.camera ? { camera: opts.camera } : {}), audioContext: opts.audioContext ?? null });
    this.budgetMs = opts.budgetMs ?? TEST_BUDGET_MS;
    this.now = opts.now ?? (() => performance.now());
    this.userAgent = opts.userAgent ?? globalThis.navigator?.userAgent ?? '';
    this.words = testWords(opts.language ?? 'en');
  }

  get lastReport(): ConnectionTestReport | null {
    return this.report;
  }

  async run(): Promise<ConnectionTestReport> {
    const start = this.now();
    const startedAt = new Date().toISOString();
    const abort = new AbortController();
    this.report = null;
    this.speakerAnswer = null;
    const total = this.checks.length;
    let index = 0;
    const ctx: CheckContext = newCheckContext({
      env: detectBrowser(this.userAgent, globalThis.navigator?.maxTouchPoints ?? 0),
      deadline: start + this.budgetMs,
      now: this.now,
      signal: abort.signal,
      words: this.words,
      // A line of commentary only: with checks running side by side, it belongs to no single card.
      say: (text) => this.emit('progress', { index, total, id: null, label: '', text }),
      live: (event) => this.emit('live', event),
    });
    const results: CheckResult[] = [];
    try {
      for (let i = 0; i < this.checks.length; ) {
        // A check that joins the next one runs alongside it (camera and microphone both just watch the stream).
        const group = [this.checks[i]!];
        while (group.at(-1)!.joinsNext && i + group.length < this.checks.length) group.push(this.checks[i + group.length]!);
        // Camera and microphone are done before the network is measured: release them, which also
        // frees the CPU that capturing video takes, so it cannot slow the measurement down.
        if (group.some((c) => NETWORK_CHECKS.has(c.id)) && ctx.stream) releaseMedia(ctx);
        for (const check of group) {
          this.emit('progress', {
            index,
            total,
            id: check.id,
            label: checkLabel(this.words, check.id),
            text: this.words.t(`step.${check.id}`),
          });
        }
        const groupResults = await Promise.all(
          group.map(async (check) => {
            const t0 = this.now();
            const result = await this.runOne(check, ctx);
            const timed = { ...result, ms: Math.round(this.now() - t0) };
            this.emit('result', timed);
            return timed;
          }),
        );
        results.push(...groupResults);
        index += group.length;
        i += group.length;
      }
    } finally {
      abort.abort();
      if (ctx.stream) releaseMedia(ctx);
    }
    const env = ctx.env;
    // Answered while the rest of the test was still running.
    if (this.speakerAnswer !== null && this.speakers) {
      const answered = this.speakers.answer(this.speakerAnswer, env.os, this.words);
      const i = results.findIndex((r) => r.id === 'speakers');
      if (i >= 0) results[i] = answered;
    }
    this.report = {
      version: 1,
      startedAt,
      durationMs: Math.round(this.now() - start),
      verdict: verdictOf(results),
      environment: { ...env, userAgent: this.userAgent },
      checks: results,
      network: ctx.network,
    };
    this.emit('progress', { index: total, total, id: null, label: '', text: this.words.t('finished') });
    this.emit('report', this.report);
    return this.report;
  }

  /** A check that throws or hangs becomes a warning: the test always finishes. */
  private async runOne(check: Check, ctx: CheckContext): Promise<CheckResult> {
    const limit = Math.max(2000, ctx.deadline - ctx.now() + 5000);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        check.run(ctx),
        new Promise<CheckResult>((resolve) => {
          timer = setTimeout(
            () =>
              resolve({
                id: check.id,
                status: 'warn',
                message: this.words.t('timedOut'),
                details: { problem: 'timed out' },
              }),
            limit,
          );
        }),
      ]);
    } catch (e) {
      return {
        id: check.id,
        status: 'warn',
        message: this.words.t('checkError'),
        details: { problem: 'error', error: String((e as Error)?.message ?? e).slice(0, 200) },
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The speaker check, if this runner has one. */
  get speakers(): SpeakerCheck | null {
    return (this.checks.find((c) => c instanceof SpeakerCheck) as SpeakerCheck | undefined) ?? null;
  }

  /** Records the answer to "Did you hear it?" and returns the updated report (null before the test finished). */
  answerSpeakers(heard: boolean): ConnectionTestReport | null {
    this.speakerAnswer = heard;
    const sc = this.speakers;
    if (!sc) return this.report;
    const result = sc.answer(heard, this.report?.environment.os ?? detectBrowser(this.userAgent).os, this.words);
    this.emit('result', result);
    if (!this.report) return null;
    const checks = this.report.checks.map((c) => (c.id === 'speakers' ? result : c));
    this.report = { ...this.report, checks, verdict: verdictOf(checks) };
    this.emit('report', this.report);
    return this.report;
  }
}
