// A client's visit link opens the page in the client's preferred language (issue 17): the long link
// carries it in its fragment (`&lang=es`), and exchanging a short link's code (the dashboard's, the
// API's, an email's) returns it. A provider's link carries none: their browser decides.
import { afterEach, describe, expect, it } from 'vitest';
import { visitLinkForEmail } from '../../server/mail/visit-link.js';
import { apiPractice } from '../support/api.js';
import { type PracticeTestApp, as, tokenOf } from '../support/practice.js';

const DAY = 86_400_000;
let t: PracticeTestApp | undefined;
afterEach(async () => t?.app.close());

async function bookVisit() {
  // The API tests' practice: Tess, and Robin Client (English); Lucía is added, in Spanish.
  const p = await apiPractice();
  t = p;
  const { therapist } = p;
  const robin = p.client;
  const lucia = (
    await as(p.app, therapist).post('/clients', {
      name: 'Lucía Cliente',
      email: 'es@client.example',
      timeZone: 'America/New_York',
      language: 'es',
    })
  ).json().client as { id: string };
  const booked = await as(t.app, therapist).post('/appointments', {
    therapistId: therapist.staffId,
    clientIds: [lucia.id, robin.id],
    start: t.clock.now() + DAY,
    minutes: 50,
  });
  expect(booked.statusCode, booked.body).toBe(201);
  const appt = booked.json().appointments[0] as { id: string; participants: { id: string; role: string; clientId: string | null }[] };
  const participant = (clientId: string) => appt.participants.find((p) => p.clientId === clientId)!;
  const provider = appt.participants.find((p) => p.role === 'provider')!;
  const link = async (participantId: string) => {
    const res = await as(t!.app, therapist).post(`/appointments/${appt.id}/participants/${participantId}/link`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { url: string; longUrl: string };
  };
  return { appt, lucia: participant(lucia.id), robin: participant(robin.id), provider, link };
}

const fragment = (url: string) => new URLSearchParams(url.split('#')[1]);

async function exchange(shortUrl: string) {
  const res = await t!.app.inject({ method: 'POST', url: '/api/visit-code', payload: { code: shortUrl.split('#')[1] } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { appointmentId: string; token: string; language?: string };
}

describe('the language a visit link opens in', () => {
  it("a client's long link carries their language; a provider's carries none", async () => {
    const v = await bookVisit();
    const es = await v.link(v.lucia.id);
    const en = await v.link(v.robin.id);
    const provider = await v.link(v.provider.id);
    expect(fragment(es.longUrl).get('lang')).toBe('es');
    expect(fragment(en.longUrl).get('lang')).toBe('en');
    expect(fragment(provider.longUrl).has('lang')).toBe(false);
    // The token is still the fragment's `t`, and still opens the visit.
    const links = t!.app.vestibule.links;
    const during = t!.clock.now() + DAY + 60_000;
    expect(await links.verify(tokenOf(es.longUrl), v.appt.id, new Date(during))).toMatchObject({
      ok: true,
      claims: { participantId: v.lucia.id },
    });
  });

  it("exchanging a client's short code returns their language; a provider's code returns none", async () => {
    const v = await bookVisit();
    expect(await exchange((await v.link(v.lucia.id)).url)).toMatchObject({ appointmentId: v.appt.id, language: 'es' });
    expect(await exchange((await v.link(v.robin.id)).url)).toMatchObject({ appointmentId: v.appt.id, language: 'en' });
    expect(await exchange((await v.link(v.provider.id)).url)).not.toHaveProperty('language');
  });

  it("an email's visit link, exchanged, gives the client's language", async () => {
    const v = await bookVisit();
    const emailed = await visitLinkForEmail(t!.app.vestibule.practice, v.appt.id, v.lucia.id);
    expect(emailed).toMatch(/\/j#/);
    expect(await exchange(emailed!)).toMatchObject({ appointmentId: v.appt.id, language: 'es' });
  });
});
