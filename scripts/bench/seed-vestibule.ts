// Seeding for `npm run bench:signaling`: N appointments, each with a provider and a client link, in a
// Vestibule data folder, before the server starts. The only benchmark file that knows the store API:
// when the store changes, this is the file to adapt. Every store call is awaited (the store is about
// to become async); the whole seed is one transaction and tokens are signed in parallel, so 5,000
// visits take seconds, not minutes.
//
// Runs in its own process (bundled to dist/bench/seed-vestibule.mjs by scripts/bench-signaling.mjs):
//   node dist/bench/seed-vestibule.mjs <dataDir> <visits> <out.json>
// and writes the SeededVisit[] as JSON to out.json. PUBLIC_URL only shapes the (unused) link URLs.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createAppointment } from '../../server/admin/appointments-admin.js';
import { LinkTokens } from '../../server/links/link-tokens.js';
import { loadSecrets } from '../../server/secrets.js';
import { AppointmentStore } from '../../server/store/appointments.js';
import { sql } from 'kysely';
import { type Db, openDatabase } from '../../server/store/db.js';
import type { SeededVisit } from './signaling/servers.js';

/** How many appointments are created concurrently (each signs its two tokens while the others insert). */
const CONCURRENCY = 500;

/** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
async function inTransaction<T>(db: Db, work: () => Promise<T>): Promise<T> {
  // SQLite through Kysely is one connection: a plain BEGIN holds every query that follows in it.
  await sql`BEGIN`.execute(db);
  try {
    const result = await work();
    await sql`COMMIT`.execute(db);
    return result;
  } catch (e) {
    await sql`ROLLBACK`.execute(db);
    throw e;
  }
}

/**
 * Creates `visits` appointments (one provider, one client, open from a minute ago for four hours) in
 * the data folder `dataDir`, the way `npm run appointments -- create` does, and returns each one's id
 * and the two link tokens. Uses the folder's secrets (created if missing), so the server started on
 * that folder afterwards accepts the tokens.
 */
export async function seedVestibule(dataDir: string, visits: number, publicUrl = 'http://127.0.0.1'): Promise<SeededVisit[]> {
  // DATABASE_URL set: seed the PostgreSQL database several nodes share (and its shared secrets).
  const databaseUrl = process.env.DATABASE_URL?.trim() || null;
  const database = await openDatabase({ dataDir, databaseUrl });
  const db = database.db;
  const secrets = await loadSecrets({ dataDir, databaseUrl }, db);
  const store = new AppointmentStore(db);
  const deps = { store, links: new LinkTokens(secrets.linkKey, db), publicUrl };
  const startsAt = new Date(Date.now() - 60_000);
  const tokenOf = (url: string) => new URL(url).hash.replace(/^#t=/, '');
  try {
    // One transaction only on SQLite: Kysely's PostgreSQL pool would spread a raw BEGIN's queries over connections.
    const run = databaseUrl
      ? (work: () => Promise<SeededVisit[]>) => work()
      : (work: () => Promise<SeededVisit[]>) => inTransaction(db, work);
    return await run(async () => {
      const seeded: SeededVisit[] = [];
      for (let first = 0; first < visits; first += CONCURRENCY) {
        const batch = Array.from({ length: Math.min(CONCURRENCY, visits - first) }, (_, i) =>
          createAppointment(deps, {
            title: `Bench visit ${first + i}`,
            startsAt,
            minutes: 240,
            provider: 'Bench Provider',
            clients: ['Bench Client'],
          }),
        );
        for (const appt of await Promise.all(batch)) {
          const provider = appt.links.find((l) => l.role === 'provider')!;
          const client = appt.links.find((l) => l.role === 'client')!;
          seeded.push({ appointmentId: appt.appointmentId, providerToken: tokenOf(provider.url), clientToken: tokenOf(client.url) });
        }
      }
      return seeded;
    });
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dataDir, visits, outFile] = process.argv.slice(2);
  const n = Number(visits);
  if (!dataDir || !outFile || !Number.isInteger(n) || n < 1) {
    console.error('usage: node dist/bench/seed-vestibule.mjs <dataDir> <visits> <out.json>');
    process.exit(2);
  }
  const started = performance.now();
  const seeded = await seedVestibule(dataDir, n, process.env.PUBLIC_URL);
  writeFileSync(outFile, JSON.stringify(seeded));
  console.log(`  seeded ${n} visits in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
