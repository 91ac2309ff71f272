// A practice for the email tests: the owner, a therapist with Teletherapy, clients in chosen zones
// and languages, and bookings through the practice API, on an app whose mail rounds the test runs
// itself (MAIL_POLL_SECONDS=0) against the clock it moves.
import { expect } from 'vitest';
import type { TestAppOptions } from './app.js';
import { addStaff, as, type PracticeTestApp, practiceApp, type Session, setUpOwner } from './practice.js';

export const THERAPIST_NAME = 'Dr. Tess Okafor';
/** A title that must never reach an email. */
export const SECRET_TITLE = 'Anxiety follow-up';

export interface MailPractice extends PracticeTestApp {
  owner: Session;
  therapist: Session;
  addClient(c: { name: string; email: string | null; timeZone: string; language: 'en' | 'es' }): Promise<{ id: string }>;
  book(clientIds: string[], start: number | string, extra?: object): Promise<{ id: string; startsAt: string }[]>;
}

export async function mailPractice(env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<MailPractice> {
  const t = await practiceApp({ MAIL_POLL_SECONDS: '0', ...env }, opts);
  const owner = await setUpOwner(t);
  const therapist = await addStaff(t, owner, {
    email: 'tess@practice.example',
    name: THERAPIST_NAME,
    role: 'therapist',
    teletherapy: true,
  });
  // The therapist's invitation email is not what these tests look at: it counts as sent.
  for (const m of await t.app.vestibule.mail.outbox.list({ statuses: ['queued'], limit: 10 }))
    await t.app.vestibule.mail.outbox.markSentByHand(m.id, t.clock.now());
  return {
    ...t,
    owner,
    therapist,
    async addClient(c) {
      const res = await as(t.app, therapist).post('/clients', c);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().client;
    },
    async book(clientIds, start, extra = {}) {
      const res = await as(t.app, therapist).post('/appointments', { clientIds, start, minutes: 50, title: SECRET_TITLE, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().appointments;
    },
  };
}
