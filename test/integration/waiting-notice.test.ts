// The provider's notice to the waiting room ("running late"): it reaches everyone waiting at once and
// whoever arrives while it is up, only the provider may post it, its words are never logged or stored,
// and ending the session takes it down.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_NOTICE_CHARS } from '../../shared/constants.js';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, ENGINES, testApp, type TestApp, type Visit } from '../support/app.js';
import { isType, WsClient } from '../support/ws-client.js';

let t: TestApp;
afterEach(async () => t?.app.close());

async function addClient(v: Visit, name: string) {
  const { store, links } = t.app.vestibule;
  const p = await store.addParticipant(v.appointmentId, 'client', name);
  return { id: p.id, token: await links.issue((await store.appointment(v.appointmentId))!, p) };
}

const notice = isType('waiting-notice');

describe.each(ENGINES)('waiting-room notice on %s', (engine) => {
  it('reaches everyone waiting, then whoever arrives while it is up, and comes down for all', async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    provider.send({ type: 'waiting-notice', notice: { kind: 'minutes', minutes: 10 } });
    const got = await client.next<ServerMessageOf<'waiting-notice'>>(notice);
    expect(got.notice).toEqual({ kind: 'minutes', minutes: 10 });
    expect(typeof got.at).toBe('number');
    await provider.next(notice); // the provider's page shows what it posted

    const late = await addClient(v, 'Late Arrival');
    const newcomer = await WsClient.join(t.app, v.appointmentId, late.token);
    const welcomeAt = newcomer.frames.findIndex((m) => m.type === 'welcome');
    const onArrival = await newcomer.next<ServerMessageOf<'waiting-notice'>>(notice, welcomeAt);
    expect(onArrival).toEqual(got);

    const mark = client.frames.length;
    provider.send({ type: 'waiting-notice', notice: null });
    expect((await client.next<ServerMessageOf<'waiting-notice'>>(notice, mark)).notice).toBeNull();
    const third = await addClient(v, 'Third Person');
    const after = await WsClient.join(t.app, v.appointmentId, third.token);
    await after.request({ type: 'ping', t: 1 }, isType('pong'));
    expect(after.frames.some((m) => m.type === 'waiting-notice')).toBe(false);
  });

  it('carries the provider’s own words, trimmed, and never logs or stores them', async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    provider.send({ type: 'waiting-notice', notice: { kind: 'text', text: '  Finishing a crisis call, sorry  ' } });
    const got = await client.next<ServerMessageOf<'waiting-notice'>>(notice);
    expect(got.notice).toEqual({ kind: 'text', text: 'Finishing a crisis call, sorry' });
    expect(t.logs()).not.toContain('crisis');
    const audit = JSON.stringify(await t.app.vestibule.database.db.selectFrom('audit').selectAll().execute());
    expect(audit).not.toContain('crisis');
  });

  it('is the provider’s alone, and refuses empty, too long or unknown notices', async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    const refused = await client.request<ServerMessageOf<'error'>>(
      { type: 'waiting-notice', notice: { kind: 'minutes', minutes: 5 } },
      isType('error'),
    );
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toBe('Only the provider can post a notice to the waiting room');
    for (const bad of [
      { kind: 'text', text: 'x'.repeat(MAX_NOTICE_CHARS + 1) },
      { kind: 'minutes', minutes: 7 },
      { kind: 'shout', text: 'hi' },
    ]) {
      const e = await provider.request<ServerMessageOf<'error'>>({ type: 'waiting-notice', notice: bad }, isType('error'));
      expect(e.code).toBe('bad_frame');
    }
    const blank = await provider.request<ServerMessageOf<'error'>>(
      { type: 'waiting-notice', notice: { kind: 'text', text: '   ' } },
      isType('error'),
    );
    expect(blank).toMatchObject({ code: 'bad_frame', message: 'Empty notice' });
    await client.request({ type: 'ping', t: 1 }, isType('pong'));
    expect(client.frames.some((m) => m.type === 'waiting-notice')).toBe(false);
  });

  it('comes down when the provider ends the session', async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    provider.send({ type: 'waiting-notice', notice: { kind: 'minutes', minutes: 5 } });
    await provider.next(notice);
    provider.send({ type: 'end-session' });
    await provider.next(isType('session-ended'));
    provider.send({ type: 'restart-session' });
    await provider.next(isType('session-restarted'));
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    await client.request({ type: 'ping', t: 1 }, isType('pong'));
    expect(client.frames.some((m) => m.type === 'waiting-notice')).toBe(false);
  });
});
