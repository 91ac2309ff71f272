// Appointments and their participants: the rows behind every link.
import { randomBytes } from 'node:crypto';
import type { Admission, Role } from '../../shared/protocol.js';
import type { Db } from './db.js';

export interface Appointment {
  id: string;
  title: string;
  startsAt: number;
  endsAt: number;
  endedAt: number | null;
}

export interface Participant {
  id: string;
  appointmentId: string;
  role: Role;
  displayName: string;
  admission: Admission;
  waitingSince: number | null;
  ready: boolean;
}

export const newId = (bytes = 12): string => randomBytes(bytes).toString('base64url');

interface ParticipantRow {
  id: string;
  appointment_id: string;
  role: Role;
  display_name: string;
  admission: Admission;
  waiting_since: number | null;
  ready: number;
}

const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  appointmentId: r.appointment_id,
  role: r.role,
  displayName: r.display_name,
  admission: r.admission,
  waitingSince: r.waiting_since,
  ready: r.ready === 1,
});

export class AppointmentStore {
  constructor(private readonly db: Db) {}

  createAppointment(a: { title: string; startsAt: number; endsAt: number }): Appointment {
    if (!(a.endsAt > a.startsAt)) throw new Error('An appointment must end after it starts');
    const appt: Appointment = { id: newId(), ...a, endedAt: null };
    this.db
      .prepare('INSERT INTO appointments (id, title, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(appt.id, appt.title, appt.startsAt, appt.endsAt, Date.now());
    return appt;
  }

  addParticipant(appointmentId: string, role: Role, displayName: string): Participant {
    const id = newId();
    this.db
      .prepare('INSERT INTO participants (id, appointment_id, role, display_name) VALUES (?, ?, ?, ?)')
      .run(id, appointmentId, role, displayName);
    return this.participant(id)!;
  }

  appointment(id: string): Appointment | undefined {
    const r = this.db.prepare('SELECT id, title, starts_at, ends_at, ended_at FROM appointments WHERE id = ?').get(id) as
      | { id: string; title: string; starts_at: number; ends_at: number; ended_at: number | null }
      | undefined;
    return r && { id: r.id, title: r.title, startsAt: r.starts_at, endsAt: r.ends_at, endedAt: r.ended_at };
  }

  /** Ends the session: every client must be admitted again if the provider starts it once more. */
  endSession(appointmentId: string, at = Date.now()): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE appointments SET ended_at = ? WHERE id = ?').run(at, appointmentId);
      this.db
        .prepare(
          "UPDATE participants SET admission = 'invited', waiting_since = NULL, ready = 0 WHERE appointment_id = ? AND role = 'client'",
        )
        .run(appointmentId);
    })();
  }

  restartSession(appointmentId: string): void {
    this.db.prepare('UPDATE appointments SET ended_at = NULL WHERE id = ?').run(appointmentId);
  }

  participant(id: string): Participant | undefined {
    const r = this.db.prepare('SELECT * FROM participants WHERE id = ?').get(id) as ParticipantRow | undefined;
    return r && toParticipant(r);
  }

  participants(appointmentId: string): Participant[] {
    return (
      this.db.prepare('SELECT * FROM participants WHERE appointment_id = ? ORDER BY rowid').all(appointmentId) as ParticipantRow[]
    ).map(toParticipant);
  }

  saveAdmission(id: string, admission: Admission, waitingSince: number | null): void {
    this.db.prepare('UPDATE participants SET admission = ?, waiting_since = ? WHERE id = ?').run(admission, waitingSince, id);
  }

  saveReady(id: string, ready: boolean): void {
    this.db.prepare('UPDATE participants SET ready = ? WHERE id = ?').run(ready ? 1 : 0, id);
  }

  /** Audit trail: who did what, when; ids only, never names or health details. */
  audit(appointmentId: string, event: string, participantId: string | null, actorId: string | null = null): void {
    this.db
      .prepare('INSERT INTO audit (at, appointment_id, participant_id, actor_id, event) VALUES (?, ?, ?, ?, ?)')
      .run(Date.now(), appointmentId, participantId, actorId, event);
  }

  auditTrail(appointmentId: string): { event: string; participantId: string | null; actorId: string | null }[] {
    return (
      this.db.prepare('SELECT event, participant_id, actor_id FROM audit WHERE appointment_id = ? ORDER BY id').all(appointmentId) as {
        event: string;
        participant_id: string | null;
        actor_id: string | null;
      }[]
    ).map((r) => ({ event: r.event, participantId: r.participant_id, actorId: r.actor_id }));
  }
}
