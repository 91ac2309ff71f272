// A consistent copy of the SQLite database while the service runs, through SQLite's online backup
// (pages are copied in steps; writers are not blocked, and the copy is of one moment).
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE } from './db.js';

export class BackupError extends Error {}

/** Copies DATA_DIR's database to `target` (a new file, readable by this user only). Returns its size in pages. */
export async function backupSqlite(dataDir: string, target: string): Promise<number> {
  const source = join(dataDir, SQLITE_FILE);
  if (!existsSync(source)) throw new BackupError(`No database at ${source}: is DATA_DIR right?`);
  if (existsSync(target)) throw new BackupError(`${target} already exists; choose a new file name`);
  // Created private before SQLite writes a byte into it.
  closeSync(openSync(target, 'wx', 0o600));
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(target);
    chmodSync(target, 0o600);
    return totalPages;
  } finally {
    db.close();
  }
}
