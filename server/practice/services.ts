// Everything the practice routes share, built once per app: the stores over the app's database,
// the sign-in service, one-time links, and the clock (tests pass their own).
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { LinkTokens } from '../links/link-tokens.js';
import type { AppointmentStore } from '../store/appointments.js';
import type { Db } from '../store/db.js';
import { ClientStore } from '../store/clients.js';
import { OneTimeTokenStore } from '../store/one-time-tokens.js';
import { PracticeSettingsStore } from '../store/practice-settings.js';
import { ScheduleStore } from '../store/schedule.js';
import { SignInFailureStore } from '../store/sign-in-failures.js';
import { StaffStore } from '../store/staff.js';
import { StaffAuditStore } from '../store/staff-audit.js';
import { StaffSessionStore } from '../store/staff-sessions.js';
import { AppointmentEvents } from './appointment-events.js';
import { StaffAuth } from './auth-service.js';
import { OneTimeLinks } from './one-time-links.js';
import { StaffLinkEvents } from './staff-link-events.js';

export interface PracticeServices {
  db: Db;
  config: Config;
  now: () => number;
  /** Whether cookies are Secure (PUBLIC_URL is https). */
  secure: boolean;
  staff: StaffStore;
  sessions: StaffSessionStore;
  settings: PracticeSettingsStore;
  clients: ClientStore;
  schedule: ScheduleStore;
  audit: StaffAuditStore;
  auth: StaffAuth;
  oneTimeLinks: OneTimeLinks;
  /** The visit side: participants and their links. */
  appointments: AppointmentStore;
  links: LinkTokens;
  /** Told of every appointment change after it is saved (mail, webhooks). */
  events: AppointmentEvents;
  /** Told of every staff invitation or password-reset link made (mail). */
  staffLinks: StaffLinkEvents;
}

export function practiceServices(deps: {
  db: Db;
  config: Config;
  appointments: AppointmentStore;
  links: LinkTokens;
  log: FastifyBaseLogger;
  now?: () => number;
}): PracticeServices {
  const { db, config } = deps;
  const now = deps.now ?? Date.now;
  const staff = new StaffStore(db);
  const sessions = new StaffSessionStore(db);
  const settings = new PracticeSettingsStore(db);
  const audit = new StaffAuditStore(db);
  const auth = new StaffAuth({ staff, sessions, settings, audit, failures: new SignInFailureStore(db), limits: config.practice, now });
  return {
    db,
    config,
    now,
    secure: new URL(config.publicUrl).protocol === 'https:',
    staff,
    sessions,
    settings,
    clients: new ClientStore(db),
    schedule: new ScheduleStore(db),
    audit,
    auth,
    oneTimeLinks: new OneTimeLinks(new OneTimeTokenStore(db), config.publicUrl, now),
    appointments: deps.appointments,
    links: deps.links,
    events: new AppointmentEvents(deps.log),
    staffLinks: new StaffLinkEvents(deps.log),
  };
}
