// Finds the person in a camera frame with MediaPipe's selfie segmentation, run from files Vestibule
// itself serves (/assets/selfie_segmentation*: the script, its wasm and its model, copied from the
// npm package by the build). Nothing is fetched from another host.
//
// MediaPipe's "legacy" solution needs WebGL2 and a page (it draws its result into a canvas of its own),
// so it runs on the main thread; the processor caps its frame rate to keep a laptop usable.
import type { Options, Results, SelfieSegmentation } from '@mediapipe/selfie_segmentation';

/** Where the build puts MediaPipe's files. */
const ASSETS = '/assets/';

export type DrawSegmented = (mask: CanvasImageSource) => void;

/** The frame is shrunk to this size before segmentation (the model's own input is 256x144). */
export const INPUT_WIDTH = 256;
export const INPUT_HEIGHT = 144;

export interface Segmenter {
  /** Segments one frame; `draw` runs with its person mask (alpha = person) before this resolves. */
  segment(input: HTMLCanvasElement, draw: DrawSegmented): Promise<void>;
  close(): void;
}

/** Why this browser cannot run the segmentation at all, or null when it has what it needs. */
export function missingFeature(): string | null {
  if (typeof WebAssembly !== 'object') return 'WebAssembly';
  if (typeof HTMLCanvasElement.prototype.captureStream !== 'function') return 'canvas capture';
  if (!document.createElement('canvas').getContext('webgl2')) return 'WebGL2';
  return null;
}

let scriptLoad: Promise<void> | null = null;

/** Adds MediaPipe's script once (script-src 'self' allows it: it comes from /assets/). */
function loadScript(): Promise<void> {
  scriptLoad ??= new Promise<void>((resolve, reject) => {
    const s = document.createElement('script');
    s.src = `${ASSETS}selfie_segmentation.js`;
    s.async = true;
    s.addEventListener('load', () => resolve());
    s.addEventListener('error', () => {
      scriptLoad = null;
      reject(new Error('the segmentation script did not load'));
    });
    document.head.append(s);
  });
  return scriptLoad;
}

export async function openSegmenter(): Promise<Segmenter> {
  const missing = missingFeature();
  if (missing) throw new Error(`this browser lacks ${missing}`);
  await loadScript();
  const Ctor = (globalThis as unknown as { SelfieSegmentation?: typeof SelfieSegmentation }).SelfieSegmentation;
  if (!Ctor) throw new Error('the segmentation script did not define SelfieSegmentation');
  const model = new Ctor({ locateFile: (file) => `${ASSETS}${file}` });
  // The landscape model (256x144 input) is the faster of the two and suits a 16:9 camera. Inference
  // on the CPU (wasm with SIMD) is steadier than WebGL, which without a GPU is emulated and far slower.
  model.setOptions({ modelSelection: 1, selfieMode: false, useCpuInference: true } as Options);
  let pending: DrawSegmented | null = null;
  model.onResults((r: Results) => {
    // MediaPipe's image and mask live in its own canvas and are only valid inside this callback.
    pending?.(r.segmentationMask);
    pending = null;
  });
  await model.initialize();
  return {
    async segment(input, draw) {
      pending = draw;
      await model.send({ image: input });
    },
    close: () => void model.close().catch(() => undefined),
  };
}
