// The bus over Redis: a pub/sub channel per visit for state changes and one per node for frames to
// its sockets, a hash per visit with who is where (and their media state and test summary) for a
// node that starts holding the visit (a change updates it and is published in one script), and a mark
// per node that it renews while alive. One connection publishes and one subscribes, so a node
// receives another's messages in the order sent.
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { decodeMessage } from './delivery-codec.js';
import { type BusReader, type ChangeArgs, RedisOutbox } from './redis-outbox.js';
import type { BusListener, Delivery, Presence, SharedVisitState, VisitBus, VisitEvent } from './types.js';

const PREFIX = 'vst:';
const visitKey = (id: string) => `${PREFIX}visit:${id}`;
const visitChannel = (id: string) => `${PREFIX}v:${id}`;
const nodeChannel = (node: string) => `${PREFIX}n:${node}`;
const nodeMark = (node: string) => `${PREFIX}node:${node}`;
/** The visit hash's field for the waiting-room notice (the others are `p:`, `m:` and `s:` + a participant id). */
const NOTICE_FIELD = 'notice';
/** Present ('off') only while the provider has turned the automatic video pause off. */
const AUDIO_FIRST_FIELD = 'audio-first';

/**
 * What a node's mark says it reads (BusReader): '3', several frames in one message of bytes. Earlier
 * releases read '2' or '1' (a rolling upgrade has two releases for a while; delivery-codec.ts).
 */
const BUS_VERSION = '3';
/** What a mark or a change's `bus` says a node reads (a change with none is from version 1). */
const readerOf = (version: unknown): BusReader => (version === '3' ? 3 : version === '2' ? 2 : 1);

/** A node that has not renewed its mark for this long is taken for dead. */
export const NODE_TTL_MS = 6000;
const RENEW_MS = 2000;
/** A visit's shared state outlives its last change by a day, then Redis forgets it. */
const VISIT_STATE_TTL_S = 24 * 3600;

/**
 * One visit change is one command: the visit's hash is brought in step (ARGV[2]: 'set' a field and
 * renew the hash's expiry, 'del' it, 'del-if-same' value, or 'none') and the change is published, so a
 * change costs one round of the client's work, not two or three.
 */
const CHANGE = `
local op = ARGV[2]
if op == 'set' then
  redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
  redis.call('EXPIRE', KEYS[1], ARGV[5])
elseif op == 'del' then
  redis.call('HDEL', KEYS[1], ARGV[3])
elseif op == 'del-if-same' then
  if redis.call('HGET', KEYS[1], ARGV[3]) == ARGV[4] then redis.call('HDEL', KEYS[1], ARGV[3]) end
end
return redis.call('PUBLISH', ARGV[1], ARGV[6])`;

/** What a change does to the visit's hash (a presence entry goes only if it is still the one going offline). */
type HashStep = { op: 'set' | 'del-if-same'; field: string; value: string } | { op: 'del'; field: string } | { op: 'none' };

/** The publishing connection, with CHANGE defined on it (ioredis sends EVALSHA, and the script itself after a NOSCRIPT). */
type Publisher = Redis & { visitChange(...args: ChangeArgs): Promise<number> };

export class RedisBus implements VisitBus {
  readonly shared = true;
  private readonly pub: Publisher;
  private readonly outbox: RedisOutbox;
  private readonly sub: Redis;
  private listener: BusListener | null = null;
  /** What each node reads, as its mark or its changes say (noteReader); a node not yet heard of gets version 1's form. */
  private readonly readers = new Map<string, BusReader>();
  /** How this node's own changes start, so it skips them unparsed when Redis hands them back. */
  private readonly ownChange: string;
  /** The channel of frames for this node's sockets. */
  private readonly ownChannel: string;
  private readonly renewTimer: NodeJS.Timeout;
  private wasDown = false;

  constructor(
    url: string,
    readonly nodeId: string,
    private readonly log: FastifyBaseLogger,
  ) {
    // Commands wait while Redis is away (the offline queue) and go out once it is back.
    const options = { maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2000) };
    // Changes and frames go through the outbox, one write per turn; one connection keeps their order.
    this.pub = new Redis(url, options) as Publisher;
    this.pub.defineCommand('visitChange', { numberOfKeys: 1, lua: CHANGE });
    this.outbox = new RedisOutbox(this.pub, nodeChannel);
    this.sub = new Redis(url, options);
    this.ownChange = `{"from":${JSON.stringify(nodeId)},"bus":"${BUS_VERSION}",`;
    this.ownChannel = nodeChannel(nodeId);
    for (const client of [this.pub, this.sub]) client.on('error', (err: Error) => this.log.warn({ err }, 'redis error'));
    this.pub.on('close', () => (this.wasDown = true));
    this.pub.on('ready', () => {
      if (!this.wasDown) return;
      this.wasDown = false;
      this.log.info('redis is back; republishing this node');
      this.renew();
      this.listener?.onReconnected();
    });
    // Buffers: a frame for one of this node's sockets is written to it as the bytes that arrived.
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    void this.sub.subscribe(this.ownChannel);
    this.renew();
    this.renewTimer = setInterval(() => this.renew(), RENEW_MS);
    this.renewTimer.unref();
  }

  /** Resolves once both connections are up (start-up waits on it to fail fast on a wrong REDIS_URL). */
  async ready(timeoutMs = 5000): Promise<void> {
    const up = (c: Redis) => (c.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => c.once('ready', () => resolve())));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([up(this.pub), up(this.sub)]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  listen(listener: BusListener): void {
    this.listener = listener;
  }

  async follow(appointmentId: string): Promise<void> {
    await this.sub.subscribe(visitChannel(appointmentId));
  }

  async sharedState(appointmentId: string): Promise<SharedVisitState> {
    const fields = await this.pub.hgetall(visitKey(appointmentId));
    const state: SharedVisitState = { presence: [], media: {}, summaries: {}, notice: null, audioFirst: true };
    for (const [field, value] of Object.entries(fields)) {
      const id = field.slice(2);
      if (field.startsWith('p:')) {
        const [node, session] = value.split(' ');
        if (node && session) state.presence.push({ participantId: id, node, session });
      } else if (field.startsWith('m:')) state.media[id] = JSON.parse(value);
      else if (field.startsWith('s:')) state.summaries[id] = JSON.parse(value);
      else if (field === NOTICE_FIELD) state.notice = JSON.parse(value);
      else if (field === AUDIO_FIRST_FIELD) state.audioFirst = value !== 'off';
    }
    return state;
  }

  unfollow(appointmentId: string): void {
    void this.sub.unsubscribe(visitChannel(appointmentId));
  }

  publish(appointmentId: string, event: VisitEvent): void {
    const step = hashStep(event);
    // The envelope is the previous release's (which reads `from` and `event`), so nodes of either can
    // follow the other's changes; `bus` tells the others, before any frame, what this node reads.
    const message = `${this.ownChange}"event":${JSON.stringify(event)}}`;
    const [field, value] = step.op === 'none' ? ['', ''] : [step.field, step.op === 'del' ? '' : step.value];
    this.outbox.change([visitKey(appointmentId), visitChannel(appointmentId), step.op, field, value, VISIT_STATE_TTL_S, message]);
  }

  deliver(node: string, delivery: Delivery): void {
    this.outbox.deliver(node, delivery, this.readers.get(node) ?? 1);
  }

  /** Also notes what each of them reads (see noteReader): until then each gets one frame per message. */
  async aliveNodes(nodes: string[]): Promise<Set<string>> {
    if (nodes.length === 0) return new Set();
    const marks = await this.pub.mget(...nodes.map(nodeMark));
    for (const [i, node] of nodes.entries()) {
      if (marks[i] === null) this.readers.delete(node);
      else this.noteReader(node, readerOf(marks[i]));
    }
    return new Set(nodes.filter((_, i) => marks[i] !== null));
  }

  /**
   * What a node reads, from its mark or from a change it published. A node restarted as the previous
   * release (a rollback) says so in the change that tells where its first page is, so no frame for
   * that page goes out in a form it cannot read; the marks alone would take up to RENEW_MS to show it.
   */
  private noteReader(node: string, reader: BusReader): void {
    this.readers.set(node, reader);
  }

  async ping(): Promise<void> {
    await this.pub.ping();
  }

  async close(): Promise<void> {
    clearInterval(this.renewTimer);
    // What the node said last (the closes of its pages) goes out before the connection does.
    this.outbox.flush();
    // Our mark goes at once: the other nodes need not wait for it to expire to know we left.
    await this.pub.del(nodeMark(this.nodeId)).catch(() => {});
    this.pub.disconnect();
    this.sub.disconnect();
  }

  private renew(): void {
    void this.pub.set(nodeMark(this.nodeId), BUS_VERSION, 'PX', NODE_TTL_MS).catch(() => {});
  }

  private receive(channel: string, message: Buffer): void {
    if (!this.listener) return;
    try {
      if (channel === this.ownChannel) {
        for (const delivery of decodeMessage(message)) this.listener.onDelivery(delivery);
        return;
      }
      const text = message.toString();
      if (text.startsWith(this.ownChange)) return;
      const { from, bus, event } = JSON.parse(text) as { from?: unknown; bus?: unknown; event: VisitEvent };
      if (typeof from === 'string') this.noteReader(from, readerOf(bus));
      this.listener.onVisitEvent(channel.slice(visitChannel('').length), event);
    } catch (err) {
      this.log.error({ err, channel: channel.split(':')[1] }, 'bus message not handled');
    }
  }
}

/** How a change keeps the visit's hash in step, for nodes that start following the visit later. */
function hashStep(event: VisitEvent): HashStep {
  const where = (p: Presence) => `${p.node} ${p.session}`;
  switch (event.kind) {
    case 'online':
      return { op: 'set', field: `p:${event.presence.participantId}`, value: where(event.presence) };
    case 'offline':
      return { op: 'del-if-same', field: `p:${event.presence.participantId}`, value: where(event.presence) };
    case 'media':
      return event.media
        ? { op: 'set', field: `m:${event.participantId}`, value: JSON.stringify(event.media) }
        : { op: 'del', field: `m:${event.participantId}` };
    case 'summary':
      return { op: 'set', field: `s:${event.participantId}`, value: JSON.stringify(event.summary) };
    case 'notice':
      return event.notice ? { op: 'set', field: NOTICE_FIELD, value: JSON.stringify(event.notice) } : { op: 'del', field: NOTICE_FIELD };
    case 'audio-first':
      return event.on ? { op: 'del', field: AUDIO_FIRST_FIELD } : { op: 'set', field: AUDIO_FIRST_FIELD, value: 'off' };
    default:
      return { op: 'none' };
  }
}
