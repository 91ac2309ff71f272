// Schema migrations for both engines, written once with Kysely's schema builder and run by its
// Migrator in name order. Never edit one that has shipped: add the next. Health details have no place
// here: an appointment has a neutral title, participants a display name.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../db.js';
import { initial } from './0001-initial.js';
import { sessionEnd } from './0002-session-end.js';
import { participantOrder } from './0003-participant-order.js';
import { nodeSharedState } from './0004-node-shared-state.js';
import { staff } from './0005-staff.js';
import { clients } from './0006-clients.js';
import { staffAudit } from './0007-staff-audit.js';
import { shortLinks } from './0008-short-links.js';
import { mail } from './0009-mail.js';
import { api } from './0010-api.js';
import { locationConsent } from './0011-location-consent.js';

export function migrationsFor(engine: Engine): Record<string, Migration> {
  return {
    '0001_initial': { up: (db: Kysely<unknown>) => initial(db, engine) },
    '0002_session_end': { up: sessionEnd },
    '0003_participant_order': { up: (db: Kysely<unknown>) => participantOrder(db, engine) },
    '0004_node_shared_state': { up: nodeSharedState },
    '0005_staff': { up: staff },
    '0006_clients': { up: clients },
    '0007_staff_audit': { up: (db: Kysely<unknown>) => staffAudit(db, engine) },
    '0008_short_links': { up: shortLinks },
    '0009_mail': { up: mail },
    '0010_api': { up: api },
    '0011_location_consent': { up: locationConsent },
  };
}

/**
 * Releases before Kysely counted their migrations by number in `schema_migrations`. Those names map
 * to the first migrations here, so an existing data folder is adopted, not migrated twice.
 */
export const LEGACY_VERSIONS: Record<number, string> = { 1: '0001_initial', 2: '0002_session_end' };
