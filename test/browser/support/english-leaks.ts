// Finds English on a page that should speak Spanish: every English message of the page's catalogues
// (the visit page's by default; those that differ in Spanish) is looked for in the page's visible text and in the
// accessible names and descriptions of what it shows. Short messages must match a whole line or
// name ("Chat"); longer ones, or the fixed words around a placeholder, are found anywhere.
import type { Page } from '@playwright/test';
import { ALL_CATALOGUES } from '../../../shared/i18n/catalogues/index.js';

/** The catalogues of the visit page (the language switch names each language in its own tongue). */
export const VISIT_AREAS = [
  'audio-first',
  'call',
  'chat',
  'device-settings',
  'location-consent',
  'media-problems',
  'visit-controls',
  'visit-dialogs',
  'visit-page',
  'waiting-list',
  'waiting-room',
];
const ANYWHERE_FROM = 12;

interface EnglishProbe {
  key: string;
  /** The whole message when it has no placeholder. */
  exact?: string;
  /** Fixed text long enough to look for inside other text. */
  fragments: string[];
}

function probes(areas: readonly string[]): EnglishProbe[] {
  const out: EnglishProbe[] = [];
  for (const area of areas) {
    const catalogue = ALL_CATALOGUES[area];
    if (!catalogue) throw new Error(`no catalogue ${area}`);
    for (const [key, en] of Object.entries(catalogue.en)) {
      const es = (catalogue.es as Record<string, string>)[key];
      if (es === en) continue;
      const parts = en.split(/\{\w+\}/).map((p) => p.trim());
      out.push({
        key: `${area}.${key}`,
        ...(parts.length === 1 ? { exact: en.trim() } : {}),
        fragments: parts.filter((p) => p.length >= ANYWHERE_FROM),
      });
    }
  }
  return out;
}

/** What a person can read or hear on the page now: visible lines, and the accessibility tree's names. */
async function pageTexts(page: Page): Promise<string[]> {
  const visible = await page.evaluate(() => {
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered (shown) is what is wanted
    const texts = document.body.innerText.split('\n');
    // Names and hints given in attributes, on elements that are shown.
    for (const el of document.querySelectorAll<HTMLElement>('[aria-label], [placeholder], [title]')) {
      if (!(el.checkVisibility?.() ?? el.getClientRects().length > 0)) continue;
      for (const attr of ['aria-label', 'placeholder', 'title']) texts.push(el.getAttribute(attr) ?? '');
    }
    // Words CSS puts on screen (attr() of data-*-label attributes).
    for (const el of document.querySelectorAll<HTMLElement>('*')) {
      for (const pseudo of ['::before', '::after']) {
        const content = getComputedStyle(el, pseudo).content;
        if (content && content !== 'none' && content !== 'normal' && el.getClientRects().length > 0)
          texts.push(content.replace(/^"|"$/g, ''));
      }
    }
    texts.push(document.title);
    return texts;
  });
  const tree = (await page.locator('body').ariaSnapshot()).split('\n').flatMap((line) => {
    // `- button "Name"` and `- text: words`: keep what is quoted and what follows a colon.
    const quoted = [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\"/g, '"'));
    const after = line.match(/:\s(.+)$/)?.[1];
    return [...quoted, ...(after ? [after] : [])];
  });
  return [...visible, ...tree].map((t) => t.trim()).filter(Boolean);
}

/** The catalogue keys (of `areas`) whose English shows on the page, each with the text it showed in. */
export async function englishOnPage(page: Page, areas: readonly string[] = VISIT_AREAS): Promise<string[]> {
  const texts = await pageTexts(page);
  const found = new Set<string>();
  for (const probe of probes(areas)) {
    for (const text of texts) {
      if (text === probe.exact || probe.fragments.some((f) => text.includes(f))) found.add(`${probe.key}: "${text.slice(0, 80)}"`);
    }
  }
  return [...found];
}
