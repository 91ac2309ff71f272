// `npm run backup -- <file>`: a consistent copy of the SQLite database, safe while the service runs.
// With DATABASE_URL (PostgreSQL), use PostgreSQL's own pg_dump instead.
import { ConfigError, loadConfig } from './config.js';
import { BackupError, backupSqlite } from './store/backup.js';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target)
    throw new BackupError('usage: npm run backup -- <file>   (for example: npm run backup -- /backups/vestibule-2026-11-29.sqlite)');
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new BackupError(
      'DATABASE_URL is set: the store is PostgreSQL. Back it up with pg_dump, e.g. pg_dump --format=custom "$DATABASE_URL" > vestibule.dump',
    );
  }
  const pages = await backupSqlite(config.dataDir, target);
  process.stdout.write(`Backed up ${pages} pages to ${target}\n`);
}

main().catch((e: unknown) => {
  if (e instanceof BackupError || e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(`Backup failed: ${(e as Error).message}`);
  process.exit(1);
});
