// Watches that a tile shows the frames that arrive for it. Frames can be decoded here while the
// <video> element shows none of them: the browser paused it (closing picture-in-picture, "Pause" in
// its context menu, an interrupted audio session on iOS), or its player stopped taking frames after a
// connection came back. The person then sees a frozen picture and nothing says why, because as far as
// the connection can tell the video arrives. Giving the element its stream again and playing it
// brings the picture back.
//
// PictureWatch decides, apart from any element so it can be tested on its own: each sample brings the
// frames decoded over the interval (from the call's quality monitor) and the element's running count
// of frames it presented. PictureCheck feeds it from a tile's element. This file loads with import()
// at a call's first sample (bind-call-tiles.ts): nothing in it is needed before a call is up.
import { presentedFrames } from '../media/presented-frames.js';
import type { VideoTiles } from './video-tiles.js';

/** Below this many decoded frames a second there is no moving picture to miss (see the quality monitor). */
export const MIN_DECODED_PER_SECOND = 2;
/** Samples in a row with frames decoded and none shown before the element is given its stream again. */
export const UNSHOWN_SAMPLES = 2;
/**
 * Samples to wait, at most, between two tries that did not help: a browser whose count of presented
 * frames stopped moving while it still shows them must not see its picture reloaded every few seconds.
 */
export const MAX_UNSHOWN_SAMPLES = 32;

export interface PictureSample {
  /** Frames of their video decoded over the interval. */
  decoded: number;
  intervalMs: number;
  /** The element's running count of presented frames. */
  presented: number;
  /** Whether the element is on a visible page and displayed: hidden ones present nothing by design. */
  visible: boolean;
}

export class PictureWatch {
  private lastPresented: number | null = null;
  /** Whether this element's count has ever moved: a browser that never counts a live stream's frames is not watched. */
  private counts = false;
  private unshownRun = 0;
  private needed = UNSHOWN_SAMPLES;

  /** True when the element should be given its stream again now. */
  sample(s: PictureSample): boolean {
    const before = this.lastPresented;
    this.lastPresented = s.visible ? s.presented : null;
    // Moved either way: an element given its stream again may count from 0.
    const shown = before !== null && s.visible && s.presented !== before;
    if (shown) this.needed = UNSHOWN_SAMPLES;
    if (s.presented > 0) this.counts = true;
    const arriving = s.decoded >= (MIN_DECODED_PER_SECOND * s.intervalMs) / 1000;
    const missed = before !== null && s.visible && !shown && arriving && this.counts;
    this.unshownRun = missed ? this.unshownRun + 1 : 0;
    if (this.unshownRun < this.needed) return false;
    this.unshownRun = 0;
    this.lastPresented = null;
    this.needed = Math.min(this.needed * 2, MAX_UNSHOWN_SAMPLES);
    return true;
  }
}

/** One watch per stream a tile shows: a new stream (their page started afresh) is watched afresh. */
export class PictureCheck {
  private readonly watches = new WeakMap<MediaStream, PictureWatch>();

  /** Their video was decoded over the last `intervalMs`: replays their tile when it shows none of it. True when it did. */
  check(tiles: VideoTiles, peerId: string, decoded: number, intervalMs: number): boolean {
    const video = tiles.videoOf(peerId);
    const stream = video?.srcObject;
    if (!video || !(stream instanceof MediaStream)) return false;
    let watch = this.watches.get(stream);
    if (!watch) this.watches.set(stream, (watch = new PictureWatch()));
    // Safari before 17.4 cannot say whether an element is displayed; hidden tiles are rare enough there.
    const displayed = typeof video.checkVisibility !== 'function' || video.checkVisibility();
    const visible = document.visibilityState === 'visible' && displayed;
    if (!watch.sample({ decoded, intervalMs, presented: presentedFrames(video), visible })) return false;
    tiles.replay(peerId);
    return true;
  }
}
