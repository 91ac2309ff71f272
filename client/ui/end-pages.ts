// The last screens of a visit for the person who leaves it: "You left the visit" (with a way back)
// and "This visit has ended" (the provider ended it; camera and microphone are already released).
import type { Language } from '../../shared/i18n/translate.js';
import { languageSwitch } from '../i18n/language-switch.js';
import { pageLanguage } from '../i18n/page-language.js';
import { pageWordsReady } from '../i18n/page-words.js';
import { button, h } from './dom.js';
import { problemWords } from './problem-messages.js';

export function showLeftPage(root: HTMLElement, rejoin: () => void, language: Language = pageLanguage()): void {
  const t = problemWords(language);
  document.documentElement.lang = language;
  root.dataset.mode = 'ended';
  const heading = h('h1', { text: t('left.title'), tabindex: '-1' });
  root.replaceChildren(
    // Switching would normally reload the page, which rejoins the visit: here it only re-words the page,
    // once the chosen language's words are here.
    languageSwitch(language, () => void pageWordsReady().then((speaks) => showLeftPage(root, rejoin, speaks))),
    h(
      'section',
      { class: 'problem', 'data-left': true },
      heading,
      h('p', { text: t('left.body') }),
      button(t('left.rejoin'), rejoin, { class: 'primary' }),
    ),
  );
  heading.focus();
}

/** `providerName` undefined: the page says "Your provider". */
export function showEndedPage(root: HTMLElement, providerName: string | undefined, language: Language = pageLanguage()): void {
  const t = problemWords(language);
  document.documentElement.lang = language;
  root.dataset.mode = 'ended';
  const heading = h('h1', { text: t('ended.title'), tabindex: '-1' });
  root.replaceChildren(
    languageSwitch(language, () => void pageWordsReady().then((speaks) => showEndedPage(root, providerName, speaks))),
    h(
      'section',
      { class: 'problem', 'data-ended': true },
      heading,
      h('p', { text: providerName ? t('ended.byProvider', { provider: providerName }) : t('ended.byYourProvider') }),
      h('p', { text: t('ended.devicesOff') }),
      h('p', { class: 'muted', text: t('ended.cutOff') }),
    ),
  );
  heading.focus();
}
