// The verdict: heading (focused when it appears), what to do first, "Copy details", and the report as
// JSON under "Technical details" (the figures live there, not in what a client reads).
import { button, h } from '../../ui/dom.js';
import type { ConnectionTestReport } from '../report.js';
import { detailsText, verdictText } from '../verdict-words.js';
import type { TestWords } from '../words.js';
import { copyText, handCopyHint } from './copy-text.js';

export class VerdictView {
  readonly element: HTMLElement;
  private readonly heading = h('h2', { tabindex: '-1' });
  private readonly text = h('p', { class: 'ct-result-text' });
  private readonly copyStatus = h('span', { class: 'ct-copy-status', role: 'status' });
  private readonly reportPre = h('pre', { 'data-report': true, class: 'ct-report' });
  private readonly technical: HTMLDetailsElement;
  private report: ConnectionTestReport | null = null;

  constructor(private readonly w: TestWords) {
    this.technical = h('details', { class: 'ct-technical' }, h('summary', { text: w.t('technical') }), this.reportPre);
    this.element = h(
      'section',
      { class: 'ct-result', hidden: true, 'aria-live': 'polite' },
      this.heading,
      this.text,
      h(
        'p',
        {},
        button(w.t('copyDetails'), () => void this.copy()),
        ' ',
        this.copyStatus,
      ),
      this.technical,
    );
  }

  reset(): void {
    this.report = null;
    this.element.hidden = true;
    this.reportPre.textContent = '';
    this.copyStatus.textContent = '';
  }

  show(report: ConnectionTestReport): void {
    this.report = report;
    const { heading, text } = verdictText(report, this.w);
    this.heading.textContent = heading;
    this.text.textContent = text;
    this.element.dataset.verdict = report.verdict;
    this.reportPre.textContent = JSON.stringify(report, null, 2);
    this.element.hidden = false;
  }

  focus(): void {
    this.heading.focus();
  }

  private async copy(): Promise<void> {
    if (!this.report) return;
    const how = await copyText(detailsText(this.report, this.w), () => {
      this.technical.open = true;
      const range = document.createRange();
      range.selectNodeContents(this.reportPre);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    this.copyStatus.textContent = how === 'copied' ? this.w.t('copiedDetails') : this.w.t('detailsBelow', { how: handCopyHint(this.w) });
  }
}
