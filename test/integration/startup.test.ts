// Start-up with a database that cannot be used: one line naming the problem, no stack trace, no
// password, a non-zero status.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';
import { freshPgDatabase } from '../support/pg.js';
import { tempDir } from '../support/temp-dir.js';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function start(databaseUrl: string) {
  const r = spawnSync(process.execPath, ['dist/server/main.js'], {
    env: { ...process.env, DATA_DIR: tempDir('vestibule-start-'), PORT: '0', DATABASE_URL: databaseUrl, DEMO: 'off' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stderr: r.stderr.trim(), stdout: r.stdout.trim() };
}

describe('start-up with DATABASE_URL', () => {
  beforeAll(async () => buildAll({ quiet: true }), 60_000);

  it('an unreachable database: exits 1 with one line naming host and port, never the password', async () => {
    const port = await closedPort();
    const r = start(`postgres://vestibule:hunter2secret@127.0.0.1:${port}/vestibule`);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `Database error: cannot reach PostgreSQL at 127.0.0.1:${port}: connection refused (is it running, and on that port?)`,
    );
    expect(r.stdout + r.stderr).not.toContain('hunter2secret');
  });

  it('a database that does not exist on a running server: exits 1 naming it', async () => {
    const url = new URL(await freshPgDatabase());
    url.pathname = '/no_such_database';
    url.password = 'hunter2secret';
    const r = start(url.toString());
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`Database error: PostgreSQL at ${url.hostname}:${url.port} has no database "no_such_database" (create it first)`);
    expect(r.stderr).not.toContain('hunter2secret');
  });

  it.each([
    ['mysql://u:hunter2secret@db/x', 'DATABASE_URL must be a postgres:// or postgresql:// URL (got the scheme "mysql:")'],
    ['not a url hunter2secret', 'DATABASE_URL is not a valid URL'],
  ])('a malformed DATABASE_URL (%s): a configuration error, status 2', (url, message) => {
    const r = start(url);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('hunter2secret');
  });
});
