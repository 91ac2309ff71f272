// Check 5b: can this browser reach the TURN relay, per transport (UDP, TCP, TLS)? For each transport the
// server lists, gathers candidates with only that URL and iceTransportPolicy 'relay': a relay candidate
// means the relay answered and allocated an address.
import { adviceBlock } from './browser-advice.js';
import type { Check, CheckContext, IceInfo } from './check.js';
import type { CheckResult, TurnTransport } from './report.js';

type PcLike = Pick<RTCPeerConnection, 'createDataChannel' | 'createOffer' | 'setLocalDescription' | 'close' | 'addEventListener'>;

export interface RelayDeps {
  fetchIce?: () => Promise<IceInfo>;
  createPeerConnection?: (config: RTCConfiguration) => PcLike;
  timeoutMs?: number;
}

export function transportOf(url: string): TurnTransport | null {
  if (/^turns:/i.test(url)) return 'tls';
  if (!/^turn:/i.test(url)) return null;
  return /\?transport=tcp/i.test(url) ? 'tcp' : 'udp';
}

/** The test's ICE servers narrowed to one transport's URLs (with the same credentials). */
export function serversFor(ice: IceInfo, transport: TurnTransport): RTCIceServer[] {
  const out: RTCIceServer[] = [];
  for (const s of ice.iceServers) {
    const urls = (Array.isArray(s.urls) ? s.urls : [s.urls]).filter((u) => transportOf(u) === transport);
    if (urls.length) out.push({ ...s, urls });
  }
  return out;
}

export async function fetchTestIce(fetchFn: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<IceInfo> {
  const res = await fetchFn('/api/connection-test/ice', { cache: 'no-store' });
  if (!res.ok) throw new Error(`ice: HTTP ${res.status}`);
  return (await res.json()) as IceInfo;
}

/** Resolves true once a relay candidate appears, false when gathering ends without one or time runs out. */
export function gatherRelay(
  createPc: (config: RTCConfiguration) => PcLike,
  iceServers: RTCIceServer[],
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const pc = createPc({ iceServers, iceTransportPolicy: 'relay' });
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pc.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    pc.addEventListener('icecandidate', (e: Event) => {
      const c = (e as RTCPeerConnectionIceEvent).candidate;
      if (!c) return finish(false); // end of gathering
      if (c.type === 'relay' || / typ relay /.test(c.candidate)) finish(true);
    });
    pc.createDataChannel('relay-probe');
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch(() => finish(false));
  });
}

const NAMES: Record<TurnTransport, string> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS' };

export class RelayCheck implements Check {
  readonly id = 'relay' as const;

  constructor(private readonly deps: RelayDeps = {}) {}

  async run(ctx: CheckContext): Promise<CheckResult> {
    const w = ctx.words;
    let ice: IceInfo;
    try {
      ice = await (this.deps.fetchIce ?? fetchTestIce)();
    } catch {
      return {
        id: this.id,
        status: 'warn',
        message: w.t('relay.askFailed'),
        details: { problem: 'not checked' },
      };
    }
    ctx.ice = ice;
    ctx.network.turnConfigured = ice.turnConfigured;
    if (!ice.turnConfigured || ice.iceServers.length === 0) {
      return {
        id: this.id,
        status: 'skip',
        message: w.t('relay.none'),
        details: { turnConfigured: false },
      };
    }
    if (typeof RTCPeerConnection === 'undefined' && !this.deps.createPeerConnection) {
      return {
        id: this.id,
        status: 'skip',
        message: w.t('relay.noCalls'),
        details: { problem: 'not checked' },
      };
    }
    ctx.say(w.t('step.relay'));
    const transports = (['udp', 'tcp', 'tls'] as const).filter((t) => serversFor(ice, t).length > 0);
    const createPc = this.deps.createPeerConnection ?? ((config: RTCConfiguration) => new RTCPeerConnection(config));
    const timeoutMs = Math.max(1500, Math.min(this.deps.timeoutMs ?? 5000, ctx.deadline - ctx.now()));
    const results = await Promise.all(transports.map((t) => gatherRelay(createPc, serversFor(ice, t), timeoutMs)));
    const reachable = transports.filter((_, i) => results[i]);
    const unreachable = transports.filter((_, i) => !results[i]);
    ctx.relayReachable = reachable;
    for (const [i, t] of transports.entries()) ctx.network.relay[t] = results[i] ? 'reachable' : 'unreachable';
    const details = {
      turnConfigured: true,
      ...Object.fromEntries(transports.map((t, i) => [t, results[i] ? 'reachable' : 'unreachable'])),
    };
    const list = (ts: readonly TurnTransport[]): string => ts.map((t) => NAMES[t]).join(', ');
    if (reachable.length === 0) {
      return {
        id: this.id,
        status: 'warn',
        message: w.t('relay.unreachable'),
        advice: [adviceBlock(w, w.advice('relay.title'), ['relay.otherNetwork', 'relay.vpn'])],
        details: { ...details, problem: 'unreachable' },
      };
    }
    const message =
      unreachable.length === 0
        ? w.t('relay.ok', { transports: list(reachable) })
        : w.t('relay.partly', { reachable: list(reachable), unreachable: list(unreachable) });
    return { id: this.id, status: 'pass', message, details };
  }
}
