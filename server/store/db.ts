// The store's engine: one SQLite file in the data folder by default, PostgreSQL when DATABASE_URL is
// set. Both are reached through Kysely, and one set of migrations runs on either at start-up.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type LogEvent, Migrator, PostgresDialect, type SqliteDatabase, type SqliteStatement, sql } from 'kysely';
import { FifoSqliteDialect } from './sqlite-fifo-dialect.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { attachDirect, SqliteDirect } from './sqlite-direct.js';
import pg from 'pg';
import { LEGACY_VERSIONS, migrationsFor } from './migrations/index.js';
import type { Schema } from './schema.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Schema>;

export interface Database {
  db: Db;
  engine: Engine;
  /** Reads nothing: answers whether the database can be reached right now. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** SQLite only: the open file, for the online backup. */
  sqlite?: BetterSqlite3.Database;
  /** How many statements SQLite compiled (each distinct SQL text once, while it stays in the cache). */
  readonly statementsPrepared: () => number;
}

export interface DatabaseOptions {
  /** Folder for the SQLite file, or ':memory:' for tests. Ignored when databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string | null;
  /** Called with the SQL text of every query the store runs (tests count them). */
  onQuery?: (sqlText: string) => void;
  /** Told of a problem the store works around but the operator should hear of (SQLite's checkpoint worker failing). */
  onProblem?: (message: string, err: Error) => void;
}

/** The database cannot be reached or refused us; the message names the problem, never the password. */
export class DatabaseUnavailable extends Error {}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  'SQLITE_BUSY',
]);

/** Whether an error means "the database is not there right now" (as opposed to a bug or bad input). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailable) return true;
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message ?? '');
}

export const SQLITE_FILE = 'vestibule.sqlite';
const STATEMENT_CACHE_SIZE = 256;

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const log = opts.onQuery && ((e: LogEvent) => opts.onQuery!(e.query.sql));
  const database = opts.databaseUrl ? await openPostgres(opts.databaseUrl, log) : openSqlite(opts.dataDir, opts.onQuery, opts.onProblem);
  try {
    await migrate(database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

function openSqlite(dataDir: string, onQuery?: (sqlText: string) => void, onProblem?: DatabaseOptions['onProblem']): Database {
  const log = onQuery && ((e: LogEvent) => onQuery(e.query.sql));
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    file = join(dataDir, SQLITE_FILE);
    ensurePrivateFolder(dataDir);
    // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  }
  const sqlite = new BetterSqlite3(file);
  let checkpointer: SqliteCheckpointer | null = null;
  if (file !== ':memory:') {
    sqlite.pragma('journal_mode = WAL');
    // In WAL mode NORMAL syncs at checkpoints, not at every commit: the database cannot be corrupted,
    // and a join no longer waits on the disk (a power cut may lose the last moments' writes).
    sqlite.pragma('synchronous = NORMAL');
    checkpointer = new SqliteCheckpointer(sqlite, file, (err) =>
      onProblem?.('SQLite checkpoint worker failed; the service checkpoints on its own thread from now on', err),
    );
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const cached = cachingStatements(sqlite);
  const dialect = new FifoSqliteDialect({ database: cached.database });
  const db = new Kysely<Schema>({ dialect, ...(log ? { log } : {}) });
  attachDirect(db, new SqliteDirect(sqlite, cached.database, dialect.lock, onQuery));
  return {
    db,
    engine: 'sqlite',
    sqlite,
    statementsPrepared: cached.prepared,
    ping: async () => void sqlite.prepare('SELECT 1').get(),
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** The data folder holds health data: readable by the service's user only, whatever the umask. */
export function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Kysely's SQLite driver prepares every query afresh; compiling SQL dominated the signaling hot path.
 * Statements are kept by their text (the store's queries are a small fixed set) in a bounded cache.
 */
function cachingStatements(sqlite: BetterSqlite3.Database): { database: SqliteDatabase; prepared: () => number } {
  const cache = new Map<string, SqliteStatement>();
  let prepared = 0;
  const database: SqliteDatabase = {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      let stmt = cache.get(text);
      if (stmt) {
        // Most recently used last, so the oldest is the first to go.
        cache.delete(text);
      } else {
        stmt = sqlite.prepare(text) as unknown as SqliteStatement;
        prepared++;
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
  return { database, prepared: () => prepared };
}

const INT8_OID = 20;

async function openPostgres(url: string, log?: (e: LogEvent) => void): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    // A join needs a connection for a few milliseconds; a burst of joins (a clinic's 9 a.m.) queues
    // for one, so the wait allowed is long enough for a queue, not only for a connect.
    max: 20,
    connectionTimeoutMillis: 15_000,
    // Times are bigint columns; as JavaScript numbers they are exact for millions of years.
    types: { getTypeParser: (oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) },
  });
  // An idle connection that breaks (the server restarted) must not take the process down: the pool
  // drops it and opens a new one on the next query.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailable(describePgError(e, url));
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), ...(log ? { log } : {}) });
  return {
    db,
    engine: 'postgres',
    statementsPrepared: () => 0,
    ping: async () => void (await sql`SELECT 1`.execute(db)),
    close: () => db.destroy(),
  };
}

/** One line saying what is wrong with the database connection, without the password. */
export function describePgError(e: unknown, url: string): string {
  const err = e as { code?: string; message?: string };
  let where = 'the database';
  let user = '';
  let name = '';
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || '5432'}`;
    user = decodeURIComponent(u.username);
    name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  } catch {
    // Checked in config already; keep the generic wording.
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${where}: connection refused (is it running, and on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL: the host in ${where} was not found`;
    case 'ETIMEDOUT':
      return `cannot reach PostgreSQL at ${where}: the connection timed out`;
    case '28P01':
      return `PostgreSQL at ${where} refused the password for user "${user}"`;
    case '28000':
      return `PostgreSQL at ${where} does not allow user "${user}" to connect (pg_hba.conf)`;
    case '3D000':
      return `PostgreSQL at ${where} has no database "${name}" (create it first)`;
    default:
      if (/timeout/i.test(err.message ?? '')) return `cannot reach PostgreSQL at ${where}: the connection timed out`;
      return `cannot use PostgreSQL at ${where}: ${err.code ?? 'connection failed'}`;
  }
}

async function migrate(database: Database): Promise<void> {
  const { db, engine } = database;
  await adoptLegacyMigrations(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(engine) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${(error as Error).message}`);
  }
}

/** Marks the migrations an earlier release applied (its `schema_migrations` table) as done for Kysely. */
async function adoptLegacyMigrations(db: Db): Promise<void> {
  const tables = new Set((await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name));
  if (!tables.has('schema_migrations') || tables.has('kysely_migration')) return;
  const applied = await sql<{
    version: number;
    applied_at: number;
  }>`SELECT version, applied_at FROM schema_migrations ORDER BY version`.execute(db);
  await db.transaction().execute(async (trx) => {
    // The same table Kysely's Migrator creates (it only creates it when missing).
    await trx.schema
      .createTable('kysely_migration')
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
    for (const row of applied.rows) {
      const name = LEGACY_VERSIONS[row.version];
      if (!name) throw new Error(`The data folder has schema version ${row.version}, newer than this release knows`);
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${name}, ${new Date(row.applied_at).toISOString()})`.execute(trx);
    }
  });
}
