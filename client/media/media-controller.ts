// What this participant sends: microphone, camera, or a shared screen in the camera's place. Turning
// something off replaces the outgoing track with nothing (no renegotiation, and the other side's
// track really goes quiet); the camera is released so its light goes off. Never touches the DOM.
import type { MediaState } from '../../shared/protocol.js';
import type { CallSession } from '../transport/call-session.js';
import { Emitter } from '../util/emitter.js';

export type MediaControllerEvents = {
  change: MediaState;
  /** The self view should show this stream (camera, or nothing when the camera is off). */
  preview: MediaStream | null;
  error: { what: 'camera' | 'microphone' | 'screen'; error: unknown };
};

/**
 * What the call sends in the camera's place (background effects, client/media/background): given the
 * camera track, the track to send, which may be a processed copy, or null to send no video for now.
 */
export interface CameraStage {
  output(camera: MediaStreamTrack | null): Promise<MediaStreamTrack | null>;
}
const CAMERA_AS_IS: CameraStage = { output: async (camera) => camera };

const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

export class MediaController extends Emitter<MediaControllerEvents> {
  private mic: MediaStreamTrack | null = null;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private audioOn = false;
  private videoOn = false;
  private cameraId: string | undefined;
  private stage: CameraStage = CAMERA_AS_IS;
  /** The camera as the call sends it: `camera`, or what the stage made of it. */
  private cameraOut: MediaStreamTrack | null = null;
  constructor(
    private readonly call: CallSession,
    /** The tracks currently sent, as one stream: new peer connections start from it. */
    readonly outgoing: MediaStream,
    private readonly md: MediaDevices = navigator.mediaDevices,
  ) {
    super();
  }

  get state(): MediaState {
    return { audio: this.audioOn && !!this.mic, video: this.videoOn && !!this.cameraOut, screen: !!this.screen };
  }

  get devices(): { camera?: string; microphone?: string } {
    return { camera: this.camera?.getSettings().deviceId, microphone: this.mic?.getSettings().deviceId };
  }

  /** Takes over the tracks opened for the visit, then applies the starting state. */
  async adopt(stream: MediaStream | null, start: { audio: boolean; video: boolean }): Promise<void> {
    this.mic = stream?.getAudioTracks()[0] ?? null;
    this.camera = stream?.getVideoTracks()[0] ?? null;
    this.cameraId = this.camera?.getSettings().deviceId;
    this.audioOn = !!this.mic;
    this.videoOn = !!this.camera;
    this.cameraOut = await this.stage.output(this.camera);
    this.syncOutgoing();
    if (!start.audio) await this.setAudio(false);
    if (!start.video) await this.setVideo(false);
    this.changed();
  }

  async setAudio(on: boolean): Promise<void> {
    if (on && !this.mic) {
      try {
        this.mic = (await this.md.getUserMedia({ audio: true })).getAudioTracks()[0] ?? null;
      } catch (error) {
        return this.emit('error', { what: 'microphone', error });
      }
    }
    this.audioOn = on && !!this.mic;
    if (this.mic) this.mic.enabled = this.audioOn;
    await this.call.replaceTrack('audio', this.audioOn ? this.mic : null);
    this.syncOutgoing();
    this.changed();
  }

  async setVideo(on: boolean): Promise<void> {
    if (on && !this.camera) {
      try {
        const video = { ...VIDEO, ...(this.cameraId ? { deviceId: this.cameraId } : {}) };
        this.camera = (await this.md.getUserMedia({ video })).getVideoTracks()[0] ?? null;
      } catch (error) {
        return this.emit('error', { what: 'camera', error });
      }
    }
    if (!on && this.camera) {
      this.camera.stop();
      this.camera = null;
    }
    this.videoOn = on && !!this.camera;
    this.cameraOut = await this.stage.output(this.videoOn ? this.camera : null);
    if (!this.screen) await this.call.replaceTrack('video', this.cameraOut);
    this.syncOutgoing();
    this.changed();
  }

  async startScreenShare(): Promise<void> {
    if (this.screen) return;
    try {
      const display = await this.md.getDisplayMedia({ video: true, audio: false });
      this.screen = display.getVideoTracks()[0] ?? null;
    } catch (error) {
      return this.emit('error', { what: 'screen', error });
    }
    if (!this.screen) return;
    // The browser's own "Stop sharing" bar ends the track: follow it.
    this.screen.addEventListener('ended', () => void this.stopScreenShare());
    this.screen.contentHint = 'detail';
    await this.call.replaceTrack('video', this.screen);
    this.syncOutgoing();
    this.changed();
  }

  async stopScreenShare(): Promise<void> {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    await this.call.replaceTrack('video', this.cameraOut);
    this.syncOutgoing();
    this.changed();
  }

  /** Switches to another camera or microphone during the call, without renegotiating. */
  async useDevice(kind: 'camera' | 'microphone', deviceId: string): Promise<void> {
    try {
      if (kind === 'camera') {
        this.cameraId = deviceId;
        // Reopening the camera already in use can leave the new track without frames (seen with
        // Chromium's capture stack); there is nothing to switch anyway.
        if (!this.videoOn || this.camera?.getSettings().deviceId === deviceId) return;
        const next = (await this.md.getUserMedia({ video: { ...VIDEO, deviceId: { exact: deviceId } } })).getVideoTracks()[0]!;
        const old = this.camera;
        this.camera = next;
        this.cameraOut = await this.stage.output(next);
        // Swap first, then release the old camera: a sender whose track ended can stall its encoder.
        if (!this.screen) await this.call.replaceTrack('video', this.cameraOut);
        old?.stop();
      } else {
        if (this.mic?.getSettings().deviceId === deviceId) return;
        const next = (await this.md.getUserMedia({ audio: { deviceId: { exact: deviceId } } })).getAudioTracks()[0]!;
        next.enabled = this.audioOn;
        const old = this.mic;
        this.mic = next;
        if (this.audioOn) await this.call.replaceTrack('audio', next);
        old?.stop();
      }
    } catch (error) {
      return this.emit('error', { what: kind, error });
    }
    this.syncOutgoing();
    this.changed();
  }

  /** Puts a stage between the camera and the call (call before adopt(), so no raw frame is ever sent). */
  useCameraStage(stage: CameraStage): void {
    this.stage = stage;
  }

  /** Asks the stage again what to send (its choice changed) and swaps it in, without renegotiating. */
  async refreshCamera(): Promise<void> {
    this.cameraOut = await this.stage.output(this.videoOn ? this.camera : null);
    if (!this.screen) await this.call.replaceTrack('video', this.cameraOut);
    this.syncOutgoing();
    this.changed();
  }

  stopAll(): void {
    void this.stage.output(null);
    for (const t of [this.mic, this.camera, this.screen]) t?.stop();
  }

  private syncOutgoing(): void {
    const want = [this.audioOn ? this.mic : null, this.screen ?? (this.videoOn ? this.cameraOut : null)].filter(
      (t): t is MediaStreamTrack => t !== null,
    );
    for (const t of this.outgoing.getTracks()) if (!want.includes(t)) this.outgoing.removeTrack(t);
    for (const t of want) if (!this.outgoing.getTracks().includes(t)) this.outgoing.addTrack(t);
  }

  private changed(): void {
    this.emit('change', this.state);
    // While the stage holds video back (an effect that cannot run), the person still sees their camera.
    const shown = this.videoOn ? (this.cameraOut ?? this.camera) : null;
    this.emit('preview', shown ? new MediaStream([shown]) : null);
  }
}
