// Transport for the practice dashboard: fetch calls to /api/practice, with the CSRF header on every
// change. Never touches the DOM. The shapes come from shared/practice-types.ts, as the server's do.
import type {
  AppointmentView,
  AuditLineView,
  ClientFields,
  ClientView,
  IssuedLinkView,
  Language,
  ParticipantView,
  PracticeSettings,
  VisitCheckSettings,
  RepeatEvery,
  StaffRole,
  StaffView,
  TherapistView,
} from '../../shared/practice-types.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    /** Seconds from Retry-After, when the server sent it (a lockout). */
    readonly retryAfter: number | undefined,
  ) {
    super(message);
  }
}

export type Staff = StaffView;
export type Participant = ParticipantView;
export type Appointment = AppointmentView;
export type Client = ClientView;
export type Therapist = TherapistView;
export type IssuedLink = IssuedLinkView;
export type { AuditLineView, Language, PracticeSettings, StaffRole, VisitCheckSettings };
export interface Session {
  staff: Staff;
  csrfToken: string;
  mustEnrollTotp: boolean;
}

let csrf = 'none';

/**
 * Words for an answer without our own explanation (a proxy's error page, say): what to do, never the
 * bare status code.
 */
function unexplained(status: number): string {
  return status >= 500
    ? 'Vestibule could not answer just now. Wait a moment, then try again.'
    : 'That did not work. Reload the page, then try again.';
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-vestibule-csrf'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/practice${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('Vestibule could not be reached. Check your connection and try again.', 0, 'network', undefined);
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(
      data.error ?? unexplained(res.status),
      res.status,
      data.code,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return data as T;
}

export async function signIn(email: string, password: string, code?: string): Promise<Session> {
  const s = await call<Session>('POST', '/sign-in', { email, password, ...(code ? { code } : {}) });
  csrf = s.csrfToken;
  return s;
}
export async function session(): Promise<Session> {
  const s = await call<Session>('GET', '/session');
  csrf = s.csrfToken;
  return s;
}
export const signOut = () => call<void>('POST', '/sign-out');
export const signOutEverywhere = () => call<void>('POST', '/sign-out-everywhere');
export const setup = (token: string, name: string, email: string, password: string) =>
  call<{ staffId: string }>('POST', '/setup', { token, name, email, password });
export const acceptInvitation = (token: string, password: string) =>
  call<{ staffId: string; email: string }>('POST', '/invitations/accept', { token, password });
export const resetPassword = (token: string, password: string) =>
  call<{ staffId: string; email: string }>('POST', '/password-reset', { token, password });
export const staffList = () => call<{ staff: Staff[] }>('GET', '/staff');
export const therapists = () => call<{ therapists: Therapist[] }>('GET', '/therapists');
export const setTeletherapy = (id: string, on: boolean) => call<unknown>('PUT', `/staff/${id}/teletherapy`, { on });
export const changeRole = (id: string, role: StaffRole) => call<{ staff: Staff }>('PUT', `/staff/${id}/role`, { role });
export const deactivate = (id: string) => call<{ staff: Staff }>('POST', `/staff/${id}/deactivate`);
export const passwordResetLink = (id: string) => call<{ reset: IssuedLinkView }>('POST', `/staff/${id}/password-reset`);
export const invitationAgain = (id: string) => call<{ invitation: IssuedLinkView }>('POST', `/staff/${id}/invitation`);
export const resetTwoStep = (id: string) => call<{ staff: Staff }>('POST', `/staff/${id}/totp/reset`);
export const settings = () => call<PracticeSettings>('GET', '/settings');
export const saveSettings = (s: PracticeSettings) => call<PracticeSettings>('PUT', '/settings', s);
/** When clients are reminded of a video visit, in minutes before it; [] for none. */
export const reminderMinutes = () => call<{ minutes: number[] }>('GET', '/settings/reminders');
/** Before each video visit: whether clients say where they are, and the consent text they agree to. */
export const visitChecks = () => call<VisitCheckSettings>('GET', '/settings/visit-checks');
export const saveVisitChecks = (c: Omit<VisitCheckSettings, 'consentVersion'>) =>
  call<VisitCheckSettings>('PUT', '/settings/visit-checks', c);
/** Where a therapist is licensed: region codes such as "US-CA". */
export const setLicences = (id: string, regions: string[]) => call<{ staff: Staff }>('PUT', `/staff/${id}/licences`, { regions });
export const saveReminderMinutes = (minutes: number[]) => call<{ minutes: number[] }>('PUT', '/settings/reminders', { minutes });
export interface AuditFilter {
  from?: string;
  to?: string;
  staffId?: string;
  appointmentId?: string;
}
/** The audit query string: only the filters that are set. */
export const auditQuery = (f: AuditFilter, extra: Record<string, string> = {}) =>
  new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), ...extra }).toString();
export const audit = (f: AuditFilter, before?: number) =>
  call<{ entries: AuditLineView[] }>('GET', `/audit?${auditQuery(f, { limit: '50', ...(before ? { before: String(before) } : {}) })}`);
export const invite = (email: string, name: string, role: string, teletherapy: boolean) =>
  call<{ staff: Staff; invitation: { url: string } }>('POST', '/staff/invitations', { email, name, role, teletherapy });
/** A client's fields as a form sends them: a therapist books for themself, so sends no therapistId. */
export type ClientInput = Omit<ClientFields, 'therapistId'> & { therapistId?: string };
export const createClient = (c: ClientInput) => call<{ client: Client }>('POST', '/clients', c);
export const updateClient = (id: string, c: ClientInput) => call<{ client: Client }>('PUT', `/clients/${id}`, c);
export const getClient = (id: string) => call<{ client: Client }>('GET', `/clients/${id}`);
/** Names go in the body, never in a URL (access logs keep URLs). */
export const searchClients = (q: { name?: string; therapistId?: string } = {}) =>
  call<{ clients: Client[] }>('POST', '/clients/search', { limit: 200, ...q });
/** Cancelled appointments too, so a cancellation shows as such instead of vanishing. */
export const appointments = (from: number, to: number, clientId?: string) =>
  call<{ appointments: Appointment[] }>(
    'GET',
    `/appointments?${new URLSearchParams({ from: String(from), to: String(to), includeCancelled: 'true', ...(clientId ? { clientId } : {}) })}`,
  );
export const reschedule = (id: string, start: string, minutes: number) =>
  call<{ appointment: Appointment }>('PUT', `/appointments/${id}/time`, { start, minutes });
export const cancelAppointment = (id: string) => call<{ appointment: Appointment }>('POST', `/appointments/${id}/cancel`);
export const setVideo = (id: string, on: boolean) => call<{ appointment: Appointment }>('PUT', `/appointments/${id}/video`, { on });
export interface BookRequest {
  therapistId?: string;
  clientIds: string[];
  start: string;
  minutes: number;
  video: boolean;
  repeat?: { every: RepeatEvery; count: number; timeZone: string };
}
export const book = (b: BookRequest) => call<{ appointments: Appointment[] }>('POST', '/appointments', b);
export const issueLink = (appointmentId: string, participantId: string) =>
  call<{ url: string; longUrl: string }>('POST', `/appointments/${appointmentId}/participants/${participantId}/link`);
/** "Send the link again": emailed, or (no address, or no mail set up) a fresh link to hand over. */
export type ResendOutcome = { via: 'email' } | { via: 'link'; reason: 'no_email' | 'mail_off'; url: string; longUrl: string };
export const resendLink = (appointmentId: string, participantId: string) =>
  call<ResendOutcome>('POST', `/appointments/${appointmentId}/participants/${participantId}/resend`);
export const revokeLinks = (appointmentId: string, participantId: string) =>
  call<void>('DELETE', `/appointments/${appointmentId}/participants/${participantId}/links`);
export const totpStart = () => call<{ secret: string; uri: string }>('POST', '/me/totp/start');
export const totpConfirm = (code: string) => call<{ totpEnabled: boolean }>('POST', '/me/totp/confirm', { code });
export interface OutboxMessage {
  id: string;
  kind: 'invitation' | 'update' | 'cancellation' | 'in-person' | 'reminder' | 'staff-invitation' | 'password-reset' | 'waiting-alert';
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'sent-by-hand';
  recipient: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
export const outbox = (status?: string) =>
  call<{ mode: 'smtp' | 'outbox'; counts: Record<string, number>; messages: OutboxMessage[] }>(
    'GET',
    `/outbox${status ? `?status=${status}` : ''}`,
  );
export const outboxMessage = (id: string) => call<{ message: OutboxMessage & { text: string } }>('GET', `/outbox/${id}`);
export const markSentByHand = (id: string) => call<{ message: OutboxMessage }>('POST', `/outbox/${id}/sent-by-hand`);

/** The request helper itself, for screens with their own calls (API keys, webhooks). */
export { call };
