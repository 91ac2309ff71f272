// "We just played a short chime. Did you hear it?": Yes, No, play it again, and where the browser lets
// one choose, which speaker to play it on. It never holds the rest of the test back.
import { button, h } from '../../ui/dom.js';
import { canChooseOutput, listOutputs } from '../audio.js';
import type { TestWords } from '../words.js';
import { uid } from './ids.js';

export interface SpeakerQuestionActions {
  answer(heard: boolean): void;
  /** Plays the chime again on `sinkId` (undefined: the default); false when it could not be played. */
  replay(sinkId: string | undefined): Promise<boolean>;
}

export class SpeakerQuestion {
  readonly element: HTMLElement;
  private readonly outputSelect = h('select', { id: uid('ct-out'), class: 'ct-output' });
  private readonly outputRow: HTMLElement;
  private readonly feedback = h('p', { class: 'ct-speaker-feedback', role: 'status' });
  private readonly yes: HTMLButtonElement;
  private readonly no: HTMLButtonElement;
  private readonly again: HTMLButtonElement;

  constructor(
    private readonly w: TestWords,
    private readonly actions: SpeakerQuestionActions,
  ) {
    const questionId = uid('ct-q');
    this.outputRow = h(
      'p',
      { class: 'ct-output-row', hidden: true },
      h('label', { for: this.outputSelect.id, text: w.t('playOn') }),
      this.outputSelect,
    );
    this.yes = button(w.t('yes'), () => this.answer(true));
    this.no = button(w.t('no'), () => this.answer(false));
    this.again = button(w.t('playAgain'), () => void this.replay());
    this.element = h(
      'section',
      { class: 'ct-speakers', hidden: true, 'aria-labelledby': questionId },
      h('h3', { id: questionId, text: w.t('question') }),
      this.outputRow,
      h('div', { class: 'ct-answer', role: 'group', 'aria-labelledby': questionId }, this.yes, this.no, this.again),
      this.feedback,
    );
  }

  reset(): void {
    this.element.hidden = true;
    this.feedback.textContent = '';
    this.yes.removeAttribute('aria-pressed');
    this.no.removeAttribute('aria-pressed');
  }

  /** The chime is playing: ask, and offer the speakers to choose from. */
  ask(): void {
    this.element.hidden = false;
    void this.showOutputs();
  }

  private answer(heard: boolean): void {
    this.yes.setAttribute('aria-pressed', String(heard));
    this.no.setAttribute('aria-pressed', String(!heard));
    this.feedback.textContent = this.w.t(heard ? 'heardYes' : 'heardNo');
    this.actions.answer(heard);
  }

  private async replay(): Promise<void> {
    this.again.disabled = true;
    const ok = await this.actions.replay(this.outputRow.hidden ? undefined : this.outputSelect.value);
    this.again.disabled = false;
    if (!ok) this.feedback.textContent = this.w.t('playFailed');
  }

  private async showOutputs(): Promise<void> {
    if (!canChooseOutput()) return;
    const outputs = await listOutputs(this.w);
    if (outputs.length < 2) return;
    this.outputSelect.replaceChildren(
      ...outputs.map((o) => h('option', { value: o.deviceId === 'default' ? '' : o.deviceId, text: o.label })),
    );
    this.outputSelect.onchange = () => void this.replay();
    this.outputRow.hidden = false;
  }
}
