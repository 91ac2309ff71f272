// Opening camera and microphone for the visit: when both together fail, each is tried alone so a
// person can still join, and a camera that is there but busy is reported as busy, not as missing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLocalMedia } from '../../client/media/local-media.js';

/** getUserMedia that refuses any request for the camera with `cameraError` and grants the microphone. */
function devices(cameraError: string | null, micError: string | null = null): MediaDevices {
  return {
    getUserMedia: async (c: MediaStreamConstraints) => {
      const error = c.video ? (cameraError ?? (c.audio ? micError : null)) : micError;
      if (error) throw Object.assign(new Error(error), { name: error });
      return { id: c.video ? 'with-camera' : 'microphone-only' } as unknown as MediaStream;
    },
  } as unknown as MediaDevices;
}

afterEach(() => vi.unstubAllGlobals());

describe('openLocalMedia', () => {
  it('a busy camera: joins with the microphone, and says the camera is busy', async () => {
    vi.stubGlobal('isSecureContext', true);
    const opened = await openLocalMedia(devices('NotReadableError'));
    expect(opened).toMatchObject({ ok: true, missing: ['video'], problem: 'in-use' });
  });

  it('no camera at all: joins with the microphone, the camera only missing', async () => {
    vi.stubGlobal('isSecureContext', true);
    const opened = await openLocalMedia(devices('NotFoundError'));
    expect(opened).toMatchObject({ ok: true, missing: ['video'] });
    expect(opened).not.toHaveProperty('problem');
  });

  it('a busy microphone: joins with the camera, the microphone missing', async () => {
    vi.stubGlobal('isSecureContext', true);
    const opened = await openLocalMedia(devices(null, 'NotReadableError'));
    expect(opened).toMatchObject({ ok: true, missing: ['audio'] });
  });

  it('blocked: nothing is tried alone, and the page says so', async () => {
    vi.stubGlobal('isSecureContext', true);
    expect(await openLocalMedia(devices('NotAllowedError', 'NotAllowedError'))).toMatchObject({ ok: false, problem: 'denied' });
  });
});
