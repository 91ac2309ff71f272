// Packet loss, delay and jitter measured the honest way: two peer connections in this page, both
// forced through the TURN relay, joined by an unreliable data channel (unordered, maxRetransmits 0).
// Each packet goes browser -> relay -> browser, so it crosses this network twice, and a lost packet
// stays lost instead of being resent as it would be over TCP. Both ends share one clock, so every
// packet's transit time is known exactly.
import { median, meanAbsDelta, round } from './check.js';

export interface LossProbeResult {
  sent: number;
  received: number;
  lossPct: number;
  /** Median browser -> relay -> browser transit time: about one round trip to the relay. */
  transitMs: number | null;
  /** Mean change in transit time between consecutive packets. */
  jitterMs: number | null;
}

type PcLike = RTCPeerConnection;

export interface LossProbeOptions {
  iceServers: RTCIceServer[];
  createPeerConnection?: (config: RTCConfiguration) => PcLike;
  packets?: number;
  intervalMs?: number;
  packetBytes?: number;
  /** Give up connecting after this long. */
  connectTimeoutMs?: number;
  now?: () => number;
}

export async function relayLossProbe(opts: LossProbeOptions): Promise<LossProbeResult | null> {
  const create = opts.createPeerConnection ?? ((c: RTCConfiguration) => new RTCPeerConnection(c));
  const now = opts.now ?? (() => performance.now());
  const packets = opts.packets ?? 60;
  const intervalMs = opts.intervalMs ?? 20;
  const size = Math.max(12, opts.packetBytes ?? 200);
  const config: RTCConfiguration = { iceServers: opts.iceServers, iceTransportPolicy: 'relay' };
  const a = create(config);
  const b = create(config);
  const timers: ReturnType<typeof setTimeout>[] = [];
  try {
    a.addEventListener('icecandidate', (e) => void (e.candidate && b.addIceCandidate(e.candidate).catch(() => undefined)));
    b.addEventListener('icecandidate', (e) => void (e.candidate && a.addIceCandidate(e.candidate).catch(() => undefined)));
    const channel = a.createDataChannel('loss', { ordered: false, maxRetransmits: 0 });
    channel.binaryType = 'arraybuffer';
    const transits = new Map<number, number>();
    b.addEventListener('datachannel', (e) => {
      e.channel.binaryType = 'arraybuffer';
      e.channel.addEventListener('message', (m: MessageEvent) => {
        if (!(m.data instanceof ArrayBuffer) || m.data.byteLength < 12) return;
        const view = new DataView(m.data);
        transits.set(view.getUint32(0), now() - view.getFloat64(4));
      });
    });
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);

    const opened = await new Promise<boolean>((resolve) => {
      if (channel.readyState === 'open') return resolve(true);
      timers.push(setTimeout(() => resolve(false), opts.connectTimeoutMs ?? 5000));
      channel.addEventListener('open', () => resolve(true));
      channel.addEventListener('close', () => resolve(false));
    });
    if (!opened) return null;

    // Send at a steady pace, like audio packets, then allow late ones a moment to arrive.
    let sent = 0;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        if (sent >= packets || channel.readyState !== 'open') return resolve();
        const buf = new ArrayBuffer(size);
        const view = new DataView(buf);
        view.setUint32(0, sent);
        view.setFloat64(4, now());
        channel.send(buf);
        sent++;
        timers.push(setTimeout(tick, intervalMs));
      };
      tick();
    });
    const graceEnd = now() + 600;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (transits.size >= sent || now() >= graceEnd) return resolve();
        timers.push(setTimeout(check, 25));
      };
      check();
    });
    const ordered = [...transits.entries()].sort((x, y) => x[0] - y[0]).map(([, t]) => t);
    const transit = median(ordered);
    const jitter = meanAbsDelta(ordered);
    return {
      sent,
      received: transits.size,
      lossPct: sent ? round((100 * (sent - transits.size)) / sent, 1) : 0,
      transitMs: transit === null ? null : round(transit, 1),
      jitterMs: jitter === null ? null : round(jitter, 1),
    };
  } catch {
    return null;
  } finally {
    for (const t of timers) clearTimeout(t);
    a.close();
    b.close();
  }
}
