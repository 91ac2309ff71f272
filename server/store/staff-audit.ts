// The practice's audit log of staff actions. Each line is an event name, a time and ids: who acted,
// whom or what it concerned. Never a name, an email, an address or a token.
import type { Db } from './db.js';

export interface StaffAuditEntry {
  event: string;
  staffId?: string | null;
  subjectStaffId?: string | null;
  appointmentId?: string | null;
  participantId?: string | null;
  clientId?: string | null;
}

export interface StaffAuditLine extends Required<StaffAuditEntry> {
  id: number;
  at: number;
}

export interface StaffAuditQuery {
  from?: number;
  to?: number;
  /** Lines where this staff member acted or was the subject. */
  staffId?: string;
  appointmentId?: string;
  /** Lines older than this id (the next page). */
  beforeId?: number;
  limit: number;
}

export class StaffAuditStore {
  constructor(private readonly db: Db) {}

  async record(e: StaffAuditEntry, at: number): Promise<void> {
    await this.db
      .insertInto('staff_audit')
      .values({
        at,
        event: e.event,
        staff_id: e.staffId ?? null,
        subject_staff_id: e.subjectStaffId ?? null,
        appointment_id: e.appointmentId ?? null,
        participant_id: e.participantId ?? null,
        client_id: e.clientId ?? null,
      })
      .execute();
  }

  /** Newest first. */
  async list(q: StaffAuditQuery): Promise<StaffAuditLine[]> {
    let query = this.db.selectFrom('staff_audit').selectAll();
    if (q.from !== undefined) query = query.where('at', '>=', q.from);
    if (q.to !== undefined) query = query.where('at', '<', q.to);
    if (q.appointmentId) query = query.where('appointment_id', '=', q.appointmentId);
    if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
    const staffId = q.staffId;
    if (staffId) query = query.where((eb) => eb.or([eb('staff_id', '=', staffId), eb('subject_staff_id', '=', staffId)]));
    const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      event: r.event,
      staffId: r.staff_id,
      subjectStaffId: r.subject_staff_id,
      appointmentId: r.appointment_id,
      participantId: r.participant_id,
      clientId: r.client_id,
    }));
  }
}
