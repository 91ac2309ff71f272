// What a node publishes on the bus, sent once per turn of the event loop in one write and in the order
// it was given. Frames for the same node that follow one another go as one message: under load a node
// relays thousands of frames a second to the other, and a command each (its work in ioredis, in Redis
// and in the receiving node) was most of what crossing nodes cost.
import { Command, type Redis } from 'ioredis';
import { deliverySize, encodeDelivery, measureDeliveries } from './delivery-codec.js';
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

/** The publishing connection, with the visit-change script defined on it (redis-bus.ts). */
export type Publisher = Redis & { visitChange(...args: ChangeArgs): Promise<unknown> };

const ignore = () => {};

export class RedisOutbox {
  private queue: Outgoing[] = [];
  private scheduled = false;

  constructor(
    private readonly redis: Publisher,
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
    const queue = this.queue;
    this.queue = [];
    // One command at a time with the connection corked: they still leave in one write, as a pipeline's
    // would, without the pipeline copying them all into one more buffer. While Redis is away they wait
    // in ioredis's offline queue; a failure is logged by the connection's error listener, and the node
    // republishes what it holds once Redis is back.
    const stream = this.redis.status === 'ready' ? this.redis.stream : null;
    stream?.cork();
    try {
      for (const item of queue) this.send(item).catch(ignore);
    } finally {
      stream?.uncork();
    }
  }

  private send(item: Outgoing): Promise<unknown> {
    if ('change' in item) return this.redis.visitChange(...item.change);
    const channel = this.nodeChannel(item.node);
    if (item.reader === 3) {
      const command = publishInPlace(channel, item.deliveries);
      this.redis.sendCommand(command);
      return command.promise;
    }
    const text = item.reader === 2 ? item.deliveries.map((d) => encodeDelivery(d)).join('') : encodeDelivery(item.deliveries[0]!, true);
    return this.redis.publish(channel, text);
  }

  private push(item: Outgoing): void {
    this.queue.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}

/**
 * PUBLISH of frames in bytes, its whole command (RESP) written around the message in one buffer as the
 * message is encoded. ioredis writes that buffer as it is; given the message as an argument, it would
 * copy it into a command buffer of its own.
 */
class PublishInPlace extends Command {
  constructor(
    channel: string,
    message: Buffer,
    private readonly written: Buffer,
  ) {
    super('publish', [channel, message]);
  }

  override toWritable(): Buffer {
    return this.written;
  }
}

function publishInPlace(channel: string, deliveries: readonly Delivery[]): Command {
  const message = measureDeliveries(deliveries);
  const opening = `*3\r\n$7\r\npublish\r\n$${Buffer.byteLength(channel)}\r\n${channel}\r\n$${message.bytes}\r\n`;
  const start = Buffer.byteLength(opening);
  const written = Buffer.allocUnsafe(start + message.bytes + 2);
  written.write(opening, 0, 'utf8');
  message.writeInto(written, start);
  written.write('\r\n', start + message.bytes, 'latin1');
  return new PublishInPlace(channel, written.subarray(start, start + message.bytes), written);
}
