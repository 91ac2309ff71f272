// How loud the microphone is right now (0 to 1), a few times a second, for the level bar next to the
// pre-join preview. Reads the track through a Web Audio analyser; sends nothing anywhere.

const READ_EVERY_MS = 150;
/** Loudness is judged over slices this long: about a syllable's attack, so the bar moves with speech. */
const SLICE_SECONDS = 0.01;

/** Starts reporting the level of `track`; returns a function that stops and frees the analyser. */
export function watchMicLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const Context = globalThis.AudioContext;
  if (!Context) return () => undefined;
  const ctx = new Context();
  const source = ctx.createMediaStreamSource(new MediaStream([track]));
  const analyser = ctx.createAnalyser();
  // The window covers the whole time since the last reading, so a short sound between two readings
  // still shows (with a window of a few milliseconds, a regular click could fall between every one).
  analyser.fftSize = windowSize(ctx.sampleRate);
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    // The page may not play sound before a click (autoplay rules); the analyser then reads silence.
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    analyser.getFloatTimeDomainData(samples);
    onLevel(loudestLevel(samples, Math.max(1, Math.round(ctx.sampleRate * SLICE_SECONDS))));
  }, READ_EVERY_MS);
  return () => {
    clearInterval(timer);
    source.disconnect();
    void ctx.close().catch(() => undefined);
  };
}

/** The smallest analyser window (a power of two, as Web Audio requires) that spans one reading's interval. */
export function windowSize(sampleRate: number): number {
  const needed = (sampleRate * READ_EVERY_MS) / 1000;
  let size = 32;
  while (size < needed && size < 32768) size *= 2;
  return size;
}

/**
 * The level of the loudest slice of `samples` (0 to 1): RMS on a rough log scale, where speech at a
 * normal distance fills about half the bar and silence reads 0.
 */
export function loudestLevel(samples: Float32Array, sliceLength: number): number {
  let loudest = 0;
  for (let start = 0; start < samples.length; start += sliceLength) {
    const end = Math.min(samples.length, start + sliceLength);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    loudest = Math.max(loudest, sum / (end - start));
  }
  const rms = Math.sqrt(loudest);
  return Math.min(1, Math.max(0, 1 + Math.log10(Math.max(rms, 1e-4)) / 2.5));
}
