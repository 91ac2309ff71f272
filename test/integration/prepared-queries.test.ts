// Prepared queries (server/store/prepared.ts) on both engines: built once with stand-ins, each run puts
// its own values in, inside or outside a transaction, and a query that ignores an argument is refused.
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/store/db.js';
import { prepare } from '../../server/store/prepared.js';
import { ENGINES, testDatabase } from '../support/app.js';

describe.each(ENGINES)('prepared queries on %s', (engine) => {
  let database: Database;
  afterEach(() => database.close());

  it('compile once and run with each call’s values, mixed with constants', async () => {
    const queries: string[] = [];
    database = await testDatabase(engine, (q) => queries.push(q));
    const { db } = database;
    queries.length = 0; // the migrations'
    const insert = prepare(db, ['id', 'title', 'startsAt'], (q, a) =>
      q.insertInto('appointments').values({ id: a.id, title: a.title, starts_at: a.startsAt, ends_at: 2_000, created_at: 5 }),
    );
    const byTitle = prepare(db, ['title'], (q, a) =>
      q.selectFrom('appointments').select(['id', 'ends_at']).where('title', '=', a.title).orderBy('id'),
    );
    await insert.run(db, { id: 'a1', title: 'One', startsAt: 1_000 });
    await db.transaction().execute((trx) => insert.run(trx, { id: 'a2', title: 'Two', startsAt: 1_500 }));
    await insert.run(db, { id: 'a3', title: 'Two', startsAt: 1_600 });
    expect((await byTitle.run(db, { title: 'Two' })).rows).toEqual([
      { id: 'a2', ends_at: 2_000 },
      { id: 'a3', ends_at: 2_000 },
    ]);
    expect((await byTitle.run(db, { title: 'One' })).rows).toEqual([{ id: 'a1', ends_at: 2_000 }]);
    const stored = await db.selectFrom('appointments').select(['id', 'starts_at']).orderBy('id').execute();
    expect(stored).toEqual([
      { id: 'a1', starts_at: 1_000 },
      { id: 'a2', starts_at: 1_500 },
      { id: 'a3', starts_at: 1_600 },
    ]);
    // The same SQL text every time: nothing was built again.
    expect(new Set(queries.filter((q) => /^insert/i.test(q))).size).toBe(1);
  });

  it('refuses a query that does not use one of its named arguments', async () => {
    database = await testDatabase(engine);
    expect(() => prepare(database.db, ['id', 'unused'], (q, a) => q.selectFrom('appointments').selectAll().where('id', '=', a.id))).toThrow(
      'prepared query does not use unused',
    );
  });
});
