// Appointments and their participants: the rows behind every link. Every method is one statement
// or one transaction, so it reads the same on SQLite and PostgreSQL and across several machines.
import { randomFillSync } from 'node:crypto';
import { CompiledQuery, type QueryResult, type Selectable, sql } from 'kysely';
import type { Admission, Role } from '../../shared/protocol.js';
import type { Db, Engine } from './db.js';
import { GroupCommit } from './group-commit.js';
import { type Executor, type PreparedQuery, prepare } from './prepared.js';
import type { AppointmentsTable, ParticipantsTable } from './schema.js';
import { directFor } from './sqlite-direct.js';
import type { PracticeChoices } from './visit-locations.js';

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

/** The columns a Participant is made of. */
type ParticipantRow = Pick<
  Selectable<ParticipantsTable>,
  'id' | 'appointment_id' | 'role' | 'display_name' | 'admission' | 'waiting_since' | 'ready'
>;

/** The columns an Appointment is made of, besides its id. */
type AppointmentRow = Pick<Selectable<AppointmentsTable>, 'title' | 'starts_at' | 'ends_at' | 'ended_at'>;

const toAppointment = (id: string, r: AppointmentRow): Appointment => ({
  id,
  title: r.title,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  endedAt: r.ended_at,
});

const toParticipant = (r: ParticipantRow): Participant => ({
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
    // A node loading a visit: the appointment, with a row per participant (one row with nulls if none).
    visit: prepare(db, ['id'], (q, a) =>
      q
        .selectFrom('appointments')
        .leftJoin('participants', 'participants.appointment_id', 'appointments.id')
        // The practice's one settings row: what its visits ask of clients rides along, one statement fewer.
        .leftJoin('practice_settings', (join) => join.on('practice_settings.id', '=', 1))
        .select(['appointments.title', 'appointments.starts_at', 'appointments.ends_at', 'appointments.ended_at'])
        .select(['participants.id as participant_id', 'participants.role', 'participants.display_name'])
        .select(['participants.admission', 'participants.waiting_since', 'participants.ready'])
        .select([
          'practice_settings.ask_location',
          'practice_settings.consent_text',
          'practice_settings.consent_version',
          'practice_settings.consent_every_visit',
        ])
        .where('appointments.id', '=', a.id)
        .orderBy('participants.ordinal')
        .orderBy('participants.id'),
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

type Hot = ReturnType<typeof hotQueries>;
type JoinStep = [PreparedQuery<Record<string, unknown>, unknown>, Record<string, unknown>];

/**
 * The statements of one join-path item, in order, each given the result of the one before; returns
 * false when the change no longer applies. Written once, run two ways: awaited inside a Kysely
 * transaction (PostgreSQL), or at once inside a held SQLite one (see group-commit.ts).
 */
function* joinSteps(hot: Hot, w: JoinWrite): Generator<JoinStep, boolean, QueryResult<unknown>> {
  if ('audit' in w) {
    yield [hot.audit, auditArgs(w.audit)];
    return true;
  }
  const c = w.change;
  const args = { id: c.participantId, from: c.from, to: c.to, waitingSince: c.waitingSince, ready: c.ready ? 1 : 0 };
  const updated = yield [hot.changeAdmission, args];
  if (updated.numAffectedRows !== 1n) return false;
  for (const line of c.audit) yield [hot.audit, auditArgs(line)];
  return true;
}

async function writeJoin(hot: Hot, trx: Executor, w: JoinWrite): Promise<boolean> {
  const steps = joinSteps(hot, w);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    const [query, args] = step.value;
    step = steps.next(await query.run(trx, args));
  }
}

function writeJoinHeld(hot: Hot, w: JoinWrite): boolean {
  const steps = joinSteps(hot, w);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    const [query, args] = step.value;
    step = steps.next(query.runHeld(args));
  }
}

// PostgreSQL runs a data-modifying WITH as one atomic statement: the audit lines are inserted only for
// a participant the UPDATE changed, so the number of lines inserted says whether the change applied.
const CHANGE_WITH_AUDIT = CompiledQuery.raw(
  `with changed as (
     update "participants" set "admission" = $1, "waiting_since" = $2, "ready" = $3
     where "id" = $4 and "admission" = $5 returning "id")
   insert into "audit" ("at", "appointment_id", "participant_id", "actor_id", "event")
   select line.at, line.appointment_id, line.participant_id, line.actor_id, line.event
   from changed, unnest($6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[])
     as line(at, appointment_id, participant_id, actor_id, event)`,
);

async function changeInOneStatement(executor: Executor, c: AdmissionChange): Promise<boolean> {
  const at = Date.now();
  const result = await executor.executeQuery({
    ...CHANGE_WITH_AUDIT,
    parameters: [
      c.to,
      c.waitingSince,
      c.ready ? 1 : 0,
      c.participantId,
      c.from,
      c.audit.map(() => at),
      c.audit.map((a) => a.appointmentId),
      c.audit.map((a) => a.participantId),
      c.audit.map((a) => a.actorId),
      c.audit.map((a) => a.event),
    ],
  });
  return (result.numAffectedRows ?? 0n) > 0n;
}

export class AppointmentStore {
  private readonly hot: ReturnType<typeof hotQueries>;
  /** Admission changes and audit lines, saved many to a transaction (see group-commit.ts). */
  readonly joinWrites: GroupCommit<JoinWrite, boolean>;

  constructor(
    private readonly db: Db,
    engine: Engine = 'sqlite',
  ) {
    const hot = hotQueries(db);
    this.hot = hot;
    const direct = directFor(db);
    // A change with its audit lines is one statement on PostgreSQL (it tells whether the change applied
    // by the lines it wrote: it needs one), alone or in a shared transaction: each statement there is a
    // round trip of its own, and a crowd of joins waits on them one after another.
    const oneStatement = (w: JoinWrite): w is { change: AdmissionChange } =>
      engine === 'postgres' && 'change' in w && w.change.audit.length > 0;
    this.joinWrites = new GroupCommit(
      db,
      (trx, w) => (oneStatement(w) ? changeInOneStatement(trx, w.change) : writeJoin(hot, trx, w)),
      (executor, w) => {
        // An audit line alone is one INSERT anywhere.
        if ('audit' in w) return writeJoin(hot, executor, w);
        return oneStatement(w) ? changeInOneStatement(executor, w.change) : undefined;
      },
      direct && { direct, write: (w) => writeJoinHeld(hot, w) },
    );
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
    return r && toAppointment(r.id, r);
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
   * An appointment, its participants (in order) and its practice's choices about what a visit asks,
   * read in one statement: what a node loads when a visit starts there. Undefined when there is no
   * such appointment.
   */
  async visit(
    appointmentId: string,
  ): Promise<{ appointment: Appointment; participants: Participant[]; practice: PracticeChoices | null } | undefined> {
    const rows = (await this.hot.visit.run(this.db, { id: appointmentId })).rows;
    const [first] = rows;
    if (!first) return undefined;
    const appointment = toAppointment(appointmentId, first);
    const { ask_location, consent_text, consent_version, consent_every_visit } = first;
    const practice =
      ask_location === null || consent_text === null || consent_version === null || consent_every_visit === null
        ? null
        : { ask_location, consent_text, consent_version, consent_every_visit };
    // An appointment without participants comes as one row of nulls (the left join).
    const participants = rows.flatMap(({ participant_id: id, role, display_name, admission, waiting_since, ready }) =>
      id === null || role === null || display_name === null || admission === null || ready === null
        ? []
        : [toParticipant({ id, appointment_id: appointmentId, role, display_name, admission, waiting_since, ready })],
    );
    return { appointment, participants, practice };
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
