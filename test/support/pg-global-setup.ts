// vitest globalSetup: one PostgreSQL cluster for the whole run (initdb once, ~1-2 s), stopped at
// teardown. Test files get their own empty database from it with freshPgDatabase() (./pg.ts).
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL cluster (its `postgres` database). */
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('pgAdminUrl', postgres.url);
  return () => postgres.stop();
}
