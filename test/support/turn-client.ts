// A deliberately small STUN/TURN client for tests: a Binding request (readiness probe) and
// a TURN Allocate with long-term credentials, over UDP or TCP. Wire format from RFC 5389
// (STUN) and RFC 5766 (TURN). Not a general-purpose client: no retransmission tuning,
// no SASLprep, no FINGERPRINT on requests (optional for clients).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';

const MAGIC_COOKIE = 0x2112a442;
const HEADER_LENGTH = 20;

// Message types (method | class bits).
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const ALLOCATE_REQUEST = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ALLOCATE_ERROR = 0x0113;

// Attribute types.
const ATTR = {
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  LIFETIME: 0x000d,
  REALM: 0x0014,
  NONCE: 0x0015,
  XOR_RELAYED_ADDRESS: 0x0016,
  REQUESTED_TRANSPORT: 0x0019,
  XOR_MAPPED_ADDRESS: 0x0020,
} as const;

const UDP_PROTOCOL_NUMBER = 17;

export interface TransportAddress {
  family: 'IPv4' | 'IPv6';
  address: string;
  port: number;
}

export type AllocateResult =
  | { ok: true; relayedAddress: TransportAddress; lifetimeSeconds?: number; integrityVerified: boolean }
  | { ok: false; errorCode: number; reason: string };

export interface AllocateOptions {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  username: string;
  password: string;
  /** Requested allocation lifetime (LIFETIME attribute); server default when omitted. */
  lifetimeSeconds?: number;
  /** Upper bound for each request/response exchange. */
  timeoutMs?: number;
}

interface Attribute {
  type: number;
  value: Buffer;
  /** Byte offset of the attribute header inside the message (needed for MESSAGE-INTEGRITY). */
  offset: number;
}

interface Message {
  type: number;
  transactionId: Buffer;
  attributes: Attribute[];
  raw: Buffer;
}

// ---------------------------------------------------------------------------------------
// Encoding

function encodeAttribute(type: number, value: Buffer): Buffer {
  const padded = Math.ceil(value.length / 4) * 4; // attributes are padded to 32 bits
  const out = Buffer.alloc(4 + padded);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(value.length, 2); // length excludes the padding
  value.copy(out, 4);
  return out;
}

/**
 * Builds a message. With `integrityKey`, appends MESSAGE-INTEGRITY: an HMAC-SHA1 over the
 * message up to (not including) that attribute, with the header length already counting it.
 */
function encodeMessage(type: number, transactionId: Buffer, attrs: Buffer[], integrityKey?: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  const body = Buffer.concat(attrs);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  header.writeUInt16BE(body.length + 24, 2); // 4-byte attribute header + 20-byte HMAC
  const hmac = createHmac('sha1', integrityKey).update(header).update(body).digest();
  return Buffer.concat([header, body, encodeAttribute(ATTR.MESSAGE_INTEGRITY, hmac)]);
}

// ---------------------------------------------------------------------------------------
// Decoding

function decodeMessage(raw: Buffer): Message | null {
  if (raw.length < HEADER_LENGTH || raw.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  const length = raw.readUInt16BE(2);
  if (raw.length < HEADER_LENGTH + length) return null;
  const attributes: Attribute[] = [];
  let offset = HEADER_LENGTH;
  while (offset + 4 <= HEADER_LENGTH + length) {
    const type = raw.readUInt16BE(offset);
    const len = raw.readUInt16BE(offset + 2);
    attributes.push({ type, value: raw.subarray(offset + 4, offset + 4 + len), offset });
    offset += 4 + Math.ceil(len / 4) * 4;
  }
  return { type: raw.readUInt16BE(0), transactionId: raw.subarray(8, 20), attributes, raw: raw.subarray(0, HEADER_LENGTH + length) };
}

function attr(msg: Message, type: number): Buffer | undefined {
  return msg.attributes.find((a) => a.type === type)?.value;
}

/** XOR-MAPPED-ADDRESS / XOR-RELAYED-ADDRESS: port and address XORed with cookie (+ transaction id for IPv6). */
function decodeXorAddress(value: Buffer, transactionId: Buffer): TransportAddress {
  const family = value.readUInt8(1);
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  if (family === 0x01) {
    const ip = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
    return { family: 'IPv4', port, address: [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.') };
  }
  const mask = Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), transactionId]);
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = value.readUInt8(4 + i) ^ mask.readUInt8(i);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return { family: 'IPv6', port, address: groups.join(':') };
}

function decodeErrorCode(value: Buffer): { errorCode: number; reason: string } {
  // 2 reserved bytes, then class (hundreds, low 3 bits) and number (0-99), then UTF-8 reason.
  const errorCode = (value.readUInt8(2) & 0x07) * 100 + value.readUInt8(3);
  return { errorCode, reason: value.subarray(4).toString('utf8') };
}

/** Checks a response's MESSAGE-INTEGRITY against the key we used (proves the server agrees on it). */
function integrityMatches(msg: Message, key: Buffer): boolean {
  const mi = msg.attributes.find((a) => a.type === ATTR.MESSAGE_INTEGRITY);
  if (!mi) return false;
  const signed = Buffer.from(msg.raw.subarray(0, mi.offset));
  signed.writeUInt16BE(mi.offset + 24 - HEADER_LENGTH, 2); // length as if MI were the last attribute
  const expected = createHmac('sha1', key).update(signed).digest();
  return expected.equals(mi.value);
}

// ---------------------------------------------------------------------------------------
// Transports: send one request, resolve with the response carrying the same transaction id.

interface Channel {
  request(message: Buffer, transactionId: Buffer, timeoutMs: number): Promise<Message>;
  close(): void;
}

type Pending = Map<string, (msg: Message) => void>;

function deliver(pending: Pending, raw: Buffer): void {
  const msg = decodeMessage(raw);
  if (!msg) return;
  const key = msg.transactionId.toString('hex');
  pending.get(key)?.(msg);
  pending.delete(key);
}

function awaitResponse(
  pending: Pending,
  transactionId: Buffer,
  timeoutMs: number,
  send: () => void,
  retransmit: boolean,
): Promise<Message> {
  return new Promise((resolve, reject) => {
    const key = transactionId.toString('hex');
    let rto = 250; // RFC 5389 suggests 500 ms; loopback is quicker, and this only matters on loss
    let retransmitTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      pending.delete(key);
      clearTimeout(retransmitTimer);
      reject(new Error(`STUN request timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const schedule = (): void => {
      if (!retransmit) return;
      retransmitTimer = setTimeout(() => {
        send();
        rto *= 2;
        schedule();
      }, rto);
    };
    pending.set(key, (msg) => {
      clearTimeout(deadline);
      clearTimeout(retransmitTimer);
      resolve(msg);
    });
    send();
    schedule();
  });
}

async function openUdp(host: string, port: number): Promise<Channel> {
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  const pending: Pending = new Map();
  socket.on('message', (raw) => deliver(pending, raw));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {}); // e.g. ICMP port unreachable; the request then simply times out
  return {
    request: (message, transactionId, timeoutMs) => awaitResponse(pending, transactionId, timeoutMs, () => socket.send(message), true),
    close: () => socket.close(),
  };
}

async function openTcp(host: string, port: number): Promise<Channel> {
  const socket = net.connect({ host, port });
  const pending: Pending = new Map();
  let buffered = Buffer.alloc(0);
  // STUN over TCP is a plain stream of messages; each is framed by its own length field.
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= HEADER_LENGTH) {
      const total = HEADER_LENGTH + buffered.readUInt16BE(2);
      if (buffered.length < total) break;
      deliver(pending, buffered.subarray(0, total));
      buffered = buffered.subarray(total);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => {});
  return {
    request: (message, transactionId, timeoutMs) => awaitResponse(pending, transactionId, timeoutMs, () => socket.write(message), false),
    close: () => socket.destroy(),
  };
}

// ---------------------------------------------------------------------------------------
// Public API

/** Sends a STUN Binding request over UDP; resolves with our address as the server sees it. */
export async function stunBindingUdp(host: string, port: number, timeoutMs = 1000): Promise<TransportAddress> {
  const channel = await openUdp(host, port);
  try {
    const tid = randomBytes(12);
    const res = await channel.request(encodeMessage(BINDING_REQUEST, tid, []), tid, timeoutMs);
    const mapped = attr(res, ATTR.XOR_MAPPED_ADDRESS);
    if (res.type !== BINDING_SUCCESS || !mapped) throw new Error(`unexpected STUN response type 0x${res.type.toString(16)}`);
    return decodeXorAddress(mapped, res.transactionId);
  } finally {
    channel.close();
  }
}

/**
 * TURN Allocate with the long-term credential mechanism (RFC 5389 §10.2): the first request
 * carries no credentials and earns a 401 with REALM and NONCE; the retry carries USERNAME,
 * REALM, NONCE and MESSAGE-INTEGRITY keyed with MD5(username:realm:password).
 * The allocation is left to expire (or to die with the server).
 */
export async function turnAllocate(opts: AllocateOptions): Promise<AllocateResult> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const channel = opts.transport === 'udp' ? await openUdp(opts.host, opts.port) : await openTcp(opts.host, opts.port);
  try {
    const base: Buffer[] = [encodeAttribute(ATTR.REQUESTED_TRANSPORT, Buffer.from([UDP_PROTOCOL_NUMBER, 0, 0, 0]))];
    if (opts.lifetimeSeconds !== undefined) {
      const lifetime = Buffer.alloc(4);
      lifetime.writeUInt32BE(opts.lifetimeSeconds, 0);
      base.push(encodeAttribute(ATTR.LIFETIME, lifetime));
    }

    let realm: Buffer | undefined;
    let nonce: Buffer | undefined;
    // Attempt 1: anonymous. Attempt 2: authenticated. Attempt 3 only after a 438 Stale Nonce.
    for (let attempt = 0; attempt < 3; attempt++) {
      const tid = randomBytes(12);
      let key: Buffer | undefined;
      const attrs = [...base];
      if (realm && nonce) {
        key = createHash('md5')
          .update(`${opts.username}:${realm.toString('utf8')}:${opts.password}`)
          .digest();
        attrs.push(
          encodeAttribute(ATTR.USERNAME, Buffer.from(opts.username, 'utf8')),
          encodeAttribute(ATTR.REALM, realm),
          encodeAttribute(ATTR.NONCE, nonce),
        );
      }
      const res = await channel.request(encodeMessage(ALLOCATE_REQUEST, tid, attrs, key), tid, timeoutMs);

      if (res.type === ALLOCATE_SUCCESS) {
        const relayed = attr(res, ATTR.XOR_RELAYED_ADDRESS);
        if (!relayed) return { ok: false, errorCode: 0, reason: 'success response without XOR-RELAYED-ADDRESS' };
        const lifetime = attr(res, ATTR.LIFETIME);
        return {
          ok: true,
          relayedAddress: decodeXorAddress(relayed, res.transactionId),
          ...(lifetime ? { lifetimeSeconds: lifetime.readUInt32BE(0) } : {}),
          integrityVerified: key !== undefined && integrityMatches(res, key),
        };
      }
      if (res.type !== ALLOCATE_ERROR) {
        return { ok: false, errorCode: 0, reason: `unexpected response type 0x${res.type.toString(16)}` };
      }
      const errorValue = attr(res, ATTR.ERROR_CODE);
      const error = errorValue ? decodeErrorCode(errorValue) : { errorCode: 0, reason: 'error response without ERROR-CODE' };
      const retryable = (error.errorCode === 401 && !key) || error.errorCode === 438;
      const newRealm = attr(res, ATTR.REALM);
      const newNonce = attr(res, ATTR.NONCE);
      if (!retryable || !newNonce || !(newRealm ?? realm)) return { ok: false, ...error };
      realm = newRealm ?? realm;
      nonce = newNonce;
    }
    return { ok: false, errorCode: 438, reason: 'nonce kept going stale' };
  } finally {
    channel.close();
  }
}
