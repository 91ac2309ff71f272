// A SQLite data folder's log is copied back into the database file by a worker thread, not by the
// commits on the event loop (server/store/sqlite-checkpointer.ts).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { AppointmentStore } from '../../server/store/appointments.js';
import { SqliteCheckpointer } from '../../server/store/sqlite-checkpointer.js';
import { type Database, openDatabase, SQLITE_FILE } from '../../server/store/db.js';
import { withTimeout } from '../support/processes.js';
import { eventually } from '../support/webhook-receiver.js';

let database: Database | undefined;
let dir: string | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite checkpoints', () => {
  it('leave the event loop: committed pages reach the database file below the point where a commit would copy them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vestibule-checkpoint-'));
    database = await openDatabase({ dataDir: dir });
    const sqlite = database.sqlite!;
    // A commit on the event loop checkpoints only past this many pages of log: far beyond this test's.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const file = join(dir, SQLITE_FILE);
    const store = new AppointmentStore(database.db, 'sqlite');
    const appt = await store.createAppointment({ title: 'Visit', startsAt: 1_700_000_000_000, endsAt: 1_700_003_000_000 });
    const sizeBefore = statSync(file).size;
    // About 300 pages of audit lines: under SQLite's own threshold of 1,000, so without the worker
    // they would stay in the log.
    await Promise.all(Array.from({ length: 6000 }, (_, i) => store.audit(appt.id, `event ${i} ${'x'.repeat(120)}`, null)));
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(300 * 4096);
    await eventually('the database file to receive the log pages', async () => statSync(file).size > sizeBefore + 250 * 4096);
    expect(await store.auditTrail(appt.id)).toHaveLength(6000);
  });

  it('a worker that fails is reported, and the service checkpoints in its own commits again', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    let failed!: (err: Error) => void;
    const failure = new Promise<Error>((resolve) => {
      failed = resolve;
    });
    // A database file that is not there: the worker cannot open it and ends.
    const checkpointer = new SqliteCheckpointer(sqlite, join(tmpdir(), 'vestibule-no-such-folder', SQLITE_FILE), failed);
    expect(String(await withTimeout(failure, 10_000, 'the worker to report its failure'))).toMatch(
      /directory does not exist|unable to open/i,
    );
    await withTimeout(checkpointer.stop(), 10_000, 'the failed worker to be gone');
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    sqlite.close();
  });

  it('runs below the service priority, so on one core it takes only the time the event loop leaves', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vestibule-checkpoint-'));
    database = await openDatabase({ dataDir: dir });
    const failures: Error[] = [];
    const checkpointer = new SqliteCheckpointer(database.sqlite!, join(dir, SQLITE_FILE), (err) => failures.push(err));
    const tid = await eventually('the worker to lower its priority', async () => checkpointer.threadId);
    expect(getPriority(tid)).toBe(10);
    expect(failures).toEqual([]);
    await withTimeout(checkpointer.stop(), 10_000, 'the worker to stop');
  });
});
