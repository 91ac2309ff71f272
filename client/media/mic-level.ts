// How loud the microphone is right now (0 to 1), a few times a second, for the level bar next to the
// pre-join preview. Reads the track through a Web Audio analyser; sends nothing anywhere.

/** Starts reporting the level of `track`; returns a function that stops and frees the analyser. */
export function watchMicLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const Context = globalThis.AudioContext;
  if (!Context) return () => undefined;
  const ctx = new Context();
  const source = ctx.createMediaStreamSource(new MediaStream([track]));
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    // The page may not play sound before a click (autoplay rules); the analyser then reads silence.
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    // RMS on a rough log scale: speech at a normal distance fills about half the bar.
    const rms = Math.sqrt(sum / samples.length);
    onLevel(Math.min(1, Math.max(0, 1 + Math.log10(Math.max(rms, 1e-4)) / 2.5)));
  }, 150);
  return () => {
    clearInterval(timer);
    source.disconnect();
    void ctx.close().catch(() => undefined);
  };
}
