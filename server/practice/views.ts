// What the practice routes send back about people and appointments: chosen fields, never a password
// hash or an authenticator secret.
import type { AppointmentView, ClientView, StaffView } from '../../shared/practice-types.js';
import type { Client } from '../store/clients.js';
import type { ScheduledAppointment } from '../store/schedule.js';
import type { StaffMember } from '../store/staff.js';

export function staffView(m: StaffMember): StaffView {
  return {
    id: m.id,
    email: m.email,
    name: m.name,
    role: m.role,
    teletherapy: m.teletherapy,
    totpEnabled: m.totpEnabled,
    licensedRegions: m.licensedRegions,
    status: m.deactivatedAt !== null ? 'deactivated' : m.hasPassword ? 'active' : 'invited',
  };
}

export const clientView = (c: Client): ClientView => ({ ...c });

export function appointmentView(a: ScheduledAppointment): AppointmentView {
  return {
    id: a.id,
    title: a.title,
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: new Date(a.endsAt).toISOString(),
    therapistId: a.therapistId,
    video: a.video,
    cancelled: a.cancelledAt !== null,
    seriesId: a.seriesId,
    participants: a.participants.map((p) => ({ id: p.id, role: p.role, clientId: p.clientId, name: p.displayName })),
  };
}
