// SQLite's one connection is handed out first come, first served: one holder at a time, in the order
// they asked, each release waking only the next; and transactions through it do not interleave.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FifoLock, FifoSqliteDialect } from '../../server/store/sqlite-fifo-dialect.js';

describe('FIFO lock', () => {
  it('gives the lock to one at a time, in the order asked', async () => {
    const lock = new FifoLock();
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await lock.acquire();
        inside++;
        most = Math.max(most, inside);
        order.push(`in ${i}`);
        await new Promise((r) => setImmediate(r));
        inside--;
        lock.release();
      }),
    );
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => `in ${i}`));
    expect(lock.waiting).toBe(0);
  });

  it('wakes only the next waiter on release, not every one', async () => {
    const lock = new FifoLock();
    await lock.acquire();
    const woken: number[] = [];
    const waiters = Array.from({ length: 3000 }, (_, i) => lock.acquire().then(() => woken.push(i)));
    expect(lock.waiting).toBe(3000);
    lock.release();
    await new Promise((r) => setImmediate(r));
    expect(woken).toEqual([0]);
    expect(lock.waiting).toBe(2999);
    for (let i = 0; i < 3000; i++) lock.release();
    await Promise.all(waiters);
    expect(woken).toHaveLength(3000);
    expect(lock.waiting).toBe(0);
  });
});

describe('SQLite through the FIFO dialect', () => {
  it('runs thousands of concurrent read-modify-write transactions without losing one', async () => {
    const db = new Kysely<{ t: { id: number; v: number } }>({
      dialect: new FifoSqliteDialect({ database: new BetterSqlite3(':memory:') }),
    });
    await sql`create table t (id integer primary key, v integer not null)`.execute(db);
    await db.insertInto('t').values({ id: 1, v: 0 }).execute();
    await Promise.all(
      Array.from({ length: 2000 }, () =>
        db.transaction().execute(async (tx) => {
          const { v } = await tx.selectFrom('t').select('v').where('id', '=', 1).executeTakeFirstOrThrow();
          await tx
            .updateTable('t')
            .set({ v: v + 1 })
            .where('id', '=', 1)
            .execute();
        }),
      ),
    );
    expect((await db.selectFrom('t').select('v').executeTakeFirstOrThrow()).v).toBe(2000);
    await db.destroy();
  });
});
