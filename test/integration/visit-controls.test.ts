// In-visit behaviour on the server: media state, chat routing (never stored or logged), moderation,
// ending and restarting a session, and the six-person cap.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PARTICIPANTS } from '../../shared/constants.js';
import type { ServerMessageOf } from '../../shared/protocol.js';
import { createVisit, ENGINES, testApp, type TestApp, type Visit } from '../support/app.js';
import { inCall } from '../support/in-call.js';
import { WsClient, isType } from '../support/ws-client.js';

let t: TestApp;
afterEach(async () => t?.app.close());

const errorCode = (code: string) => isType('error', (m) => m.code === code);

async function addClient(v: Visit, name: string) {
  const { store, links } = t.app.vestibule;
  const p = await store.addParticipant(v.appointmentId, 'client', name);
  return { id: p.id, token: await links.issue((await store.appointment(v.appointmentId))!, p) };
}

describe.each(ENGINES)('visit controls on %s', (engine) => {
  describe('media state', () => {
    it('shows everyone what each participant sends', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { provider, client } = await inCall(t.app, v);
      const mark = provider.frames.length;
      client.send({ type: 'media-state', audio: false, video: true, screen: false });
      const roster = await provider.next<ServerMessageOf<'roster'>>(
        isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.media?.audio === false)),
        mark,
      );
      expect(roster.participants.find((p) => p.id === v.clientId)!.media).toEqual({ audio: false, video: true, screen: false });
    });

    it('a waiting client whose camera is blocked shows it to the provider at once', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      const mark = provider.frames.length;
      client.send({ type: 'media-state', audio: false, video: false, screen: false, problem: 'denied' });
      const roster = await provider.next<ServerMessageOf<'roster'>>(
        isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.media?.problem === 'denied')),
        mark,
      );
      expect(roster.participants.find((p) => p.id === v.clientId)!.admission).toBe('waiting');
      // Once the camera works the problem is gone from the roster.
      const mark2 = provider.frames.length;
      client.send({ type: 'media-state', audio: true, video: true, screen: false });
      const fixed = await provider.next<ServerMessageOf<'roster'>>(
        isType('roster', (m) => m.participants.some((p) => p.id === v.clientId && p.media?.video === true)),
        mark2,
      );
      expect(fixed.participants.find((p) => p.id === v.clientId)!.media).toEqual({ audio: true, video: true, screen: false });
    });
  });

  describe('chat', () => {
    it('relays call chat to everyone admitted, stamped with the sender, and never logs or stores it', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { provider, client } = await inCall(t.app, v);
      const waiting = await addClient(v, 'Waiting Person');
      const waiter = await WsClient.join(t.app, v.appointmentId, waiting.token);
      client.send({ type: 'chat', channel: 'call', text: '  I feel anxious today  ' });
      const got = await provider.next<ServerMessageOf<'chat'>>(isType('chat'));
      expect(got).toMatchObject({ channel: 'call', from: v.clientId, fromName: 'Sam Patient', text: 'I feel anxious today' });
      await client.next(isType('chat'));
      // The waiting client never sees call chat.
      await waiter.request({ type: 'ping', t: 1 }, isType('pong'));
      expect(waiter.frames.some((m) => m.type === 'chat')).toBe(false);
      expect(t.logs()).not.toContain('anxious');
      const dump = JSON.stringify(await t.app.vestibule.database.db.selectFrom('audit').selectAll().execute());
      expect(dump).not.toContain('anxious');
    });

    it('waiting-room chat reaches the provider and everyone waiting, not those in the call', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { provider, client } = await inCall(t.app, v);
      const a = await WsClient.join(t.app, v.appointmentId, (await addClient(v, 'A')).token);
      const b = await WsClient.join(t.app, v.appointmentId, (await addClient(v, 'B')).token);
      provider.send({ type: 'chat', channel: 'waiting', text: 'Running 5 minutes late' });
      for (const c of [a, b])
        expect(await c.next(isType('chat'))).toMatchObject({ channel: 'waiting', fromName: 'Dr. Okafor', text: 'Running 5 minutes late' });
      a.send({ type: 'chat', channel: 'waiting', text: 'ok' });
      await provider.next(isType('chat', (m) => m.text === 'ok'));
      await client.request({ type: 'ping', t: 1 }, isType('pong'));
      expect(client.frames.some((m) => m.type === 'chat')).toBe(false);
    });

    it('a waiting client cannot write into the call chat', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const c = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      await c.request({ type: 'chat', channel: 'call', text: 'hi' }, errorCode('forbidden'));
      await c.request({ type: 'chat', channel: 'call', text: 'x'.repeat(2001) }, errorCode('bad_frame'));
    });
  });

  describe('moderation', () => {
    it('the provider can mute a participant, who is told who did it; a client cannot', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { provider, client } = await inCall(t.app, v);
      provider.send({ type: 'moderate', participantId: v.clientId, action: 'mute-audio' });
      expect(await client.next(isType('moderated'))).toMatchObject({ action: 'mute-audio', by: v.providerId, byName: 'Dr. Okafor' });
      await client.request({ type: 'moderate', participantId: v.providerId, action: 'stop-video' }, errorCode('forbidden'));
      expect(provider.frames.some((m) => m.type === 'moderated')).toBe(false);
    });
  });

  describe('ending a session', () => {
    it('ends it for everyone; the client link cannot rejoin until the provider starts it again', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { provider, client } = await inCall(t.app, v);
      provider.send({ type: 'end-session' });
      await client.next(isType('session-ended'));
      expect((await client.closed()).code).toBe(4004);
      await provider.next(isType('session-ended'));

      const again = await WsClient.tryJoin(t.app, v.appointmentId, v.clientToken);
      expect(again.frames[0]).toMatchObject({ type: 'error', code: 'session_ended', fatal: true });

      await provider.request({ type: 'restart-session' }, isType('session-restarted'));
      const back = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      // A restarted session starts from the waiting room: a new admission is needed.
      expect(back.frames[0]).toMatchObject({ type: 'welcome', self: { admission: 'waiting' } });
      const events = (await t.app.vestibule.store.auditTrail(v.appointmentId)).map((e) => e.event);
      expect(events).toEqual(expect.arrayContaining(['session ended', 'session restarted']));
    });

    it('a provider who reopens an ended session is told it ended', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      provider.send({ type: 'end-session' });
      await provider.next(isType('session-ended'));
      provider.close();
      const again = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      expect((again.frames[0] as ServerMessageOf<'welcome'>).appointment.endedAt).toEqual(expect.any(Number));
    });

    it('only the provider can end or restart', async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const { client } = await inCall(t.app, v);
      await client.request({ type: 'end-session' }, errorCode('forbidden'));
      await client.request({ type: 'restart-session' }, errorCode('forbidden'));
      expect((await t.app.vestibule.store.appointment(v.appointmentId))!.endedAt).toBeNull();
    });
  });

  describe('group visits', () => {
    it(`admits up to ${MAX_PARTICIPANTS} people and tells the next one plainly that the visit is full`, async () => {
      t = await testApp({}, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const clients = [await WsClient.join(t.app, v.appointmentId, v.clientToken)];
      for (let i = 2; i < MAX_PARTICIPANTS; i++)
        clients.push(await WsClient.join(t.app, v.appointmentId, (await addClient(v, `C${i}`)).token));
      expect(clients.every((c) => c.frames[0]?.type === 'welcome')).toBe(true);
      expect(t.app.vestibule.hub.online(v.appointmentId)).toHaveLength(MAX_PARTICIPANTS);
      const seventh = await WsClient.tryJoin(t.app, v.appointmentId, (await addClient(v, 'Seventh')).token);
      expect(seventh.frames[0]).toMatchObject({ type: 'error', code: 'visit_full', fatal: true });
      expect((seventh.frames[0] as ServerMessageOf<'error'>).message).toContain('6 people');
      // A member reloading is not the seventh person.
      const again = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      expect(again.frames[0]?.type).toBe('welcome');
      expect(provider.frames[0]?.type).toBe('welcome');
    });
  });

  describe('practice setting', () => {
    it('providers start with camera and microphone as the practice chose; clients always start on', async () => {
      t = await testApp({ PROVIDER_MEDIA_START: 'off' }, { engine });
      const v = await createVisit(t.app);
      const provider = await WsClient.join(t.app, v.appointmentId, v.providerToken);
      const client = await WsClient.join(t.app, v.appointmentId, v.clientToken);
      expect((provider.frames[0] as ServerMessageOf<'welcome'>).startWith).toEqual({ audio: false, video: false });
      expect((client.frames[0] as ServerMessageOf<'welcome'>).startWith).toEqual({ audio: true, video: true });
    });
  });
});
