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
  /** The hosting therapist; null for appointments made before the practice had staff (CLI, demo). */
  therapist_id: Generated<string | null>;
  /** 1: a video visit (participants get links); 0: in person. */
  video: Generated<number>;
  cancelled_at: Generated<number | null>;
  /** Shared by the occurrences of one weekly series. */
  series_id: Generated<string | null>;
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
  /** The client record a client participant stands for (null for the provider and for legacy rows). */
  client_id: Generated<string | null>;
}

export interface LinksTable {
  jti: string;
  participant_id: string;
  issued_at: number;
  revoked_at: number | null;
}

/** A short link's code (hashed) and the link it stands for. */
export interface ShortLinksTable {
  code_hash: string;
  jti: string;
  created_at: number;
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

import type { StaffRole } from '../../shared/practice-types.js';

export type { StaffRole };

export interface StaffTable {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  teletherapy: Generated<number>;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  totp_last_step: number | null;
  deactivated_at: number | null;
  created_at: number;
  /** Where they are licensed: region codes such as "US-CA", space-separated (0011). */
  licensed_regions: Generated<string>;
}

export interface StaffSessionsTable {
  /** SHA-256 of the cookie's value: the value itself is never stored. */
  id: string;
  staff_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  ip_prefix: string | null;
}

export type OneTimePurpose = 'setup' | 'invite' | 'reset';

export interface OneTimeTokensTable {
  hash: string;
  purpose: OneTimePurpose;
  staff_id: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface PracticeSettingsTable {
  id: number;
  idle_timeout_minutes: number;
  absolute_lifetime_hours: number;
  require_totp: number;
  /** Reminder times, minutes before a visit, comma-separated (mail, 0009). */
  reminder_minutes: Generated<string>;
  /** 1: clients say where they are before each visit (0011). */
  ask_location: Generated<number>;
  /** The telehealth consent text ('' for none) and its version, which goes up when the text changes. */
  consent_text: Generated<string>;
  consent_version: Generated<number>;
  /** 1: consent asked at every visit; 0: once per client and version. */
  consent_every_visit: Generated<number>;
}

export interface SignInFailuresTable {
  key: string;
  failures: number;
  first_failure_at: number;
  locked_until: number | null;
}

export interface ClientsTable {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  time_zone: string;
  language: 'en' | 'es';
  therapist_id: string;
  created_at: number;
}

export interface StaffAuditTable {
  id: Generated<number>;
  at: number;
  event: string;
  staff_id: string | null;
  subject_staff_id: string | null;
  appointment_id: string | null;
  participant_id: string | null;
  client_id: string | null;
}

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'sent-by-hand';

export interface MailMessagesTable {
  id: string;
  kind: string;
  dedupe_key: string | null;
  appointment_id: string | null;
  client_id: string | null;
  staff_id: string | null;
  therapist_id: string | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  ics: string | null;
  ics_method: string | null;
  status: MailStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface MailCalendarTable {
  appointment_id: string;
  sequence: number;
  notified_at: number;
}

export type ApiKeyScope = 'read' | 'read-write';

export interface ApiKeysTable {
  id: string;
  name: string;
  hash: string;
  hint: string;
  scope: ApiKeyScope;
  created_at: number;
  created_by: string | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  events: string;
  secret: string;
  created_at: number;
  created_by: string | null;
  consecutive_failures: Generated<number>;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  disabled_at: number | null;
  disabled_reason: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_key: string;
  type: string;
  payload: string;
  created_at: number;
  state: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: number;
  locked_until: number | null;
  last_status: number | null;
  last_error: string | null;
  completed_at: number | null;
}

/** Where a client said they are, before a visit, and the consent version they agreed to (0011). */
export interface VisitLocationsTable {
  participant_id: string;
  appointment_id: string;
  country: string;
  region: string;
  /** Only here: never in the audit trail, the logs, or any other client's view. */
  emergency_address: string | null;
  consent_version: number | null;
  consented_at: number | null;
  stated_at: number;
}

export interface WebhookCursorsTable {
  name: string;
  position: number;
}

export interface Schema {
  appointments: AppointmentsTable;
  participants: ParticipantsTable;
  links: LinksTable;
  audit: AuditTable;
  service_secrets: ServiceSecretsTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  one_time_tokens: OneTimeTokensTable;
  practice_settings: PracticeSettingsTable;
  sign_in_failures: SignInFailuresTable;
  clients: ClientsTable;
  staff_audit: StaffAuditTable;
  short_links: ShortLinksTable;
  mail_messages: MailMessagesTable;
  mail_calendar: MailCalendarTable;
  api_keys: ApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_cursors: WebhookCursorsTable;
  visit_locations: VisitLocationsTable;
}
