// Secrets that the operator did not supply are generated on first run and kept in the data folder
// (mode 0600), so links stay valid across restarts and `npm run demo` can sign links too.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, ensurePrivateFolder } from './store/db.js';

export interface Secrets {
  /** HMAC key for link tokens (HS256). */
  linkKey: Uint8Array;
  /** Shared secret for TURN REST credentials, unless TURN_SECRET overrides it. */
  turnSecret: string;
}

export function loadOrCreateSecrets(dataDir: string, env: Record<string, string | undefined> = process.env): Secrets {
  ensurePrivateFolder(dataDir);
  const file = join(dataDir, 'secrets.json');
  let stored: { linkKey?: string; turnSecret?: string } = {};
  if (existsSync(file)) {
    // Made 0600 only when created: one copied in by hand, or left by an older release, is tightened.
    chmodSync(file, 0o600);
    stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
  }
  let changed = false;
  if (!stored.linkKey) {
    stored.linkKey = randomBytes(32).toString('base64url');
    changed = true;
  }
  if (!stored.turnSecret) {
    stored.turnSecret = randomBytes(24).toString('base64url');
    changed = true;
  }
  if (changed) writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  return fromStored({ linkKey: stored.linkKey, turnSecret: stored.turnSecret }, env);
}

function fromStored(stored: { linkKey: string; turnSecret: string }, env: Record<string, string | undefined>): Secrets {
  const linkKey = env.LINK_SECRET ? Buffer.from(env.LINK_SECRET, 'utf8') : Buffer.from(stored.linkKey, 'base64url');
  if (linkKey.length < 32) throw new Error('LINK_SECRET must be at least 32 bytes long');
  return { linkKey: new Uint8Array(linkKey), turnSecret: stored.turnSecret };
}

/**
 * With a shared database (DATABASE_URL), the secrets live in it: every node reads the same ones and
 * nobody copies files between machines. The first node to start creates them; the others find them.
 * LINK_SECRET (and TURN_SECRET, in config) still override.
 */
export async function loadOrCreateSharedSecrets(db: Db, env: Record<string, string | undefined> = process.env): Promise<Secrets> {
  const now = Date.now();
  const wanted = { link_key: randomBytes(32).toString('base64url'), turn_secret: randomBytes(24).toString('base64url') };
  await db
    .insertInto('service_secrets')
    .values(Object.entries(wanted).map(([name, value]) => ({ name, value, created_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const rows = await db.selectFrom('service_secrets').select(['name', 'value']).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  return fromStored({ linkKey: stored.link_key!, turnSecret: stored.turn_secret! }, env);
}

/** The secrets for this configuration: the data folder's file, or the shared database's table. */
export async function loadSecrets(config: { dataDir: string; databaseUrl: string | null }, db: Db): Promise<Secrets> {
  return config.databaseUrl ? loadOrCreateSharedSecrets(db) : loadOrCreateSecrets(config.dataDir);
}
