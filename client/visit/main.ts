// The visit page: read the link token from the fragment (or exchange a short link's code for one),
// check the browser can make calls, and start. The page speaks the language page-language.ts picks;
// a short link's code also brings the client's language with it. Words in a language other than
// English load (import()) before the page shows any.
import { pageLanguage } from '../i18n/page-language.js';
import { SignalingClient } from '../transport/signaling.js';
import { MISSING_TOKEN, NO_WEBRTC, describeProblem, type ProblemText } from '../ui/problem-messages.js';
import { showProblemPage } from '../ui/problem-page.js';
import { askForCode, exchangeCode } from './short-link.js';
import { startVisitApp } from './visit-app.js';
import { setLinkLanguage } from '../i18n/page-language.js';
import { pageWordsReady, wordsOf } from '../i18n/page-words.js';
import type { WordLoaders } from '../i18n/words-loader.js';
import { visitPageMessages } from '../../shared/i18n/catalogues/visit-page.js';

const tr = wordsOf(visitPageMessages);
const VISIT_WORDS: WordLoaders = { es: () => import('./spanish-words.js').then((m) => m.SPANISH_VISIT_WORDS) };

const log = (line: string): void => console.info(`[vestibule] ${line}`);
const root = document.getElementById('app')!;
/** How often a page opened too early checks again whether the visit has opened. */
const EARLY_RECHECK_MS = 5 * 60_000;

function showProblem(text: ProblemText): void {
  showProblemPage(root, text);
}

/** Marks the document with the page's language (screen readers follow `lang`) and words what HTML put there. */
function showLanguage(): void {
  document.documentElement.lang = pageLanguage();
  document.title = tr('pageTitle');
  const opening = root.querySelector('.connection-status');
  if (opening) opening.textContent = tr('opening');
}

async function start(): Promise<void> {
  await pageWordsReady(VISIT_WORDS);
  showLanguage();
  if (location.pathname === '/j') return startShortLink();
  const appointmentId = location.pathname.split('/').pop() ?? '';
  const token = new URLSearchParams(location.hash.slice(1)).get('t');
  if (!token || !appointmentId) return showProblem(MISSING_TOKEN);
  join(appointmentId, token);
}

/** The fragment as text ('' when it is not valid percent-encoding: then it is no code either). */
function fragment(): string {
  try {
    return decodeURIComponent(location.hash.slice(1)).trim();
  } catch {
    return '';
  }
}

/** /j#CODE: exchange the code, then go on exactly as a long link does. */
function startShortLink(): void {
  const tryCode = async (code: string): Promise<void> => {
    const found = await exchangeCode(code);
    if (!found.ok) return askForCode(root, tryCode, found.problem);
    setLinkLanguage(found.language);
    await pageWordsReady();
    showLanguage();
    // A typed code goes into the fragment, so a reload (e.g. when the visit opens) keeps it.
    if (fragment() !== code) history.replaceState(null, '', `#${encodeURIComponent(code)}`);
    join(found.appointmentId, found.token);
  };
  const code = fragment();
  if (code) void tryCode(code);
  else askForCode(root, tryCode);
}

function join(appointmentId: string, token: string): void {
  // Feature detection, not the user agent, decides whether a call is possible here.
  if (typeof RTCPeerConnection === 'undefined') return showProblem(NO_WEBRTC);

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const signaling = new SignalingClient({ url: `${scheme}://${location.host}/ws`, appointmentId, token, log });
  signaling.on('fatal', (p) => {
    if (p.code === 'link_too_early' && p.opensAt !== undefined) {
      // Let them in by themselves once the visit opens, and look again every few minutes meanwhile:
      // the practice may move the appointment earlier, and the link follows it.
      const wait = Math.min(p.opensAt - Date.now() + 1000, EARLY_RECHECK_MS);
      setTimeout(() => location.reload(), Math.max(wait, 1000));
    }
  });
  startVisitApp({ root, signaling, log, showProblem, describeProblem });
}

void start();
