// Appointments and their participants: the rows behind every link. Every method is one statement
// or one transaction, so it reads the same on SQLite and PostgreSQL and across several machines.
import { randomFillSync } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Admission, Role } from '../../shared/protocol.js';
import type { Db } from './db.js';
import { GroupCommit } from './group-commit.js';
import { prepare } from './prepared.js';
import type { ParticipantsTable } from './schema.js';

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

/** One line of the audit trail: ids and an event name only, never names or health details. */
export interface AuditEntry {
  appointmentId: string;
  event: string;
  participantId: string | null;
  actorId: string | null;
}

/** An admission change that applies only if the participant is still in `from` when it is written. */
export interface AdmissionChange {
  participantId: string;
  from: Admission;
  to: Admission;
  waitingSince: number | null;
  ready: boolean;
  /** Written with the change, in its transaction, only when the change applies. */
  audit: readonly AuditEntry[];
}

// Ids come from a pool of random bytes, refilled 4 KB at a time, each byte used once: randomBytes()
// per id cost about 10 µs here (most of it the call into OpenSSL), and a join makes three ids.
const ID_POOL = Buffer.alloc(4096);
let poolOffset = ID_POOL.length;

/** A random id of `bytes` bytes (12: 96 bits), base64url. */
export function newId(bytes = 12): string {
  if (bytes > ID_POOL.length) throw new Error('an id is at most 4096 bytes');
  if (poolOffset + bytes > ID_POOL.length) {
    randomFillSync(ID_POOL);
    poolOffset = 0;
  }
  const id = ID_POOL.toString('base64url', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return id;
}

const toParticipant = (r: Selectable<ParticipantsTable>): Participant => ({
  id: r.id,
  appointmentId: r.appointment_id,
  role: r.role,
  displayName: r.display_name,
  admission: r.admission,
  waitingSince: r.waiting_since,
  ready: r.ready === 1,
});

/** The statements every join and admission runs, compiled once (see prepared.ts). */
function hotQueries(db: Db) {
  return {
    appointment: prepare(db, ['id'], (q, a) =>
      q.selectFrom('appointments').select(['id', 'title', 'starts_at', 'ends_at', 'ended_at']).where('id', '=', a.id),
    ),
    participant: prepare(db, ['id'], (q, a) => q.selectFrom('participants').selectAll().where('id', '=', a.id)),
    participants: prepare(db, ['appointmentId'], (q, a) =>
      q.selectFrom('participants').selectAll().where('appointment_id', '=', a.appointmentId).orderBy('ordinal').orderBy('id'),
    ),
    changeAdmission: prepare(db, ['id', 'from', 'to', 'waitingSince', 'ready'], (q, a) =>
      q
        .updateTable('participants')
        .set({ admission: a.to, waiting_since: a.waitingSince, ready: a.ready })
        .where('id', '=', a.id)
        .where('admission', '=', a.from),
    ),
    saveReady: prepare(db, ['id', 'ready'], (q, a) => q.updateTable('participants').set({ ready: a.ready }).where('id', '=', a.id)),
    audit: prepare(db, ['at', 'appointmentId', 'participantId', 'actorId', 'event'], (q, a) =>
      q
        .insertInto('audit')
        .values({ at: a.at, appointment_id: a.appointmentId, participant_id: a.participantId, actor_id: a.actorId, event: a.event }),
    ),
  };
}

/** What the join path writes: an admission change with its audit line, or an audit line alone. */
type JoinWrite = { change: AdmissionChange } | { audit: AuditEntry };

export class AppointmentStore {
  private readonly hot: ReturnType<typeof hotQueries>;
  /** Admission changes and audit lines, saved many to a transaction (see group-commit.ts). */
  readonly joinWrites: GroupCommit<JoinWrite, boolean>;

  constructor(private readonly db: Db) {
    const hot = hotQueries(db);
    this.hot = hot;
    this.joinWrites = new GroupCommit(db, async (trx, w) => {
      if ('audit' in w) {
        await hot.audit.run(trx, auditArgs(w.audit));
        return true;
      }
      const c = w.change;
      const updated = await hot.changeAdmission.run(trx, {
        id: c.participantId,
        from: c.from,
        to: c.to,
        waitingSince: c.waitingSince,
        ready: c.ready ? 1 : 0,
      });
      if (updated.numAffectedRows !== 1n) return false;
      for (const line of c.audit) await hot.audit.run(trx, auditArgs(line));
      return true;
    });
  }

  async createAppointment(a: { title: string; startsAt: number; endsAt: number }): Promise<Appointment> {
    if (!(a.endsAt > a.startsAt)) throw new Error('An appointment must end after it starts');
    const appt: Appointment = { id: newId(), ...a, endedAt: null };
    await this.db
      .insertInto('appointments')
      .values({ id: appt.id, title: appt.title, starts_at: appt.startsAt, ends_at: appt.endsAt, created_at: Date.now() })
      .execute();
    return appt;
  }

  async addParticipant(appointmentId: string, role: Role, displayName: string): Promise<Participant> {
    const id = newId();
    // Rosters list people in the order they were added: the provider, then clients as listed.
    const ordinal = sql<number>`(SELECT COUNT(*) FROM participants WHERE appointment_id = ${appointmentId})`;
    await this.db
      .insertInto('participants')
      .values({ id, appointment_id: appointmentId, role, display_name: displayName, ordinal })
      .execute();
    return { id, appointmentId, role, displayName, admission: 'invited', waitingSince: null, ready: false };
  }

  async appointment(id: string): Promise<Appointment | undefined> {
    const [r] = (await this.hot.appointment.run(this.db, { id })).rows;
    return r && { id: r.id, title: r.title, startsAt: r.starts_at, endsAt: r.ends_at, endedAt: r.ended_at };
  }

  /** Marks the session ended (a time) or running again (null). Admissions change in the waiting room. */
  async setEndedAt(appointmentId: string, endedAt: number | null): Promise<void> {
    await this.db.updateTable('appointments').set({ ended_at: endedAt }).where('id', '=', appointmentId).execute();
  }

  async participant(id: string): Promise<Participant | undefined> {
    const [r] = (await this.hot.participant.run(this.db, { id })).rows;
    return r && toParticipant(r);
  }

  /** In the order they were added: the provider first, then clients as listed. */
  async participants(appointmentId: string): Promise<Participant[]> {
    return (await this.hot.participants.run(this.db, { appointmentId })).rows.map(toParticipant);
  }

  /**
   * Writes an admission change and its audit line in one transaction, only if the participant is
   * still where the caller saw them: of two simultaneous admits (two tabs, two machines) exactly one
   * succeeds. Returns whether it applied. The transaction is shared with the other admission changes
   * and audit lines of the moment (see group-commit.ts); each still applies or not on its own.
   */
  async changeAdmission(c: AdmissionChange): Promise<boolean> {
    return this.joinWrites.submit({ change: c });
  }

  async saveReady(id: string, ready: boolean): Promise<void> {
    await this.hot.saveReady.run(this.db, { id, ready: ready ? 1 : 0 });
  }

  /** Audit trail: who did what, when; ids only, never names or health details. */
  async audit(appointmentId: string, event: string, participantId: string | null, actorId: string | null = null): Promise<void> {
    await this.joinWrites.submit({ audit: { appointmentId, event, participantId, actorId } });
  }

  async auditTrail(appointmentId: string): Promise<{ event: string; participantId: string | null; actorId: string | null }[]> {
    const rows = await this.db
      .selectFrom('audit')
      .select(['event', 'participant_id', 'actor_id'])
      .where('appointment_id', '=', appointmentId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ event: r.event, participantId: r.participant_id, actorId: r.actor_id }));
  }
}

const auditArgs = (a: AuditEntry) => ({
  at: Date.now(),
  appointmentId: a.appointmentId,
  participantId: a.participantId,
  actorId: a.actorId,
  event: a.event,
});
