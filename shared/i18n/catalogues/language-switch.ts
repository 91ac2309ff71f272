import { defineCatalogue } from '../translate.js';

// Each language's own name, written in that language, for the switch on every client page.
export const languageSwitchMessages = defineCatalogue(
  {
    thisLanguage: 'English',
    switchLabel: 'Language',
  },
  {
    thisLanguage: 'Español',
    switchLabel: 'Idioma',
  },
);
