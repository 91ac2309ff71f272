// Texts of the visit page that depend on time and on the device: the countdown of a too-early link,
// the appointment time it gives, and a blocked camera explained for a phone or a computer.
import { beforeAll, describe, expect, it } from 'vitest';
import { mediaProblemText } from '../../client/ui/media-messages.js';
import { describeProblem, formatCountdown } from '../../client/ui/problem-messages.js';
import { ALL_SPANISH } from '../../shared/i18n/catalogues/index.js';
import { addLanguagePack } from '../../shared/i18n/translate.js';

// The Spanish a Spanish page would have loaded before showing these.
beforeAll(() => addLanguagePack('es', ALL_SPANISH));

describe('too-early link', () => {
  it('counts down in hours and minutes, then minutes and seconds', () => {
    const now = 1_800_000_000_000;
    expect(formatCountdown(now + (60 + 5) * 60_000, now)).toBe('1 h 05 min');
    expect(formatCountdown(now + 4 * 60_000 + 9_000, now)).toBe('4 min 09 s');
    expect(formatCountdown(now + 12_000, now)).toBe('12 s');
    expect(formatCountdown(now - 5_000, now)).toBe('0 s');
  });

  it('gives the appointment time (15 minutes after opening) and a countdown to the opening', () => {
    const opensAt = Date.UTC(2026, 10, 29, 9, 45);
    const text = describeProblem({ code: 'link_too_early', message: '', opensAt }, opensAt - 3_600_000, 'en');
    expect(text.countdownTo).toBe(opensAt);
    const startsAt = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' }).format(opensAt + 15 * 60_000);
    expect(text.body).toContain(`Your appointment is at ${startsAt}`);
  });

  it('names the provider and the appointment time the server gave, in the page language', () => {
    const opensAt = Date.UTC(2026, 10, 29, 9, 45);
    const startsAt = opensAt + 15 * 60_000;
    const problem = { code: 'link_too_early' as const, message: '', opensAt, startsAt, providerName: 'Dr. Rivera' };
    const en = describeProblem(problem, opensAt - 3_600_000, 'en');
    const time = (locale: string, ms: number) => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(ms);
    expect(en.title).toBe(`Your visit opens at ${time('en-US', opensAt)}`);
    expect(en.body).toContain(`Your appointment with Dr. Rivera is at ${time('en-US', startsAt)}`);
    const es = describeProblem(problem, opensAt - 3_600_000, 'es');
    expect(es.title).toBe(`Su visita se abre a las ${time('es-ES', opensAt)}`);
    expect(es.body).toContain(`Su cita con Dr. Rivera es a las ${time('es-ES', startsAt)}`);
    expect(es.countdownTo).toBe(opensAt);
  });

  it('puts the day in front of a time that is not today, as just before midnight', () => {
    // In the machine's own zone: 23:50, with the appointment 20 minutes later, on the next day.
    const now = new Date(2026, 10, 30, 23, 50).getTime();
    const problem = {
      code: 'link_too_early' as const,
      message: '',
      opensAt: now + 5 * 60_000,
      startsAt: now + 20 * 60_000,
      providerName: 'Dr. Rivera',
    };
    const en = describeProblem(problem, now, 'en');
    const time = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
    expect(en.title).toBe(`Your visit opens at ${time.format(now + 5 * 60_000)}`);
    expect(en.body).toContain(`Your appointment with Dr. Rivera is at Tue, Dec 1, ${time.format(now + 20 * 60_000)};`);
  });
});

describe('blocked camera', () => {
  it('tells a phone where its site settings are and a computer about the address bar', () => {
    const phone = mediaProblemText({ problem: 'denied' }, 'phone');
    const computer = mediaProblemText({ problem: 'denied' }, 'computer');
    expect(phone.title).toBe('Camera and microphone are blocked');
    expect(phone.body).toContain("this website's settings");
    expect(phone.body).not.toMatch(/address bar|click/i);
    expect(computer.body).toContain('address bar');
  });
});
