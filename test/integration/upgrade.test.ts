// Upgrading from the release before the two-engine store: a data folder in that release's schema,
// with rows written the way it wrote them, opens with every row intact; a link issued before the
// upgrade still opens the visit; and the folder and files become readable by the service alone.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { previousReleaseToken } from '../support/previous-release-token.js';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { loadOrCreateSecrets } from '../../server/secrets.js';
import { type Database, openDatabase, SQLITE_FILE } from '../../server/store/db.js';
import { WsClient } from '../support/ws-client.js';
import { tempDir } from '../support/temp-dir.js';

// The two migrations the previous release shipped, verbatim, and its bookkeeping table.
const PREVIOUS_RELEASE_MIGRATIONS = [
  `CREATE TABLE appointments (id TEXT PRIMARY KEY, title TEXT NOT NULL, starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE participants (
     id TEXT PRIMARY KEY,
     appointment_id TEXT NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
     role TEXT NOT NULL CHECK (role IN ('provider', 'client')),
     display_name TEXT NOT NULL,
     admission TEXT NOT NULL DEFAULT 'invited' CHECK (admission IN ('invited', 'waiting', 'admitted', 'removed')),
     waiting_since INTEGER,
     ready INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX participants_by_appointment ON participants(appointment_id);
   CREATE TABLE links (jti TEXT PRIMARY KEY, participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE, issued_at INTEGER NOT NULL, revoked_at INTEGER);
   CREATE INDEX links_by_participant ON links(participant_id);
   CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, appointment_id TEXT NOT NULL, participant_id TEXT, actor_id TEXT, event TEXT NOT NULL);
   CREATE INDEX audit_by_appointment ON audit(appointment_id, at);`,
  'ALTER TABLE appointments ADD COLUMN ended_at INTEGER;',
];

/** A data folder as the previous release left it: 0755 folder, 0644 database, an appointment happening now. */
function previousReleaseDataFolder(now: number) {
  const dir = join(tempDir('vestibule-upgrade-'), 'data');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const secrets = loadOrCreateSecrets(dir, {});
  const file = join(dir, SQLITE_FILE);
  const old = new BetterSqlite3(file);
  old.pragma('journal_mode = WAL');
  old.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  PREVIOUS_RELEASE_MIGRATIONS.forEach((sql, i) => {
    old.exec(sql);
    old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(i + 1, now - 86_400_000);
  });
  const appt = { id: 'appt-now', startsAt: now - 5 * 60_000, endsAt: now + 45 * 60_000 };
  old
    .prepare('INSERT INTO appointments (id, title, starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(appt.id, 'Weekly session', appt.startsAt, appt.endsAt, now - 3_600_000);
  const ins = old.prepare('INSERT INTO participants (id, appointment_id, role, display_name) VALUES (?, ?, ?, ?)');
  ins.run('prov-1', appt.id, 'provider', 'Dr. Rivera');
  ins.run('client-1', appt.id, 'client', 'Jordan');
  ins.run('client-2', appt.id, 'client', 'Alex');
  old.prepare("UPDATE participants SET admission = 'waiting', waiting_since = ?, ready = 1 WHERE id = 'client-2'").run(now - 60_000);
  old.prepare('INSERT INTO links (jti, participant_id, issued_at) VALUES (?, ?, ?)').run('jti-client-1', 'client-1', now - 3_600_000);
  old
    .prepare('INSERT INTO links (jti, participant_id, issued_at, revoked_at) VALUES (?, ?, ?, ?)')
    .run('jti-old', 'client-2', now - 7_200_000, now - 3_600_000);
  old
    .prepare('INSERT INTO audit (at, appointment_id, participant_id, actor_id, event) VALUES (?, ?, ?, ?, ?)')
    .run(now - 60_000, appt.id, 'client-2', 'client-2', 'joined');
  old.close();
  chmodSync(file, 0o644);
  return { dir, file, secrets, appt };
}

let database: Database | undefined;
afterEach(async () => database?.close());

describe('upgrading a data folder from the previous release', () => {
  it('keeps every row, orders participants as before, and a link issued before still opens the visit', async () => {
    const now = Date.now();
    const before = previousReleaseDataFolder(now);
    const raw = new BetterSqlite3(before.file, { readonly: true });
    const dump = (t: string) => raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
    const rowsBefore = Object.fromEntries(['appointments', 'participants', 'links', 'audit'].map((t) => [t, dump(t)]));
    raw.close();

    database = await openDatabase({ dataDir: before.dir });
    const db = database.db;
    // Columns added since (the practice's therapist, video, cancellation, series, client) start empty.
    const appointments = await db.selectFrom('appointments').selectAll().execute();
    expect(appointments.map(({ therapist_id, video, cancelled_at, series_id, ...rest }) => rest)).toEqual(rowsBefore.appointments);
    expect(appointments.map((a) => [a.therapist_id, a.video, a.cancelled_at, a.series_id])).toEqual([[null, 1, null, null]]);
    const participants = await db.selectFrom('participants').selectAll().orderBy('ordinal').execute();
    expect(participants.map(({ ordinal: _o, client_id: _c, ...rest }) => rest)).toEqual(rowsBefore.participants);
    expect(participants.every((p) => p.client_id === null)).toBe(true);
    expect(participants.map((p) => p.ordinal)).toEqual([0, 1, 2]);
    expect(await db.selectFrom('links').selectAll().execute()).toEqual(rowsBefore.links);
    expect(await db.selectFrom('audit').selectAll().execute()).toEqual(rowsBefore.audit);

    const app = await buildApp({ config: loadConfig({ DATA_DIR: before.dir, HEARTBEAT_MS: '60000' }), secrets: before.secrets, database });
    try {
      await app.ready();
      const token = await previousReleaseToken(before.secrets.linkKey, before.appt, 'client-1', 'jti-client-1');
      const client = await WsClient.join(app, before.appt.id, token);
      expect(client.frames[0]).toMatchObject({ type: 'welcome', self: { id: 'client-1', admission: 'waiting', displayName: 'Jordan' } });
      const revoked = await previousReleaseToken(before.secrets.linkKey, before.appt, 'client-2', 'jti-old');
      const refused = await WsClient.tryJoin(app, before.appt.id, revoked);
      expect(refused.frames[0]).toMatchObject({ type: 'error', code: 'link_revoked' });
    } finally {
      await app.close();
      database = undefined;
    }

    // Opening it again migrates nothing twice.
    database = await openDatabase({ dataDir: before.dir });
    expect((await database.db.selectFrom('participants').select('id').execute()).length).toBe(3);
  });

  it('makes the data folder and every file in it readable by the service alone, whatever the umask', async () => {
    const before = previousReleaseDataFolder(Date.now());
    writeFileSync(join(before.dir, 'placeholder'), '');
    const oldUmask = process.umask(0o000);
    try {
      database = await openDatabase({ dataDir: before.dir });
      await database.db
        .insertInto('audit')
        .values({ at: 1, appointment_id: 'a', participant_id: null, actor_id: null, event: 'x' })
        .execute();
    } finally {
      process.umask(oldUmask);
    }
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(before.dir)).toBe(0o700);
    for (const f of [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, 'secrets.json'])
      expect([f, mode(join(before.dir, f))]).toEqual([f, 0o600]);
  });

  it('tightens a secrets file another hand left readable by others, and keeps its keys', () => {
    const dir = tempDir('vestibule-copied-');
    const file = join(dir, 'secrets.json');
    const kept = { linkKey: Buffer.alloc(32, 7).toString('base64url'), turnSecret: 'turn-secret-kept' };
    writeFileSync(file, JSON.stringify(kept), { mode: 0o644 });
    chmodSync(file, 0o644);
    const secrets = loadOrCreateSecrets(dir, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(secrets.linkKey).toString('base64url')).toBe(kept.linkKey);
    expect(secrets.turnSecret).toBe(kept.turnSecret);
  });

  it('creates a new data folder private from the first start, whatever the umask', async () => {
    const dir = join(tempDir('vestibule-fresh-'), 'nested', 'data');
    const oldUmask = process.umask(0o000);
    try {
      loadOrCreateSecrets(dir, {});
      database = await openDatabase({ dataDir: dir });
      await database.db
        .insertInto('audit')
        .values({ at: 1, appointment_id: 'a', participant_id: null, actor_id: null, event: 'x' })
        .execute();
    } finally {
      process.umask(oldUmask);
    }
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(dir)).toBe(0o700);
    for (const f of [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, 'secrets.json'])
      expect([f, mode(join(dir, f))]).toEqual([f, 0o600]);
  });
});
