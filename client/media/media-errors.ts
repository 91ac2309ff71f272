// The one place that says what a getUserMedia failure means, and the camera constraints every part
// of the app asks for (the visit, the camera toggle, the connection test).
import type { MediaProblem } from '../../shared/protocol.js';

export type { MediaProblem };

/** The camera picture asked for everywhere: 720p at 30 fps where the camera can, less where not. */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/** Camera constraints for one chosen device (exact) or the remembered one (preferred). */
export function cameraConstraints(deviceId?: string, exact = false): MediaTrackConstraints {
  if (!deviceId) return CAMERA_CONSTRAINTS;
  return { ...CAMERA_CONSTRAINTS, deviceId: exact ? { exact: deviceId } : deviceId };
}

const PROBLEM_BY_ERROR_NAME: Record<string, MediaProblem> = {
  NotAllowedError: 'denied',
  PermissionDeniedError: 'denied',
  SecurityError: 'denied',
  NotReadableError: 'in-use',
  TrackStartError: 'in-use',
  AbortError: 'in-use',
  NotFoundError: 'not-found',
  DevicesNotFoundError: 'not-found',
  OverconstrainedError: 'not-found',
};

/** What a getUserMedia error means for a person (by the error's name, old and new spellings). */
export function classifyMediaError(e: unknown): MediaProblem {
  const name = (e as { name?: string } | null)?.name ?? '';
  return PROBLEM_BY_ERROR_NAME[name] ?? 'other';
}
