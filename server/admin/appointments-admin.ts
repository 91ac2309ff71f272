// What an operator does with appointments, as plain functions over the store: create one with its
// participants' links, list upcoming ones, issue a fresh link, revoke a participant's links.
// The CLI (server/admin-cli.ts) parses arguments and prints; tests call these directly.
import { visitUrl, type LinkTokens } from '../links/link-tokens.js';
import type { AppointmentStore } from '../store/appointments.js';

export interface CreatedAppointment {
  appointmentId: string;
  startsAt: string;
  endsAt: string;
  links: { participantId: string; role: 'provider' | 'client'; name: string; url: string }[];
}

export class AdminError extends Error {}

const NAME_MAX = 80;

function checkName(name: string): string {
  const n = name.trim();
  if (!n || n.length > NAME_MAX) throw new AdminError(`A display name must be 1 to ${NAME_MAX} characters`);
  return n;
}

export async function createAppointment(
  deps: { store: AppointmentStore; links: LinkTokens; publicUrl: string },
  input: { title: string; startsAt: Date; minutes: number; provider: string; clients: string[] },
): Promise<CreatedAppointment> {
  if (Number.isNaN(input.startsAt.getTime())) throw new AdminError('The start time is not a valid date (use e.g. 2026-11-24T15:00)');
  if (!Number.isInteger(input.minutes) || input.minutes < 5 || input.minutes > 480)
    throw new AdminError('--minutes must be a whole number from 5 to 480');
  if (input.clients.length < 1 || input.clients.length > 5)
    throw new AdminError('An appointment has 1 to 5 clients (six people with the provider)');
  const title = input.title.trim() || 'Video visit';
  const start = input.startsAt.getTime();
  const appt = await deps.store.createAppointment({ title, startsAt: start, endsAt: start + input.minutes * 60_000 });
  const people = [await deps.store.addParticipant(appt.id, 'provider', checkName(input.provider))];
  for (const c of input.clients) people.push(await deps.store.addParticipant(appt.id, 'client', checkName(c)));
  const links = [];
  for (const p of people) {
    links.push({
      participantId: p.id,
      role: p.role,
      name: p.displayName,
      url: visitUrl(deps.publicUrl, appt.id, await deps.links.issue(appt, p)),
    });
  }
  return { appointmentId: appt.id, startsAt: new Date(appt.startsAt).toISOString(), endsAt: new Date(appt.endsAt).toISOString(), links };
}

/** A new link for one participant (e.g. the old one was lost or revoked). Older links stay valid unless revoked. */
export async function issueLink(
  deps: { store: AppointmentStore; links: LinkTokens; publicUrl: string },
  participantId: string,
): Promise<string> {
  const p = await deps.store.participant(participantId);
  if (!p) throw new AdminError(`No participant with id ${participantId}`);
  const appt = (await deps.store.appointment(p.appointmentId))!;
  return visitUrl(deps.publicUrl, appt.id, await deps.links.issue(appt, p));
}

/** Withdraws every link a participant has; their open page is refused at its next connection. */
export async function revokeLinks(deps: { store: AppointmentStore; links: LinkTokens }, participantId: string): Promise<void> {
  const p = await deps.store.participant(participantId);
  if (!p) throw new AdminError(`No participant with id ${participantId}`);
  await deps.links.revokeAllFor(p.id);
  await deps.store.audit(p.appointmentId, 'links revoked', p.id, 'admin');
}
