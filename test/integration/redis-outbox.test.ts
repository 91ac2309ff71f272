// What a node sends to another over a real Redis (server/bus/redis-outbox.ts): frames for one node in
// one turn go as one message, a change between them keeps its place, and the other node gets them all
// in the order they were sent.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisBus } from '../../server/bus/redis-bus.js';
import type { Delivery, VisitEvent } from '../../server/bus/types.js';
import { type RunningRedis, startRedis } from '../support/redis.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());

it('sends a run of frames for one node as one message, keeping a change between them in its place', async () => {
  const log = pino({ level: 'silent' });
  const a = new RedisBus(redis.url, 'node-a', log);
  const b = new RedisBus(redis.url, 'node-b', log);
  try {
    await Promise.all([a.ready(), b.ready()]);
    const heard: string[] = [];
    b.listen({
      onDelivery: (d: Delivery) => heard.push('frame' in d ? d.frame.text : `close ${d.close.code}`),
      onVisitEvent: (_id: string, e: VisitEvent) => heard.push(e.kind),
      onReconnected: () => {},
    });
    await b.follow('apt-1');
    const monitor = await new Redis(redis.url).monitor();
    const sent: string[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      const command = args[0]!.toLowerCase();
      if (source.includes('lua')) return;
      // The change script goes as EVAL on its connection's first use, as EVALSHA after.
      if (command === 'publish') sent.push(`publish ${args[1]}`);
      else if (command === 'eval' || command === 'evalsha') sent.push('change script');
    });
    const to = { appointmentId: 'apt-1', participantId: 'p-1', session: 's-1' };
    const frame = (i: number) => ({ ...to, frame: { type: 'signal' as const, text: `{"type":"signal","n":${i}}` } });
    for (let i = 0; i < 5; i++) a.deliver('node-b', frame(i));
    a.publish('apt-1', { kind: 'media', participantId: 'p-1', media: { audio: true, video: true, screen: false } });
    for (let i = 5; i < 10; i++) a.deliver('node-b', frame(i));
    a.deliver('node-b', { ...to, close: { code: 4001, reason: 'replaced' } });
    await expect.poll(() => heard.length, { timeout: 5000, message: 'node b hearing 11 deliveries and 1 change' }).toBe(12);
    monitor.disconnect();
    const frames = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `{"type":"signal","n":${from + i}}`);
    expect(heard).toEqual([...frames(0, 5), 'media', ...frames(5, 10), 'close 4001']);
    expect(sent).toEqual(['publish vst:n:node-b', 'change script', 'publish vst:n:node-b']);
  } finally {
    await a.close();
    await b.close();
  }
});
