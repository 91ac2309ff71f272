// The store's contract, on both engines: every operation, the migrations from an empty database, the
// waiting room's transitions, and the race two simultaneous admits run.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkTokens } from '../../server/links/link-tokens.js';
import { AppointmentStore } from '../../server/store/appointments.js';
import type { Database } from '../../server/store/db.js';
import { migrationsFor } from '../../server/store/migrations/index.js';
import { WaitingRoom } from '../../server/waiting-room/waiting-room.js';
import { ENGINES, testDatabase } from '../support/app.js';

const KEY = new TextEncoder().encode('k'.repeat(32));
let open: Database[] = [];
afterEach(async () => {
  for (const d of open) await d.close();
  open = [];
});

describe.each(ENGINES)('store on %s', (engine) => {
  async function setup() {
    const database = await testDatabase(engine);
    open.push(database);
    let out = '';
    const log = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }));
    const store = new AppointmentStore(database.db, engine);
    const appt = await store.createAppointment({ title: 'Visit', startsAt: 1_700_000_000_000, endsAt: 1_700_003_000_000 });
    const provider = await store.addParticipant(appt.id, 'provider', 'Dr. Rivera');
    const client = await store.addParticipant(appt.id, 'client', 'Robin Example');
    return { database, store, appt, provider, client, room: new WaitingRoom(store, log), logs: () => out };
  }

  it('migrates an empty database to the latest schema, every migration recorded', async () => {
    const { database } = await setup();
    const names = (await database.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute()) as { name: string }[];
    expect(names.map((r) => r.name).sort()).toEqual(Object.keys(migrationsFor(engine)).sort());
    expect(names.map((r) => r.name)).toEqual(
      expect.arrayContaining(['0001_initial', '0002_session_end', '0003_participant_order', '0004_node_shared_state', '0005_staff']),
    );
  });

  it('creates and reads appointments with times kept exactly (milliseconds beyond 32 bits)', async () => {
    const { store, appt } = await setup();
    expect(await store.appointment(appt.id)).toEqual({
      id: appt.id,
      title: 'Visit',
      startsAt: 1_700_000_000_000,
      endsAt: 1_700_003_000_000,
      endedAt: null,
    });
    expect(await store.appointment('nope')).toBeUndefined();
    await expect(store.createAppointment({ title: 'x', startsAt: 10, endsAt: 10 })).rejects.toThrow(/end after it starts/);
  });

  it('lists participants in the order they were added, with their defaults', async () => {
    const { store, appt, provider, client } = await setup();
    const third = await store.addParticipant(appt.id, 'client', 'Alex');
    expect((await store.participants(appt.id)).map((p) => p.id)).toEqual([provider.id, client.id, third.id]);
    expect(await store.participant(client.id)).toEqual({
      id: client.id,
      appointmentId: appt.id,
      role: 'client',
      displayName: 'Robin Example',
      admission: 'invited',
      waitingSince: null,
      ready: false,
    });
    expect(await store.participant('nobody')).toBeUndefined();
  });

  /** A store whose every statement is noted in `statements`, with an appointment. */
  async function countingSetup() {
    const statements: string[] = [];
    const database = await testDatabase(engine, (text) => statements.push(text));
    open.push(database);
    const store = new AppointmentStore(database.db, engine);
    const appt = await store.createAppointment({ title: 'Visit', startsAt: 1_700_000_000_000, endsAt: 1_700_003_000_000 });
    return { statements, store, appt };
  }

  it('reads a visit (the appointment and its participants, in order) in one statement', async () => {
    const { statements, store, appt } = await countingSetup();
    const provider = await store.addParticipant(appt.id, 'provider', 'Dr. Rivera');
    const client = await store.addParticipant(appt.id, 'client', 'Robin Example');
    const third = await store.addParticipant(appt.id, 'client', 'Alex');
    await store.saveReady(client.id, true);
    statements.length = 0;
    const visit = await store.visit(appt.id);
    expect(statements).toHaveLength(1);
    expect(visit?.appointment).toEqual(await store.appointment(appt.id));
    expect(visit?.participants).toEqual(await store.participants(appt.id));
    expect(visit?.participants.map((p) => p.id)).toEqual([provider.id, client.id, third.id]);
    expect(visit?.participants[1]?.ready).toBe(true);
    const empty = await store.createAppointment({ title: 'Nobody yet', startsAt: 1_700_000_000_000, endsAt: 1_700_003_000_000 });
    expect(await store.visit(empty.id)).toEqual({
      appointment: await store.appointment(empty.id),
      participants: [],
      practice: { ask_location: 0, consent_text: '', consent_version: expect.any(Number), consent_every_visit: expect.any(Number) },
    });
    expect(await store.visit('no-such-appointment')).toBeUndefined();
  });

  it('ends and restarts a session, and saves ready', async () => {
    const { store, appt, client } = await setup();
    await store.setEndedAt(appt.id, 1_700_000_500_000);
    expect((await store.appointment(appt.id))!.endedAt).toBe(1_700_000_500_000);
    await store.setEndedAt(appt.id, null);
    expect((await store.appointment(appt.id))!.endedAt).toBeNull();
    await store.saveReady(client.id, true);
    expect((await store.participant(client.id))!.ready).toBe(true);
  });

  it('keeps an audit trail of ids in order', async () => {
    const { store, appt, client } = await setup();
    await store.audit(appt.id, 'joined', client.id, client.id);
    await store.audit(appt.id, 'session ended', null, 'prov');
    expect(await store.auditTrail(appt.id)).toEqual([
      { event: 'joined', participantId: client.id, actorId: client.id },
      { event: 'session ended', participantId: null, actorId: 'prov' },
    ]);
  });

  it('issues, verifies and revokes links', async () => {
    const { database, store, appt, client } = await setup();
    const links = new LinkTokens(KEY, database.db);
    const token = await links.issue(appt, client);
    const during = new Date(appt.startsAt + 60_000);
    expect(await links.verify(token, appt.id, during)).toMatchObject({ ok: true, claims: { participantId: client.id, role: 'client' } });
    const second = await links.issue(appt, (await store.participant(client.id))!);
    await links.revokeAllFor(client.id);
    expect(await links.verify(token, appt.id, during)).toEqual({ ok: false, code: 'link_revoked' });
    expect(await links.verify(second, appt.id, during)).toEqual({ ok: false, code: 'link_revoked' });
  });

  it('a transition persists, audits and logs old -> new with ids only', async () => {
    const { room, store, client, appt, logs } = await setup();
    expect(await room.transition(client, 'join', client.id, { now: 1000 })).toMatchObject({ ok: true, from: 'invited', to: 'waiting' });
    const admitted = await room.transition((await store.participant(client.id))!, 'admit', 'prov-1');
    expect(admitted).toMatchObject({ ok: true, from: 'waiting', to: 'admitted' });
    expect(await store.participant(client.id)).toMatchObject({ admission: 'admitted', waitingSince: null });
    expect(await store.auditTrail(appt.id)).toEqual([
      { event: 'joined', participantId: client.id, actorId: client.id },
      { event: 'admitted', participantId: client.id, actorId: 'prov-1' },
    ]);
    expect(logs()).toContain('admission invited -> waiting');
    expect(logs()).toContain('admission waiting -> admitted');
    expect(logs()).not.toContain('Robin');
  });

  it('keeps the waiting clock across a reload and restarts it after removal', async () => {
    const { room, store, client } = await setup();
    const fresh = async () => (await store.participant(client.id))!;
    await room.transition(client, 'join', client.id, { now: 1000 });
    await room.transition(await fresh(), 'join', client.id, { now: 5000 });
    expect((await fresh()).waitingSince).toBe(1000);
    await room.transition(await fresh(), 'remove', 'prov');
    await room.transition(await fresh(), 'join', client.id, { now: 9000 });
    expect((await fresh()).waitingSince).toBe(9000);
  });

  it('ending the session sends every client back to invited, through the state machine', async () => {
    const { room, store, client, appt } = await setup();
    await room.transition(client, 'join', client.id, { now: 1000 });
    await store.saveReady(client.id, true);
    const reset = await room.transition((await store.participant(client.id))!, 'end', 'prov');
    expect(reset).toMatchObject({ ok: true, from: 'waiting', to: 'invited' });
    expect(await store.participant(client.id)).toMatchObject({ admission: 'invited', waitingSince: null, ready: false });
    expect((await store.auditTrail(appt.id)).at(-1)).toEqual({ event: 'session reset', participantId: client.id, actorId: 'prov' });
  });

  it('refuses an invalid event without changing anything', async () => {
    const { room, store, client } = await setup();
    expect(await room.transition(client, 'admit', 'prov')).toEqual({ ok: false, from: 'invited' });
    expect((await store.participant(client.id))!.admission).toBe('invited');
  });

  it('of two simultaneous admits exactly one succeeds, and the loser changes nothing', async () => {
    const { room, store, client, appt } = await setup();
    const joined = await room.transition(client, 'join', client.id);
    if (!joined.ok) throw new Error('join failed');
    // Both saw the client waiting (two provider tabs, or two machines).
    const results = await Promise.all([
      room.transition(joined.participant, 'admit', 'tab-1'),
      room.transition(joined.participant, 'admit', 'tab-2'),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, from: 'waiting', stale: true });
    expect((await store.participant(client.id))!.admission).toBe('admitted');
    expect((await store.auditTrail(appt.id)).filter((e) => e.event === 'admitted')).toHaveLength(1);
  });

  it('an admission without a stated location is audited with the admission, and not when the admission did not apply', async () => {
    const { room, store, client, appt } = await setup();
    const joined = await room.transition(client, 'join', client.id);
    if (!joined.ok) throw new Error('join failed');
    const [first, second] = await Promise.all([
      room.transition(joined.participant, 'admit', 'tab-1', { withoutLocation: true }),
      room.transition(joined.participant, 'admit', 'tab-2', { withoutLocation: true }),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const trail = (await store.auditTrail(appt.id)).map((e) => e.event);
    expect(trail.filter((e) => e === 'admitted without a stated location')).toHaveLength(1);
    // Its line follows the admission's, as one write.
    expect(trail.indexOf('admitted without a stated location')).toBe(trail.indexOf('admitted') + 1);
  });

  it('a lone admission change and its audit line are one statement on PostgreSQL, one transaction on SQLite', async () => {
    const { statements, store, appt } = await countingSetup();
    const client = await store.addParticipant(appt.id, 'client', 'Robin Example');
    const room = new WaitingRoom(store, pino({ level: 'silent' }));
    statements.length = 0;
    const joined = await room.transition(client, 'join', client.id);
    expect(joined.ok).toBe(true);
    const stale = await room.transition(client, 'join', client.id);
    expect(stale).toEqual({ ok: false, from: 'invited', stale: true });
    const kinds = statements.map((text) => text.trim().split(/\s+/)[0]!.toLowerCase());
    expect(kinds).toEqual(engine === 'postgres' ? ['with', 'with'] : ['begin', 'update', 'insert', 'commit', 'begin', 'update', 'commit']);
    expect((await store.participant(client.id))!.admission).toBe('waiting');
    expect((await store.auditTrail(appt.id)).map((e) => e.event)).toEqual(['joined']);
  });

  it('joins that share a transaction each write their change and audit line as one statement on PostgreSQL', async () => {
    const { statements, store, appt } = await countingSetup();
    const room = new WaitingRoom(store, pino({ level: 'silent' }));
    const clients = [];
    for (let i = 0; i < 3; i++) clients.push(await store.addParticipant(appt.id, 'client', `Client ${i}`));
    // One of them is admitted in another tab meanwhile: its join, from the old view, must not apply.
    await room.transition(clients[1]!, 'join', clients[1]!.id);
    await room.transition({ ...clients[1]!, admission: 'waiting' }, 'admit', 'prov');
    statements.length = 0;
    const results = await Promise.all(clients.map((c) => room.transition(c, 'join', c.id)));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const kinds = statements.map((text) => text.trim().split(/\s+/)[0]!.toLowerCase());
    expect(kinds).toEqual(
      engine === 'postgres'
        ? ['begin', 'with', 'with', 'with', 'commit']
        : ['begin', 'update', 'insert', 'update', 'update', 'insert', 'commit'],
    );
    const trail = (await store.auditTrail(appt.id)).map((e) => e.event);
    expect(trail.filter((e) => e === 'joined')).toHaveLength(3);
    expect((await store.participants(appt.id)).map((p) => p.admission)).toEqual(['waiting', 'admitted', 'waiting']);
  });

  it('a burst of joins shares one transaction, each change still applied on its own', async () => {
    const { room, store, appt } = await setup();
    const clients = [];
    for (let i = 0; i < 20; i++) clients.push(await store.addParticipant(appt.id, 'client', `Client ${i}`));
    const before = store.joinWrites.commits;
    // One of them was admitted meanwhile (another tab), so its change, made from the old view, no longer applies.
    await room.transition(clients[3]!, 'join', clients[3]!.id);
    await room.transition({ ...clients[3]!, admission: 'waiting' }, 'admit', 'prov');
    const midway = store.joinWrites.commits;
    const results = await Promise.all(clients.map((c) => room.transition(c, 'join', c.id)));
    expect(midway - before).toBe(2);
    expect(store.joinWrites.commits - midway).toBe(1);
    expect(results.filter((r) => r.ok)).toHaveLength(19);
    expect(results[3]).toEqual({ ok: false, from: 'invited', stale: true });
    const saved = await store.participants(appt.id);
    expect(saved.filter((p) => p.admission === 'waiting')).toHaveLength(19);
    expect((await store.auditTrail(appt.id)).filter((e) => e.event === 'joined')).toHaveLength(20);
  });

  it('writes that stream in over several turns of the event loop still share commits', async () => {
    const { store, appt } = await setup();
    await store.audit(appt.id, 'first', null);
    const before = store.joinWrites.commits;
    const writes: Promise<void>[] = [];
    // One write per turn, as sockets' frames arrive; on its own each turn would commit once.
    for (let i = 0; i < 10; i++) {
      writes.push(store.audit(appt.id, `streamed ${i}`, null));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(writes);
    expect(store.joinWrites.commits - before).toBeLessThanOrEqual(5);
    expect((await store.auditTrail(appt.id)).filter((e) => e.event.startsWith('streamed'))).toHaveLength(10);
  });

  it('a write the database refuses fails alone; the others in its transaction are saved', async () => {
    const { room, store, appt, client } = await setup();
    // An audit line without an appointment breaks a NOT NULL rule: a stand-in for any bad write.
    const broken = store.audit(null as unknown as string, 'broken', null).then(
      () => 'saved',
      () => 'refused',
    );
    const [joined, refused] = await Promise.all([room.transition(client, 'join', client.id), broken]);
    expect(refused).toBe('refused');
    expect(joined.ok).toBe(true);
    expect((await store.participant(client.id))!.admission).toBe('waiting');
    expect((await store.auditTrail(appt.id)).map((e) => e.event)).toEqual(['joined']);
  });
});
