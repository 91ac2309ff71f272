// The time a page shows for a moment, as the page writes it: "12:12 AM" on the same day, "Tue, Dec 1,
// 12:12 AM" on another. Which of the two depends on the page's "today" when it drew the text, and the
// test may read its own clock on the other side of midnight (or of a minute, when it knows the moment
// only to within the seconds it took to make the appointment). So the pattern accepts each form of
// each candidate moment, and nothing else.
import type { Page } from '@playwright/test';

/** A pattern for any of `moments` (ms), written in `locale` (the page's default if none), as the page would. */
export async function clockText(page: Page, moments: number[], locale?: string): Promise<string> {
  const texts = await page.evaluate(
    ({ moments, locale }) => {
      const time = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
      const withDay = new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      });
      return moments.flatMap((at) => [time.format(at), withDay.format(at)]);
    },
    { moments, locale },
  );
  return `(?:${[...new Set(texts)].map(escapeRegExp).join('|')})`;
}

/**
 * The same for `offsetMs` after a moment the test knows only roughly: between `sinceMs` (taken just
 * before the appointment was made) and now.
 */
export function clockTextSince(page: Page, sinceMs: number, offsetMs: number, locale?: string): Promise<string> {
  return clockText(page, [sinceMs + offsetMs, Date.now() + offsetMs], locale);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
