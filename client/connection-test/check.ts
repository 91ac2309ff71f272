// What every check shares: the context the runner hands from one check to the next.
import type { BrowserEnv } from './browser-advice.js';
import { emptyNetwork, type CheckId, type CheckResult, type NetworkReport, type TurnTransport } from './report.js';
import { ENGLISH, type TestWords } from './words.js';

/** Why a kind of media is not in the stream. */
export type MediaState = 'ok' | 'blocked' | 'busy' | 'missing' | 'unavailable' | 'error' | 'not-asked';

export interface IceInfo {
  iceServers: RTCIceServer[];
  turnConfigured: boolean;
}

/** Live values for whatever displays the test; measurement code never touches the page itself. */
export type LiveEvent = { kind: 'stream'; stream: MediaStream | null } | { kind: 'level'; value: number } | { kind: 'speaker-question' };

export interface CheckContext {
  env: BrowserEnv;
  /** The language the person reads: every message and fix step is worded with these. */
  readonly words: TestWords;
  /** performance.now()-style time by which the whole test should be over. */
  readonly deadline: number;
  now(): number;
  readonly signal: AbortSignal;
  /** Camera and microphone, once the permission check got them. */
  stream: MediaStream | null;
  media: { video: MediaState; audio: MediaState };
  /** Set by the relay check: the test's TURN servers and which transports reached them. */
  ice: IceInfo | null;
  relayReachable: TurnTransport[];
  /** Set by the server check: WebSocket round trips in ms (empty when the server was unreachable). */
  serverRtts: number[];
  network: NetworkReport;
  /** A line of progress for the person ("Measuring your upload speed…"). */
  say(text: string): void;
  live(event: LiveEvent): void;
}

/** A fresh context: nothing measured yet. The runner and tests fill in what differs. */
export function newCheckContext(
  init: Pick<CheckContext, 'env' | 'deadline' | 'now' | 'signal'> & Partial<Pick<CheckContext, 'say' | 'live' | 'words'>>,
): CheckContext {
  return {
    words: ENGLISH,
    say: () => undefined,
    live: () => undefined,
    ...init,
    stream: null,
    media: { video: 'not-asked', audio: 'not-asked' },
    ice: null,
    relayReachable: [],
    serverRtts: [],
    network: emptyNetwork(),
  };
}

export interface Check {
  /** Also picks the check's name for the person ("label.camera" in the catalogue). */
  readonly id: CheckId;
  /** Run alongside the next check instead of before it (both must only read the context they share). */
  readonly joinsNext?: boolean;
  run(ctx: CheckContext): Promise<CheckResult>;
}

/** Resolves after `ms`, or at once when `signal` aborts. Used for measurement windows, never in tests. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Mean absolute difference between consecutive values: how much a delay varies from one packet to the next. */
export function meanAbsDelta(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < values.length; i++) sum += Math.abs(values[i]! - values[i - 1]!);
  return sum / (values.length - 1);
}

export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
