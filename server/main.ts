// Starts Vestibule: validate config, open the store, build the app, listen.
import pino from 'pino';
import { buildApp } from './app.js';
import { errorSerializer } from './log-errors.js';
import { startMetricsListener } from './metrics.js';
import { firstStartNotice } from './practice/setup-link.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDemoAppointment, shortDemoLinks } from './demo.js';
import { ShortLinks } from './links/short-links.js';
import { LinkTokens } from './links/link-tokens.js';
import { loadSecrets } from './secrets.js';
import { AppointmentStore } from './store/appointments.js';
import { type Database, DatabaseUnavailable, openDatabase } from './store/db.js';

/** Longest a drain may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 5000;

/** Stops start-up with one line saying why: no stack trace for a problem the operator must fix. */
function fail(message: string, status: number): never {
  console.error(message);
  process.exit(status);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(`Configuration error: ${e.message}`, 2);
    throw e;
  }
  const logger = pino({
    level: config.logLevel,
    base: { pid: process.pid, node: config.nodeId },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'token', '*.token'], censor: '[redacted]' },
    serializers: { err: errorSerializer },
  });
  let database: Database;
  try {
    database = await openDatabase({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      onProblem: (message, err) => logger.warn({ err }, message),
    });
  } catch (e) {
    if (e instanceof DatabaseUnavailable) fail(`Database error: ${e.message}`, 1);
    throw e;
  }
  const secrets = await loadSecrets(config, database.db);
  const firstRun = (await database.db.selectFrom('appointments').select('id').limit(1).execute()).length === 0;
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({ config, secrets, database, logger });
  } catch (e) {
    // e.g. REDIS_URL set but Redis not answering: one line, as for the database.
    fail(`Start-up error: ${(e as Error).message}`, 1);
  }
  await app.listen({ port: config.port, host: config.host });
  const metricsListener = await startMetricsListener(config, app.vestibule.metrics, logger);
  logger.info(
    {
      publicUrl: config.publicUrl,
      store: database.engine,
      turnUrls: config.turn?.urls.length ?? 0,
      turnTtlSeconds: config.turn?.maxTtlSeconds,
    },
    'Vestibule is listening',
  );
  // Whoever opens the set-up link becomes the owner: it is printed at a terminal only, never logged.
  const setup = await firstStartNotice(database.db, config.publicUrl, process.stdout.isTTY === true);
  if (setup) process.stdout.write(`\n${setup}\n`);
  if (firstRun && process.env.DEMO !== 'off') {
    const store = new AppointmentStore(database.db, database.engine);
    const shortLinks = new ShortLinks(database.db, new LinkTokens(secrets.linkKey, database.db));
    const demo = await createDemoAppointment(store, shortDemoLinks(shortLinks, config.publicUrl));
    // Printed for the person starting the service, not logged: the links carry tokens.
    process.stdout.write(
      `\nA demo appointment starts now. Open each link in its own browser window:\n` +
        `  Provider: ${demo.providerUrl}\n  Client:   ${demo.clientUrl}\n` +
        `More demo appointments: npm run demo\n\n`,
    );
  }
  // Drain: stop taking connections, tell every page to reconnect elsewhere (1001), then exit. A
  // close that hangs (a stuck client) does not keep the process from going.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'draining and shutting down');
      // The load balancer's health check (/readyz) fails at once, so no new page is sent here.
      app.vestibule.lifecycle.draining = true;
      void metricsListener.close();
      setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
      void app.close().then(() => process.exit(0));
    });
  }
}

void main();
