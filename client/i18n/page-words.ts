// The visit page's words in the page's language: a translator per catalogue that asks, at each
// call, which language the page speaks (client/i18n/page-language.ts), and the locale dates and
// times are written in. Outside a browser (unit tests in Node) the page speaks English.
import { type Catalogue, LOCALES, type Translate, translator } from '../../shared/i18n/translate.js';
import { pageLanguage } from './page-language.js';

/** Words from one catalogue, in whatever language the page speaks when they are asked for. */
export function wordsOf<K extends string>(catalogue: Catalogue<K>): Translate<K> {
  return (key, params) => translator(catalogue, pageLanguage())(key, params);
}

/** The locale for Intl date and number formats ("es-ES" on a Spanish page). */
export function pageLocale(): string {
  return LOCALES[pageLanguage()];
}
