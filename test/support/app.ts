// A fresh Vestibule app per test: in-memory SQLite, generated secrets, logs captured in memory so a
// test can prove what never reaches them.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Writable } from 'node:stream';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { visitUrl } from '../../server/links/link-tokens.js';
import { loadOrCreateSecrets, loadOrCreateSharedSecrets } from '../../server/secrets.js';
import { type Database, type Engine, openDatabase } from '../../server/store/db.js';
import { freshPgDatabase } from './pg.js';

export interface TestApp {
  app: FastifyInstance;
  logs: () => string;
  database: Database;
}

export interface TestAppOptions {
  /** 'sqlite' (in memory, the default) or 'postgres' (a fresh database on the run's throwaway cluster). */
  engine?: Engine;
  /** Called with every query the store runs. */
  onQuery?: (sqlText: string) => void;
  /** Use this database URL instead of a fresh one (e.g. to share one database between two apps). */
  databaseUrl?: string;
  /** The service's clock: the practice API's (sessions, sign-in lockouts) and the signaling limits' minute windows. */
  now?: () => number;
}

/** The engines the store and signaling suites run on: `describe.each(ENGINES)`. */
export const ENGINES: Engine[] = ['sqlite', 'postgres'];

/** An open store on the given engine: in-memory SQLite, or a fresh PostgreSQL database. */
export async function testDatabase(engine: Engine = 'sqlite', onQuery?: (sqlText: string) => void): Promise<Database> {
  const databaseUrl = engine === 'postgres' ? await freshPgDatabase() : null;
  return openDatabase({ dataDir: ':memory:', databaseUrl, ...(onQuery ? { onQuery } : {}) });
}

export async function testApp(env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'vestibule-test-'));
  const config = loadConfig({ DATA_DIR: dir, HEARTBEAT_MS: '60000', ...env });
  let captured = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      captured += String(chunk);
      cb();
    },
  });
  const sharedUrl = opts.databaseUrl ?? config.databaseUrl;
  const database = sharedUrl
    ? await openDatabase({ dataDir: ':memory:', databaseUrl: sharedUrl, ...(opts.onQuery ? { onQuery: opts.onQuery } : {}) })
    : await testDatabase(opts.engine, opts.onQuery);
  const app = await buildApp({
    config,
    // Nodes sharing a database share its secrets, as in production.
    secrets: sharedUrl ? await loadOrCreateSharedSecrets(database.db, {}) : loadOrCreateSecrets(dir, {}),
    database,
    logger: pino({ level: 'debug' }, sink),
    ...(opts.now ? { now: opts.now } : {}),
  });
  // The data folder made here goes with the app (a run of the suite made thousands of them).
  app.addHook('onClose', async () => rmSync(dir, { recursive: true, force: true }));
  await app.ready();
  return { app, logs: () => captured, database };
}

export interface Visit {
  appointmentId: string;
  providerId: string;
  clientId: string;
  providerToken: string;
  clientToken: string;
}

/** An appointment with one provider and one client, starting `startsInMin` from now. */
export async function createVisit(
  app: FastifyInstance,
  opts: { startsInMin?: number; minutes?: number; clientName?: string } = {},
): Promise<Visit> {
  const { store, links } = app.vestibule;
  const startsAt = Date.now() + (opts.startsInMin ?? 0) * 60_000;
  const appt = await store.createAppointment({ title: 'Visit', startsAt, endsAt: startsAt + (opts.minutes ?? 50) * 60_000 });
  const provider = await store.addParticipant(appt.id, 'provider', 'Dr. Okafor');
  const client = await store.addParticipant(appt.id, 'client', opts.clientName ?? 'Sam Patient');
  return {
    appointmentId: appt.id,
    providerId: provider.id,
    clientId: client.id,
    providerToken: await links.issue(appt, provider),
    clientToken: await links.issue(appt, client),
  };
}

export { visitUrl };
