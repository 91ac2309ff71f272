// Check 2: may this page use the camera and microphone? Asks for both (one prompt). Where the browser
// can tell us beforehand (navigator.permissions), a blocked permission is reported without prompting.
import { cameraBusySteps, deviceMissingSteps, permissionFixSteps } from './browser-advice.js';
import type { Check, CheckContext, MediaState } from './check.js';
import type { CheckResult } from './report.js';
import { CAMERA_CONSTRAINTS, classifyMediaError, type MediaProblem } from '../media/media-errors.js';

export type PermissionStateLike = 'granted' | 'denied' | 'prompt' | 'unknown';

export interface PermissionDeps {
  mediaDevices?: Pick<MediaDevices, 'getUserMedia'> | undefined;
  permissions?: { query(desc: { name: string }): Promise<{ state: string }> } | undefined;
}

const GUM_STATE: Record<MediaProblem, Exclude<MediaState, 'ok' | 'not-asked'>> = {
  denied: 'blocked',
  'in-use': 'busy',
  'not-found': 'missing',
  insecure: 'blocked',
  unsupported: 'error',
  other: 'error',
};

/** What a getUserMedia error means for a person, in this check's words (one classification: media-errors.ts). */
export function classifyGumError(e: unknown): Exclude<MediaState, 'ok' | 'not-asked'> {
  return GUM_STATE[classifyMediaError(e)];
}

function errorName(e: unknown): string {
  return String((e as { name?: string } | null)?.name ?? 'Error');
}

export class PermissionCheck implements Check {
  readonly id = 'permissions' as const;
  private readonly md: PermissionDeps['mediaDevices'];
  private readonly perms: PermissionDeps['permissions'];

  constructor(deps: PermissionDeps = { mediaDevices: globalThis.navigator?.mediaDevices, permissions: globalThis.navigator?.permissions }) {
    this.md = deps.mediaDevices;
    this.perms = deps.permissions;
  }

  private async state(name: 'camera' | 'microphone'): Promise<PermissionStateLike> {
    if (!this.perms?.query) return 'unknown';
    try {
      const s = (await this.perms.query({ name })).state;
      return s === 'granted' || s === 'denied' || s === 'prompt' ? s : 'unknown';
    } catch {
      // Some browsers do not know the name 'camera' (older Firefox, Safari before 16).
      return 'unknown';
    }
  }

  async run(ctx: CheckContext): Promise<CheckResult> {
    const w = ctx.words;
    if (!this.md?.getUserMedia) {
      ctx.media = { video: 'unavailable', audio: 'unavailable' };
      return {
        id: this.id,
        status: 'skip',
        message: w.t('perm.unavailable'),
        details: { problem: 'unavailable' },
      };
    }
    const [camera, microphone] = await Promise.all([this.state('camera'), this.state('microphone')]);
    const before = { camera, microphone };
    if (camera === 'denied' || microphone === 'denied') {
      ctx.media = { video: camera === 'denied' ? 'blocked' : 'not-asked', audio: microphone === 'denied' ? 'blocked' : 'not-asked' };
      const key =
        camera === 'denied' && microphone === 'denied'
          ? 'perm.blockedBoth'
          : camera === 'denied'
            ? 'perm.blockedCamera'
            : 'perm.blockedMicrophone';
      return {
        id: this.id,
        status: 'fail',
        message: w.t(key),
        advice: permissionFixSteps(ctx.env, w),
        details: { problem: 'blocked', before },
      };
    }
    if (camera !== 'granted' || microphone !== 'granted') {
      ctx.say(w.t('step.allow'));
    }

    try {
      const stream = await this.md.getUserMedia({ audio: true, video: CAMERA_CONSTRAINTS });
      return this.granted(ctx, stream, { video: 'ok', audio: 'ok' }, before);
    } catch (both) {
      const kind = classifyGumError(both);
      const name = errorName(both);
      if (kind === 'blocked') {
        ctx.media = { video: 'blocked', audio: 'blocked' };
        // Chromium says "Permission denied by system" when the operating system, not the browser, blocks it.
        const bySystem = /system/i.test(String((both as { message?: string }).message ?? ''));
        const advice = permissionFixSteps(ctx.env, w);
        return {
          id: this.id,
          status: 'fail',
          message: w.t(bySystem ? 'perm.bySystem' : 'perm.blocked'),
          advice: bySystem ? [...advice].reverse() : advice,
          details: { problem: 'blocked', error: name, bySystem, before },
        };
      }
      // One device may be the problem: try each alone so we can say which, and keep the one that works.
      const media: { video: MediaState; audio: MediaState } = { video: kind, audio: kind };
      let stream: MediaStream | null = null;
      for (const k of ['video', 'audio'] as const) {
        try {
          const s = await this.md.getUserMedia(k === 'video' ? { video: CAMERA_CONSTRAINTS } : { audio: true });
          media[k] = 'ok';
          if (stream) for (const t of s.getTracks()) stream.addTrack(t);
          else stream = s;
        } catch (one) {
          media[k] = classifyGumError(one);
        }
      }
      if (stream) return this.granted(ctx, stream, media, before, name);
      ctx.media = media;
      if (kind === 'busy') {
        return {
          id: this.id,
          status: 'fail',
          message: w.t('perm.busy'),
          advice: [cameraBusySteps(ctx.env, w)],
          details: { problem: 'in use', error: name },
        };
      }
      if (kind === 'missing') {
        return {
          id: this.id,
          status: 'fail',
          message: w.t('perm.missing'),
          advice: [deviceMissingSteps(ctx.env, w)],
          details: { problem: 'not found', error: name },
        };
      }
      return {
        id: this.id,
        status: 'fail',
        message: w.t('perm.error'),
        advice: [cameraBusySteps(ctx.env, w)],
        details: { problem: 'error', error: name },
      };
    }
  }

  private granted(
    ctx: CheckContext,
    stream: MediaStream,
    media: { video: MediaState; audio: MediaState },
    before: Record<string, PermissionStateLike>,
    error?: string,
  ): CheckResult {
    ctx.stream = stream;
    ctx.media = media;
    ctx.live({ kind: 'stream', stream });
    const message = ctx.words.t(
      media.video === 'ok' && media.audio === 'ok' ? 'perm.ok' : media.video === 'ok' ? 'perm.okCameraOnly' : 'perm.okMicrophoneOnly',
    );
    return { id: this.id, status: 'pass', message, details: { before, ...(error ? { error } : {}) } };
  }
}
