// A fresh, empty PostgreSQL database for a test, in the cluster pg-global-setup.ts started for
// this vitest run. Databases are not dropped: the whole cluster is thrown away at the end.
import { inject } from 'vitest';
import { createPgDatabase } from './postgres.js';

/** Creates an empty database with a random name and returns its URL (postgres://postgres@127.0.0.1:PORT/NAME). */
export function freshPgDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('no PostgreSQL for this run: test/support/pg-global-setup.ts must be a globalSetup in the vitest config');
  return createPgDatabase(adminUrl);
}
