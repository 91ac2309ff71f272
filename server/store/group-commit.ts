// Saves many small writes in one transaction. A join writes an admission change and its audit line;
// on its own, each join paid for a whole transaction (begin, commit, the WAL append: about 75 µs of
// a ~100 µs write on SQLite here, and a round trip each on PostgreSQL). Writes that arrive while one
// transaction runs, or in the same turn of the event loop, wait for the next and share its commit:
// a Monday-morning burst of joins costs a few transactions, not thousands. A lone write waits one
// turn of the event loop.
import type { Transaction } from 'kysely';
import type { Db } from './db.js';
import type { Schema } from './schema.js';
import type { SqliteDirect } from './sqlite-direct.js';

/** Writes one item inside the shared transaction and gives its result. */
export type GroupWrite<Item, Result> = (trx: Transaction<Schema>, item: Item) => Promise<Result>;

/**
 * Writes one item in a single statement, atomic by itself, with no transaction around it; undefined
 * when the item has no such form. Used when a write arrives alone: a transaction costs a lone write
 * two more round trips (BEGIN and COMMIT) on PostgreSQL.
 */
export type LoneWrite<Item, Result> = (db: Db, item: Item) => Promise<Result> | undefined;

/**
 * SQLite's form of the shared transaction: better-sqlite3 runs it synchronously, each item written at
 * once (PreparedQuery.runHeld), with none of the promises a Kysely transaction costs per statement.
 */
export interface HeldWrite<Item, Result> {
  direct: SqliteDirect;
  write: (item: Item) => Result;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (r: Result) => void;
  reject: (e: unknown) => void;
}

/** At most this many writes share one transaction, so a huge burst still commits in steps. */
const MAX_BATCH = 500;
/** A flush this recent means writes are arriving in a stream: gather them for GATHER_MS. */
const BUSY_WITHIN_MS = 20;
const GATHER_MS = 2;

export class GroupCommit<Item, Result> {
  private queue: Waiting<Item, Result>[] = [];
  private flushing = false;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly write: GroupWrite<Item, Result>,
    private readonly writeAlone: LoneWrite<Item, Result> = () => undefined,
    private readonly held?: HeldWrite<Item, Result>,
  ) {}

  /** Resolves once the item is committed, with what `write` gave for it. */
  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Idle, the write goes out on the next turn of the event loop; busy (another flush just now),
        // it waits a moment for the writes of the next few turns to share its commit.
        if (performance.now() - this.lastFlushAt < BUSY_WITHIN_MS) setTimeout(() => void this.flush(), GATHER_MS);
        else setImmediate(() => void this.flush());
      }
    });
  }

  /** How many transactions have committed (for tests). */
  commits = 0;

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.length > MAX_BATCH ? this.queue.splice(0, MAX_BATCH) : this.queue.splice(0);
      await this.commit(batch);
    }
    this.flushing = false;
    this.lastFlushAt = performance.now();
  }

  private async commit(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.transaction(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      // One bad write must not fail the others: save each alone, so only that one reports its error.
      for (const w of batch) {
        try {
          w.resolve((await this.transaction([w.item]))[0]!);
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }

  private async transaction(items: Item[]): Promise<Result[]> {
    if (this.held) {
      const { direct, write } = this.held;
      const results = await direct.exclusive(() => direct.transaction(() => items.map(write)));
      this.commits++;
      return results;
    }
    const alone = items.length === 1 ? this.writeAlone(this.db, items[0]!) : undefined;
    if (alone) {
      const result = await alone;
      this.commits++;
      return [result];
    }
    const results = await this.db.transaction().execute(async (trx) => {
      const out: Result[] = [];
      for (const item of items) out.push(await this.write(trx, item));
      return out;
    });
    this.commits++;
    return results;
  }
}
