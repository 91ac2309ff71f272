// A language other than English comes in chunks of its own, loaded with import() only by a page that
// speaks it: an English page never downloads Spanish. English is in every bundle, so when a language
// cannot load (a dropped connection) there is always English to speak instead.
import { addLanguagePack, type Language, type LanguagePack } from '../../shared/i18n/translate.js';

/** Where a page, or a part of one loaded later, gets its words in each language other than English. */
export type WordLoaders = Readonly<Record<Exclude<Language, 'en'>, () => Promise<LanguagePack>>>;

/** Each load started, by loader, so a pack is fetched once however often it is asked for. */
const loads = new Map<() => Promise<LanguagePack>, Promise<boolean>>();

/** Makes `language`'s words from `loaders` available to every translator; false when they could not load. */
export function loadWords(language: Language, loaders: WordLoaders): Promise<boolean> {
  if (language === 'en') return Promise.resolve(true);
  const load = loaders[language];
  let loading = loads.get(load);
  if (!loading) {
    loading = load().then(
      (pack) => {
        addLanguagePack(language, pack);
        return true;
      },
      (e: unknown) => {
        console.warn(`[vestibule] the words in ${language} did not load: ${String(e)}`);
        return false;
      },
    );
    loads.set(load, loading);
  }
  return loading;
}
