// What this participant sends: microphone, camera, or a shared screen in the camera's place. Turning
// something off replaces the outgoing track with nothing (no renegotiation, and the other side's
// track really goes quiet); the camera is released so its light goes off. Never touches the DOM.
import type { MediaState } from '../../shared/protocol.js';
import type { CallSession } from '../transport/call-session.js';
import { Emitter } from '../util/emitter.js';
import { cameraConstraints } from './media-errors.js';

export type MediaControllerEvents = {
  change: MediaState;
  /** The self view should show this stream (camera, or nothing when the camera is off). */
  preview: MediaStream | null;
  error: { what: 'camera' | 'microphone' | 'screen'; error: unknown };
  /** The camera or microphone stopped by itself (see watched()); it is now off. */
  stopped: { what: 'camera' | 'microphone' };
};

/**
 * What the call sends in the camera's place (background effects, ./background/camera-effect.ts): given
 * the camera track, the track to send, which may be a processed copy, or null to send no video for now.
 */
export interface CameraStage {
  output(camera: MediaStreamTrack | null): Promise<MediaStreamTrack | null>;
  /** The call no longer sends this track (another was swapped in): the stage may now stop it. */
  release(track: MediaStreamTrack): void;
}
const CAMERA_AS_IS: CameraStage = { output: async (camera) => camera, release: () => undefined };

export class MediaController extends Emitter<MediaControllerEvents> {
  private mic: MediaStreamTrack | null = null;
  private camera: MediaStreamTrack | null = null;
  private screen: MediaStreamTrack | null = null;
  private audioOn = false;
  private videoOn = false;
  private cameraId: string | undefined;
  /** The camera as the call sends it: `camera`, or what the stage made of it (null: nothing yet). */
  private cameraOut: MediaStreamTrack | null = null;
  /** Audio first: the camera stays on (and in the self view) but its picture is not sent, to spare a weak uplink. */
  private cameraHeld = false;
  /** …and the others are told so (kept through a trial, while the picture is sent again to test the link). */
  private pausedTold = false;
  constructor(
    private readonly call: CallSession,
    /** The tracks currently sent, as one stream: new peer connections start from it. */
    readonly outgoing: MediaStream,
    /** Between the camera and the call: every camera track (start, toggle, switch) passes through it. */
    private readonly stage: CameraStage = CAMERA_AS_IS,
    private readonly md: MediaDevices = navigator.mediaDevices,
  ) {
    super();
  }

  get state(): MediaState {
    const state: MediaState = { audio: this.audioOn && !!this.mic, video: this.videoOn && !!this.cameraOut, screen: !!this.screen };
    if (this.pausedTold && state.video && !state.screen) state.videoPaused = 'weak-connection';
    // On, but the stage gives nothing to send yet (a background effect starting, or unable to run):
    // the others are told why, not shown "Camera off" for a camera the person sees working.
    else if (this.videoOn && this.camera && !this.cameraOut && !this.screen)
      Object.assign(state, { video: true, videoPaused: 'background' });
    return state;
  }

  /**
   * Audio first: stops (or starts again) sending the camera's picture without turning the camera off,
   * the same track replacement the camera button uses. What is held back, and sent again, is the
   * camera as the stage made it (with its background effect), never the raw camera; the effect keeps
   * running meanwhile, so the self view and a resumed picture keep it.
   * `told`: whether others hear it is paused.
   */
  async holdCamera(held: boolean, told: boolean): Promise<void> {
    if (held === this.cameraHeld && told === this.pausedTold) return;
    this.cameraHeld = held;
    this.pausedTold = told;
    await this.sendVideo();
    this.syncOutgoing();
    this.changed();
  }

  /** The microphone track (sent or not), for the pre-join's level meter. */
  get microphoneTrack(): MediaStreamTrack | null {
    return this.mic;
  }

  get devices(): { camera?: string; microphone?: string } {
    return { camera: this.camera?.getSettings().deviceId, microphone: this.mic?.getSettings().deviceId };
  }

  /** Takes over the tracks opened for the visit, then applies the starting state. */
  async adopt(stream: MediaStream | null, start: { audio: boolean; video: boolean }): Promise<void> {
    this.mic = this.watched(stream?.getAudioTracks()[0] ?? null, 'microphone');
    this.camera = this.watched(stream?.getVideoTracks()[0] ?? null, 'camera');
    this.cameraId = this.camera?.getSettings().deviceId;
    this.audioOn = !!this.mic;
    this.videoOn = !!this.camera;
    this.cameraOut = null;
    if (!start.audio) await this.setAudio(false);
    if (!start.video) await this.setVideo(false);
    this.syncOutgoing();
    this.changed();
    // The camera reaches the outgoing stream (and so any peer connection) only through the stage, so no
    // raw frame leaves; the call need not wait for a stage that takes a while to start (a model loading):
    // the video joins it, by track replacement, once ready.
    if (this.videoOn) void this.refreshCamera();
  }

  async setAudio(on: boolean): Promise<void> {
    if (on && !this.mic) {
      try {
        this.mic = this.watched((await this.md.getUserMedia({ audio: true })).getAudioTracks()[0] ?? null, 'microphone');
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
        const video = cameraConstraints(this.cameraId);
        this.camera = this.watched((await this.md.getUserMedia({ video })).getVideoTracks()[0] ?? null, 'camera');
      } catch (error) {
        return this.emit('error', { what: 'camera', error });
      }
    }
    if (!on && this.camera) {
      this.camera.stop();
      this.camera = null;
    }
    this.videoOn = on && !!this.camera;
    await this.routeCamera();
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
    await this.sendVideo();
    this.syncOutgoing();
    this.changed();
  }

  async stopScreenShare(): Promise<void> {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    await this.sendVideo();
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
        const next = this.watched(
          (await this.md.getUserMedia({ video: cameraConstraints(deviceId, true) })).getVideoTracks()[0]!,
          'camera',
        );
        const old = this.camera;
        this.camera = next;
        // Swap first, then release the old camera: a sender whose track ended can stall its encoder.
        await this.routeCamera();
        old?.stop();
      } else {
        if (this.mic?.getSettings().deviceId === deviceId) return;
        const next = this.watched(
          (await this.md.getUserMedia({ audio: { deviceId: { exact: deviceId } } })).getAudioTracks()[0]!,
          'microphone',
        );
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

  /** Asks the stage again what to send (its choice changed) and swaps it in, without renegotiating. */
  async refreshCamera(): Promise<void> {
    await this.routeCamera();
    this.syncOutgoing();
    this.changed();
  }

  /** Releases camera, microphone and screen (their lights go off); the controller is done after this. */
  stopAll(): void {
    const sent = this.cameraOut;
    this.cameraOut = null;
    void this.stage.output(null).then(() => sent && this.stage.release(sent));
    for (const t of [this.mic, this.camera, this.screen]) t?.stop();
    for (const t of this.outgoing.getTracks()) this.outgoing.removeTrack(t);
  }

  /**
   * Every camera change (start, on, off, switched, a new background choice) passes the stage, then is
   * sent: the stage's answer, never the camera itself, is what the call gets.
   */
  private async routeCamera(): Promise<void> {
    const next = await this.stage.output(this.videoOn ? this.camera : null);
    const before = this.cameraOut;
    this.cameraOut = next;
    await this.sendVideo();
    // Released only once swapped out: a sender whose track ended can stall its encoder for long.
    if (before && before !== this.cameraOut) this.stage.release(before);
  }

  /** The one place the outgoing video track is replaced (no renegotiation): the screen, else the staged camera. */
  private sendVideo(): Promise<void> {
    return this.call.replaceTrack('video', this.screen ?? this.cameraToSend());
  }

  /**
   * The camera as the stage made it, when its picture should go out: on, and not held back for a weak
   * connection. Never the raw camera while the stage answers with something else (or nothing).
   */
  private cameraToSend(): MediaStreamTrack | null {
    return this.videoOn && !this.cameraHeld ? this.cameraOut : null;
  }

  /**
   * Follows a camera or microphone track until it ends by itself (unplugged, switched off, taken by
   * another app, its permission withdrawn): then it is off, as if its button had been pressed, so the
   * others' tiles say "Camera off" instead of freezing or going black, the person is told why, and the
   * button turns it on again (or says why it cannot). Our own stop() fires no 'ended'; a track no
   * longer in use is let go.
   */
  private watched<T extends MediaStreamTrack | null>(track: T, what: 'camera' | 'microphone'): T {
    track?.addEventListener(
      'ended',
      async () => {
        if (track !== (what === 'camera' ? this.camera : this.mic)) return;
        if (what === 'camera') await this.setVideo(false);
        else {
          this.mic = null;
          await this.setAudio(false);
        }
        this.emit('stopped', { what });
      },
      { once: true },
    );
    return track;
  }

  private syncOutgoing(): void {
    const want = [this.audioOn ? this.mic : null, this.screen ?? this.cameraToSend()].filter((t): t is MediaStreamTrack => t !== null);
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
