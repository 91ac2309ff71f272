// The short link page, /j#CODE: the code from the fragment is exchanged for what a long link carries
// (the appointment id and a link token) with a POST, the code in the body, never in a URL. Without a
// code in the fragment (a link typed from a phone call, cut short), or with one that opens nothing,
// the page asks for the code.
import { pageLanguage } from '../i18n/page-language.js';
import { h } from '../ui/dom.js';
import { CODE_NOT_FOUND, CODE_SERVER_TROUBLE, CODE_TOO_MANY, type ProblemText } from '../ui/problem-messages.js';
import { languageSwitch } from '../i18n/language-switch.js';
import { wordsOf } from '../i18n/page-words.js';
import { visitPageMessages } from '../../shared/i18n/catalogues/visit-page.js';
import { isLanguage, type Language } from '../../shared/i18n/translate.js';

const tr = wordsOf(visitPageMessages);

/** `language`: the client's preferred language, which the page then speaks (none for a provider's code). */
export type Exchanged = { ok: true; appointmentId: string; token: string; language?: Language } | { ok: false; problem: ProblemText };

export async function exchangeCode(code: string): Promise<Exchanged> {
  let res: Response;
  try {
    res = await fetch('/api/visit-code', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.slice(0, 64) }),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    return { ok: false, problem: CODE_SERVER_TROUBLE };
  }
  if (res.ok) {
    const body = (await res.json()) as { appointmentId: string; token: string; language?: unknown };
    return {
      ok: true,
      appointmentId: body.appointmentId,
      token: body.token,
      ...(isLanguage(body.language) ? { language: body.language } : {}),
    };
  }
  if (res.status === 404 || res.status === 400) return { ok: false, problem: CODE_NOT_FOUND };
  if (res.status === 429) return { ok: false, problem: CODE_TOO_MANY };
  return { ok: false, problem: CODE_SERVER_TROUBLE };
}

/** A form for the visit code; `problem` says why the last one did not work. */
export function askForCode(root: HTMLElement, onCode: (code: string) => void, problem?: ProblemText): void {
  const input = h('input', {
    id: 'visit-code',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    required: true,
  });
  input.maxLength = 64;
  const form = h(
    'form',
    { class: 'visit-code' },
    h('label', { for: 'visit-code', text: tr('codeLabel') }),
    input,
    h('button', { type: 'submit', class: 'primary', text: tr('codeJoin') }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = input.value.trim();
    if (code) onCode(code);
  });
  root.replaceChildren(
    languageSwitch(pageLanguage()),
    h(
      'section',
      { class: 'problem', 'data-code-form': true },
      h('h1', { text: problem ? problem.title : tr('codeHeading') }),
      h('p', { ...(problem ? { role: 'alert' } : {}), text: problem ? problem.body : tr('codeAsk') }),
      form,
    ),
  );
  input.focus();
}
