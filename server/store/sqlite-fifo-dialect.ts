// Kysely's SQLite dialect with a first-come, first-served wait for the one connection. Kysely's own
// lock wakes every waiter each time the connection is released, and all but one go back to waiting:
// with n queries waiting that is n wake-ups per query, n² in all. A burst of joins (a Monday 9 a.m.,
// or everyone reconnecting after a blip) queues thousands of queries, and the lock alone took a
// visible share of the server's CPU in a profile. Here each release wakes exactly the next in line.
import { type DatabaseConnection, SqliteDialect, type SqliteDialectConfig, SqliteDriver } from 'kysely';

/** A lock handed to one waiter at a time, in the order they asked. */
export class FifoLock {
  private held = false;
  private readonly queue: (() => void)[] = [];
  private head = 0;

  /** Takes the lock if no one holds it; never waits. */
  tryAcquire(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  release(): void {
    if (this.head < this.queue.length) {
      const next = this.queue[this.head++]!;
      // Drop the served part now and then, not on every call (shift() would copy the whole queue).
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      next(); // the lock stays held: it passes to the next in line
      return;
    }
    this.held = false;
  }

  /** How many are waiting (for tests). */
  get waiting(): number {
    return this.queue.length - this.head;
  }
}

class FifoSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly lock: FifoLock,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire();
    // Kysely's own lock is now never contended: only the holder of ours reaches it.
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.lock.release();
  }
}

export class FifoSqliteDialect extends SqliteDialect {
  /** Whoever holds it has the connection to itself: Kysely's queries, or the store's direct ones (sqlite-direct.ts). */
  readonly lock = new FifoLock();

  constructor(private readonly sqliteConfig: SqliteDialectConfig) {
    super(sqliteConfig);
  }

  override createDriver(): SqliteDriver {
    return new FifoSqliteDriver(this.sqliteConfig, this.lock);
  }
}
