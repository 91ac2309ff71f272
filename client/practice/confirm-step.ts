// A button whose action asks once more first (cancelling a visit, deactivating someone): the first
// press shows the question with a Yes and a No button and moves focus to Yes; No puts things back.
import { button, h } from '../ui/dom.js';

export interface ConfirmStep {
  ask: string;
  question: string;
  yes: string;
  no: string;
  onYes: () => void;
}

export function confirmStep(c: ConfirmStep): HTMLElement {
  const ask = button(c.ask, () => {
    ask.hidden = true;
    confirm.hidden = false;
    yes.focus();
  });
  const yes = button(c.yes, c.onYes, { class: 'danger' });
  const no = button(c.no, () => {
    confirm.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  const confirm = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-label': c.ask },
    h('p', { text: c.question }),
    h('div', { class: 'actions' }, yes, no),
  );
  confirm.hidden = true;
  return h('div', {}, ask, confirm);
}
