// Message catalogues: every word a client reads lives in a catalogue, one per area of the product
// (shared/i18n/catalogues/*.ts), in English and Spanish. A catalogue is two flat objects with the same
// keys; `{name}` in a message is filled from the parameters. The type makes a missing Spanish key a
// compile error, and test/unit/i18n-catalogues.test.ts checks the rest (same placeholders, no blanks).

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export type Catalogue<K extends string> = Readonly<Record<Language, Readonly<Record<K, string>>>>;
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate<K extends string> = (key: K, params?: MessageParams) => string;

/** Declares an area's messages: English first (which fixes the keys), then Spanish with exactly those keys. */
export function defineCatalogue<const E extends Record<string, string>>(
  en: E,
  es: Readonly<Record<keyof E & string, string>>,
): Catalogue<keyof E & string> {
  return { en, es };
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a message expects, e.g. ["name"] for "Admit {name}". */
export function placeholders(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] as string).sort();
}

/** A function that words one area's keys in one language. A missing parameter is left visible as `{name}`. */
export function translator<K extends string>(catalogue: Catalogue<K>, language: Language): Translate<K> {
  const messages = catalogue[language];
  return (key, params) => {
    const message = messages[key];
    if (!params) return message;
    return message.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : String(value);
    });
  };
}

/** The locale to format dates and numbers with, for each language. */
export const LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', es: 'es-ES' };
