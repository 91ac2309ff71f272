// Copying to the clipboard, with a fallback for browsers that refuse: the text is selected and the
// person is told how to copy it by hand.
import type { TestWords } from '../words.js';

/** Copies text; when the browser refuses, runs `select` so the person can copy by hand. */
export async function copyText(text: string, select: () => void): Promise<'copied' | 'selected'> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // fall back below
  }
  select();
  try {
    if (document.execCommand('copy')) return 'copied';
  } catch {
    // selected; the person copies it
  }
  return 'selected';
}

/** How to copy what is selected, on this kind of device. */
export function handCopyHint(w: TestWords): string {
  return w.t(/iPhone|iPad|Android/.test(navigator.userAgent) ? 'handCopyPhone' : 'handCopyDesktop');
}
