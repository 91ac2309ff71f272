// The camera preview and the microphone meter while the test has them, hidden otherwise.
import { h } from '../../ui/dom.js';
import type { TestWords } from '../words.js';
import { uid } from './ids.js';

export class LiveMedia {
  readonly preview: HTMLVideoElement;
  private readonly meter: HTMLMeterElement;
  readonly element: HTMLElement;

  constructor(w: TestWords) {
    this.preview = h('video', { class: 'ct-preview', muted: true, playsinline: true, autoplay: true, 'aria-label': w.t('preview') });
    this.preview.muted = true;
    this.preview.playsInline = true;
    const meterId = uid('ct-meter');
    this.meter = h('meter', { id: meterId, class: 'ct-meter', min: '0', max: '1', low: '0.15', high: '0.9', optimum: '0.5', value: '0' });
    this.element = h(
      'div',
      { class: 'ct-media', hidden: true },
      this.preview,
      h('p', { class: 'ct-meter-row' }, h('label', { for: meterId, text: w.t('micLevel') }), this.meter),
    );
  }

  /** Shows the stream in the preview (null: the test let go of camera and microphone). */
  show(stream: MediaStream | null): void {
    if (this.preview.srcObject !== stream) this.preview.srcObject = stream;
    this.element.hidden = stream === null;
    if (stream) void this.preview.play().catch(() => undefined);
  }

  level(value: number): void {
    this.meter.value = value;
  }
}
