// The test WebSocket client itself: a frame that never comes fails fast and says what was awaited and
// what came instead; join refuses to pass an error off as a welcome; tryJoin hands the error over.
import { afterEach, describe, expect, it } from 'vitest';
import { createVisit, testApp, type TestApp } from '../support/app.js';
import { WsClient, isType } from '../support/ws-client.js';

let t: TestApp;
afterEach(async () => t?.app.close());

describe('WsClient.next', () => {
  it('times out on its own, naming the frame it waited for and the frames that came', async () => {
    t = await testApp();
    const v = await createVisit(t.app);
    const c = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    const started = Date.now();
    const err = await c.next(isType('admission'), { timeoutMs: 200 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((err as Error).message).toMatch(
      /^Timed out after 200 ms waiting for a frame of type 'admission'; received since frame 0: welcome/,
    );
  });

  it('describes a predicate without a description by its source, and an explicit description by its words', async () => {
    t = await testApp();
    const v = await createVisit(t.app);
    const c = await WsClient.join(t.app, v.appointmentId, v.clientToken);
    const bySource = await c.next((m) => m.type === 'chat', { timeoutMs: 50 }).catch((e: Error) => e.message);
    expect(bySource).toMatch(/waiting for a frame matching \(m\) => m\.type === .chat.; received since frame 0: welcome/);
    const byWords = await c.next(() => false, { timeoutMs: 50, what: 'the provider’s chat message' }).catch((e: Error) => e.message);
    expect(byWords).toContain('waiting for the provider’s chat message');
    const filtered = await c
      .next(
        isType('error', (m) => m.code === 'bad_frame'),
        { timeoutMs: 50 },
      )
      .catch((e: Error) => e.message);
    expect(filtered).toMatch(/waiting for a frame of type 'error' where \(m\) => m\.code === .bad_frame./);
  });

  it('fails at once when the socket closes, with the close code and the frames that came', async () => {
    t = await testApp();
    const v = await createVisit(t.app, { startsInMin: -120, minutes: 60 });
    const c = await WsClient.open(t.app);
    const waiting = c.next(isType('welcome'), { timeoutMs: 4_000 });
    c.send({ type: 'hello', version: 1, appointmentId: v.appointmentId, token: v.clientToken });
    const started = Date.now();
    const err = await waiting.catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /closed \(code 4\d{3}\) while waiting for a frame of type 'welcome'; received since frame 0: error\(link_expired\)/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('WsClient.join and tryJoin', () => {
  it('join rejects with the error frame’s code and message', async () => {
    t = await testApp();
    const v = await createVisit(t.app, { startsInMin: -120, minutes: 60 });
    await expect(WsClient.join(t.app, v.appointmentId, v.clientToken)).rejects.toThrow(
      /^join was refused: error link_expired: This link has expired/,
    );
  });

  it('tryJoin resolves with the error for a test that expects a refusal, and with the welcome otherwise', async () => {
    t = await testApp();
    const expired = await createVisit(t.app, { startsInMin: -120, minutes: 60 });
    const refused = await WsClient.tryJoin(t.app, expired.appointmentId, expired.clientToken);
    expect(refused.joinReply).toMatchObject({ type: 'error', code: 'link_expired', fatal: true });
    const v = await createVisit(t.app);
    const welcomed = await WsClient.tryJoin(t.app, v.appointmentId, v.clientToken);
    expect(welcomed.joinReply).toMatchObject({ type: 'welcome', self: { id: v.clientId } });
  });
});
