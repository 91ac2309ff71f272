// Starts Vestibule: validate config, open the data folder, build the app, listen.
import pino from 'pino';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDemoAppointment } from './demo.js';
import { LinkTokens } from './links/link-tokens.js';
import { loadOrCreateSecrets } from './secrets.js';
import { AppointmentStore } from './store/appointments.js';
import { openDb } from './store/db.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const logger = pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'token', '*.token'], censor: '[redacted]' },
  });
  const secrets = loadOrCreateSecrets(config.dataDir);
  const db = openDb(config.dataDir);
  const firstRun = (db.prepare('SELECT COUNT(*) AS n FROM appointments').get() as { n: number }).n === 0;
  const app = await buildApp({ config, secrets, db, logger });
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    {
      publicUrl: config.publicUrl,
      dataDir: config.dataDir,
      turnUrls: config.turn?.urls.length ?? 0,
      turnTtlSeconds: config.turn?.maxTtlSeconds,
    },
    'Vestibule is listening',
  );
  if (firstRun && process.env.DEMO !== 'off') {
    const demo = await createDemoAppointment(new AppointmentStore(db), new LinkTokens(secrets.linkKey, db), config.publicUrl);
    // Printed for the person starting the service, not logged: the links carry tokens.
    process.stdout.write(
      `\nA demo appointment starts now. Open each link in its own browser window:\n` +
        `  Provider: ${demo.providerUrl}\n  Client:   ${demo.clientUrl}\n` +
        `More demo appointments: npm run demo\n\n`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      void app.close().then(() => process.exit(0));
    });
  }
}

void main();
