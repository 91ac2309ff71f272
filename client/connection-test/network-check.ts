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

export function mbps(kbps: number): string {
  const m = kbps / 1000;
  return `${m >= 10 ? Math.round(m) : m >= 1 ? m.toFixed(1) : m.toFixed(2)} Mbps`;
}

const SPEED_STEPS: AdviceBlock = {
  title: 'Speed up your connection',
  steps: [
    'Move closer to your Wi-Fi router, or connect with a network cable.',
    'Pause downloads, streaming, backups and game consoles on the same network, and ask others at home to do the same during the visit.',
    'Try another network, such as your phone’s mobile data (4G or 5G).',
    'Run the test again.',
  ],
};

const AUDIO_ONLY_STEP: AdviceBlock = {
  title: 'Or have an audio-only visit',
  steps: [
    'Your connection is fast enough for sound without video. Tell your provider you would like an audio-only visit, or turn your camera off when the visit starts.',
  ],
};

const UNSTABLE_STEPS: AdviceBlock = {
  title: 'Steady your connection',
  steps: [
    'Move closer to your Wi-Fi router, or connect with a network cable.',
    'Pause downloads and streaming on the same network.',
    'If you use a VPN, switch it off for the visit.',
  ],
};

/** The network verdict from the numbers alone (pure, so it can be tested without a network). */
export function judgeNetwork(m: NetworkMeasurements): NetworkJudgement {
  if (m.uplinkKbps === null || m.downlinkKbps === null) {
    const which = m.uplinkKbps === null && m.downlinkKbps === null ? 'speed' : m.uplinkKbps === null ? 'upload speed' : 'download speed';
    return {
      status: 'fail',
      message: `We could not measure your ${which}. Check that you are online, then run the test again.`,
      advice: [SPEED_STEPS],
      problem: 'unmeasured',
      audioOnly: false,
      slow: [],
    };
  }
  const slow: ('upload' | 'download')[] = [];
  if (m.uplinkKbps < MIN_VIDEO_KBPS) slow.push('upload');
  if (m.downlinkKbps < MIN_VIDEO_KBPS) slow.push('download');
  if (slow.length) {
    const upText = `${m.uplinkUpperBound ? 'under ' : ''}${mbps(m.uplinkKbps)}`;
    const speeds =
      slow.length === 2
        ? `Your internet speed is too slow for video in both directions: upload (sending your video) ${upText}, download (receiving video) ${mbps(m.downlinkKbps)}.`
        : slow[0] === 'upload'
          ? `Your upload speed is too slow for video: ${upText} for sending your video (download is fine at ${mbps(m.downlinkKbps)}).`
          : `Your download speed is too slow for video: ${mbps(m.downlinkKbps)} for receiving video (upload is fine at ${upText}).`;
    const need = ` Video needs at least ${mbps(MIN_VIDEO_KBPS)} each way.`;
    const audioOnly = Math.min(m.uplinkKbps, m.downlinkKbps) >= MIN_AUDIO_KBPS;
    return {
      status: 'fail',
      message: speeds + need + (audioOnly ? ' An audio-only visit should work.' : ' This is too slow even for a call without video.'),
      advice: audioOnly ? [SPEED_STEPS, AUDIO_ONLY_STEP] : [SPEED_STEPS],
      problem: 'bandwidth',
      audioOnly,
      slow,
    };
  }
  const speeds = `upload ${mbps(m.uplinkKbps)}, download ${mbps(m.downlinkKbps)}`;
  const shaky =
    (m.mos !== null && m.mos < MIN_GOOD_MOS) ||
    (m.lossPct !== null && m.lossPct > MAX_GOOD_LOSS_PCT) ||
    (m.rttMs !== null && m.rttMs > MAX_GOOD_RTT_MS);
  if (shaky) {
    const why = [
      m.rttMs !== null && m.rttMs > MAX_GOOD_RTT_MS ? `a long delay (${Math.round(m.rttMs)} ms)` : '',
      m.lossPct !== null && m.lossPct > MAX_GOOD_LOSS_PCT ? `${Math.round(m.lossPct)}% of data lost on the way` : '',
    ].filter(Boolean);
    return {
      status: 'warn',
      message: `Your connection is fast enough (${speeds}) but unsteady${why.length ? `: ${why.join(' and ')}` : ''}. Sound and video may stutter or lag.`,
      advice: [UNSTABLE_STEPS],
      problem: 'unstable',
      audioOnly: false,
      slow: [],
    };
  }
  return { status: 'pass', message: `Your internet connection is good for video: ${speeds}.`, problem: null, audioOnly: false, slow: [] };
}

/**
 * The verdict when the server declined to run the speed test: nothing is known about the connection,
 * so a warning that says why and when to try again, never a failure blamed on the person's internet.
 */
export function judgeRefusal(e: SpeedTestRefused): NetworkJudgement {
  const minutes = e.retryAfterSeconds !== null ? Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) : null;
  const later = minutes === null ? 'later' : minutes === 1 ? 'in a minute' : `in about ${minutes} minutes`;
  const why =
    e.status === 503
      ? 'too many people are testing their connection right now'
      : e.code === 'speed_test_budget_spent'
        ? 'the speed test has already run several times from your internet connection in the last hour'
        : e.code === 'speed_test_in_progress'
          ? 'another speed test from your internet connection was running at the same time'
          : e.status === 429
            ? 'the speed test was started too often from your internet connection just now'
            : null;
  const message = why
    ? `Your internet speed was not measured: ${why}. Run the test again ${later}.`
    : 'Your internet speed was not measured: the server did not accept the speed test. Reload this page and run the test again.';
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
  readonly label = 'Internet speed';
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
    ctx.say('Checking for lost data…');
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
    ctx.say('Measuring your download speed…');
    const down = await this.meter.download(ctx.now() + Math.max(1500, (end - ctx.now()) / 2), ctx.signal).catch(refusal);
    let up: ThroughputResult | null = null;
    if (!refused) {
      ctx.say('Measuring your upload speed…');
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
        ? judgeRefusal(declined)
        : judgeNetwork({
            uplinkKbps: n.uplinkKbps,
            downlinkKbps: n.downlinkKbps,
            uplinkUpperBound: up?.bound === 'upper',
            rttMs: n.rttMs,
            jitterMs: n.jitterMs,
            lossPct: n.lossMethod === 'relay-datachannel' ? n.lossPct : null,
            mos: n.mos,
          });
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
