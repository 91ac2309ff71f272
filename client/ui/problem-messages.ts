// Plain-language explanations for every reason a visit page cannot go on, in the page's language
// (shared/i18n/catalogues/visit-problems.ts).
import { EARLY_ENTRY_MS } from '../../shared/constants.js';
import { visitProblemMessages } from '../../shared/i18n/catalogues/visit-problems.js';
import { LOCALES, type Language, translator } from '../../shared/i18n/translate.js';
import { pageLanguage } from '../i18n/page-language.js';
import type { FatalProblem } from '../transport/signaling.js';

export interface ProblemText {
  title: string;
  body: string;
  /** Offer a button that reloads the page (for problems a reload can fix). */
  reload?: string;
  /** Leave out the link to the camera and connection test (there is no visit to prepare for). */
  noTest?: boolean;
  /** Show a live countdown to this moment (ms since epoch): when a too-early link opens. */
  countdownTo?: number;
}

type Key = keyof (typeof visitProblemMessages)['en'];
type AreaOf<K> = K extends `${infer A}.title` ? A : never;
type Area = AreaOf<Key>;

/** The page's language once it is known (a module-level constant would read it before the page is there). */
const languageOf = (language?: Language): Language => language ?? pageLanguage();

export function problemWords(language?: Language): (key: Key, params?: Record<string, string | number>) => string {
  return translator(visitProblemMessages, languageOf(language));
}

/** The title and body of one kind of problem. */
export function problemText(area: Area, language?: Language, extra: Partial<ProblemText> = {}): ProblemText {
  const t = problemWords(language);
  return { title: t(`${area}.title` as Key), body: t(`${area}.body` as Key), ...extra };
}

/** "1 h 05 min", "4 min 09 s", "12 s": how long until `to`. */
export function formatCountdown(to: number, now = Date.now()): string {
  const s = Math.max(0, Math.ceil((to - now) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min`;
  return m > 0 ? `${m} min ${pad(s % 60)} s` : `${s} s`;
}

/** "3:45 PM" ("15:45" in Spanish), or with the day in front when it is not today. */
export function formatWhen(ms: number, language: Language, now = Date.now()): string {
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: 'numeric', minute: '2-digit' }
    : { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
  return new Intl.DateTimeFormat(LOCALES[language], options).format(ms);
}

/** A link opened too early: when it opens, the appointment's time and with whom, and a countdown. */
function tooEarly(p: FatalProblem, now: number, language: Language): ProblemText {
  const t = problemWords(language);
  const opensAt = p.opensAt ?? now;
  const startsAt = formatWhen(p.startsAt ?? opensAt + EARLY_ENTRY_MS, language, now);
  const minutes = EARLY_ENTRY_MS / 60_000;
  return {
    title: t('early.title', { opensAt: formatWhen(opensAt, language, now) }),
    body: p.providerName
      ? t('early.bodyWithProvider', { provider: p.providerName, startsAt, minutes })
      : t('early.body', { startsAt, minutes }),
    countdownTo: opensAt,
  };
}

export function describeProblem(p: FatalProblem, now = Date.now(), language = languageOf()): ProblemText {
  const t = problemWords(language);
  switch (p.code) {
    case 'link_too_early':
      return tooEarly(p, now, language);
    case 'link_expired':
      return problemText('expired', language);
    case 'visit_cancelled':
      return problemText('cancelled', language, { noTest: true });
    case 'link_revoked':
      return problemText('revoked', language);
    case 'link_wrong_appointment':
      return problemText('wrongAppointment', language);
    case 'link_invalid':
    case 'hello_required':
      return problemText('invalid', language);
    case 'replaced':
      return problemText('replaced', language, { reload: t('replaced.action') });
    case 'removed':
      return problemText('removed', language);
    case 'session_ended':
      return problemText('sessionEnded', language);
    case 'visit_full':
      return problemText('full', language, { reload: t('full.action') });
    case 'unsupported_version':
      return problemText('updated', language, { reload: t('reload') });
    default:
      // The server's own words are English; a client reading another language gets ours.
      return problemText('other', language, { reload: t('reload'), ...(language === 'en' && p.message ? { body: p.message } : {}) });
  }
}

/** A problem worded when it is shown: its words are read on use, once the page's language is known. */
function wordedOnUse(area: Area): ProblemText {
  return {
    get title() {
      return problemText(area).title;
    },
    get body() {
      return problemText(area).body;
    },
  };
}

export const NO_WEBRTC = wordedOnUse('noWebrtc');
export const RELAY_UNREACHABLE = wordedOnUse('relay');
export const MISSING_TOKEN = wordedOnUse('missingToken');
export const CODE_NOT_FOUND = wordedOnUse('codeNotFound');
export const CODE_TOO_MANY = wordedOnUse('codeTooMany');
export const CODE_SERVER_TROUBLE = wordedOnUse('codeServer');
