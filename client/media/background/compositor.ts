// Puts the person in front of the chosen background, on a canvas whose stream is what the call sends.
// Canvas 2D only (no ctx.filter, which Safari lacks): the blur is a downscale-then-upscale, strong
// enough that nothing in the room stays readable.
export type Backdrop = { kind: 'blur' } | { kind: 'picture'; image: CanvasImageSource & { width: number; height: number } };

/** The blurred room is drawn through a canvas this many times smaller than the frame. */
const BLUR_SHRINK = 24;

export class Compositor {
  readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D;
  private readonly small = document.createElement('canvas');
  private readonly smallCtx: CanvasRenderingContext2D;

  constructor() {
    this.ctx = this.canvas.getContext('2d')!;
    this.smallCtx = this.small.getContext('2d')!;
  }

  /** Follows the camera's size (it can change with a camera switch). */
  setSize(width: number, height: number): void {
    if (this.canvas.width === width && this.canvas.height === height) return;
    this.canvas.width = width;
    this.canvas.height = height;
    this.small.width = Math.max(1, Math.round(width / BLUR_SHRINK));
    this.small.height = Math.max(1, Math.round(height / BLUR_SHRINK));
  }

  /** mask: alpha is how sure the model is that a pixel is the person. */
  draw(frame: CanvasImageSource, mask: CanvasImageSource, backdrop: Backdrop): void {
    const { ctx } = this;
    const { width: w, height: h } = this.canvas;
    ctx.save();
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(mask, 0, 0, w, h);
    ctx.globalCompositeOperation = 'source-in';
    ctx.drawImage(frame, 0, 0, w, h);
    ctx.globalCompositeOperation = 'destination-over';
    if (backdrop.kind === 'blur') this.drawBlurred(frame);
    else this.drawCover(backdrop.image);
    ctx.restore();
  }

  private drawBlurred(frame: CanvasImageSource): void {
    const { width: sw, height: sh } = this.small;
    this.smallCtx.imageSmoothingQuality = 'high';
    this.smallCtx.drawImage(frame, 0, 0, sw, sh);
    this.ctx.imageSmoothingEnabled = true;
    this.ctx.imageSmoothingQuality = 'high';
    this.ctx.drawImage(this.small, 0, 0, this.canvas.width, this.canvas.height);
  }

  /** The picture fills the frame, cropped rather than stretched. */
  private drawCover(image: CanvasImageSource & { width: number; height: number }): void {
    const { width: w, height: h } = this.canvas;
    const scale = Math.max(w / image.width, h / image.height);
    const dw = image.width * scale;
    const dh = image.height * scale;
    this.ctx.drawImage(image, (w - dw) / 2, (h - dh) / 2, dw, dh);
  }
}
