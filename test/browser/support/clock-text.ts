// The time a page shows for a moment a few minutes away, as the page writes it: "12:12 AM" on the
// same day, "Tue, Dec 1, 12:12 AM" when the moment falls on another day. The test knows the moment
// only to within the seconds between making the appointment and reading the page, which may straddle
// a minute or midnight, so the pattern accepts each way the page could have written a moment in that
// window, and nothing else.
import type { Page } from '@playwright/test';

/**
 * A pattern for `offsetMs` after a moment between `sinceMs` (taken before the appointment was made)
 * and now, written in `locale` (the page's default if none).
 */
export async function clockTextIn(page: Page, sinceMs: number, offsetMs: number, locale?: string): Promise<string> {
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
    { moments: [sinceMs + offsetMs, Date.now() + offsetMs], locale },
  );
  return `(?:${[...new Set(texts)].map(escapeRegExp).join('|')})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
