// Element helpers. Text always goes in through textContent / text nodes, never as HTML.
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** Sets an element's text only when it differs (a write would replace its text node). */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Puts `items` in `parent` in this order, moving only those out of place (a moved node loses a click in progress). */
export function placeInOrder(parent: HTMLElement, items: HTMLElement[]): void {
  items.forEach((item, i) => {
    const there = parent.children[i] ?? null;
    if (there !== item) parent.insertBefore(item, there);
  });
}

/** Replaces whatever stands in `row` before `keep` with `nodes`, leaving `keep` (and what follows it) in place. */
export function replaceBefore(row: HTMLElement, keep: HTMLElement, nodes: Node[]): void {
  while (row.firstChild && row.firstChild !== keep) row.firstChild.remove();
  keep.before(...nodes);
}

/**
 * Redraws a list row in place from a freshly made copy, keeping the row's `keep` element (its
 * buttons) the same nodes: a roster that arrives between pressing a button and letting go must not
 * take the click away, as replacing the row did. The kept buttons take the copy's labels.
 */
export function redrawKeeping(row: HTMLElement, keep: HTMLElement, fresh: HTMLElement, freshKeep: HTMLElement): void {
  freshKeep.remove();
  replaceBefore(row, keep, [...fresh.childNodes]);
  const labels = [...freshKeep.children].map((c) => c.textContent ?? '');
  [...keep.children].forEach((c, i) => setText(c as HTMLElement, labels[i] ?? ''));
}

export function button(label: string, onClick: () => void, attrs: Record<string, string | boolean | undefined> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', text: label, ...attrs });
  b.addEventListener('click', onClick);
  return b;
}

/** "3:45 PM"; `locale` (e.g. pageLocale()) writes it for the page's language, else the browser's. */
export function formatTime(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(ms);
}

export function formatWaited(sinceMs: number, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - sinceMs) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
