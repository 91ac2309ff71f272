// The top of the test: heading, what it does, the start button, the progress bar and its status line.
import { button, h } from '../../ui/dom.js';
import type { TestWords } from '../words.js';
import { uid } from './ids.js';

export class ProgressView {
  readonly headingId = uid('ct-title');
  readonly elements: HTMLElement[];
  private readonly status: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly startButton: HTMLButtonElement;

  constructor(
    private readonly w: TestWords,
    onStart: () => void,
  ) {
    this.status = h('p', { class: 'ct-status', role: 'status', 'aria-live': 'polite', text: w.t('notStarted') });
    this.bar = h('progress', { class: 'ct-progress', max: '8', value: '0', 'aria-label': w.t('progressLabel') });
    this.startButton = button(w.t('start'), onStart, { class: 'primary ct-start' });
    this.elements = [
      h('h2', { id: this.headingId, class: 'ct-heading', text: w.t('heading') }),
      h('p', { class: 'ct-intro', text: w.t('intro') }),
      h('p', {}, this.startButton),
      h('div', { class: 'ct-progress-row' }, this.bar, this.status),
    ];
  }

  started(total: number): void {
    this.bar.max = total;
    this.bar.value = 0;
    this.startButton.disabled = true;
    this.startButton.textContent = this.w.t('testing');
  }

  step(index: number, text: string): void {
    this.bar.value = index;
    this.status.textContent = text;
  }

  finished(): void {
    this.startButton.disabled = false;
    this.startButton.textContent = this.w.t('runAgain');
  }
}
