// The background choice: none, blur, or one of the pictures, as a row of toggle buttons, with a line
// that says what the preview (and so the other side) shows, and what to do when the effect cannot run.
import { type BackgroundMessage, backgroundMessages } from '../../shared/i18n/catalogues/backgrounds.js';
import { type Language, type Translate, translator } from '../../shared/i18n/translate.js';
import type { EffectState } from '../media/background/camera-effect.js';
import { type BackgroundChoice, NO_BACKGROUND, PICTURES, sameChoice } from '../media/background/choice.js';
import { button, h } from './dom.js';

export interface BackgroundPickerActions {
  choose(choice: BackgroundChoice): void;
  sendWithoutEffect(): void;
}

const OPTIONS: { label: BackgroundMessage; choice: BackgroundChoice; thumbnail?: string }[] = [
  { label: 'none', choice: NO_BACKGROUND },
  { label: 'blur', choice: { kind: 'blur' } },
  ...PICTURES.map((p) => ({ label: p.label, choice: { kind: 'picture', id: p.id } as BackgroundChoice, thumbnail: p.file })),
];

let nextId = 0;

export class BackgroundPicker {
  readonly element: HTMLElement;
  private readonly t: Translate<BackgroundMessage>;
  private readonly buttons: { choice: BackgroundChoice; el: HTMLButtonElement }[];
  private readonly status = h('p', { class: 'background-status muted', role: 'status' });
  private readonly problem = h('div', { class: 'background-problem', role: 'alert' });

  constructor(
    private readonly actions: BackgroundPickerActions,
    language: Language,
  ) {
    this.t = translator(backgroundMessages, language);
    const headingId = `background-heading-${++nextId}`;
    this.buttons = OPTIONS.map(({ label, choice, thumbnail }) => {
      const el = button(this.t(label), () => actions.choose(choice), { class: 'background-option', 'aria-pressed': 'false' });
      // The thumbnail is decoration: the button's name stays its visible text.
      if (thumbnail) el.prepend(h('img', { src: `/assets/${thumbnail}`, alt: '', width: '48', height: '27' }));
      return { choice, el };
    });
    this.element = h(
      'section',
      { class: 'background-picker', 'aria-labelledby': headingId, lang: language },
      h('h3', { id: headingId, text: this.t('heading') }),
      h('div', { class: 'background-options' }, ...this.buttons.map((b) => b.el)),
      this.status,
      this.problem,
    );
  }

  update(state: EffectState): void {
    for (const b of this.buttons) {
      b.el.setAttribute('aria-pressed', String(sameChoice(b.choice, state.choice)));
      b.el.disabled = state.problem === 'unsupported' && b.choice.kind !== 'none';
    }
    this.status.textContent = this.statusText(state);
    this.problem.replaceChildren(...this.problemContent(state));
  }

  private problemContent(state: EffectState): Node[] {
    const { t } = this;
    if (isHolding(state)) return holdingContent(t, () => this.actions.sendWithoutEffect());
    if (state.problem === 'unsupported') return [h('p', { text: t('unsupported') })];
    if (state.problem === 'slow' && state.choice.kind !== 'none') {
      return [h('p', { text: t('slow') }), button(t('turnOff'), () => this.actions.choose(NO_BACKGROUND), { class: 'secondary' })];
    }
    return [];
  }

  private statusText(state: EffectState): string {
    const { t } = this;
    if (state.choice.kind === 'none') return t('statusNone');
    if (state.starting) return t('statusStarting');
    if (!state.applied) return state.holding ? '' : t('statusCameraOff');
    return t(state.choice.kind === 'blur' ? 'statusBlurred' : 'statusPicture');
  }
}

/** The effect cannot run and the camera is held back until the person agrees to send it as it is. */
const isHolding = (state: EffectState): boolean => state.problem === 'unsupported' && state.holding;

function holdingContent(t: Translate<BackgroundMessage>, sendWithoutEffect: () => void): Node[] {
  return [h('p', { text: t('unsupportedHolding') }), button(t('sendWithout'), sendWithoutEffect, { class: 'primary' })];
}

/**
 * Above the call, where the picker is not on screen (it is in the settings): while the camera is held
 * back because the effect cannot run, why no video goes out, with the way to send it.
 */
export class HeldVideoNote {
  readonly element = h('div', { class: 'notice', role: 'alert', hidden: true });
  private readonly t: Translate<BackgroundMessage>;
  private shown = false;

  constructor(
    private readonly sendWithoutEffect: () => void,
    language: Language,
  ) {
    this.t = translator(backgroundMessages, language);
    this.element.lang = language;
  }

  update(state: EffectState): void {
    const holding = isHolding(state);
    if (holding === this.shown) return;
    this.shown = holding;
    this.element.hidden = !holding;
    this.element.replaceChildren(...(holding ? holdingContent(this.t, this.sendWithoutEffect) : []));
  }
}
