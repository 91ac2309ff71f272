// The database's tables as Kysely sees them. Times are milliseconds since the epoch (bigint in
// PostgreSQL, integer in SQLite); flags are 0/1 integers so both engines store them alike.
import type { Generated } from 'kysely';

export interface AppointmentsTable {
  id: string;
  title: string;
  starts_at: number;
  ends_at: number;
  created_at: number;
  ended_at: number | null;
}

export interface ParticipantsTable {
  id: string;
  appointment_id: string;
  role: 'provider' | 'client';
  display_name: string;
  admission: Generated<'invited' | 'waiting' | 'admitted' | 'removed'>;
  waiting_since: number | null;
  ready: Generated<number>;
  /** Position in the appointment (0 for the first added): rosters keep that order on both engines. */
  ordinal: Generated<number>;
}

export interface LinksTable {
  jti: string;
  participant_id: string;
  issued_at: number;
  revoked_at: number | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: number;
  appointment_id: string;
  participant_id: string | null;
  actor_id: string | null;
  event: string;
}

export interface ServiceSecretsTable {
  name: string;
  value: string;
  created_at: number;
}

export interface Schema {
  appointments: AppointmentsTable;
  participants: ParticipantsTable;
  links: LinksTable;
  audit: AuditTable;
  service_secrets: ServiceSecretsTable;
}
