// Placeholder until the harness lands: a fresh database on the run's PostgreSQL cluster.
import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export async function freshPgDatabase(): Promise<string> {
  const admin = inject('pgAdminUrl' as never) as string;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}
