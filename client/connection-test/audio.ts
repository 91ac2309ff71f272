// Web Audio helpers: a microphone level meter (AnalyserNode) and a generated test tone (OscillatorNode),
// optionally on a chosen output device. No audio files, nothing added to the page.

import type { TestWords } from './words.js';

export interface LevelMeter {
  /** Current loudness as RMS of the last analysis window, 0 (silence) to 1 (full scale). */
  read(): number;
  close(): void;
}

type AudioContextCtor = typeof AudioContext;

function audioContextClass(): AudioContextCtor | null {
  const g = globalThis as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  return g.AudioContext ?? g.webkitAudioContext ?? null;
}

/**
 * An AudioContext, best created while handling a click: browsers (Firefox and Safari especially) keep
 * a context created later suspended, and a suspended context hears and plays nothing.
 */
export function createAudioContext(): AudioContext | null {
  const Ctor = audioContextClass();
  if (!Ctor) return null;
  const ctx = new Ctor();
  void ctx.resume().catch(() => undefined);
  return ctx;
}

/** Resolves true once `ctx` runs, false if it is still suspended after `ms` (autoplay policy). */
export async function whenRunning(ctx: AudioContext, ms = 800): Promise<boolean> {
  if (ctx.state === 'running') return true;
  await Promise.race([ctx.resume().catch(() => undefined), new Promise((r) => setTimeout(r, ms))]);
  return (ctx.state as string) === 'running';
}

/**
 * A level meter on `stream`, on `shared` when given (left open afterwards) or on a context of its own.
 * Null when the browser has no Web Audio or will not run it now: silence would then mean nothing.
 */
export async function createLevelMeter(stream: MediaStream, shared?: AudioContext | null): Promise<LevelMeter | null> {
  const ctx = shared ?? createAudioContext();
  if (!ctx) return null;
  const closeCtx = (): void => {
    if (!shared) void ctx.close().catch(() => undefined);
  };
  if (!(await whenRunning(ctx))) {
    closeCtx();
    return null;
  }
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  return {
    read() {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      return Math.sqrt(sum / buf.length);
    },
    close() {
      source.disconnect();
      closeCtx();
    },
  };
}

/** RMS (0-1) to dBFS, floored at -100. */
export function toDb(rms: number): number {
  return rms > 1e-5 ? 20 * Math.log10(rms) : -100;
}

/** RMS to a 0-1 meter position: -60 dBFS and below is empty, 0 dBFS full. */
export function meterPosition(rms: number): number {
  return Math.min(1, Math.max(0, (toDb(rms) + 60) / 60));
}

export interface OutputDevice {
  deviceId: string;
  label: string;
}

type SinkContext = AudioContext & { setSinkId?(id: string): Promise<void> };
type SinkAudio = HTMLAudioElement & { setSinkId?(id: string): Promise<void> };

/** Whether this browser lets a page choose the speaker it plays on. */
export function canChooseOutput(): boolean {
  const Ctor = audioContextClass();
  const ctxHas = !!Ctor && typeof (Ctor.prototype as SinkContext).setSinkId === 'function';
  const mediaHas = typeof HTMLMediaElement !== 'undefined' && typeof (HTMLMediaElement.prototype as SinkAudio).setSinkId === 'function';
  return ctxHas || mediaHas;
}

/** The speakers to choose from; one the browser leaves unnamed is named in the test's language ("Speaker 2"). */
export async function listOutputs(
  words: Pick<TestWords, 't'>,
  md: Pick<MediaDevices, 'enumerateDevices'> | undefined = globalThis.navigator?.mediaDevices,
): Promise<OutputDevice[]> {
  if (!md?.enumerateDevices) return [];
  try {
    return (await md.enumerateDevices())
      .filter((d) => d.kind === 'audiooutput' && d.deviceId !== '')
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || words.t('speakerNumber', { n: i + 1 }) }));
  } catch {
    return [];
  }
}

/**
 * Plays a short two-note chime (about 1.2 s) on the default output, or on `sinkId` where the browser
 * allows choosing; on `shared` when given (left open), else on a context of its own. Resolves when the
 * sound has finished; rejects when the browser will not play sound now.
 */
export async function playTestTone(sinkId?: string, shared?: AudioContext | null): Promise<void> {
  const ctx = (shared ?? createAudioContext()) as SinkContext | null;
  if (!ctx) throw new Error('Web Audio is not available');
  let element: SinkAudio | null = null;
  const nodes: AudioNode[] = [];
  try {
    if (!(await whenRunning(ctx))) throw new Error('audio is suspended by the browser');
    let out: AudioNode = ctx.destination;
    if (typeof ctx.setSinkId === 'function') {
      // On a shared context this also moves later tones; '' is the system default.
      if (sinkId !== undefined) await ctx.setSinkId(sinkId);
    } else if (
      sinkId &&
      typeof HTMLMediaElement !== 'undefined' &&
      typeof (HTMLMediaElement.prototype as SinkAudio).setSinkId === 'function'
    ) {
      // Engines without AudioContext.setSinkId: route the tone through an audio element, which can pick its output.
      const dest = ctx.createMediaStreamDestination();
      nodes.push(dest);
      out = dest;
      element = new Audio() as SinkAudio;
      element.srcObject = dest.stream;
      await element.setSinkId!(sinkId);
      await element.play();
    }
    const gain = ctx.createGain();
    nodes.push(gain);
    gain.connect(out);
    const t0 = ctx.currentTime + 0.05;
    // Two notes (A5 then E5), each with a soft attack and decay so it does not click.
    for (const [i, freq] of [880, 659.25].entries()) {
      const start = t0 + i * 0.5;
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const env = ctx.createGain();
      env.gain.setValueAtTime(0, start);
      env.gain.linearRampToValueAtTime(0.35, start + 0.03);
      env.gain.exponentialRampToValueAtTime(0.001, start + 0.6);
      osc.connect(env).connect(gain);
      osc.start(start);
      osc.stop(start + 0.65);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, (t0 - ctx.currentTime + 1.2) * 1000));
  } finally {
    element?.pause();
    for (const n of nodes) n.disconnect();
    if (!shared) await ctx.close().catch(() => undefined);
  }
}
