// Which language a client page speaks. In order: the choice made on this device with the switch,
// the language the link carries (`lang=` in the fragment, from the client's record), then the
// browser's preferred languages; English when none of them is one we have.
import { isLanguage, LANGUAGES, type Language } from '../../shared/i18n/translate.js';

const STORAGE_KEY = 'vestibule.language';

function savedChoice(): Language | undefined {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : undefined;
  } catch {
    return undefined; // storage blocked (private mode): fall through to the other sources
  }
}

function fromLink(hash: string): Language | undefined {
  const lang = new URLSearchParams(hash.replace(/^#/, '')).get('lang');
  return isLanguage(lang) ? lang : undefined;
}

function fromBrowser(preferred: readonly string[]): Language | undefined {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return undefined;
}

/** The language a short link's code stands for (the fragment holds only the code), once exchanged. */
let exchangedLanguage: Language | undefined;

export function setLinkLanguage(language: Language | undefined): void {
  exchangedLanguage = language;
  decided = undefined;
}

/** Decided once (every word on the page asks), again only when the link's language or the choice changes. */
let decided: Language | undefined;

/** The page's language; English outside a browser (unit tests in Node). */
export function pageLanguage(): Language {
  decided ??=
    typeof location === 'undefined'
      ? 'en'
      : (savedChoice() ?? exchangedLanguage ?? fromLink(location.hash) ?? fromBrowser(navigator.languages ?? []) ?? 'en');
  return decided;
}

/**
 * The words in the page's language could not load (client/i18n/page-words.ts): it speaks English until
 * its language is decided again. Not remembered, so the next page tries again.
 */
export function speakEnglishInstead(): void {
  decided = 'en';
}

/** Remembers the choice on this device and marks the document with it (screen readers follow `lang`). */
export function choosePageLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered, but the page still switches
  }
  decided = language;
  document.documentElement.lang = language;
}

export function otherLanguages(current: Language): Language[] {
  return LANGUAGES.filter((l) => l !== current);
}
