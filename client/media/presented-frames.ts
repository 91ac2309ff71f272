/**
 * A <video> element's running count of the frames it presented: Firefox's painted frames, or the
 * playback quality's total (Chromium, Safari). 0 where the browser counts neither.
 */
export function presentedFrames(video: HTMLVideoElement): number {
  const painted = (video as HTMLVideoElement & { mozPaintedFrames?: number }).mozPaintedFrames ?? 0;
  const quality = typeof video.getVideoPlaybackQuality === 'function' ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
  return Math.max(painted, quality);
}
