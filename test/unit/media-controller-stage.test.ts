// The camera stage (background effects) and audio first share one path to the call: what the call is
// given is always the stage's answer, never the raw camera. Audio first holds back, and sends again,
// that processed track; a background chosen while held is not sent until the hold ends.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CameraStage, MediaController } from '../../client/media/media-controller.js';
import type { CallSession } from '../../client/transport/call-session.js';
import type { MediaState } from '../../shared/protocol.js';
import { withTimeout } from '../support/processes.js';

/** Just what MediaController uses of a track; as in browsers, its own stop() fires no 'ended'. */
function track(kind: 'audio' | 'video', id: string): MediaStreamTrack {
  return Object.assign(new EventTarget(), {
    kind,
    id,
    enabled: true,
    stop() {},
    getSettings: () => ({ deviceId: id }),
  }) as unknown as MediaStreamTrack;
}

/** Just what MediaController uses of a stream (and the preview's `new MediaStream`). */
class FakeStream {
  private tracks: MediaStreamTrack[];
  constructor(tracks: MediaStreamTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks = () => [...this.tracks];
  getAudioTracks = () => this.tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = () => this.tracks.filter((t) => t.kind === 'video');
  addTrack = (t: MediaStreamTrack) => void this.tracks.push(t);
  removeTrack = (t: MediaStreamTrack) => void (this.tracks = this.tracks.filter((x) => x !== t));
}

beforeAll(() => {
  vi.stubGlobal('MediaStream', FakeStream);
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** A stage that answers with a processed copy of whichever camera it is given. */
class ProcessingStage implements CameraStage {
  processed = new Map<MediaStreamTrack, MediaStreamTrack>();
  async output(camera: MediaStreamTrack | null): Promise<MediaStreamTrack | null> {
    if (!camera) return null;
    if (!this.processed.has(camera)) this.processed.set(camera, track('video', `processed-${camera.id}`));
    return this.processed.get(camera)!;
  }
  release(): void {}
}

function setUp() {
  const sent: (string | null)[] = [];
  const sentAudio: (string | null)[] = [];
  const call = {
    replaceTrack: async (kind: 'audio' | 'video', t: MediaStreamTrack | null) => {
      (kind === 'video' ? sent : sentAudio).push(t?.id ?? null);
    },
  } as unknown as CallSession;
  const outgoing = new FakeStream() as unknown as MediaStream;
  const stage = new ProcessingStage();
  // The camera button opens a new camera, as a browser's getUserMedia would.
  let opened = 0;
  const md = { getUserMedia: async () => new FakeStream([track('video', `camera-${++opened}`)]) } as unknown as MediaDevices;
  const media = new MediaController(call, outgoing, stage, md);
  const camera = track('video', 'camera');
  const mic = track('audio', 'mic');
  return { sent, sentAudio, outgoing, media, camera, mic };
}

describe('MediaController with a camera stage and audio first', () => {
  it('sends only the stage’s track, and audio first pauses and resumes that same track', async () => {
    const { sent, outgoing, media, camera, mic } = setUp();
    await media.adopt(new FakeStream([mic, camera]) as unknown as MediaStream, { audio: true, video: true });
    await media.refreshCamera();
    expect(sent.at(-1)).toBe('processed-camera');

    await media.holdCamera(true, true);
    expect(sent.at(-1)).toBeNull();
    expect(media.state).toMatchObject({ video: true, videoPaused: 'weak-connection' });
    expect(outgoing.getVideoTracks()).toEqual([]);

    // A trial sends the picture again while the others still hear it is paused; then it resumes.
    await media.holdCamera(false, true);
    expect(sent.at(-1)).toBe('processed-camera');
    await media.holdCamera(false, false);
    expect(media.state.videoPaused).toBeUndefined();
    expect(outgoing.getVideoTracks().map((t) => t.id)).toEqual(['processed-camera']);
    expect(sent).not.toContain('camera');
  });

  it('a new stage answer while held (a background chosen) waits for the hold to end', async () => {
    const { sent, media, camera, mic } = setUp();
    await media.adopt(new FakeStream([mic, camera]) as unknown as MediaStream, { audio: true, video: true });
    await media.refreshCamera();
    await media.holdCamera(true, true);
    await media.refreshCamera();
    expect(sent.at(-1)).toBeNull();
    await media.holdCamera(false, false);
    expect(sent.at(-1)).toBe('processed-camera');
    expect(sent).not.toContain('camera');
  });

  it('a camera the stage holds back (its effect not ready) is on, with its picture paused for the background; turned off, it is off', async () => {
    const { sent, media, camera, mic } = setUp();
    let ready = false;
    const holding: CameraStage = { output: async (c) => (ready ? c : null), release: () => undefined };
    const call = {
      replaceTrack: async (_kind: string, t: MediaStreamTrack | null) => void sent.push(t?.id ?? null),
    } as unknown as CallSession;
    const held = new MediaController(call, new FakeStream() as unknown as MediaStream, holding, {} as MediaDevices);
    await held.adopt(new FakeStream([mic, camera]) as unknown as MediaStream, { audio: true, video: true });
    expect(sent.at(-1)).toBeNull();
    expect(held.state).toEqual({ audio: true, video: true, screen: false, videoPaused: 'background' });
    // The effect is ready: the picture goes out and the pause is over.
    ready = true;
    await held.refreshCamera();
    expect(sent.at(-1)).toBe('camera');
    expect(held.state).toEqual({ audio: true, video: true, screen: false });
    // Turned off by its button while held: off, not paused.
    ready = false;
    await held.refreshCamera();
    await held.setVideo(false);
    expect(held.state).toEqual({ audio: true, video: false, screen: false });
    // A stage that answers at once never reads as paused.
    await media.adopt(new FakeStream([mic, track('video', 'other')]) as unknown as MediaStream, { audio: true, video: true });
    expect(media.state.videoPaused).toBeUndefined();
  });
});

describe('MediaController when a camera or microphone stops by itself', () => {
  /** Resolves with the next change the controller reports (it has then sent it). */
  const nextChange = (media: MediaController) =>
    withTimeout(new Promise<MediaState>((resolve) => media.on('change', resolve)), 2000, "the controller's next 'change' event");

  it('a camera that ends is turned off: nothing is sent in its place and the state says off; the button opens a camera again', async () => {
    const { sent, outgoing, media, camera, mic } = setUp();
    await media.adopt(new FakeStream([mic, camera]) as unknown as MediaStream, { audio: true, video: true });
    await media.refreshCamera();
    const changed = nextChange(media);
    const told = withTimeout(new Promise((resolve) => media.on('stopped', resolve)), 2000, "the controller's 'stopped' event");
    camera.dispatchEvent(new Event('ended'));
    expect(await changed).toMatchObject({ video: false, audio: true });
    expect(await told).toEqual({ what: 'camera' });
    expect(sent.at(-1)).toBeNull();
    expect(outgoing.getVideoTracks()).toEqual([]);

    await media.setVideo(true);
    expect(media.state.video).toBe(true);
    expect(sent.at(-1)).toBe('processed-camera-1');
  });

  it('a microphone that ends is turned off, and nothing is sent in its place', async () => {
    const { sentAudio, media, camera, mic } = setUp();
    await media.adopt(new FakeStream([mic, camera]) as unknown as MediaStream, { audio: true, video: true });
    const changed = nextChange(media);
    mic.dispatchEvent(new Event('ended'));
    expect(await changed).toMatchObject({ audio: false, video: true });
    expect(sentAudio.at(-1)).toBeNull();
    expect(media.microphoneTrack).toBeNull();
  });

  it('a camera no longer in use (turned off and on again since) ending changes nothing', async () => {
    const { sent, media, camera, mic } = setUp();
    await media.adopt(new FakeStream([mic, camera]) as unknown as MediaStream, { audio: true, video: true });
    await media.refreshCamera();
    await media.setVideo(false);
    await media.setVideo(true);
    const changes: MediaState[] = [];
    media.on('change', (s) => changes.push(s));
    media.on('stopped', () => changes.push({ audio: false, video: false, screen: false }));
    camera.dispatchEvent(new Event('ended'));
    await media.refreshCamera();
    expect(changes.every((s) => s.video)).toBe(true);
    expect(sent.at(-1)).toBe('processed-camera-1');
  });
});
