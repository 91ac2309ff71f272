// Changes to client records, written once for the dashboard's routes and the API: each checks what
// the actor may reach, saves, and writes the audit line.
import type { Client, ClientFields } from '../store/clients.js';
import type { Acting } from './acting.js';
import { chosenTherapist, visibleClient } from './access.js';
import { badRequest } from './errors.js';
import { seesEveryTherapist } from './roles.js';
import type { PracticeServices } from './services.js';
import { isTimeZone } from './time-zones.js';

export interface ClientInput {
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  timeZone: string;
  language: 'en' | 'es';
  therapistId?: string | undefined;
}

async function fields(s: PracticeServices, me: Acting, body: ClientInput): Promise<ClientFields> {
  if (!isTimeZone(body.timeZone))
    throw badRequest('The time zone is not one Vestibule knows (use a name such as America/Chicago).', 'bad_time_zone');
  const therapist = await chosenTherapist(s, me, body.therapistId);
  const name = body.name.trim();
  if (!name) throw badRequest('A client needs a name.');
  return {
    name,
    email: body.email ?? null,
    phone: body.phone ?? null,
    timeZone: body.timeZone,
    language: body.language,
    therapistId: therapist.id,
  };
}

export async function createClient(s: PracticeServices, me: Acting, body: ClientInput): Promise<Client> {
  const client = await s.clients.create(await fields(s, me, body), s.now());
  await s.audit.record({ event: 'client created', staffId: me.id, clientId: client.id }, s.now());
  return client;
}

export async function updateClient(s: PracticeServices, me: Acting, id: string, body: ClientInput): Promise<Client> {
  const existing = await visibleClient(s, me, id);
  await s.clients.update(existing.id, await fields(s, me, body));
  await s.audit.record({ event: 'client updated', staffId: me.id, clientId: existing.id }, s.now());
  return (await s.clients.byId(existing.id))!;
}

export async function deleteClient(s: PracticeServices, me: Acting, id: string): Promise<void> {
  const existing = await visibleClient(s, me, id);
  await s.clients.delete(existing.id);
  await s.audit.record({ event: 'client deleted', staffId: me.id, clientId: existing.id }, s.now());
}

/** A therapist searches their own caseload; other roles everyone's, or one therapist's. */
export function searchClients(
  s: PracticeServices,
  me: Acting,
  q: { name?: string | undefined; therapistId?: string | undefined; limit: number },
) {
  const therapistId = seesEveryTherapist(me.role) ? (q.therapistId ?? null) : me.id;
  return s.clients.search({ ...(q.name ? { name: q.name } : {}), therapistId, limit: q.limit });
}
