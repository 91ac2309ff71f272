// A page that says why the visit cannot go on (or not yet): title, explanation, a live countdown for a
// link opened too early, a reload button where a reload helps, the link to the connection test, and
// the language switch. Marks the document with its language.
import type { Language } from '../../shared/i18n/translate.js';
import { languageSwitch } from '../i18n/language-switch.js';
import { pageLanguage } from '../i18n/page-language.js';
import { button, h } from './dom.js';
import { formatCountdown, type ProblemText, problemWords } from './problem-messages.js';

export function showProblemPage(root: HTMLElement, text: ProblemText, language: Language = pageLanguage()): void {
  const t = problemWords(language);
  document.documentElement.lang = language;
  root.replaceChildren(
    languageSwitch(language),
    h(
      'section',
      { class: 'problem', role: 'alert', 'data-problem': true },
      h('h1', { text: text.title }),
      h('p', { text: text.body }),
      text.countdownTo !== undefined ? countdown(text.countdownTo, language) : null,
      text.reload ? button(text.reload, () => location.reload(), { class: 'primary' }) : null,
      text.noTest ? null : h('p', {}, h('a', { href: '/test', text: t('testLink') })),
    ),
  );
}

/** "The visit opens in 4 min 09 s", kept current each second (a timer: screen readers read it on request). */
function countdown(to: number, language: Language): HTMLElement {
  const t = problemWords(language);
  const el = h('p', { class: 'countdown', role: 'timer', 'data-countdown': true });
  const tick = () => {
    const left = to - Date.now();
    el.textContent = left > 0 ? t('early.countdown', { left: formatCountdown(to) }) : t('early.opening');
    if (left <= 0) clearInterval(timer);
  };
  const timer = setInterval(tick, 1000);
  tick();
  return el;
}
