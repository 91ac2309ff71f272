// A demo appointment starting now, so a new install can be tried at once with two browser windows.
import { visitUrl, type LinkTokens } from './links/link-tokens.js';
import type { AppointmentStore } from './store/appointments.js';

export interface DemoLinks {
  appointmentId: string;
  providerUrl: string;
  clientUrl: string;
}

export async function createDemoAppointment(
  store: AppointmentStore,
  links: LinkTokens,
  publicUrl: string,
  now = Date.now(),
  durationMinutes = 60,
): Promise<DemoLinks> {
  const appt = store.createAppointment({ title: 'Demo visit', startsAt: now, endsAt: now + durationMinutes * 60_000 });
  const provider = store.addParticipant(appt.id, 'provider', 'Dr. Rivera');
  const client = store.addParticipant(appt.id, 'client', 'Jordan');
  return {
    appointmentId: appt.id,
    providerUrl: visitUrl(publicUrl, appt.id, await links.issue(appt, provider)),
    clientUrl: visitUrl(publicUrl, appt.id, await links.issue(appt, client)),
  };
}
