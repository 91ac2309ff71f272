// The background choice: none, blur, or one of the pictures, as a row of toggle buttons, with a line
// that says what the preview (and so the other side) shows, and what to do when the effect cannot run.
import { type BackgroundChoice, NO_BACKGROUND, PICTURES, sameChoice } from '../media/background/choice.js';
import type { EffectState } from '../media/background/camera-effect.js';
import { button, h } from './dom.js';

export interface BackgroundPickerActions {
  choose(choice: BackgroundChoice): void;
  sendWithoutEffect(): void;
}

const OPTIONS: { label: string; choice: BackgroundChoice; thumbnail?: string }[] = [
  { label: 'None', choice: NO_BACKGROUND },
  { label: 'Blur', choice: { kind: 'blur' } },
  ...PICTURES.map((p) => ({ label: p.label, choice: { kind: 'picture', id: p.id } as BackgroundChoice, thumbnail: p.file })),
];

let nextId = 0;

export class BackgroundPicker {
  readonly element: HTMLElement;
  private readonly buttons: { choice: BackgroundChoice; el: HTMLButtonElement }[];
  private readonly status = h('p', { class: 'background-status muted', role: 'status' });
  private readonly problem = h('div', { class: 'background-problem', role: 'alert' });

  constructor(private readonly actions: BackgroundPickerActions) {
    const headingId = `background-heading-${++nextId}`;
    this.buttons = OPTIONS.map(({ label, choice, thumbnail }) => {
      const el = button(label, () => actions.choose(choice), { class: 'background-option', 'aria-pressed': 'false' });
      // The thumbnail is decoration: the button's name stays its visible text.
      if (thumbnail) el.prepend(h('img', { src: `/assets/${thumbnail}`, alt: '', width: '48', height: '27' }));
      return { choice, el };
    });
    this.element = h(
      'section',
      { class: 'background-picker', 'aria-labelledby': headingId },
      h('h3', { id: headingId, text: 'Background' }),
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
    this.status.textContent = statusText(state);
    this.problem.replaceChildren(...this.problemContent(state));
  }

  private problemContent(state: EffectState): Node[] {
    if (state.problem === 'unsupported' && state.holding) {
      return [
        h('p', {
          text: 'Background effects do not work in this browser or on this device, so your video is not being sent. You can send your camera as it is, without a background, or keep it off.',
        }),
        button('Send my camera without a background', () => this.actions.sendWithoutEffect(), { class: 'primary' }),
      ];
    }
    if (state.problem === 'unsupported') {
      return [h('p', { text: 'Background effects do not work in this browser or on this device.' })];
    }
    if (state.problem === 'slow' && state.choice.kind !== 'none') {
      return [
        h('p', {
          text: 'This device is too slow for a background effect: your video may look jerky. The effect stays on until you turn it off.',
        }),
        button('Turn the background off', () => this.actions.choose(NO_BACKGROUND), { class: 'secondary' }),
      ];
    }
    return [];
  }
}

function statusText(state: EffectState): string {
  if (state.choice.kind === 'none') return 'No background effect.';
  if (state.starting) return 'Preparing your background… Your video is sent only once it is ready.';
  if (!state.applied) return state.holding ? '' : 'Your background will be applied when your camera is on.';
  const what = state.choice.kind === 'blur' ? 'Your background is blurred.' : 'Your background is replaced by a picture.';
  return `${what} Your preview shows what others see.`;
}
