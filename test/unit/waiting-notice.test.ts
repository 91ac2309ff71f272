// The words of the waiting-room notices: the provider's choices, and the page's own reassurance when
// the provider has not joined two minutes after the start (and not before, nor once they are there).
import { describe, expect, it } from 'vitest';
import { noticeText, PROVIDER_LATE_AFTER_MS, providerLateText } from '../../client/ui/waiting-notice.js';

const START = Date.parse('2026-11-30T15:00:00Z');

describe('waiting-room notice text', () => {
  it('says the minutes in words, and quotes the provider’s own', () => {
    expect(noticeText({ kind: 'minutes', minutes: 10 }, 'Dr. Rivera')).toBe(
      'Dr. Rivera is running a little late and will be with you in about 10 minutes. Please stay on this page.',
    );
    expect(noticeText({ kind: 'text', text: 'Back in a moment' }, 'Dr. Rivera')).toBe('Dr. Rivera: Back in a moment');
  });
});

describe('the provider has not joined', () => {
  it('reassures the client from two minutes after the start, while the provider is away', () => {
    expect(providerLateText(START, START + PROVIDER_LATE_AFTER_MS - 1, false, 'Dr. Rivera')).toBeNull();
    expect(providerLateText(START, START + PROVIDER_LATE_AFTER_MS, false, 'Dr. Rivera')).toBe(
      'Your visit is still on, but Dr. Rivera has not joined yet. Please stay on this page: they will see that you are waiting.',
    );
    expect(providerLateText(START, START + 10 * 60_000, true, 'Dr. Rivera')).toBeNull();
  });
});
