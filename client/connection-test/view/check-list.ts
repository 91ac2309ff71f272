// One card per check: its name, a badge (waiting, checking, OK, problem…), what was found and the
// steps to fix it, and for a browser that cannot make the call, a way to copy this page's link.
import { button, h } from '../../ui/dom.js';
import type { AdviceBlock, CheckId, CheckResult, CheckStatus } from '../report.js';
import { checkLabel, type TestWords } from '../words.js';
import { copyText, handCopyHint } from './copy-text.js';
import { uid } from './ids.js';

export type CardState = CheckStatus | 'waiting' | 'running';

interface Card {
  li: HTMLLIElement;
  badge: HTMLElement;
  body: HTMLElement;
}

function adviceList(blocks: AdviceBlock[] | undefined): HTMLElement[] {
  return (blocks ?? []).map((b) =>
    h('div', { class: 'ct-advice' }, h('h4', { text: b.title }), h('ol', {}, ...b.steps.map((s) => h('li', { text: s })))),
  );
}

/** A "Copy link" button with its fallback: a read-only field holding the link, selected for the person. */
function copyLinkControl(w: TestWords): HTMLElement {
  const inputId = uid('ct-link');
  const field = h('input', { id: inputId, type: 'text', readonly: true, value: location.href, class: 'ct-link-field' });
  const fieldWrap = h('p', { class: 'ct-link', hidden: true }, h('label', { for: inputId, text: w.t('linkField') }), field);
  const status = h('span', { class: 'ct-copy-status', role: 'status' });
  const copy = button(w.t('copyLink'), async () => {
    const how = await copyText(location.href, () => {
      fieldWrap.hidden = false;
      field.focus();
      field.select();
    });
    status.textContent = how === 'copied' ? w.t('linkCopied') : w.t('linkInField', { how: handCopyHint(w) });
  });
  return h('div', { class: 'ct-copy-link' }, copy, fieldWrap, status);
}

function badgeText(w: TestWords, id: CheckId, state: CardState, result?: CheckResult): string {
  if (id === 'speakers' && state === 'skip' && result?.details?.problem === 'not confirmed') return w.t('badge.notConfirmed');
  return w.t(`badge.${state}`);
}

export class CheckList {
  readonly element = h('ol', { class: 'ct-checks' });
  private readonly cards = new Map<CheckId, Card>();

  constructor(private readonly w: TestWords) {}

  /** Starts over with every check waiting. */
  reset(ids: readonly CheckId[]): void {
    this.element.replaceChildren();
    this.cards.clear();
    for (const id of ids) this.set(id, 'waiting');
  }

  set(id: CheckId, state: CardState, result?: CheckResult): void {
    const card = this.cards.get(id) ?? this.add(id);
    card.li.dataset.status = state;
    card.badge.textContent = badgeText(this.w, id, state, result);
    if (!result) return void card.body.replaceChildren();
    card.body.replaceChildren(
      h('p', { class: 'ct-message', text: result.message }),
      ...adviceList(result.advice),
      ...(result.offerCopyLink ? [copyLinkControl(this.w)] : []),
    );
  }

  private add(id: CheckId): Card {
    const badge = h('span', { class: 'ct-badge' });
    const body = h('div', { class: 'ct-body' });
    const li = h(
      'li',
      { class: 'ct-check', 'data-check': id },
      h('h3', {}, h('span', { class: 'ct-label', text: checkLabel(this.w, id) }), ' ', badge),
      body,
    );
    const card = { li, badge, body };
    this.cards.set(id, card);
    this.element.append(li);
    return card;
  }
}
