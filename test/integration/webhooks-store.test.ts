// The API's stores on both engines: keys found by hash and revoked once; a webhook event queued once
// per endpoint however often it is published; a due delivery taken by one node only; and two nodes
// sharing one PostgreSQL database delivering each audit-derived event exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../server/store/api-keys.js';
import type { Database } from '../../server/store/db.js';
import { WebhookStore } from '../../server/store/webhooks.js';
import { ENGINES, type TestApp, testApp, testDatabase } from '../support/app.js';
import { freshPgDatabase } from '../support/pg.js';
import { WebhookReceiver, eventually } from '../support/webhook-receiver.js';
import { T0 } from '../support/practice.js';

let closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closing.reverse()) await c();
  closing = [];
});

describe.each(ENGINES)('API stores on %s', (engine) => {
  async function db(): Promise<Database> {
    const d = await testDatabase(engine);
    closing.push(() => d.close());
    return d;
  }

  it('finds a key by its hash, touches it, revokes it once', async () => {
    const keys = new ApiKeyStore((await db()).db);
    const k = await keys.create({ name: 'n', hash: 'h'.repeat(64), hint: 'abcd', scope: 'read', createdBy: null }, T0);
    expect((await keys.byHash('h'.repeat(64)))?.id).toBe(k.id);
    await keys.touch(k.id, T0 + 1);
    expect((await keys.byId(k.id))?.lastUsedAt).toBe(T0 + 1);
    expect(await keys.revoke(k.id, T0 + 2)).toBe(true);
    expect(await keys.revoke(k.id, T0 + 3)).toBe(false);
    expect((await keys.list())[0]).toMatchObject({ id: k.id, revokedAt: T0 + 2 });
  });

  it('queues an event once per endpoint, and lets one claimant take a due delivery', async () => {
    const store = new WebhookStore((await db()).db);
    const e = await store.createEndpoint(
      { url: 'https://hooks.example.org/', events: ['visit.ended'], secret: 'whsec_x', createdBy: null },
      T0,
    );
    const d = { endpointId: e.id, eventKey: 'audit:1', type: 'visit.ended', payload: '{}' };
    expect(await store.enqueue(d, T0)).toBe(true);
    expect(await store.enqueue(d, T0)).toBe(false);
    const [first, second] = await Promise.all([store.claimDue(T0, 1000, 10), store.claimDue(T0, 1000, 10)]);
    expect(first.length + second.length).toBe(1);
    expect(await store.claimDue(T0 + 500, 1000, 10)).toEqual([]);
    // A node that took it and died: after the hold, another takes it over.
    expect(await store.claimDue(T0 + 1001, 1000, 10)).toHaveLength(1);
    await store.startCursor('audit', 5);
    await store.startCursor('audit', 9);
    await store.advanceCursor('audit', 3);
    expect(await store.cursor('audit')).toBe(5);
    await store.advanceCursor('audit', 7);
    expect(await store.cursor('audit')).toBe(7);
  });
});

describe('two nodes sharing one PostgreSQL database', () => {
  it('deliver each waiting-room event exactly once', async () => {
    const databaseUrl = await freshPgDatabase();
    const env = { WEBHOOK_ALLOW_HTTP: 'on', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'on', WEBHOOK_POLL_MS: '20' };
    const a: TestApp = await testApp(env, { databaseUrl });
    closing.push(() => a.app.close());
    const b: TestApp = await testApp(env, { databaseUrl });
    closing.push(() => b.app.close());
    const receiver = new WebhookReceiver();
    closing.push(() => receiver.close());
    const url = await receiver.start();
    await a.app.webhooks.register(url, ['client.waiting', 'client.admitted', 'visit.started', 'visit.ended'], null);
    // An appointment made the plain way (no staff needed): the waiting room's audit lines are what count.
    const store = a.app.vestibule.store;
    const appointment = await store.createAppointment({ title: 'Session', startsAt: Date.now(), endsAt: Date.now() + 3_600_000 });
    const provider = await store.addParticipant(appointment.id, 'provider', 'P');
    const client = await store.addParticipant(appointment.id, 'client', 'C');
    const appt = { appointment };
    for (let i = 0; i < 5; i++) {
      await b.app.vestibule.store.audit(appt.appointment.id, 'joined', client.id, client.id);
      await a.app.vestibule.store.audit(appt.appointment.id, 'admitted', client.id, provider.id);
      await b.app.vestibule.store.audit(appt.appointment.id, 'session ended', null, provider.id);
    }
    await receiver.requests(20);
    await Promise.all([a.app.webhooks.tick(), b.app.webhooks.tick()]);
    await eventually('no delivery left pending', async () => {
      const left = await a.database.db.selectFrom('webhook_deliveries').select('id').where('state', '=', 'pending').execute();
      return left.length === 0;
    });
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(20);
  });
});
