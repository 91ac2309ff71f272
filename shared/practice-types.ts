// The shapes the practice API sends and takes, shared by the server (store, views) and the dashboard
// client, so the two cannot drift apart. Types only: nothing here reaches the browser bundle at run time.
import type { Language } from './i18n/translate.js';

export type StaffRole = 'owner' | 'manager' | 'therapist' | 'scheduler';
export type StaffStatus = 'active' | 'invited' | 'deactivated';
/** The languages a client's visit page and messages come in (the message catalogues' own list). */
export type { Language };
export type RepeatEvery = 'weekly' | 'every-other-week';

/** A staff member as the API shows them (never a password hash or an authenticator secret). */
export interface StaffView {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  teletherapy: boolean;
  totpEnabled: boolean;
  /** Where they are licensed to treat clients: region codes such as "US-CA" or "CA-ON". */
  licensedRegions: string[];
  status: StaffStatus;
}

/** Who can be an appointment's therapist, as GET /therapists lists them. */
export interface TherapistView {
  id: string;
  name: string;
  teletherapy: boolean;
}

/** What a client is: the fields a booking or an edit sets. */
export interface ClientFields {
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string;
  language: Language;
  therapistId: string;
}

export interface ClientView extends ClientFields {
  id: string;
  createdAt: number;
}

export interface ParticipantView {
  id: string;
  role: 'provider' | 'client';
  clientId: string | null;
  name: string;
}

/** An appointment in an answer: times are ISO 8601 in UTC. */
export interface AppointmentView {
  id: string;
  title: string | null;
  startsAt: string;
  endsAt: string;
  /** Null for appointments made before the practice had staff (from the command line, the demo). */
  therapistId: string | null;
  video: boolean;
  cancelled: boolean;
  seriesId: string | null;
  participants: ParticipantView[];
}

export interface PracticeSettings {
  /** A session unused this long ends. */
  idleTimeoutMinutes: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteLifetimeHours: number;
  /** Every staff member must use a second step (an authenticator app's code) to sign in. */
  requireTotp: boolean;
}

/** Before each video visit: whether clients say where they are, and the telehealth consent they agree to. */
export interface VisitCheckSettings {
  askLocation: boolean;
  /** '' for none. */
  consentText: string;
  /** Goes up each time the text changes; 0 while there has been none. */
  consentVersion: number;
  /** Consent asked at every visit, or once per client (and again when the text changes). */
  consentEveryVisit: boolean;
}

/** One line of the audit log: an event, a time and ids only. */
export interface AuditLineView {
  id: number;
  at: string;
  event: string;
  staffId: string | null;
  subjectStaffId: string | null;
  appointmentId: string | null;
  participantId: string | null;
  clientId: string | null;
}

/** A one-time link to hand over (an invitation or a password reset). */
export interface IssuedLinkView {
  url: string;
  expiresAt: string;
}
