// The database goes away while Vestibule runs: what needs it answers with a clear error, nothing is
// half-written, what does not need it keeps working, and service resumes by itself when it is back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, type TestApp, testApp } from '../support/app.js';
import { type RunningPostgres, startPostgres } from '../support/postgres.js';
import { isType, WsClient } from '../support/ws-client.js';

let pg: RunningPostgres;
let t: TestApp | undefined;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => pg?.stop());
afterEach(async () => t?.app.close());

describe('the database going away while running', () => {
  it('refuses what needs it with `internal` and 503, keeps the call going, and recovers without a restart', async () => {
    t = await testApp({ DATABASE_URL: await pg.createDatabase() });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken, { real: true });
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken, { real: true });
    await provider.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.admission === 'waiting')));

    await pg.halt();
    const refused = await provider.request<ServerMessageOf<'error'>>({ type: 'admit', participantId: v.clientId }, isType('error'), {
      timeoutMs: 15_000,
    });
    expect(refused).toMatchObject({ code: 'internal' });
    expect(refused.fatal).toBeUndefined();
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json().failing]).toEqual([503, ['database']]);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // Frames that need no database still flow: the waiting-room chat.
    client.send({ type: 'chat', channel: 'waiting', text: 'still here' });
    await provider.next(isType('chat', (m) => m.text === 'still here'));

    await pg.resume();
    // Nothing was half-written by the refused admit.
    expect((await t.app.vestibule.store.participant(v.clientId))!.admission).toBe('waiting');
    expect((await t.app.vestibule.store.auditTrail(v.appointmentId)).map((e) => e.event)).not.toContain('admitted');
    provider.send({ type: 'admit', participantId: v.clientId });
    await client.next(isType('admission', (m) => m.admission === 'admitted'));
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(t.logs()).not.toContain('"level":60');
  }, 60_000);
});
