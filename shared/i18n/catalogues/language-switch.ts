import { inEveryLanguage } from '../translate.js';

// Each language's own name, written in that language, for the switch on every client page. The switch
// speaks to someone who may not read the page's language, so its words come in every language at once
// (the other areas' non-English words load only on a page that speaks them).
export const languageSwitchMessages = inEveryLanguage(
  {
    thisLanguage: 'English',
    switchLabel: 'Language',
  },
  {
    thisLanguage: 'Español',
    switchLabel: 'Idioma',
  },
);
