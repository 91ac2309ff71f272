// Webhooks, delivered to a real HTTP server in the test: signatures the Standard Webhooks verifier
// accepts (and a forged one it refuses), payloads of ids only, a 500 retried with the same message id,
// repeated failure disabling the endpoint, the test event, admission events from the audit trail,
// registration rules (https, no internal addresses, owner only), and API keys in the dashboard.
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiPractice, apiKey, apiPractice, booked, withKey } from '../support/api.js';
import type { TestAppOptions } from '../support/app.js';
import { as } from '../support/practice.js';
import { TestSmtpServer } from '../support/smtp.js';
import { WebhookReceiver, eventually } from '../support/webhook-receiver.js';

const TEST_ENV = {
  WEBHOOK_ALLOW_HTTP: 'on',
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'on',
  WEBHOOK_POLL_MS: '25',
  WEBHOOK_RETRY_SECONDS: '0,0,0,0,0',
  WEBHOOK_DISABLE_AFTER_FAILURES: '3',
};

let open: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function start(env: Record<string, string> = TEST_ENV, opts: TestAppOptions = {}) {
  const t = await apiPractice(env, opts);
  const receiver = new WebhookReceiver();
  const url = await receiver.start();
  open.push({ close: () => t.app.close() }, receiver);
  return { ...t, receiver, url };
}

async function register(t: ApiPractice, url: string, events: string[]) {
  const res = await as(t.app, t.owner).post('/webhooks', { url, events });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { webhook: { id: string }; secret: string };
}

const verified = (secret: string, r: { headers: Record<string, unknown>; body: string }) =>
  new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };

describe('webhook delivery', () => {
  it('signs as Standard Webhooks says, carries ids only, and a forged signature is refused', async () => {
    const t = await start();
    const hook = await register(t, t.url, ['appointment.created', 'appointment.cancelled']);
    expect(hook.secret).toMatch(/^whsec_/);
    const key = await apiKey(t.app, 'read-write');
    const appt = await booked(t, key.secret);
    const [got] = await t.receiver.requests(1);
    const event = verified(hook.secret, got!);
    expect(event.type).toBe('appointment.created');
    expect(event.data).toMatchObject({
      appointmentId: appt.id,
      clientIds: [t.client.id],
      video: true,
      actor: { kind: 'api-key', id: key.id },
    });
    expect(got!.body).not.toMatch(/Robin|Tess|Session|@|#t=/);
    // What a receiver would refuse: the body changed, or signed with another secret.
    expect(() => verified(hook.secret, { ...got!, body: got!.body.replace(appt.id, 'someone-else') })).toThrow();
    const forger = new Webhook(`whsec_${Buffer.from('not the secret, not at all!!').toString('base64')}`);
    const headers = { ...got!.headers, 'webhook-signature': forger.sign(String(got!.headers['webhook-id']), new Date(), got!.body) };
    expect(() => verified(hook.secret, { headers, body: got!.body })).toThrow();
  });

  it('retries a 500 with the same message id and records the last result', async () => {
    const t = await start();
    const hook = await register(t, t.url, ['appointment.created']);
    t.receiver.statuses.push(500);
    await booked(t, (await apiKey(t.app, 'read-write')).secret);
    const [first, second] = await t.receiver.requests(2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(verified(hook.secret, second!).type).toBe('appointment.created');
    const delivery = await eventually('the delivery marked delivered', async () => {
      const [d] = await t.app.webhookStore.deliveries(hook.webhook.id, 1);
      return d?.state === 'delivered' && d;
    });
    expect(delivery).toMatchObject({ attempts: 2, last_status: 200 });
    const listed = (await as(t.app, t.owner).get('/webhooks')).json().webhooks[0];
    expect(listed).toMatchObject({ lastStatus: 200, lastError: null, consecutiveFailures: 0, disabledAt: null });
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
  });

  it('disables an endpoint after repeated failures, with a notice, until the owner turns it back on', async () => {
    const t = await start();
    const hook = await register(t, t.url, ['appointment.created']);
    t.receiver.statuses.push(500, 500, 500, 500, 500, 500);
    await booked(t, (await apiKey(t.app, 'read-write')).secret);
    await t.receiver.requests(3);
    const listed = await eventually('the endpoint disabled', async () => {
      const w = (await as(t.app, t.owner).get('/webhooks')).json().webhooks[0];
      return w.disabledAt !== null && w;
    });
    expect(listed.disabledReason).toMatch(/3 attempts in a row failed; the last: HTTP 500/);
    expect(t.receiver.received).toHaveLength(3);
    t.receiver.statuses.length = 0;
    expect((await as(t.app, t.owner).post(`/webhooks/${hook.webhook.id}/enable`)).json().webhook.disabledAt).toBeNull();
    await t.receiver.requests(4);
    expect(t.logs()).toContain('webhook endpoint disabled after repeated failures');
  });

  it('sends a test event when the owner asks', async () => {
    const t = await start();
    const hook = await register(t, t.url, ['email.failed']);
    expect((await as(t.app, t.owner).post(`/webhooks/${hook.webhook.id}/test`)).statusCode).toBe(202);
    const [got] = await t.receiver.requests(1);
    expect(verified(hook.secret, got!)).toMatchObject({ type: 'webhook.test', data: { endpointId: hook.webhook.id } });
  });

  it('publishes what the mailer reports (email.failed) to subscribed endpoints only', async () => {
    const t = await start();
    const hook = await register(t, t.url, ['email.failed']);
    await register(t, `${t.url}/other`, ['visit.ended']);
    await t.app.webhooks.publish('email.failed', { messageId: 'm1', appointmentId: null, reason: 'SMTP refused' });
    const [got] = await t.receiver.requests(1);
    expect(got!.headers).toBeDefined();
    expect(verified(hook.secret, got!)).toMatchObject({ type: 'email.failed', data: { messageId: 'm1' } });
    // A round later nothing else has come (the other endpoint does not take email.failed).
    await t.app.webhooks.tick();
    expect(t.receiver.received).toHaveLength(1);
  });

  it('an invitation the mail server refuses becomes an email.failed event, with ids and the reason only', async () => {
    const smtp = await TestSmtpServer.start();
    open.push({ close: () => smtp.stop() });
    smtp.refuseWith = { code: 550, message: 'No such user <robin@client.example> here' };
    const t = await start({ ...TEST_ENV, SMTP_URL: smtp.url, MAIL_FROM: 'Vestibule <visits@practice.example>', MAIL_POLL_SECONDS: '0' });
    const hook = await register(t, t.url, ['email.failed']);
    const appt = await booked(t, (await apiKey(t.app, 'read-write')).secret);
    await t.app.vestibule.mail.tick();
    // The therapist's staff invitation was refused too (no appointment): find the client's invitation.
    const got = await eventually('email.failed for the appointment', async () =>
      t.receiver.received.find((r) => verified(hook.secret, r).data.appointmentId === appt.id),
    );
    const event = verified(hook.secret, got);
    expect(event.type).toBe('email.failed');
    expect(String(event.data.reason)).toMatch(/550/);
    expect(got.body).not.toMatch(/robin|Robin|@client|@practice/);
  });

  it('turns the waiting room’s audit lines into client waiting, admitted, visit started and ended', async () => {
    const t = await start();
    const hook = await register(t, t.url, ['client.waiting', 'client.admitted', 'visit.started', 'visit.ended']);
    const appt = await booked(t, (await apiKey(t.app, 'read-write')).secret);
    const client = appt.participants.find((p) => p.role === 'client')!;
    const provider = appt.participants.find((p) => p.role === 'provider')!;
    const store = t.app.vestibule.store;
    await store.audit(appt.id, 'joined', provider.id, provider.id);
    await store.audit(appt.id, 'joined', client.id, client.id);
    await store.audit(appt.id, 'admitted', client.id, provider.id);
    await store.audit(appt.id, 'session ended', null, provider.id);
    const got = await t.receiver.requests(4);
    const events = got.map((r) => verified(hook.secret, r));
    expect(events.map((e) => e.type).sort()).toEqual(['client.admitted', 'client.waiting', 'visit.ended', 'visit.started']);
    expect(events.find((e) => e.type === 'client.waiting')!.data).toEqual({
      appointmentId: appt.id,
      participantId: client.id,
      clientId: t.client.id,
    });
    await t.app.webhooks.tick();
    expect(t.receiver.received).toHaveLength(4);
  });

  it('passes over the audit trail while no endpoint wants its events, and starts from there once one does', async () => {
    const queries: string[] = [];
    const t = await start(TEST_ENV, { onQuery: (q) => queries.push(q) });
    await register(t, t.url, ['appointment.created']);
    const appt = await booked(t, (await apiKey(t.app, 'read-write')).secret);
    const client = appt.participants.find((p) => p.role === 'client')!;
    const store = t.app.vestibule.store;
    await t.receiver.requests(1); // appointment.created
    await store.audit(appt.id, 'joined', client.id, client.id);
    queries.length = 0;
    // The second round surely began after the line was written (the first may have been under way).
    await t.app.webhooks.tick();
    await t.app.webhooks.tick();
    // The lines are not read (no join of audit with participants), only the cursor moves on.
    expect(queries.filter((q) => /from "audit" left join "participants"/.test(q))).toEqual([]);
    const hook = await register(t, t.url, ['client.waiting']);
    await store.audit(appt.id, 'joined', client.id, client.id);
    const [waiting] = (await t.receiver.requests(2)).slice(1);
    expect(verified(hook.secret, waiting!).type).toBe('client.waiting');
    await t.app.webhooks.tick();
    expect(t.receiver.received).toHaveLength(2);
  });
});

describe('registering webhooks', () => {
  it('takes https only, refuses internal addresses, and is for the owner only', async () => {
    const t = await start({ ...TEST_ENV, WEBHOOK_ALLOW_HTTP: 'off', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'off' });
    const post = (url: string) => as(t.app, t.owner).post('/webhooks', { url, events: ['visit.ended'] });
    expect((await post('http://hooks.example.org/x')).json()).toMatchObject({ code: 'webhook_url_refused', error: /https/ });
    for (const url of [
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
      'https://10.1.2.3/x',
    ]) {
      expect((await post(url)).json(), url).toMatchObject({ code: 'webhook_url_refused', error: /internal address/ });
    }
    expect((await as(t.app, t.owner).post('/webhooks', { url: 'https://hooks.example.org/x', events: ['nope'] })).statusCode).toBe(400);
    expect((await as(t.app, t.therapist).get('/webhooks')).statusCode).toBe(403);
  });
});

describe('API keys in the dashboard', () => {
  it('shows a new key once, lists keys with last use but never the key, and revokes', async () => {
    const t = await start();
    const created = await as(t.app, t.owner).post('/api-keys', { name: 'Scheduling system', scope: 'read' });
    expect(created.statusCode).toBe(201);
    const { key, secret } = created.json();
    expect((await withKey(t.app, secret)('GET', '/clients')).statusCode).toBe(200);
    const listed = (await as(t.app, t.owner).get('/api-keys')).json().keys;
    expect(listed).toEqual([expect.objectContaining({ id: key.id, name: 'Scheduling system', scope: 'read', hint: secret.slice(-4) })]);
    expect(listed[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await as(t.app, t.owner).delete(`/api-keys/${key.id}`)).statusCode).toBe(204);
    expect((await withKey(t.app, secret)('GET', '/clients')).statusCode).toBe(401);
    expect((await as(t.app, t.therapist).post('/api-keys', { name: 'x', scope: 'read' })).statusCode).toBe(403);
    expect(t.logs()).not.toContain(secret);
  });
});
