// A demo appointment starting now, so a new install can be tried at once with two browser windows.
import { visitUrl, type LinkTokens } from './links/link-tokens.js';
import { type ShortLinks, shortUrl } from './links/short-links.js';
import type { Appointment, AppointmentStore, Participant } from './store/appointments.js';

/** Makes the link a demo participant opens. */
export type DemoLinkMaker = (appointment: Appointment, participant: Participant) => Promise<string>;

/** Long links, the token in the fragment (what `npm run demo` and the tests use). */
export const longDemoLinks =
  (links: LinkTokens, publicUrl: string): DemoLinkMaker =>
  async (appointment, participant) =>
    visitUrl(publicUrl, appointment.id, await links.issue(appointment, participant));

/** Short links (`/j#CODE`): what the first start prints, short enough to copy from a terminal by hand. */
export const shortDemoLinks =
  (shortLinks: ShortLinks, publicUrl: string): DemoLinkMaker =>
  async (appointment, participant) =>
    shortUrl(publicUrl, (await shortLinks.issue(appointment, participant)).code);

export interface DemoLinks {
  appointmentId: string;
  providerUrl: string;
  clientUrl: string;
  /** Every client's link, the first being clientUrl (a group visit has several). */
  clientUrls: string[];
}

const CLIENT_NAMES = ['Jordan', 'Alex', 'Casey', 'Riley', 'Morgan'];

export async function createDemoAppointment(
  store: AppointmentStore,
  linkFor: DemoLinkMaker,
  now = Date.now(),
  durationMinutes = 60,
  clients = 1,
): Promise<DemoLinks> {
  const appt = await store.createAppointment({
    title: clients > 1 ? 'Demo group visit' : 'Demo visit',
    startsAt: now,
    endsAt: now + durationMinutes * 60_000,
  });
  const provider = await store.addParticipant(appt.id, 'provider', 'Dr. Rivera');
  const clientUrls: string[] = [];
  for (const name of CLIENT_NAMES.slice(0, clients)) {
    const client = await store.addParticipant(appt.id, 'client', name);
    clientUrls.push(await linkFor(appt, client));
  }
  return {
    appointmentId: appt.id,
    providerUrl: await linkFor(appt, provider),
    clientUrl: clientUrls[0]!,
    clientUrls,
  };
}
