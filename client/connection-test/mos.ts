// Call-quality estimate from round-trip time, jitter and packet loss: a simplified ITU-T G.107
// E-model, as used by VoIP monitors. It rates a voice call; video suffers from the same things.
//
//   d      = rtt/2 + 2*jitter + 20                one-way mouth-to-ear delay in ms: half the round trip,
//                                                a jitter buffer of two jitters, 20 ms packetisation
//   Id     = 0.024*d + 0.11*(d - 177.3)*H(d - 177.3)
//                                                delay impairment (Cole & Rosenbluth's fit of G.107's
//                                                Idd; H is the unit step: delay hurts much more past ~177 ms)
//   Ie,eff = Ie + (95 - Ie) * P / (P + Bpl)      loss impairment from G.107, P = loss in percent,
//                                                with Ie = 0 and Bpl = 25.1 (G.711 with packet-loss
//                                                concealment, G.113 Appendix I; a stand-in for Opus)
//   R      = 93.2 - Id - Ie,eff                  93.2 = G.107's default rating with no impairment
//   MOS    = 1                                    if R <= 0
//          = 1 + 0.035*R + 7e-6*R*(R-60)*(100-R)  if 0 < R < 100
//          = 4.5                                  if R >= 100
export interface QualityInput {
  rttMs: number;
  jitterMs: number;
  lossPct: number;
}

export type QualityGrade = 'excellent' | 'good' | 'fair' | 'poor' | 'bad';

const R0 = 93.2;
const BPL = 25.1;
const IE = 0;

export function oneWayDelayMs({ rttMs, jitterMs }: Pick<QualityInput, 'rttMs' | 'jitterMs'>): number {
  return Math.max(0, rttMs) / 2 + 2 * Math.max(0, jitterMs) + 20;
}

export function rFactor(q: QualityInput): number {
  const d = oneWayDelayMs(q);
  const id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  const p = Math.min(100, Math.max(0, q.lossPct));
  const ie = IE + ((95 - IE) * p) / (p + BPL);
  return Math.min(100, Math.max(0, R0 - id - ie));
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

/** Mean opinion score, 1 (bad) to 4.5 (best a narrowband call can get), rounded to 2 decimals. */
export function estimateMos(q: QualityInput): number {
  return Math.round(mosFromR(rFactor(q)) * 100) / 100;
}

/** The usual MOS bands (G.107 Annex B's user-satisfaction categories, rounded). */
export function gradeOf(mos: number): QualityGrade {
  if (mos >= 4.0) return 'excellent';
  if (mos >= 3.6) return 'good';
  if (mos >= 3.1) return 'fair';
  if (mos >= 2.6) return 'poor';
  return 'bad';
}
