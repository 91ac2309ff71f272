// On SQLite the join path's statements run on better-sqlite3 directly (server/store/sqlite-direct.ts),
// beside Kysely's queries on the same one connection. They must take turns with Kysely's: a direct
// read or write issued while a Kysely transaction is open waits for it, and neither sees its
// uncommitted rows nor is undone by its rollback.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AppointmentStore } from '../../server/store/appointments.js';
import { type Database, openDatabase } from '../../server/store/db.js';
import { directFor } from '../../server/store/sqlite-direct.js';
import { WaitingRoom } from '../../server/waiting-room/waiting-room.js';

let database: Database | undefined;
afterEach(async () => database?.close());

async function setup(onQuery?: (sqlText: string) => void) {
  database = await openDatabase({ dataDir: ':memory:', ...(onQuery ? { onQuery } : {}) });
  const store = new AppointmentStore(database.db, 'sqlite');
  const appt = await store.createAppointment({ title: 'Visit', startsAt: 1_700_000_000_000, endsAt: 1_700_003_000_000 });
  const client = await store.addParticipant(appt.id, 'client', 'Robin Example');
  return { db: database.db, store, appt, client };
}

/** A Kysely transaction that renames the client, then stays open until `finish` is called. */
function openRename(db: Database['db'], participantId: string) {
  let finish!: (commit: boolean) => void;
  const decided = new Promise<boolean>((r) => {
    finish = r;
  });
  let renamed!: () => void;
  const renamedNow = new Promise<void>((r) => {
    renamed = r;
  });
  const done = db
    .transaction()
    .execute(async (trx) => {
      await trx.updateTable('participants').set({ display_name: 'Uncommitted' }).where('id', '=', participantId).execute();
      renamed();
      if (!(await decided)) throw new Error('rolled back on purpose');
    })
    .catch((e: Error) => e.message);
  return { renamedNow, finish, done };
}

const settledYet = async (p: Promise<unknown>) => {
  let settled = false;
  void p.then(() => (settled = true));
  // Several turns of the event loop: a direct run that did not wait would have settled by now.
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return settled;
};

describe('direct SQLite statements beside Kysely transactions', () => {
  it('a read waits for an open transaction and sees what it committed, never its uncommitted rows', async () => {
    const { db, store, client } = await setup();
    const tx = openRename(db, client.id);
    await tx.renamedNow;
    const read = store.participant(client.id);
    expect(await settledYet(read)).toBe(false);
    tx.finish(false);
    expect(await tx.done).toBe('rolled back on purpose');
    expect((await read)!.displayName).toBe('Robin Example');
  });

  it('a join written while a transaction is open is not undone by its rollback', async () => {
    const { db, store, client, appt } = await setup();
    const room = new WaitingRoom(store, pino({ level: 'silent' }));
    const tx = openRename(db, client.id);
    await tx.renamedNow;
    const joined = room.transition(client, 'join', client.id);
    expect(await settledYet(joined)).toBe(false);
    tx.finish(false);
    await tx.done;
    expect((await joined).ok).toBe(true);
    const saved = (await store.participant(client.id))!;
    expect(saved).toMatchObject({ admission: 'waiting', displayName: 'Robin Example' });
    expect((await store.auditTrail(appt.id)).map((e) => e.event)).toEqual(['joined']);
  });

  it('a burst of joins is one transaction of direct statements, each logged as it runs', async () => {
    const statements: string[] = [];
    const { store, appt } = await setup((text) => statements.push(text));
    expect(directFor(database!.db)).toBeDefined();
    const room = new WaitingRoom(store, pino({ level: 'silent' }));
    const clients = [];
    for (let i = 0; i < 5; i++) clients.push(await store.addParticipant(appt.id, 'client', `Client ${i}`));
    statements.length = 0;
    const results = await Promise.all(clients.map((c) => room.transition(c, 'join', c.id)));
    expect(results.every((r) => r.ok)).toBe(true);
    const kinds = statements.map((text) => text.trim().split(/\s+/)[0]!.toLowerCase());
    expect(kinds).toEqual(['begin', ...clients.flatMap(() => ['update', 'insert']), 'commit']);
  });
});
