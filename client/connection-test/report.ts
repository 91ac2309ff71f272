// The connection test's result types, the overall verdict, and the one-line summary the provider sees.
import type { TestSummary } from '../../shared/protocol.js';
import type { BrowserEnv } from './browser-advice.js';
import type { QualityGrade } from './mos.js';

export type CheckId = 'browser' | 'permissions' | 'camera' | 'microphone' | 'speakers' | 'server' | 'relay' | 'network';
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';
export type Verdict = 'pass' | 'warn' | 'fail';

/** A list of steps for a person to follow, with a heading. */
export interface AdviceBlock {
  title: string;
  steps: string[];
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One or two plain sentences for the person taking the test. */
  message: string;
  /** What to do about it, when there is something to do. */
  advice?: AdviceBlock[];
  /** Offer a button that copies this page's link (to open it in another browser). */
  offerCopyLink?: boolean;
  /** Measurements and raw facts, for support staff and the machine-readable report. */
  details?: Record<string, unknown>;
  /** How long the check took (set by the runner). */
  ms?: number;
}

export type TurnTransport = 'udp' | 'tcp' | 'tls';

export interface NetworkReport {
  /** Sending speed (your video going out), kbit/s. */
  uplinkKbps: number | null;
  /** Receiving speed (the other side's video coming in), kbit/s. */
  downlinkKbps: number | null;
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
  /**
   * How loss was measured. 'relay-datachannel': unreliable packets (no retransmission) through the TURN
   * relay, so lost packets are really counted. 'reliable-transport': over the WebSocket, where TCP resends
   * anything lost: loss shows up as extra delay and lossPct is 0 by construction.
   */
  lossMethod: 'relay-datachannel' | 'reliable-transport' | null;
  mos: number | null;
  grade: QualityGrade | null;
  turnConfigured: boolean;
  /** Per TURN transport present in the configuration: could a relay be allocated? */
  relay: Partial<Record<TurnTransport, 'reachable' | 'unreachable'>>;
}

export interface ConnectionTestReport {
  version: 1;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  environment: BrowserEnv & { userAgent: string };
  checks: CheckResult[];
  network: NetworkReport;
}

export function emptyNetwork(): NetworkReport {
  return {
    uplinkKbps: null,
    downlinkKbps: null,
    rttMs: null,
    jitterMs: null,
    lossPct: null,
    lossMethod: null,
    mos: null,
    grade: null,
    turnConfigured: false,
    relay: {},
  };
}

/** Any failure fails; otherwise any warning warns. A skipped check (e.g. speakers not confirmed) counts for neither. */
export function verdictOf(checks: readonly Pick<CheckResult, 'status'>[]): Verdict {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warn')) return 'warn';
  return 'pass';
}

/** The order in which a person should fix things: a blocked browser or permission hides everything after it. */
const FIX_ORDER: CheckId[] = ['browser', 'permissions', 'camera', 'microphone', 'server', 'network', 'speakers', 'relay'];

/** The check to fix first, or null when nothing failed or warned. */
export function firstToFix(report: Pick<ConnectionTestReport, 'checks'>): CheckResult | null {
  for (const status of ['fail', 'warn'] as const) {
    for (const id of FIX_ORDER) {
      const c = report.checks.find((x) => x.id === id && x.status === status);
      if (c) return c;
    }
  }
  return null;
}

export function formatKbps(kbps: number | null): string {
  if (kbps === null || !Number.isFinite(kbps)) return '?';
  if (kbps >= 10_000) return `${Math.round(kbps / 1000)}`;
  if (kbps >= 1000) return `${(kbps / 1000).toFixed(1)}`;
  return `${(kbps / 1000).toFixed(2)}`;
}

const MAX_SUMMARY = 200;

function device(report: ConnectionTestReport, id: CheckId, name: string): string | null {
  const c = report.checks.find((x) => x.id === id);
  if (!c) return null;
  switch (c.status) {
    case 'pass':
      return `${name} ok`;
    case 'warn':
      return `${name} ${String(c.details?.problem ?? 'warning')}`;
    case 'fail':
      return `${name} ${String(c.details?.problem ?? 'failed')}`;
    default:
      return id === 'speakers' ? `${name} not confirmed` : null;
  }
}

/**
 * The provider-facing one-liner, e.g. "camera ok · mic ok · speakers ok · 2.4 Mbps up / 5.1 down · 40 ms · relay ok".
 * Short words only; the provider reads it at a glance next to a waiting client's name.
 */
export function summarize(report: ConnectionTestReport): TestSummary {
  const parts: string[] = [];
  const browser = report.checks.find((c) => c.id === 'browser');
  if (browser && browser.status !== 'pass') parts.push(`browser ${String(browser.details?.problem ?? browser.status)}`);
  const perms = report.checks.find((c) => c.id === 'permissions');
  if (perms?.status === 'fail') parts.push(`camera/mic ${String(perms.details?.problem ?? 'blocked')}`);
  else {
    for (const [id, name] of [
      ['camera', 'camera'],
      ['microphone', 'mic'],
    ] as const) {
      const p = device(report, id, name);
      if (p) parts.push(p);
    }
  }
  const speakers = device(report, 'speakers', 'speakers');
  if (speakers) parts.push(speakers);
  const n = report.network;
  const server = report.checks.find((c) => c.id === 'server');
  if (server?.status === 'fail') parts.push('server unreachable');
  if (n.uplinkKbps !== null || n.downlinkKbps !== null)
    parts.push(`${formatKbps(n.uplinkKbps)} Mbps up / ${formatKbps(n.downlinkKbps)} down`);
  if (n.rttMs !== null) parts.push(`${Math.round(n.rttMs)} ms`);
  if (n.lossPct !== null && n.lossPct >= 1) parts.push(`${n.lossPct.toFixed(0)}% loss`);
  const network = report.checks.find((c) => c.id === 'network');
  if (network?.details?.audioOnly === true) parts.push('audio only advised');
  else if (network && (network.status === 'fail' || network.status === 'warn') && network.details?.problem !== 'bandwidth') {
    parts.push(`network ${String(network.details?.problem ?? network.status)}`);
  }
  if (n.turnConfigured) {
    const reachable = Object.entries(n.relay)
      .filter(([, v]) => v === 'reachable')
      .map(([k]) => k);
    if (reachable.length === 0) parts.push('relay blocked');
    else if (reachable.length === Object.keys(n.relay).length) parts.push('relay ok');
    else parts.push(`relay ${reachable.join('+')} only`);
  }
  let text = parts.join(' · ');
  if (text.length > MAX_SUMMARY) text = `${text.slice(0, MAX_SUMMARY - 1)}…`;
  return { verdict: report.verdict, text };
}
