// Transport for the practice dashboard: fetch calls to /api/practice, with the CSRF header on every
// change. Never touches the DOM.

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

export interface Staff {
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'manager' | 'therapist' | 'scheduler';
  teletherapy: boolean;
  totpEnabled: boolean;
  status: string;
}
export interface Participant {
  id: string;
  role: 'provider' | 'client';
  clientId: string | null;
  name: string;
}
export interface Appointment {
  id: string;
  title: string | null;
  startsAt: string;
  endsAt: string;
  therapistId: string;
  video: boolean;
  cancelled: boolean;
  seriesId: string | null;
  participants: Participant[];
}
export interface Client {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string;
  language: 'en' | 'es';
  therapistId: string;
}
export interface Therapist {
  id: string;
  name: string;
  teletherapy: boolean;
}
export interface Session {
  staff: Staff;
  csrfToken: string;
  mustEnrollTotp: boolean;
}

let csrf = 'none';

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
      data.error ?? `The request failed (${res.status}).`,
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
export const invite = (email: string, name: string, role: string, teletherapy: boolean) =>
  call<{ staff: Staff; invitation: { url: string } }>('POST', '/staff/invitations', { email, name, role, teletherapy });
export const createClient = (c: Omit<Client, 'id' | 'therapistId'> & { therapistId?: string }) =>
  call<{ client: Client }>('POST', '/clients', c);
export const searchClients = () => call<{ clients: Client[] }>('POST', '/clients/search', { limit: 200 });
export const appointments = (from: number, to: number) =>
  call<{ appointments: Appointment[] }>('GET', `/appointments?from=${from}&to=${to}`);
export interface BookRequest {
  therapistId?: string;
  clientIds: string[];
  start: string;
  minutes: number;
  video: boolean;
  repeat?: { every: 'weekly' | 'every-other-week'; count: number; timeZone: string };
}
export const book = (b: BookRequest) => call<{ appointments: Appointment[] }>('POST', '/appointments', b);
export const issueLink = (appointmentId: string, participantId: string) =>
  call<{ url: string }>('POST', `/appointments/${appointmentId}/participants/${participantId}/link`);
export const revokeLinks = (appointmentId: string, participantId: string) =>
  call<void>('DELETE', `/appointments/${appointmentId}/participants/${participantId}/links`);
export const totpStart = () => call<{ secret: string; uri: string }>('POST', '/me/totp/start');
export const totpConfirm = (code: string) => call<{ totpEnabled: boolean }>('POST', '/me/totp/confirm', { code });

/** The request helper itself, for screens with their own calls (API keys, webhooks). */
export { call };
