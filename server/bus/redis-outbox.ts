// What a node publishes on the bus, sent once per turn of the event loop in one write and in the order
// it was given. Frames for the same node that follow one another go as one message: under load a node
// relays thousands of frames a second to the other, and a command each (its work in ioredis, in Redis
// and in the receiving node) was most of what crossing nodes cost.
import type { ChainableCommander, Redis } from 'ioredis';
import { deliverySize, encodeDeliveries, encodeDelivery } from './delivery-codec.js';
import type { Delivery } from './types.js';

/**
 * What a node reads on its channel (its mark says which): 3, several deliveries in one message of
 * bytes; 2, several in one message of text; 1, one delivery per message, as text.
 */
export type BusReader = 1 | 2 | 3;

/** The arguments of the visit-change script (redis-bus.ts): key, channel, op, field, value, ttl, message. */
export type ChangeArgs = [string, string, string, string, string, number, string];

/** A message of frames for one node, in the form it reads; `open` while more may join it. */
type Outgoing = { change: ChangeArgs } | { node: string; reader: BusReader; deliveries: Delivery[]; size: number; open: boolean };

/** A message of frames stops taking more at about this size, so no one message holds up a node for long. */
const MESSAGE_BYTES = 64 * 1024;

/** A pipeline with the visit-change script defined on its connection. */
type Pipeline = ChainableCommander & { visitChange(...args: ChangeArgs): ChainableCommander };

export class RedisOutbox {
  private queue: Outgoing[] = [];
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly nodeChannel: (node: string) => string,
  ) {}

  change(args: ChangeArgs): void {
    this.push({ change: args });
  }

  deliver(node: string, delivery: Delivery, reader: BusReader): void {
    const last = this.queue.at(-1);
    const size = deliverySize(delivery);
    // Only a run of frames for one node joins a message: a change in between keeps its place.
    if (last && 'node' in last && last.open && last.node === node && last.reader === reader && last.size + size <= MESSAGE_BYTES) {
      last.deliveries.push(delivery);
      last.size += size;
    } else {
      this.push({ node, reader, deliveries: [delivery], size, open: reader > 1 });
    }
  }

  /** Sends what is queued now (the turn's end does it otherwise). */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const pipeline = this.redis.pipeline() as Pipeline;
    for (const item of this.queue) {
      if ('change' in item) pipeline.visitChange(...item.change);
      else pipeline.publish(this.nodeChannel(item.node), encodeMessage(item.deliveries, item.reader));
    }
    this.queue = [];
    // While Redis is away the commands wait in ioredis's offline queue; a failure is logged by the
    // connection's error listener, and the node republishes what it holds once Redis is back.
    pipeline.exec().catch(() => {});
  }

  private push(item: Outgoing): void {
    this.queue.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}

function encodeMessage(deliveries: Delivery[], reader: BusReader): Buffer | string {
  if (reader === 3) return encodeDeliveries(deliveries);
  if (reader === 2) return deliveries.map((d) => encodeDelivery(d)).join('');
  return encodeDelivery(deliveries[0]!, true);
}
