// Looks at the frames a camera actually delivers: how many per second, and small grey-scale samples
// to tell black or frozen pictures from live ones. It reads a <video> element it is given (the page's
// preview) or a detached one of its own; it never adds anything to the page.

import { presentedFrames } from '../media/presented-frames.js';

export interface FrameCount {
  frames: number;
  ms: number;
  /** How frames were counted: per presented frame, the element's running total, or changed samples (a lower bound). */
  method: 'video-frame-callback' | 'playback-quality' | 'sampling';
}

export interface VideoProbe {
  /** Frames presented during the next `ms`. */
  countFrames(ms: number): Promise<FrameCount>;
  /** The current frame as SAMPLE_W x SAMPLE_H luma values (0-255), or null when there is no picture yet. */
  sampleLuma(): Promise<Uint8Array | null>;
  /** The size of the frames actually shown, when known. */
  dimensions?(): { width: number; height: number } | null;
  close(): void;
}

export const SAMPLE_W = 32;
export const SAMPLE_H = 24;

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?(cb: (now: number, meta: { presentedFrames: number }) => void): number;
  cancelVideoFrameCallback?(handle: number): void;
};

/** Resolves once the element has a picture (or after `timeoutMs`). */
function firstPicture(video: HTMLVideoElement, timeoutMs: number): Promise<void> {
  if (video.readyState >= 2 && video.videoWidth > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      video.removeEventListener('loadeddata', done);
      video.removeEventListener('playing', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    video.addEventListener('loadeddata', done);
    video.addEventListener('playing', done);
  });
}

/** Builds a probe on `video` (which must be showing `stream`), or on a detached element when none is given. */
export async function createVideoProbe(stream: MediaStream, given?: HTMLVideoElement): Promise<VideoProbe> {
  const video = (given ?? document.createElement('video')) as FrameCallbackVideo;
  if (!given) {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
  }
  try {
    await video.play();
  } catch {
    // Autoplay refused: frames can still be drawn once loaded, and counting falls back to sampling.
  }
  await firstPicture(video, 3000);
  const canvas = document.createElement('canvas');
  canvas.width = SAMPLE_W;
  canvas.height = SAMPLE_H;
  const g = canvas.getContext('2d', { willReadFrequently: true });

  const sampleLuma = async (): Promise<Uint8Array | null> => {
    if (!g || video.videoWidth === 0) return null;
    g.drawImage(video, 0, 0, SAMPLE_W, SAMPLE_H);
    const rgba = g.getImageData(0, 0, SAMPLE_W, SAMPLE_H).data;
    const out = new Uint8Array(SAMPLE_W * SAMPLE_H);
    for (let i = 0; i < out.length; i++) {
      // ITU-R BT.601 luma.
      out[i] = Math.round(0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!);
    }
    return out;
  };

  const countFrames = (ms: number): Promise<FrameCount> =>
    new Promise((resolve) => {
      const start = performance.now();
      const quality0 = presentedFrames(video);
      let callbacks = 0;
      let first: { presented: number; at: number } | null = null;
      let last = { presented: 0, at: 0 };
      let handle: number | null = null;
      const onFrame = (now: number, meta: { presentedFrames: number }): void => {
        callbacks++;
        last = { presented: meta.presentedFrames, at: now };
        first ??= last;
        handle = video.requestVideoFrameCallback!(onFrame);
      };
      if (typeof video.requestVideoFrameCallback === 'function') handle = video.requestVideoFrameCallback(onFrame);
      setTimeout(() => {
        if (handle !== null) video.cancelVideoFrameCallback?.(handle);
        const elapsed = performance.now() - start;
        // Frames between the first and the last callback, over the time between them. presentedFrames
        // also counts frames presented while the page was too busy to call back.
        const span = first ? last.at - first.at : 0;
        const viaCallback = first ? Math.max(callbacks - 1, last.presented - first.presented) : 0;
        const viaQuality = presentedFrames(video) - quality0;
        if (viaCallback > 0 && span > ms / 4) resolve({ frames: viaCallback, ms: span, method: 'video-frame-callback' });
        else if (viaQuality > 0) resolve({ frames: viaQuality, ms: elapsed, method: 'playback-quality' });
        else resolve({ frames: 0, ms: elapsed, method: 'sampling' });
      }, ms);
    });

  return {
    countFrames,
    sampleLuma,
    dimensions: () => (video.videoWidth > 0 ? { width: video.videoWidth, height: video.videoHeight } : null),
    close: () => {
      if (!given) {
        video.pause();
        video.srcObject = null;
      }
    },
  };
}
