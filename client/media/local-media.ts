// Camera and microphone for the visit. Failures are classified so the page can say what to do.
import { CAMERA_CONSTRAINTS, classifyMediaError, type MediaProblem } from './media-errors.js';

export { classifyMediaError, type MediaProblem };

export type LocalMediaResult =
  /** `problem`: why the camera failed, when it is there but unusable (busy, say), not absent. */
  | { ok: true; stream: MediaStream; missing: ('audio' | 'video')[]; problem?: MediaProblem }
  | { ok: false; problem: MediaProblem; detail: string };

/**
 * Asks for camera and microphone together (one prompt); if one device is missing or busy, tries each
 * alone so a person with only a microphone can still join.
 */
export async function openLocalMedia(md: MediaDevices | undefined = globalThis.navigator?.mediaDevices): Promise<LocalMediaResult> {
  if (!globalThis.isSecureContext) return { ok: false, problem: 'insecure', detail: 'page is not a secure context' };
  if (!md?.getUserMedia) return { ok: false, problem: 'unsupported', detail: 'getUserMedia is missing' };
  try {
    return { ok: true, stream: await md.getUserMedia({ audio: true, video: CAMERA_CONSTRAINTS }), missing: [] };
  } catch (both) {
    const problem = classifyMediaError(both);
    if (problem === 'denied') return { ok: false, problem, detail: String((both as Error).name) };
    for (const kind of ['audio', 'video'] as const) {
      try {
        const stream = await md.getUserMedia(kind === 'audio' ? { audio: true } : { video: CAMERA_CONSTRAINTS });
        if (kind === 'video') return { ok: true, stream, missing: ['audio'] };
        // The camera failed: "busy" (another app has it) says more than "no camera found".
        return { ok: true, stream, missing: ['video'], ...(problem === 'not-found' ? {} : { problem }) };
      } catch {
        // try the other kind
      }
    }
    return { ok: false, problem, detail: String((both as Error).name) };
  }
}
