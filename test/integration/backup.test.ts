// `npm run backup`: a consistent, private copy of the SQLite database taken while the service writes.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';
import { AppointmentStore } from '../../server/store/appointments.js';
import { backupSqlite } from '../../server/store/backup.js';
import { type Database, openDatabase } from '../../server/store/db.js';
import { tempDir } from '../support/temp-dir.js';

let database: Database | undefined;
afterEach(async () => database?.close());

async function liveStore() {
  const dataDir = join(tempDir('vestibule-backup-'), 'data');
  database = await openDatabase({ dataDir });
  return { dataDir, store: new AppointmentStore(database.db) };
}

describe('backup', () => {
  it('copies every committed row while another connection keeps writing, into a file only the service can read', async () => {
    const { dataDir, store } = await liveStore();
    for (let i = 0; i < 50; i++) await store.createAppointment({ title: `Visit ${i}`, startsAt: i * 1000 + 1, endsAt: i * 1000 + 2 });
    // Writes keep coming while the backup runs.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await store.createAppointment({ title: `During ${i}`, startsAt: 1, endsAt: 2 });
        // As a server's writes do, each comes from its own event, leaving the backup's steps room to run.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const target = join(tempDir('vestibule-backup-out-'), 'copy.sqlite');
    await backupSqlite(dataDir, target);
    writing = false;
    await writer;
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const copy = new BetterSqlite3(target, { readonly: true });
    const titles = copy.prepare('SELECT title FROM appointments').all() as { title: string }[];
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    for (let i = 0; i < 50; i++) expect(titles.map((r) => r.title)).toContain(`Visit ${i}`);
  });

  describe('npm run backup (the CLI)', () => {
    beforeAll(async () => buildAll({ quiet: true }), 60_000);

    it('writes the copy, refuses to overwrite, and points PostgreSQL users to pg_dump', async () => {
      const { dataDir, store } = await liveStore();
      await store.createAppointment({ title: 'Kept', startsAt: 1, endsAt: 2 });
      const target = join(tempDir('vestibule-backup-cli-'), 'copy.sqlite');
      const env = { ...process.env, DATA_DIR: dataDir };
      const ok = spawnSync(process.execPath, ['dist/server/backup-cli.js', target], { env, encoding: 'utf8' });
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      const copy = new BetterSqlite3(target, { readonly: true });
      expect(copy.prepare('SELECT title FROM appointments').all()).toEqual([{ title: 'Kept' }]);
      copy.close();
      const again = spawnSync(process.execPath, ['dist/server/backup-cli.js', target], { env, encoding: 'utf8' });
      expect([again.status, again.stderr.trim()]).toEqual([2, `${target} already exists; choose a new file name`]);
      const pg = spawnSync(process.execPath, ['dist/server/backup-cli.js', target], {
        env: { ...env, DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/x' },
        encoding: 'utf8',
      });
      expect(pg.status).toBe(2);
      expect(pg.stderr).toMatch(/pg_dump/);
      expect(pg.stderr).not.toContain('secret');
    });
  });
});
