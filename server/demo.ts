// A demo appointment starting now, so a new install can be tried at once with two browser windows.
import { visitUrl, type LinkTokens } from './links/link-tokens.js';
import type { AppointmentStore } from './store/appointments.js';

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
  links: LinkTokens,
  publicUrl: string,
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
    clientUrls.push(visitUrl(publicUrl, appt.id, await links.issue(appt, client)));
  }
  return {
    appointmentId: appt.id,
    providerUrl: visitUrl(publicUrl, appt.id, await links.issue(appt, provider)),
    clientUrl: clientUrls[0]!,
    clientUrls,
  };
}
