// The join path's statements on SQLite, run on better-sqlite3 at once instead of through Kysely's
// driver. better-sqlite3 is synchronous: a statement here costs a few microseconds, but Kysely wraps
// each one in a wait for the connection, a promise chain and a result copy, and a transaction in
// three more of those. In the signaling benchmark the join's writes cost about 100 µs of CPU per
// participant, nearly all of it that wrapping. The SQL is still Kysely's (prepared.ts compiles it),
// and the connection is still one: a direct run takes the same first-come lock as Kysely's queries,
// so it never lands inside someone else's transaction.
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type Kysely, type QueryResult, type SqliteDatabase } from 'kysely';
import type { Schema } from './schema.js';
import type { FifoLock } from './sqlite-fifo-dialect.js';

const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

export class SqliteDirect {
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    /** The same statement cache Kysely's queries use, so each SQL text is compiled once. */
    private readonly statements: SqliteDatabase,
    private readonly lock: FifoLock,
    private readonly onQuery?: (sqlText: string) => void,
  ) {}

  /**
   * Runs `work` with the connection to itself: at once when no query holds it, otherwise after the
   * queries that asked before. `work` runs statements with `execute` and must not wait on anything.
   */
  exclusive<T>(work: () => T): Promise<T> {
    if (this.lock.tryAcquire()) return this.settle(work);
    return this.lock.acquire().then(() => this.held(work));
  }

  private settle<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.held(work));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private held<T>(work: () => T): T {
    try {
      return work();
    } finally {
      this.lock.release();
    }
  }

  /** One statement, inside `exclusive`. Gives what Kysely's SQLite driver gives for it. */
  execute<Row>(query: CompiledQuery<Row>): QueryResult<Row> {
    this.onQuery?.(query.sql);
    const stmt = this.statements.prepare(query.sql);
    const params = query.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(params) as Row[] };
    const { changes, lastInsertRowid } = stmt.run(params);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /** `work` in one transaction, inside `exclusive`: committed when it returns, rolled back when it throws. */
  transaction<T>(work: () => T): T {
    this.execute(BEGIN);
    try {
      const result = work();
      this.execute(COMMIT);
      return result;
    } catch (e) {
      // A failed COMMIT may already have ended the transaction.
      if (this.sqlite.inTransaction) this.execute(ROLLBACK);
      throw e;
    }
  }
}

// Found by the Kysely instance it serves, so the stores that compile queries for a database (through
// prepare()) need not be handed a second object; PostgreSQL's instances have none.
const directs = new WeakMap<Kysely<Schema>, SqliteDirect>();

export function attachDirect(db: Kysely<Schema>, direct: SqliteDirect): void {
  directs.set(db, direct);
}

export function directFor(db: Kysely<Schema>): SqliteDirect | undefined {
  return directs.get(db);
}
