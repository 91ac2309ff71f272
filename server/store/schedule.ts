// The practice's schedule: appointments with their therapist, their clients (as participants tied to
// client records), whether they are video visits, and cancellations. Rows are the same ones visit
// links and the waiting room use (appointments.ts); this module adds what the practice needs.
import type { Admission, Role } from '../../shared/protocol.js';
import { newId } from './appointments.js';
import type { Db } from './db.js';

export interface ScheduledParticipant {
  id: string;
  role: Role;
  clientId: string | null;
  displayName: string;
  admission: Admission;
}

export interface ScheduledAppointment {
  id: string;
  title: string;
  startsAt: number;
  endsAt: number;
  therapistId: string | null;
  video: boolean;
  cancelledAt: number | null;
  endedAt: number | null;
  seriesId: string | null;
  participants: ScheduledParticipant[];
}

export interface NewOccurrence {
  title: string;
  startsAt: number;
  endsAt: number;
  therapistId: string;
  video: boolean;
  seriesId: string | null;
  /** The provider's display name in the visit: the therapist's name. */
  providerName: string;
  clients: { id: string; name: string }[];
}

export interface ScheduleQuery {
  /** Appointments that end after `from` and start before `to`. */
  from: number;
  to: number;
  therapistId?: string | null;
  clientId?: string | null;
  includeCancelled: boolean;
  limit: number;
}

const APPOINTMENT_COLUMNS = [
  'id',
  'title',
  'starts_at',
  'ends_at',
  'therapist_id',
  'video',
  'cancelled_at',
  'ended_at',
  'series_id',
] as const;

export class ScheduleStore {
  constructor(private readonly db: Db) {}

  /** Appointments with their provider and clients as participants, all or none (one transaction). */
  async createAll(occurrences: NewOccurrence[], now: number): Promise<string[]> {
    for (const o of occurrences) if (!(o.endsAt > o.startsAt)) throw new Error('An appointment must end after it starts');
    return this.db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      for (const o of occurrences) {
        const id = newId();
        ids.push(id);
        await trx
          .insertInto('appointments')
          .values({
            id,
            title: o.title,
            starts_at: o.startsAt,
            ends_at: o.endsAt,
            created_at: now,
            therapist_id: o.therapistId,
            video: o.video ? 1 : 0,
            series_id: o.seriesId,
          })
          .execute();
        const people = [
          { role: 'provider' as const, name: o.providerName, clientId: null },
          ...o.clients.map((c) => ({ role: 'client' as const, name: c.name, clientId: c.id })),
        ];
        await trx
          .insertInto('participants')
          .values(
            people.map((p, ordinal) => ({
              id: newId(),
              appointment_id: id,
              role: p.role,
              display_name: p.name,
              client_id: p.clientId,
              ordinal,
            })),
          )
          .execute();
      }
      return ids;
    });
  }

  async byId(id: string): Promise<ScheduledAppointment | undefined> {
    const r = await this.db.selectFrom('appointments').select(APPOINTMENT_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    const [withPeople] = await this.withParticipants([r]);
    return withPeople;
  }

  async list(q: ScheduleQuery): Promise<ScheduledAppointment[]> {
    let query = this.db.selectFrom('appointments').select(APPOINTMENT_COLUMNS).where('ends_at', '>', q.from).where('starts_at', '<', q.to);
    if (q.therapistId) query = query.where('therapist_id', '=', q.therapistId);
    if (!q.includeCancelled) query = query.where('cancelled_at', 'is', null);
    if (q.clientId) {
      const clientId = q.clientId;
      query = query.where('id', 'in', (eb) => eb.selectFrom('participants').select('appointment_id').where('client_id', '=', clientId));
    }
    const rows = await query.orderBy('starts_at').orderBy('id').limit(q.limit).execute();
    return this.withParticipants(rows);
  }

  async reschedule(id: string, startsAt: number, endsAt: number): Promise<void> {
    if (!(endsAt > startsAt)) throw new Error('An appointment must end after it starts');
    await this.db.updateTable('appointments').set({ starts_at: startsAt, ends_at: endsAt }).where('id', '=', id).execute();
  }

  async cancel(id: string, now: number): Promise<void> {
    await this.db.updateTable('appointments').set({ cancelled_at: now }).where('id', '=', id).where('cancelled_at', 'is', null).execute();
  }

  async setVideo(id: string, on: boolean): Promise<void> {
    await this.db
      .updateTable('appointments')
      .set({ video: on ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }

  /** The provider participants of a therapist's appointments that have not ended by `now`. */
  async upcomingProviderParticipants(therapistId: string, now: number): Promise<{ participantId: string; appointmentId: string }[]> {
    const rows = await this.db
      .selectFrom('participants as p')
      .innerJoin('appointments as a', 'a.id', 'p.appointment_id')
      .select(['p.id', 'a.id as appointment_id'])
      .where('a.therapist_id', '=', therapistId)
      .where('a.ends_at', '>', now)
      .where('p.role', '=', 'provider')
      .execute();
    return rows.map((r) => ({ participantId: r.id, appointmentId: r.appointment_id }));
  }

  private async withParticipants(
    rows: {
      id: string;
      title: string;
      starts_at: number;
      ends_at: number;
      therapist_id: string | null;
      video: number;
      cancelled_at: number | null;
      ended_at: number | null;
      series_id: string | null;
    }[],
  ): Promise<ScheduledAppointment[]> {
    if (!rows.length) return [];
    const people = await this.db
      .selectFrom('participants')
      .select(['id', 'appointment_id', 'role', 'client_id', 'display_name', 'admission'])
      .where(
        'appointment_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('ordinal')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      therapistId: r.therapist_id,
      video: r.video === 1,
      cancelledAt: r.cancelled_at,
      endedAt: r.ended_at,
      seriesId: r.series_id,
      participants: people
        .filter((p) => p.appointment_id === r.id)
        .map((p) => ({ id: p.id, role: p.role, clientId: p.client_id, displayName: p.display_name, admission: p.admission })),
    }));
  }
}
