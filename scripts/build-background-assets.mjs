// Files the background effects load at run time, served from /assets/ like the rest of the app:
// MediaPipe's selfie segmentation (its script, wasm and model, Apache-2.0, shipped inside the npm
// package, so nothing is fetched from another host) and the background pictures made for Vestibule.
// Their names are fixed, not hashed: MediaPipe's script asks for them by name (locateFile).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MEDIAPIPE = join(root, 'node_modules/@mediapipe/selfie_segmentation');
const PICTURES = join(root, 'client/media/background/pictures');
/** What MediaPipe's script loads: itself, its graph, the landscape model, and the wasm builds (with and without SIMD). */
const MEDIAPIPE_FILES = /^selfie_segmentation(\.js|\.binarypb|_landscape\.tflite|_solution_(simd_)?wasm_bin\.(js|wasm|data))$/;

/** @returns {Map<string, Uint8Array>} file name -> contents */
export function backgroundAssets() {
  const files = new Map();
  let names;
  try {
    names = readdirSync(MEDIAPIPE);
  } catch {
    throw new Error('node_modules/@mediapipe/selfie_segmentation is missing: run `npm install` (background effects need it)');
  }
  for (const name of names.filter((n) => MEDIAPIPE_FILES.test(n))) files.set(name, readFileSync(join(MEDIAPIPE, name)));
  for (const name of readdirSync(PICTURES).filter((n) => n.endsWith('.svg'))) files.set(name, readFileSync(join(PICTURES, name)));
  return files;
}
