// The visit page's words in the page's language: a translator per catalogue that asks, at each
// call, which language the page speaks (client/i18n/page-language.ts), and the locale dates and
// times are written in. Outside a browser (unit tests in Node) the page speaks English.
import { type Catalogue, type Language, LOCALES, type Translate, translator } from '../../shared/i18n/translate.js';
import { pageLanguage, speakEnglishInstead } from './page-language.js';
import { loadWords, type WordLoaders } from './words-loader.js';

/** Words from one catalogue, in whatever language the page speaks when they are asked for. */
export function wordsOf<K extends string>(catalogue: Catalogue<K>): Translate<K> {
  return (key, params) => translator(catalogue, pageLanguage())(key, params);
}

/** The locale for Intl date and number formats ("es-ES" on a Spanish page). */
export function pageLocale(): string {
  return LOCALES[pageLanguage()];
}

/** Where this page's words come from, as its entry said. */
let pageLoaders: WordLoaders | undefined;

/**
 * Loads the words of the page's language, for the page to await before it shows any: the entry passes
 * where they come from, later calls (the language changed) reuse that. When they cannot load, the page
 * speaks English rather than not at all. Resolves to the language the page speaks.
 */
export async function pageWordsReady(loaders: WordLoaders | undefined = pageLoaders): Promise<Language> {
  pageLoaders = loaders;
  const language = pageLanguage();
  if (language === 'en' || (loaders && (await loadWords(language, loaders)))) return language;
  speakEnglishInstead();
  return 'en';
}
