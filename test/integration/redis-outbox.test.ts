// What a node sends to another over a real Redis (server/bus/redis-outbox.ts): frames for one node in
// one turn go as one message of bytes, a change between them keeps its place, and the other node gets
// them all in the order they were sent, byte for byte. A node of an earlier release (a rolling upgrade)
// gets frames in the form it reads, and what it sends is understood; a node's changes say which it is.
// A window counter sends its script once, and the counters' hits of one turn leave in one write.
import type { Socket } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { decodeDeliveries, frameText } from '../../server/bus/delivery-codec.js';
import { RedisBus } from '../../server/bus/redis-bus.js';
import { type Publisher, RedisOutbox } from '../../server/bus/redis-outbox.js';
import { countingConnection, RedisWindowCounter } from '../../server/bus/redis-window-counter.js';
import type { BusListener, Delivery, VisitEvent } from '../../server/bus/types.js';
import { type RunningRedis, startRedis } from '../support/redis.js';
import { watchCommands } from '../support/redis-monitor.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());
const open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

const log = pino({ level: 'silent' });
const to = { appointmentId: 'apt-1', participantId: 'p-1', session: 's-1' };
const frame = (i: number): Delivery => ({ ...to, frame: { type: 'signal', text: `{"type":"signal","n":${i}}` } });
const texts = (from: number, until: number) => Array.from({ length: until - from }, (_, i) => `{"type":"signal","n":${from + i}}`);

async function node(id: string, heard: string[] = []): Promise<RedisBus> {
  const bus = new RedisBus(redis.url, id, log);
  open.push(bus);
  await bus.ready();
  const listener: BusListener = {
    onDelivery: (d: Delivery) => heard.push('frame' in d ? frameText(d.frame) : `close ${d.close.code}`),
    onVisitEvent: (_id: string, e: VisitEvent) => heard.push(e.kind),
    onReconnected: () => {},
  };
  bus.listen(listener);
  return bus;
}

/** What clients send Redis that names `channelPrefix` (see redis-monitor.ts). */
const watchSends = (channelPrefix: string) => watchCommands(redis.url, (args) => args.some((a) => a.startsWith(channelPrefix)));

it('sends a run of frames for one node as one message, keeping a change between them in its place', async () => {
  const a = await node('node-a');
  const heard: string[] = [];
  const b = await node('node-b', heard);
  await b.follow('apt-1');
  // Node a learns from node b's mark that it reads several frames in one message.
  await expect.poll(async () => (await a.aliveNodes(['node-b'])).has('node-b'), { message: "node b's mark" }).toBe(true);
  const watch = await watchSends('vst:');
  for (let i = 0; i < 5; i++) a.deliver('node-b', frame(i));
  a.publish('apt-1', { kind: 'media', participantId: 'p-1', media: { audio: true, video: true, screen: false } });
  for (let i = 5; i < 10; i++) a.deliver('node-b', frame(i));
  a.deliver('node-b', { ...to, close: { code: 4001, reason: 'replaced' } });
  await expect.poll(() => heard.length, { timeout: 5000, message: 'node b hearing 11 deliveries and 1 change' }).toBe(12);
  await watch.stop();
  expect(heard).toEqual([...texts(0, 5), 'media', ...texts(5, 10), 'close 4001']);
  // The change script goes as EVAL on its connection's first use, as EVALSHA after.
  const kinds = watch.sent.map((args) => (args[0]!.toLowerCase() === 'publish' ? `publish ${args[1]}` : 'change script'));
  expect(kinds).toEqual(['publish vst:n:node-b', 'change script', 'publish vst:n:node-b']);
});

it('relays a frame to another node as the bytes it was given, whatever its text holds', async () => {
  const a = await node('node-a');
  const got: Buffer[] = [];
  const b = new RedisBus(redis.url, 'node-b', log);
  open.push(b);
  await b.ready();
  b.listen({
    onDelivery: (d: Delivery) => void ('frame' in d && 'bytes' in d.frame && got.push(d.frame.bytes)),
    onVisitEvent: () => {},
    onReconnected: () => {},
  });
  await expect.poll(async () => (await a.aliveNodes(['node-b'])).has('node-b'), { message: "node b's mark" }).toBe(true);
  // What node b's channel carries, as Redis hands it over.
  const raw = new Redis(redis.url);
  open.push({ close: () => void raw.disconnect() });
  const messages: Buffer[] = [];
  raw.on('messageBuffer', (_channel: Buffer, message: Buffer) => messages.push(message));
  await raw.subscribe('vst:n:node-b');
  const head = '{"type":"signal","from":"p-2","session":"s-2",';
  const rest = Buffer.from('"candidate":{"candidate":"é ✓ 👋","sdpMid":"0"}}');
  a.deliver('node-b', { ...to, frame: { type: 'signal', head, bytes: rest } });
  a.deliver('node-b', { ...to, frame: { type: 'chat', text: '{"type":"chat","text":"Grüße"}' } });
  await expect.poll(() => got.length, { timeout: 5000, message: 'node b receiving 2 frames' }).toBe(2);
  expect(got.map((bytes) => bytes.toString())).toEqual([head + rest.toString(), '{"type":"chat","text":"Grüße"}']);
  // One message, in bytes (version 3): it opens with its version's line.
  await expect.poll(() => messages.length, { timeout: 5000, message: "the raw subscriber hearing node b's message" }).toBe(1);
  expect(messages[0]!.subarray(0, 2).toString()).toBe('3\n');
});

/** Records what `socket` hands the kernel: one entry per write, each the chunks written together. */
function recordWrites(socket: Socket): Buffer[][] {
  type Chunks = { chunk: Buffer }[];
  const raw = socket as unknown as {
    _writev(chunks: Chunks, done: (err?: Error) => void): void;
    _write(chunk: Buffer, encoding: string, done: (err?: Error) => void): void;
  };
  const writes: Buffer[][] = [];
  const writev = raw._writev.bind(socket);
  const write = raw._write.bind(socket);
  raw._writev = (chunks, done) => {
    writes.push(chunks.map((c) => c.chunk));
    writev(chunks, done);
  };
  raw._write = (chunk, encoding, done) => {
    writes.push([chunk]);
    write(chunk, encoding, done);
  };
  return writes;
}

it("writes a turn's messages to Redis in one write, each inside its command as encoded, not copied into one buffer", async () => {
  const pub = new Redis(redis.url) as Publisher;
  open.push({ close: () => void pub.disconnect() });
  await new Promise((resolve) => pub.once('ready', resolve));
  const outbox = new RedisOutbox(pub, (n) => `vst:n:${n}`);
  const raw = new Redis(redis.url);
  open.push({ close: () => void raw.disconnect() });
  const messages: string[] = [];
  raw.on('messageBuffer', (channel: Buffer, message: Buffer) => messages.push(`${channel} ${message}`));
  await raw.subscribe('vst:n:node-b', 'vst:n:node-c');
  const writes = recordWrites(pub.stream as Socket);
  const signal = {
    ...to,
    frame: { type: 'signal' as const, head: '{"type":"signal","from":"p-2","session":"s-2",', bytes: Buffer.from('"x":"✓"}') },
  };
  outbox.deliver('node-b', signal, 3);
  outbox.deliver('node-c', frame(1), 3);
  outbox.flush();
  await expect.poll(() => messages.length, { timeout: 5000, message: 'the subscriber hearing 2 messages' }).toBe(2);
  const record = (f: string) => `F apt-1 p-1 s-1 signal ${Buffer.byteLength(f)}\n${f}`;
  expect(messages).toEqual([
    `vst:n:node-b 3\n${record('{"type":"signal","from":"p-2","session":"s-2","x":"✓"}')}`,
    `vst:n:node-c 3\n${record('{"type":"signal","n":1}')}`,
  ]);
  // One write of two chunks, a whole PUBLISH each: a pipeline writes one buffer, with every command copied into it.
  expect(writes.map((chunks) => chunks.map((c) => c.toString('latin1').split('\r\n', 5).join(' ')))).toEqual([
    ['*3 $7 publish $12 vst:n:node-b', '*3 $7 publish $12 vst:n:node-c'],
  ]);
});

it('sends a node of version 2 several frames in one message of text, and reads what it sends', async () => {
  const heard: string[] = [];
  const a = await node('node-a', heard);
  const v2 = new Redis(redis.url);
  const v2Sub = new Redis(redis.url);
  open.push({ close: () => void (v2.disconnect(), v2Sub.disconnect()) });
  await v2.set('vst:node:node-v2', '2', 'PX', 6000);
  const v2Heard: string[] = [];
  // Version 2 read a message as text, its lengths in characters: the same reader as decodeDeliveries.
  v2Sub.on('message', (_channel: string, text: string) =>
    v2Heard.push(...decodeDeliveries(text).map((d) => ('frame' in d ? frameText(d.frame) : 'close'))),
  );
  await v2Sub.subscribe('vst:n:node-v2');
  expect(await a.aliveNodes(['node-v2'])).toEqual(new Set(['node-v2']));
  const watch = await watchSends('vst:n:node-v2');
  const relayed = { ...to, frame: { type: 'signal', head: '{"type":"signal",', bytes: Buffer.from('"x":"é 👋"}') } } as const;
  a.deliver('node-v2', relayed);
  a.deliver('node-v2', frame(1));
  await expect.poll(() => v2Heard.length, { timeout: 5000, message: 'the version 2 node hearing 2 frames' }).toBe(2);
  await watch.stop();
  expect(v2Heard).toEqual(['{"type":"signal","x":"é 👋"}', texts(1, 2)[0]]);
  expect(watch.sent).toHaveLength(1);
  // What it sends: text, its lengths in characters (here fewer than the bytes).
  const sent = '{"type":"chat","text":"é 👋"}';
  await v2.publish('vst:n:node-a', `F apt-1 p-1 s-1 chat ${sent.length}\n${sent}F apt-1 p-1 s-1 signal 2\n{}`);
  await expect.poll(() => heard, { timeout: 5000, message: "node a hearing the version 2 node's frames" }).toEqual([sent, '{}']);
});

it('starts a new message once one holds about 64 KB of frames', async () => {
  const a = await node('node-a');
  const heard: string[] = [];
  await node('node-b', heard);
  await expect.poll(async () => (await a.aliveNodes(['node-b'])).has('node-b'), { message: "node b's mark" }).toBe(true);
  const watch = await watchSends('vst:n:');
  const big = (i: number): Delivery => ({
    ...to,
    frame: { type: 'signal', text: `{"type":"signal","n":${i},"pad":"${'x'.repeat(30_000)}"}` },
  });
  for (let i = 0; i < 5; i++) a.deliver('node-b', big(i));
  await expect.poll(() => heard.length, { timeout: 5000, message: 'node b hearing 5 large frames' }).toBe(5);
  await watch.stop();
  expect(heard.map((text) => JSON.parse(text).n)).toEqual([0, 1, 2, 3, 4]);
  // Two frames of 30 KB fit one message, a third does not.
  expect(watch.sent.map((args) => args[0]!.toLowerCase())).toEqual(['publish', 'publish', 'publish']);
});

it('sends a node of version 1 one frame per message, in its form, and reads what it sends', async () => {
  const heard: string[] = [];
  const a = await node('node-a', heard);
  await a.follow('apt-1');
  // A node of version 1: its mark says '1', and it reads a message as the one delivery in it.
  const old = new Redis(redis.url);
  const oldSub = new Redis(redis.url);
  open.push({ close: () => void (old.disconnect(), oldSub.disconnect()) });
  await old.set('vst:node:node-old', '1', 'PX', 6000);
  const oldHeard: string[] = [];
  oldSub.on('message', (_channel: string, text: string) => {
    if (text.startsWith('C ')) return void oldHeard.push(`close ${JSON.parse(text.slice(2)).close.code}`);
    oldHeard.push(text.slice(text.indexOf('\n') + 1));
  });
  await oldSub.subscribe('vst:n:node-old');
  expect(await a.aliveNodes(['node-old'])).toEqual(new Set(['node-old']));
  for (let i = 0; i < 3; i++) a.deliver('node-old', frame(i));
  a.deliver('node-old', { ...to, close: { code: 4001, reason: 'replaced' } });
  await expect.poll(() => oldHeard.length, { timeout: 5000, message: 'the old node hearing 4 deliveries' }).toBe(4);
  expect(oldHeard).toEqual([...texts(0, 3), 'close 4001']);

  // What it sends, as it sent it: a frame, a close, a change.
  await old.publish('vst:n:node-a', `F apt-1 p-1 s-1 signal\n${texts(7, 8)[0]}`);
  await old.publish('vst:n:node-a', `C ${JSON.stringify({ ...to, close: { code: 1001, reason: 'restarting' } })}`);
  await old.publish(
    'vst:v:apt-1',
    JSON.stringify({ from: 'node-old', event: { kind: 'summary', participantId: 'p-1', summary: { verdict: 'pass', text: 'ok' } } }),
  );
  await expect
    .poll(() => heard, { timeout: 5000, message: "node a hearing the old node's frame, close and change" })
    .toEqual([...texts(7, 8), 'close 1001', 'summary']);
});

const online = (node: string) => ({ kind: 'online', presence: { participantId: 'p-1', node, session: 's-1' } }) as const;

it('learns from a change a node publishes that it reads several frames in one message', async () => {
  const heard: string[] = [];
  const a = await node('node-a', heard);
  await a.follow('apt-1');
  const bHeard: string[] = [];
  const b = await node('node-b', bHeard);
  // No mark read yet (aliveNodes): the change that says where node b's page is tells node a.
  b.publish('apt-1', online('node-b'));
  await expect.poll(() => heard, { timeout: 5000, message: "node a hearing node b's change" }).toEqual(['online']);
  const watch = await watchSends('vst:n:');
  for (let i = 0; i < 3; i++) a.deliver('node-b', frame(i));
  await expect.poll(() => bHeard, { timeout: 5000, message: 'node b hearing 3 frames' }).toEqual(texts(0, 3));
  await watch.stop();
  expect(watch.sent.map((args) => args[0]!.toLowerCase())).toEqual(['publish']);
});

it('sends one frame per message to a node restarted as an earlier release, from its first change on', async () => {
  const heard: string[] = [];
  const a = await node('node-a', heard);
  await a.follow('apt-1');
  const b = await node('node-b');
  await expect.poll(async () => (await a.aliveNodes(['node-b'])).has('node-b'), { message: "node b's mark" }).toBe(true);
  await b.close();
  // Rolled back: node b comes back as version 1, and its first page's change says where it is.
  const old = new Redis(redis.url);
  const oldSub = new Redis(redis.url);
  open.push({ close: () => void (old.disconnect(), oldSub.disconnect()) });
  const oldHeard: string[] = [];
  oldSub.on('message', (_channel: string, text: string) => oldHeard.push(text.slice(text.indexOf('\n') + 1)));
  await oldSub.subscribe('vst:n:node-b');
  await old.set('vst:node:node-b', '1', 'PX', 6000);
  await old.publish('vst:v:apt-1', JSON.stringify({ from: 'node-b', event: online('node-b') }));
  await expect.poll(() => heard, { timeout: 5000, message: "node a hearing the old node b's change" }).toEqual(['online']);
  for (let i = 0; i < 3; i++) a.deliver('node-b', frame(i));
  await expect.poll(() => oldHeard.length, { timeout: 5000, message: 'the old node b hearing 3 frames' }).toBe(3);
  expect(oldHeard).toEqual(texts(0, 3));
});

it("counts a limit's hits with its script sent once, then by its hash", async () => {
  const client = new Redis(redis.url);
  open.push({ close: () => client.disconnect() });
  const counter = new RedisWindowCounter(client, 'test-hits', 60_000);
  const watch = await watchSends('vst:count:test-hits');
  expect([(await counter.hit('k')).count, (await counter.hit('k')).count, (await counter.hit('k')).count]).toEqual([1, 2, 3]);
  await watch.stop();
  expect(watch.sent.map((args) => args[0]!.toLowerCase())).toEqual(['eval', 'evalsha', 'evalsha']);
});

it('counts over the last minute in Redis: a burst across the turn of a minute is counted whole, and when it leaves room is known', async () => {
  const client = countingConnection(redis.url);
  open.push({ close: () => client.disconnect() });
  const run = Date.now(); // a retry counts under keys of its own
  let now = Math.floor(run / 60_000) * 60_000 + 59_000;
  const sockets = new RedisWindowCounter(client, `test-turn-${run}`, 60_000, () => now);
  const refusals = new RedisWindowCounter(client, `test-turn-refused-${run}`, 60_000, () => now);
  for (let i = 0; i < 4; i++) await sockets.hit('address');
  await refusals.hit('address');
  now += 2_000; // one second into the next minute
  // 4 last minute count as 59/60 of 4; a clock minute alone would start again at 1.
  expect((await sockets.hit('address')).count).toBeCloseTo(1 + 4 * (59 / 60));
  const [n, refused] = await sockets.hitAndPeek('address', refusals, 'address');
  expect(n.count).toBeCloseTo(2 + 4 * (59 / 60));
  expect(refused.count).toBeCloseTo(59 / 60);
  // At most 3 with the 2 of this minute: the previous minute's share of 4 must fall to 1, 45 s into
  // this one (44 s from now), which the reading says without asking Redis again.
  expect(n.msUntilAtMost(3)).toBe(44_000);
});

it("sends the counters' hits of one turn to Redis in one write", async () => {
  const client = countingConnection(redis.url);
  open.push({ close: () => client.disconnect() });
  const run = Date.now(); // a retry counts under keys of its own
  const joins = new RedisWindowCounter(client, `test-joins-${run}`, 60_000);
  const upgrades = new RedisWindowCounter(client, `test-upgrades-${run}`, 60_000);
  // The first hit loads the scripts; what follows is what every later turn looks like.
  expect((await joins.hitAndPeek('link-0', upgrades, 'address')).map((r) => r.count)).toEqual([1, 0]);
  const writes = recordWrites(client.stream as Socket);
  // Three joins arriving in one turn, each hitting its link's counter and peeking at its address's.
  const counts = await Promise.all([1, 2, 3].map((n) => joins.hitAndPeek(`link-${n}`, upgrades, 'address')));
  expect(counts.map((pair) => pair.map((r) => r.count))).toEqual([
    [1, 0],
    [1, 0],
    [1, 0],
  ]);
  expect(writes).toHaveLength(1);
  const sent = writes[0]!.map(String).join(''); // ioredis writes a pipeline as one string
  expect(sent.match(/\$7\r\nevalsha\r\n/gi)).toHaveLength(3);
});
