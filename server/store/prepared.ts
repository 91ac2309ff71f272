// Queries the signaling path runs for every join, compiled once per database. Kysely builds and
// compiles a query's SQL on every call (about 45 µs of a 65 µs lookup, measured on SQLite); a prepared
// query is built once with named stand-ins for its values, and each run only puts the values in their
// places. The SQL is still Kysely's, for whichever engine the database is; on SQLite it runs on
// better-sqlite3 directly (sqlite-direct.ts).
import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import type { Schema } from './schema.js';
import { directFor } from './sqlite-direct.js';

const MARK = '\u0000prepared-arg:';

export type Executor = Kysely<Schema> | Transaction<Schema>;

export interface PreparedQuery<Args, Row> {
  run(executor: Executor, args: Args): Promise<QueryResult<Row>>;
  /**
   * SQLite only, inside SqliteDirect.exclusive (or its transaction): runs at once. For writes that
   * must not wait between statements; on PostgreSQL there is no such thing, and it throws.
   */
  runHeld(args: Args): QueryResult<Row>;
}

/**
 * `build` gets stand-ins for the arguments named in `names` (use them where the values go) and must
 * give the same SQL whatever the values: no branching on them, no `in (...)` lists.
 */
export function prepare<Name extends string, Row>(
  db: Kysely<Schema>,
  names: readonly Name[],
  // biome-ignore lint/suspicious/noExplicitAny: stand-ins go where values of any column type go
  build: (db: Kysely<Schema>, args: Record<Name, any>) => Compilable<Row>,
): PreparedQuery<Record<Name, unknown>, Row> {
  const standIns = Object.fromEntries(names.map((n) => [n, `${MARK}${n}`])) as Record<Name, string>;
  const compiled: CompiledQuery<Row> = build(db, standIns).compile();
  const slots = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? (p.slice(MARK.length) as Name) : null));
  const missing = names.filter((n) => !slots.includes(n));
  if (missing.length) throw new Error(`prepared query does not use ${missing.join(', ')}`);
  const withArgs = (args: Record<Name, unknown>): CompiledQuery<Row> => ({
    ...compiled,
    parameters: slots.map((slot, i) => (slot === null ? compiled.parameters[i] : args[slot])),
  });
  const direct = directFor(db);
  return {
    // On SQLite, a run outside a transaction goes straight to better-sqlite3 (sqlite-direct.ts); a run
    // inside one of Kysely's transactions must go through that transaction.
    run: (executor, args) =>
      direct && executor === db ? direct.exclusive(() => direct.execute(withArgs(args))) : executor.executeQuery<Row>(withArgs(args)),
    runHeld: (args) => {
      if (!direct) throw new Error('runHeld is for SQLite only');
      return direct.execute(withArgs(args));
    },
  };
}
