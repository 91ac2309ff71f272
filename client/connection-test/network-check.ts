// Check 5c: is the internet connection good enough for video? Upload and download speed measured
// separately over HTTP, round trip and jitter from the server check's pings, and packet loss through the
// relay when there is one (see loss-probe.ts); then a call-quality grade (mos.ts) and a verdict.
import { MIN_VIDEO_KBPS } from '../../shared/constants.js';
import { round, type Check, type CheckContext, type IceInfo } from './check.js';
import { relayLossProbe, type LossProbeResult } from './loss-probe.js';
import { estimateMos, gradeOf } from './mos.js';
import { serversFor } from './relay-check.js';
import type { AdviceBlock, CheckResult, CheckStatus } from './report.js';
import { HttpThroughput, SpeedTestRefused, type ThroughputResult } from './throughput.js';
import { adviceBlock } from './browser-advice.js';
import { ENGLISH, type TestWords } from './words.js';

/** Each direction needs this much for a two-way video visit (shared with the call's audio-first). */
export { MIN_VIDEO_KBPS };
/** Enough for a good audio-only visit. */
export const MIN_AUDIO_KBPS = 100;
export const MAX_GOOD_RTT_MS = 400;
export const MAX_GOOD_LOSS_PCT = 5;
export const MIN_GOOD_MOS = 3.1;

export interface NetworkMeasurements {
  uplinkKbps: number | null;
  downlinkKbps: number | null;
  /** True when an upload did not finish in time: the real upload speed is below uplinkKbps. */
  uplinkUpperBound?: boolean;
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
  mos: number | null;
}

export interface NetworkJudgement {
  status: Exclude<CheckStatus, 'skip'>;
  message: string;
  advice?: AdviceBlock[];
  problem: 'bandwidth' | 'unmeasured' | 'unstable' | 'not measured' | null;
  audioOnly: boolean;
  slow: ('upload' | 'download')[];
}

export function mbps(kbps: number, w: TestWords = ENGLISH): string {
  const m = kbps / 1000;
  return `${w.number(m, m >= 10 ? 0 : m >= 1 ? 1 : 2)} Mbps`;
}

const speedSteps = (w: TestWords): AdviceBlock =>
  adviceBlock(w, w.advice('speed.title'), ['speed.closer', 'speed.pause', 'speed.otherNetwork', 'runAgain']);

const audioOnlyStep = (w: TestWords): AdviceBlock => adviceBlock(w, w.advice('audioOnly.title'), ['audioOnly.tell']);

const unstableSteps = (w: TestWords): AdviceBlock =>
  adviceBlock(w, w.advice('unstable.title'), ['speed.closer', 'unstable.pause', 'unstable.vpn']);

/** Too slow for video one way or both: which, by how much, and whether sound alone would work. */
function judgeSlow(
  m: { uplinkKbps: number; downlinkKbps: number; uplinkUpperBound?: boolean },
  slow: ('upload' | 'download')[],
  w: TestWords,
): NetworkJudgement {
  const up = m.uplinkUpperBound ? w.t('net.under', { speed: mbps(m.uplinkKbps, w) }) : mbps(m.uplinkKbps, w);
  const down = mbps(m.downlinkKbps, w);
  const speeds = w.t(slow.length === 2 ? 'net.slowBoth' : slow[0] === 'upload' ? 'net.slowUpload' : 'net.slowDownload', { up, down });
  const audioOnly = Math.min(m.uplinkKbps, m.downlinkKbps) >= MIN_AUDIO_KBPS;
  const message = [
    speeds,
    w.t('net.need', { min: mbps(MIN_VIDEO_KBPS, w) }),
    w.t(audioOnly ? 'net.audioOnly' : 'net.tooSlowForAudio'),
  ].join(' ');
  return {
    status: 'fail',
    message,
    advice: audioOnly ? [speedSteps(w), audioOnlyStep(w)] : [speedSteps(w)],
    problem: 'bandwidth',
    audioOnly,
    slow,
  };
}

/** The network verdict from the numbers alone (pure, so it can be tested without a network). */
export function judgeNetwork(m: NetworkMeasurements, w: TestWords = ENGLISH): NetworkJudgement {
  if (m.uplinkKbps === null || m.downlinkKbps === null) {
    const key =
      m.uplinkKbps === null && m.downlinkKbps === null
        ? 'net.unmeasuredSpeed'
        : m.uplinkKbps === null
          ? 'net.unmeasuredUpload'
          : 'net.unmeasuredDownload';
    return { status: 'fail', message: w.t(key), advice: [speedSteps(w)], problem: 'unmeasured', audioOnly: false, slow: [] };
  }
  const slow: ('upload' | 'download')[] = [];
  if (m.uplinkKbps < MIN_VIDEO_KBPS) slow.push('upload');
  if (m.downlinkKbps < MIN_VIDEO_KBPS) slow.push('download');
  if (slow.length) return judgeSlow({ ...m, uplinkKbps: m.uplinkKbps, downlinkKbps: m.downlinkKbps }, slow, w);
  const speeds = w.t('net.speeds', { up: mbps(m.uplinkKbps, w), down: mbps(m.downlinkKbps, w) });
  const shaky =
    (m.mos !== null && m.mos < MIN_GOOD_MOS) ||
    (m.lossPct !== null && m.lossPct > MAX_GOOD_LOSS_PCT) ||
    (m.rttMs !== null && m.rttMs > MAX_GOOD_RTT_MS);
  if (shaky) {
    const why = [
      m.rttMs !== null && m.rttMs > MAX_GOOD_RTT_MS ? w.t('net.delay', { ms: Math.round(m.rttMs) }) : '',
      m.lossPct !== null && m.lossPct > MAX_GOOD_LOSS_PCT ? w.t('net.lost', { pct: Math.round(m.lossPct) }) : '',
    ].filter(Boolean);
    return {
      status: 'warn',
      message: why.length ? w.t('net.unsteadyBecause', { speeds, why: why.join(` ${w.t('net.and')} `) }) : w.t('net.unsteady', { speeds }),
      advice: [unstableSteps(w)],
      problem: 'unstable',
      audioOnly: false,
      slow: [],
    };
  }
  return { status: 'pass', message: w.t('net.ok', { speeds }), problem: null, audioOnly: false, slow: [] };
}

/**
 * The verdict when the server declined to run the speed test: nothing is known about the connection,
 * so a warning that says why and when to try again, never a failure blamed on the person's internet.
 */
export function judgeRefusal(e: SpeedTestRefused, w: TestWords = ENGLISH): NetworkJudgement {
  const minutes = e.retryAfterSeconds !== null ? Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) : null;
  const later = minutes === null ? w.t('net.later') : minutes === 1 ? w.t('net.inAMinute') : w.t('net.inMinutes', { minutes });
  const why =
    e.status === 503
      ? 'net.busy'
      : e.code === 'speed_test_budget_spent'
        ? 'net.budgetSpent'
        : e.code === 'speed_test_in_progress'
          ? 'net.inProgress'
          : e.status === 429
            ? 'net.tooOften'
            : null;
  const message = why ? w.t('net.notMeasured', { why: w.t(why), later }) : w.t('net.notAccepted');
  return { status: 'warn', message, problem: 'not measured', audioOnly: false, slow: [] };
}

export interface ThroughputMeter {
  download(deadline: number, signal?: AbortSignal): Promise<ThroughputResult>;
  upload(deadline: number, signal?: AbortSignal): Promise<ThroughputResult>;
}

export interface NetworkDeps {
  meter?: ThroughputMeter;
  lossProbe?: (iceServers: RTCIceServer[]) => Promise<LossProbeResult | null>;
  /** Longest the whole network check may take. */
  budgetMs?: number;
}

export class NetworkCheck implements Check {
  readonly id = 'network' as const;
  private readonly meter: ThroughputMeter;
  private readonly lossProbe: (iceServers: RTCIceServer[]) => Promise<LossProbeResult | null>;
  private readonly budgetMs: number;

  constructor(deps: NetworkDeps = {}) {
    this.meter = deps.meter ?? new HttpThroughput();
    this.lossProbe = deps.lossProbe ?? ((iceServers) => relayLossProbe({ iceServers }));
    this.budgetMs = deps.budgetMs ?? 10_000;
  }

  private async loss(ctx: CheckContext, ice: IceInfo | null): Promise<{ result: LossProbeResult | null; note: string }> {
    // Only a UDP relay keeps loss visible: over a TCP or TLS relay, TCP resends what was lost.
    if (!ice?.turnConfigured) return { result: null, note: 'no relay configured' };
    if (!ctx.relayReachable.includes('udp')) return { result: null, note: 'UDP relay not reachable' };
    ctx.say(ctx.words.t('step.loss'));
    const result = await this.lossProbe(serversFor(ice, 'udp'));
    return { result, note: result ? 'measured through the UDP relay' : 'relay data channel did not open' };
  }

  async run(ctx: CheckContext): Promise<CheckResult> {
    const end = Math.min(ctx.deadline, ctx.now() + this.budgetMs);
    const loss = await this.loss(ctx, ctx.ice);

    // Split what is left between the two directions; download first (its leftover goes to upload).
    // The server may decline (too busy, or this address's hourly allowance spent): then say so, and do
    // not ask again for the upload.
    let refused: SpeedTestRefused | null = null;
    const refusal = (e: unknown): null => {
      if (e instanceof SpeedTestRefused) refused ??= e;
      return null;
    };
    ctx.say(ctx.words.t('step.download'));
    const down = await this.meter.download(ctx.now() + Math.max(1500, (end - ctx.now()) / 2), ctx.signal).catch(refusal);
    let up: ThroughputResult | null = null;
    if (!refused) {
      ctx.say(ctx.words.t('step.upload'));
      up = await this.meter.upload(Math.max(end, ctx.now() + 1500), ctx.signal).catch(refusal);
    }

    const n = ctx.network;
    n.downlinkKbps = down?.kbps != null ? Math.round(down.kbps) : null;
    n.uplinkKbps = up?.kbps != null ? Math.round(up.kbps) : null;
    if (loss.result) {
      n.lossPct = loss.result.lossPct;
      n.lossMethod = 'relay-datachannel';
      // The relay path's jitter is per packet and one-way, so better than the pings' when we have it.
      if (loss.result.jitterMs !== null) n.jitterMs = loss.result.jitterMs;
      if (n.rttMs === null && loss.result.transitMs !== null) n.rttMs = loss.result.transitMs;
    } else if (n.rttMs !== null) {
      n.lossPct = 0;
      n.lossMethod = 'reliable-transport';
    }
    if (n.rttMs !== null && n.jitterMs !== null && n.lossPct !== null) {
      n.mos = estimateMos({ rttMs: n.rttMs, jitterMs: n.jitterMs, lossPct: n.lossPct });
      n.grade = gradeOf(n.mos);
    }
    const declined = refused as SpeedTestRefused | null;
    const measuredBoth = n.uplinkKbps !== null && n.downlinkKbps !== null;
    const judged =
      declined && !measuredBoth
        ? judgeRefusal(declined, ctx.words)
        : judgeNetwork(
            {
              uplinkKbps: n.uplinkKbps,
              downlinkKbps: n.downlinkKbps,
              uplinkUpperBound: up?.bound === 'upper',
              rttMs: n.rttMs,
              jitterMs: n.jitterMs,
              lossPct: n.lossMethod === 'relay-datachannel' ? n.lossPct : null,
              mos: n.mos,
            },
            ctx.words,
          );
    const details = {
      uplinkKbps: n.uplinkKbps,
      uplinkBound: up?.bound ?? null,
      downlinkKbps: n.downlinkKbps,
      rttMs: n.rttMs,
      jitterMs: n.jitterMs,
      lossPct: n.lossPct,
      lossMethod: n.lossMethod,
      lossNote:
        n.lossMethod === 'relay-datachannel'
          ? `Loss counted on unreliable packets ${loss.note}${loss.result ? ` (${loss.result.received} of ${loss.result.sent} arrived)` : ''}.`
          : `Loss not measurable (${loss.note}): round trips were timed over the WebSocket, a reliable (TCP) transport that resends lost data, so loss shows as extra delay and lossPct is 0 by construction.`,
      relayTransitMs: loss.result?.transitMs ?? null,
      mos: n.mos,
      grade: n.grade,
      downloadSamples:
        down?.samples.map((s) => ({
          bytes: s.bytes,
          ms: round(s.ms, 1),
          kbps: s.kbps === null ? null : Math.round(s.kbps),
          cut: s.cut,
          clock: s.clock,
        })) ?? [],
      uploadSamples:
        up?.samples.map((s) => ({
          bytes: s.bytes,
          ms: round(s.ms, 1),
          kbps: s.kbps === null ? null : Math.round(s.kbps),
          clock: s.clock,
        })) ?? [],
      ...(judged.problem ? { problem: judged.problem } : {}),
      ...(declined ? { refused: { status: declined.status, code: declined.code } } : {}),
      ...(judged.slow.length ? { slow: judged.slow } : {}),
      audioOnly: judged.audioOnly,
    };
    return { id: this.id, status: judged.status, message: judged.message, ...(judged.advice ? { advice: judged.advice } : {}), details };
  }
}
