// What every command-line tool needs: the validated config and the open store with its link signer.
// The tools run beside a live server (SQLite WAL, or the shared PostgreSQL).
import { type Config, ConfigError, loadConfig } from './config.js';
import { LinkTokens } from './links/link-tokens.js';
import { loadSecrets } from './secrets.js';
import { AppointmentStore } from './store/appointments.js';
import { type Database, DatabaseUnavailable, openDatabase } from './store/db.js';

export interface CliContext {
  config: Config;
  database: Database;
  store: AppointmentStore;
  links: LinkTokens;
  close(): Promise<void>;
}

export async function openCliContext(): Promise<CliContext> {
  try {
    const config = loadConfig();
    const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    const secrets = await loadSecrets(config, database.db);
    return {
      config,
      database,
      store: new AppointmentStore(database.db, database.engine),
      links: new LinkTokens(secrets.linkKey, database.db),
      close: () => database.close(),
    };
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DatabaseUnavailable) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}
