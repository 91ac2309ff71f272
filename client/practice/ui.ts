// Small DOM pieces shared by the dashboard's screens. Text goes in through textContent only.
import { h } from '../ui/dom.js';
import { ApiError } from './api.js';

let uid = 0;

/** A labelled input: the label names the input, so its accessible name is the visible text. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement {
  uid += 1;
  input.id = `f${uid}`;
  const hintEl = hint ? h('p', { class: 'hint', id: `f${uid}-hint`, text: hint }) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: input.id, text: label }), input, hintEl);
}

export function input(type: string, name: string, attrs: Record<string, string | boolean | undefined> = {}): HTMLInputElement {
  return h('input', { type, name, ...attrs });
}

export function select(name: string, options: [value: string, label: string][], selected?: string): HTMLSelectElement {
  const s = h('select', { name });
  for (const [value, label] of options) s.append(h('option', { value, text: label, selected: value === selected }));
  return s;
}

/** A status line that screen readers announce when its text changes. */
export function messageArea(): { el: HTMLElement; show(text: string, kind?: 'error' | 'ok'): void; clear(): void } {
  const el = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  return {
    el,
    show(text, kind = 'error') {
      el.textContent = text;
      el.dataset.kind = kind;
    },
    clear() {
      el.textContent = '';
      delete el.dataset.kind;
    },
  };
}

/** What to tell the person about a failed request, in plain words. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429 && e.retryAfter) {
      const at = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(Date.now() + e.retryAfter * 1000);
      return `${e.message} You can try again at ${at}.`;
    }
    return e.message;
  }
  return 'Something went wrong. Try again.';
}

export function fragmentToken(): string | null {
  return new URLSearchParams(location.hash.slice(1)).get('t');
}

export function mount(...children: HTMLElement[]): void {
  const main = document.querySelector('main')!;
  main.replaceChildren(...children);
}
