// Where the connection test's words in languages other than English come from (client/i18n/words-loader.ts).
import type { WordLoaders } from '../i18n/words-loader.js';

export const CONNECTION_TEST_WORDS: WordLoaders = {
  es: () => import('./spanish-words.js').then((m) => m.SPANISH_TEST_WORDS),
};
