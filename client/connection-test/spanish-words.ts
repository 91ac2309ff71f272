// The connection test's words in Spanish, loaded with import() when a Spanish page runs the test (the
// /test page at once, the visit page's dialog when it opens): see word-loaders.ts.
import { connectionTestAdviceSpanish } from '../../shared/i18n/catalogues/es/connection-test-advice.js';
import { connectionTestSpanish } from '../../shared/i18n/catalogues/es/connection-test.js';
import type { LanguagePack } from '../../shared/i18n/translate.js';

export const SPANISH_TEST_WORDS: LanguagePack = {
  'connection-test': connectionTestSpanish,
  'connection-test-advice': connectionTestAdviceSpanish,
};
