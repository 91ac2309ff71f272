// The words the connection test speaks, in one language: its own catalogue (checks, verdict, page)
// and the fix-steps catalogue. Measurement code takes these from the check context; English is the
// default so the checks can be used (and tested) on their own.
import { connectionTestAdviceMessages } from '../../shared/i18n/catalogues/connection-test-advice.js';
import { connectionTestMessages } from '../../shared/i18n/catalogues/connection-test.js';
import { LOCALES, translator, type Language, type Translate } from '../../shared/i18n/translate.js';
import type { CheckId } from './report.js';

export type TestMessageKey = keyof (typeof connectionTestMessages)['en'];
export type AdviceKey = keyof (typeof connectionTestAdviceMessages)['en'];

export interface TestWords {
  readonly language: Language;
  /** The test's own messages. */
  readonly t: Translate<TestMessageKey>;
  /** Fix steps. */
  readonly advice: Translate<AdviceKey>;
  /** A number with exactly `digits` decimals, as the language writes it ("0.50", "0,50"). */
  number(value: number, digits?: number): string;
}

export function testWords(language: Language): TestWords {
  const formats = new Map<number, Intl.NumberFormat>();
  return {
    language,
    t: translator(connectionTestMessages, language),
    advice: translator(connectionTestAdviceMessages, language),
    number(value, digits = 0) {
      let format = formats.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(LOCALES[language], {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
          useGrouping: false,
        });
        formats.set(digits, format);
      }
      return format.format(value);
    },
  };
}

export const ENGLISH: TestWords = testWords('en');

/** A check's name for the person: "Camera", "Internet speed". */
export function checkLabel(w: TestWords, id: CheckId): string {
  return w.t(`label.${id}`);
}
