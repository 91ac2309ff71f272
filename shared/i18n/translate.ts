// Message catalogues: every word a client reads lives in a catalogue, one per area of the product
// (shared/i18n/catalogues/*.ts). The English object fixes the keys; each other language is its own
// object (shared/i18n/catalogues/es/*.ts) typed against those keys, so a missing key is a compile
// error, and test/unit/i18n-catalogues.test.ts checks the rest (same placeholders, no blanks).
// `{name}` in a message is filled from the parameters.
//
// English is built into every page; another language's words are a separate object so a browser page
// loads them only when it speaks that language (client/i18n/words-loader.ts adds them here). Until
// then, or when they cannot load, an area speaks English.

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export type Messages<K extends string> = Readonly<Record<K, string>>;
/** An area's messages in English; `area` names it in a language pack. */
export interface Catalogue<K extends string> {
  readonly area: string;
  readonly en: Messages<K>;
}
/** An area's messages in another language: exactly the English keys. */
export type Translation<C extends Catalogue<string>> = Messages<keyof C['en'] & string>;
/** One language's messages for some areas, by area. */
export type LanguagePack = Readonly<Record<string, Messages<string>>>;
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate<K extends string> = (key: K, params?: MessageParams) => string;

/** Declares an area's messages, in English (which fixes the keys). */
export function defineCatalogue<const E extends Record<string, string>>(area: string, en: E): Catalogue<keyof E & string> {
  return { area, en };
}

/** Words needed in every language at once, whatever the page speaks (the language switch). */
export function inEveryLanguage<const E extends Record<string, string>>(
  en: E,
  es: Messages<keyof E & string>,
): Readonly<Record<Language, Messages<keyof E & string>>> {
  return { en, es };
}

/** The languages other than English whose words are here, by area. */
const added: { [L in Language]?: Record<string, Messages<string>> } = {};

/** Makes a language's words for the pack's areas available to every translator, from now on. */
export function addLanguagePack(language: Language, pack: LanguagePack): void {
  added[language] = { ...added[language], ...pack };
}

/** The area's messages in the language, or in English when that language's are not here. */
function messagesIn<K extends string>(catalogue: Catalogue<K>, language: Language): Messages<K> {
  return (added[language]?.[catalogue.area] as Messages<K> | undefined) ?? catalogue.en;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a message expects, e.g. ["name"] for "Admit {name}". */
export function placeholders(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] as string).sort();
}

/** Words from the given messages. A missing parameter is left visible as `{name}`. */
export function wordsFrom<K extends string>(messages: Messages<K>): Translate<K> {
  return (key, params) => {
    const message = messages[key];
    if (!params) return message;
    return message.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : String(value);
    });
  };
}

/**
 * A function that words one area's keys in one language. It looks the language up at each call, so a
 * translator made before the language's words arrived speaks it once they have.
 */
export function translator<K extends string>(catalogue: Catalogue<K>, language: Language): Translate<K> {
  return (key, params) => wordsFrom(messagesIn(catalogue, language))(key, params);
}

/** The locale to format dates and numbers with, for each language. */
export const LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-ES' };
