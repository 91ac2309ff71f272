// The background effect between the camera and the call. MediaController asks it, each time it is
// about to hand a camera track to the call, which track to send instead (see CameraStage): the camera
// itself when no effect is chosen, else the processor's track once it holds a processed frame, and
// nothing at all when the effect cannot run and the person has not yet agreed to send the room as it is.
import { Emitter } from '../../util/emitter.js';
import type { CameraStage } from '../media-controller.js';
import { type BackgroundChoice, loadChoice, NO_BACKGROUND, pictureOf, saveChoice } from './choice.js';
import type { Backdrop } from './compositor.js';
import { BackgroundProcessor } from './processor.js';
import { openSegmenter } from './segmenter.js';

/** 'unsupported': this browser cannot run the effect; 'slow': it runs, below a usable frame rate. */
export type EffectProblem = 'unsupported' | 'slow' | null;

export interface EffectState {
  choice: BackgroundChoice;
  /** An effect is being started: the picture is not yet what the call would send. */
  starting: boolean;
  problem: EffectProblem;
  /** What the call sends (and the preview shows) has the chosen effect now. */
  applied: boolean;
  /** Video is held back: an effect was chosen, it cannot run, and the person has not agreed to send the camera as it is. */
  holding: boolean;
}

export type CameraEffectEvents = {
  /** The state changed (for the picker). */
  state: EffectState;
  /** The track to send should be looked up again (MediaController.refreshCamera). */
  reroute: undefined;
};

export class CameraEffect extends Emitter<CameraEffectEvents> implements CameraStage {
  private choice: BackgroundChoice;
  private processor: BackgroundProcessor | null = null;
  /** Processors no longer wanted whose track the call may still be sending (see release()). */
  private retired: BackgroundProcessor[] = [];
  private problem: EffectProblem = null;
  private starting = false;
  private holding = false;
  private applied = false;
  /** Calls to output() run one after another: a camera switch and a new choice can overlap. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pictures = new Map<string, Promise<HTMLImageElement>>();

  constructor(
    private readonly log: (line: string) => void = () => undefined,
    private readonly storage: Storage | undefined = globalThis.localStorage,
  ) {
    super();
    this.choice = loadChoice(this.storage);
  }

  get state(): EffectState {
    return { choice: this.choice, starting: this.starting, problem: this.problem, holding: this.holding, applied: this.applied };
  }

  /** The person picked an effect (or none): kept on this device, and applied to what is sent. */
  choose(choice: BackgroundChoice): void {
    this.choice = choice;
    saveChoice(choice, this.storage);
    this.changed();
    this.emit('reroute', undefined);
  }

  /** After being told the effect cannot run: send the camera without any effect. */
  sendWithoutEffect(): void {
    this.choose(NO_BACKGROUND);
  }

  output(camera: MediaStreamTrack | null): Promise<MediaStreamTrack | null> {
    const next = this.queue.then(() => this.resolveOutput(camera));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async resolveOutput(camera: MediaStreamTrack | null): Promise<MediaStreamTrack | null> {
    this.holding = false;
    this.applied = false;
    if (!camera || this.choice.kind === 'none') {
      if (this.processor) this.retired.push(this.processor);
      this.processor = null;
      this.changed();
      return camera;
    }
    if (this.problem === 'unsupported') return this.hold();
    this.starting = true;
    this.changed();
    try {
      const processor = await this.openProcessor();
      processor.setBackdrop(await this.backdropOf(this.choice));
      await processor.setSource(camera);
      this.applied = true;
      return processor.track;
    } catch (e) {
      // Not the person's fault and not a server error: the browser or device cannot do it.
      this.log(`background effect unavailable: ${e instanceof Error ? e.message : String(e)}`);
      this.stopProcessor();
      this.problem = 'unsupported';
      return this.hold();
    } finally {
      this.starting = false;
      this.changed();
    }
  }

  private hold(): null {
    this.holding = true;
    this.changed();
    return null;
  }

  private async openProcessor(): Promise<BackgroundProcessor> {
    if (this.processor) return this.processor;
    const segmenter = await openSegmenter();
    this.processor = new BackgroundProcessor(segmenter, { kind: 'blur' }, () => {
      this.problem = 'slow';
      this.changed();
    });
    return this.processor;
  }

  release(track: MediaStreamTrack): void {
    for (const p of this.retired.filter((r) => r.track === track)) p.stop();
    this.retired = this.retired.filter((r) => r.track !== track);
  }

  private stopProcessor(): void {
    this.processor?.stop();
    this.processor = null;
  }

  private async backdropOf(choice: BackgroundChoice): Promise<Backdrop> {
    const picture = pictureOf(choice);
    if (!picture) return { kind: 'blur' };
    let image = this.pictures.get(picture.id);
    if (!image) {
      const img = new Image();
      img.src = `/assets/${picture.file}`;
      image = img.decode().then(() => img);
      this.pictures.set(picture.id, image);
      image.catch(() => this.pictures.delete(picture.id));
    }
    return { kind: 'picture', image: await image };
  }

  private changed(): void {
    this.emit('state', this.state);
  }
}
