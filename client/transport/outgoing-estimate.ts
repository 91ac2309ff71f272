// What one peer connection's uplink can carry, read from its getStats() reports. Pure: the reports
// come in as plain objects, so recorded series from both browsers can be replayed in unit tests.
//
// Chromium says it outright: the selected candidate pair's availableOutgoingBitrate (its congestion
// controller's estimate). Firefox does not; there the signs are what the other side reports back
// (remote-inbound-rtp: packets lost, round trip) next to what was actually sent. A congested link's
// achieved rate is what it can carry; a clean link that sends little (only sound, or a still picture)
// says nothing about how much more it could carry, so that sample is "cannot tell".

/** Loss over an interval (as the other side reports it) at which the link counts as congested. */
export const CONGESTED_LOSS_PCT = 3;
/** A round trip this long counts as congested too (queues filling up before packets drop). */
export const CONGESTED_RTT_MS = 300;

export interface OutgoingSnapshot {
  at: number;
  /** The browser's own estimate (Chromium), kbit/s; null when it gives none. */
  availableKbps: number | null;
  /** RTP bytes sent so far, all streams. */
  bytesSent: number;
  packetsSent: number;
  /** Packets the other side says it lost so far. */
  packetsLost: number;
  rttMs: number | null;
}

type Stat = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function selectedPair(stats: Stat[]): Stat | undefined {
  const byId = new Map(stats.map((s) => [s.id, s]));
  for (const s of stats) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') return byId.get(s.selectedCandidatePairId);
  }
  // Firefox marks the pair itself.
  return (
    stats.find((s) => s.type === 'candidate-pair' && s.selected === true) ??
    stats.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded')
  );
}

/** One reading of a peer connection's outgoing side, from the values of its stats report. */
export function readOutgoing(stats: Iterable<Stat>, at: number): OutgoingSnapshot {
  const all = [...stats];
  const pair = selectedPair(all);
  const available = num(pair?.availableOutgoingBitrate);
  const snap: OutgoingSnapshot = {
    at,
    availableKbps: available === null ? null : available / 1000,
    bytesSent: 0,
    packetsSent: 0,
    packetsLost: 0,
    rttMs: null,
  };
  for (const s of all) {
    if (s.type === 'outbound-rtp') {
      snap.bytesSent += num(s.bytesSent) ?? 0;
      snap.packetsSent += num(s.packetsSent) ?? 0;
    } else if (s.type === 'remote-inbound-rtp') {
      snap.packetsLost += Math.max(0, num(s.packetsLost) ?? 0);
      const rtt = num(s.roundTripTime);
      if (rtt !== null) snap.rttMs = Math.max(snap.rttMs ?? 0, rtt * 1000);
    }
  }
  if (snap.rttMs === null) {
    const rtt = num(pair?.currentRoundTripTime);
    if (rtt !== null) snap.rttMs = rtt * 1000;
  }
  return snap;
}

/** Packets the other side reported lost between two readings, as a share of those sent (%). */
export function intervalLossPct(prev: OutgoingSnapshot | null, now: OutgoingSnapshot): number {
  if (!prev) return 0;
  const sent = Math.max(0, now.packetsSent - prev.packetsSent);
  const lost = Math.max(0, now.packetsLost - prev.packetsLost);
  return sent + lost > 0 ? (100 * lost) / (sent + lost) : 0;
}

/** What the uplink can carry, kbit/s, between two readings; null when the readings cannot tell. */
export function estimateKbps(prev: OutgoingSnapshot | null, now: OutgoingSnapshot, needKbps: number): number | null {
  if (now.availableKbps !== null) return now.availableKbps;
  if (!prev || now.at <= prev.at) return null;
  const sentKbps = (8 * Math.max(0, now.bytesSent - prev.bytesSent)) / (now.at - prev.at);
  const congested = intervalLossPct(prev, now) >= CONGESTED_LOSS_PCT || (now.rttMs !== null && now.rttMs >= CONGESTED_RTT_MS);
  if (congested || sentKbps >= needKbps) return sentKbps;
  return null;
}
