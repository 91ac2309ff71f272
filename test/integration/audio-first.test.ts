// Audio first on the server: the provider's switch for the automatic video pause reaches everyone in
// the visit and every later welcome, only the provider may flip it, and a participant's "video paused
// for the connection" state reaches the others through the roster.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, ENGINES, testApp, type TestApp } from '../support/app.js';
import { isType, WsClient } from '../support/ws-client.js';

let t: TestApp;
afterEach(async () => t?.app.close());

const welcomeOf = (c: WsClient) => c.frames.find((m) => m.type === 'welcome') as ServerMessageOf<'welcome'>;

describe.each(ENGINES)('audio first on %s', (engine) => {
  it('the provider turns the automatic pause off and on for everyone, and later welcomes say so', async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    expect(welcomeOf(client).audioFirst).toBe(true);

    provider.send({ type: 'audio-first', on: false });
    const told = await client.next<ServerMessageOf<'audio-first'>>(isType('audio-first'));
    expect(told).toEqual({ type: 'audio-first', on: false, by: v.providerId });
    await provider.next(isType('audio-first', (m) => !m.on));

    // The same person reconnecting (a reload) is welcomed with the visit's setting.
    const again = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    expect(welcomeOf(again).audioFirst).toBe(false);

    const mark = again.frames.length;
    provider.send({ type: 'audio-first', on: true });
    expect((await again.next<ServerMessageOf<'audio-first'>>(isType('audio-first'), mark)).on).toBe(true);
    const third = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    expect(welcomeOf(third).audioFirst).toBe(true);

    const audit = await t.app.vestibule.database.db.selectFrom('audit').select('event').execute();
    expect(audit.map((a) => a.event)).toEqual(expect.arrayContaining(['audio-first off', 'audio-first on']));
  });

  it('a client cannot turn it off', async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    const refused = await client.request<ServerMessageOf<'error'>>({ type: 'audio-first', on: false }, isType('error'));
    expect(refused).toMatchObject({ code: 'forbidden', message: 'Only the provider can turn the automatic video pause on or off' });
    await provider.request({ type: 'ping', t: 1 }, isType('pong'));
    expect(provider.frames.some((m) => m.type === 'audio-first')).toBe(false);
    const later = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    expect(welcomeOf(later).audioFirst).toBe(true);
    const bad = await provider.request<ServerMessageOf<'error'>>({ type: 'audio-first', on: 'no' }, isType('error'));
    expect(bad.code).toBe('bad_frame');
  });

  it("tells the others that a participant's video is paused for their connection", async () => {
    t = await testApp({}, { engine });
    const v = await createVisit(t.app);
    const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
    const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    client.send({ type: 'media-state', audio: true, video: true, screen: false, videoPaused: 'weak-connection' });
    await provider.next(
      isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.media?.videoPaused === 'weak-connection')),
    );
    const mark = provider.frames.length;
    client.send({ type: 'media-state', audio: true, video: true, screen: false });
    const back = await provider.next<ServerMessageOf<'roster'>>(isType('roster'), mark);
    expect(back.participants.find((p) => p.id === v.clientId)?.media).toEqual({ audio: true, video: true, screen: false });
    const bad = await client.request<ServerMessageOf<'error'>>(
      { type: 'media-state', audio: true, video: true, screen: false, videoPaused: 'tired' },
      isType('error'),
    );
    expect(bad.code).toBe('bad_frame');
    // A background effect not ready yet holds the picture back too, and says so.
    client.send({ type: 'media-state', audio: true, video: true, screen: false, videoPaused: 'background' });
    await provider.next(isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.media?.videoPaused === 'background')));
  });
});
