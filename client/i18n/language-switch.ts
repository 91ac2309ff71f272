// The switch on every client page: one button per other language, named in that language
// ("Español" on an English page), which remembers the choice and reloads the page in it.
import { languageSwitchMessages } from '../../shared/i18n/catalogues/language-switch.js';
import type { Language } from '../../shared/i18n/translate.js';
import { choosePageLanguage, otherLanguages } from './page-language.js';

export function languageSwitch(current: Language, onChosen: (language: Language) => void = () => location.reload()): HTMLElement {
  const nav = document.createElement('nav');
  nav.className = 'language-switch';
  nav.setAttribute('aria-label', languageSwitchMessages[current].switchLabel);
  for (const language of otherLanguages(current)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.lang = language;
    button.textContent = languageSwitchMessages[language].thisLanguage;
    button.addEventListener('click', () => {
      choosePageLanguage(language);
      onChosen(language);
    });
    nav.append(button);
  }
  return nav;
}
