// A call's video starts at a quarter of the camera's size and goes up to full size once pictures flow.
// A new connection's congestion controller starts at a few hundred kbit/s, and a 720p key frame at
// that rate takes most of a second to go out: the first picture showed 0.8 s after ICE connected
// (npm run bench). A quarter-size key frame is a fraction of that, and the picture came 0.1 s after
// ICE. Once frames are going and the estimate has grown (or a few seconds have passed, so a slow link
// is not kept small for good: the browser's own adaptation takes over from there), full size.
// Never touches the DOM.
import { readOutgoing } from './outgoing-estimate.js';

/** The first frames are this many times smaller on each side (1280x720 -> 320x180). */
export const START_SCALE = 4;
/** Frames sent before going up: enough that the other side has a picture on screen. */
export const RAISE_AFTER_FRAMES = 10;
/** The uplink estimate (Chromium gives one) at which full size can go out without a long stall. */
export const RAISE_AT_KBPS = 1200;
/** Full size after this long from the connection, whatever the readings say. */
export const RAISE_BY_MS = 4000;
const POLL_MS = 200;

export interface Flow {
  /** Video frames sent so far on this connection. */
  framesSent: number;
  /** The browser's own estimate of the uplink, kbit/s (null in browsers that give none). */
  availableKbps: number | null;
  /** Since the connection came up. */
  elapsedMs: number;
}

/** Whether the video can go up to full size now. */
export function readyForFullSize(f: Flow): boolean {
  if (f.elapsedMs >= RAISE_BY_MS) return true;
  if (f.framesSent < RAISE_AFTER_FRAMES) return false;
  return f.availableKbps === null || f.availableKbps >= RAISE_AT_KBPS;
}

/** Asks the sender for small frames before the first offer. False when the browser will not. */
export async function startSmall(sender: RTCRtpSender): Promise<boolean> {
  return scale(sender, START_SCALE);
}

/**
 * Watches a connected peer connection and puts the sender back to full size when readyForFullSize
 * says so; resolves then (true), or when `stopped()` turns true first (false).
 */
export async function raiseWhenFlowing(pc: RTCPeerConnection, sender: RTCRtpSender, stopped: () => boolean): Promise<boolean> {
  const since = performance.now();
  while (!stopped()) {
    const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
    const framesSent = stats.reduce((n, s) => n + (s.type === 'outbound-rtp' && s.kind === 'video' ? Number(s.framesSent ?? 0) : 0), 0);
    const flow = { framesSent, availableKbps: readOutgoing(stats, 0).availableKbps, elapsedMs: performance.now() - since };
    if (readyForFullSize(flow)) return !stopped() && scale(sender, 1);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return false;
}

async function scale(sender: RTCRtpSender, by: number): Promise<boolean> {
  try {
    const params = sender.getParameters();
    const first = params.encodings?.[0];
    if (!first) return false;
    first.scaleResolutionDownBy = by;
    await sender.setParameters(params);
    return true;
  } catch {
    // Older browsers refuse parameters before negotiation: they start at full size, as before.
    return false;
  }
}
