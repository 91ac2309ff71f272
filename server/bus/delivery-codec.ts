// How frames for another node's sockets travel in one Redis message: a record per delivery, each a
// header line and a body whose length the header gives, so the 4 KB of an offer are neither escaped
// into an envelope nor parsed again on the way through, and several records fit one message.
//   F <appointment> <participant> <session> <frame type> <length>\n<frame>
//   C <length>\n<JSON of the close request>
// A node of this release reads bytes (bus version 3): the message opens with `3\n` and every length
// counts bytes, so a frame goes from the bytes a page wrote to the bytes written to the other page's
// socket without ever becoming a JavaScript string on either node.
// Nodes of earlier releases are met during a rolling upgrade, and each is written to in its form:
//   - version 2 reads the same records as text, with lengths in characters;
//   - version 1 reads one delivery per message: `F ... <frame type>\n<text>`, or `C <JSON>`.
// Their own messages, in those forms, are read here too.
import type { Delivery, SerializedFrame } from './types.js';

/** The first line of a message in bytes (version 3). */
const BYTES_OPENING = '3\n';
const NEWLINE = 0x0a;

/** The frame's whole text (for a node that reads text). */
export const frameText = (f: SerializedFrame) => ('text' in f ? f.text : f.head + f.bytes.toString());

/** Roughly how many bytes a delivery takes in a message (exact for ASCII frames): messages are cut at about a size. */
export function deliverySize(d: Delivery): number {
  if ('close' in d) return 64 + d.close.reason.length;
  const f = d.frame;
  return 64 + ('text' in f ? f.text.length : f.head.length + f.bytes.length);
}

/** A delivery as text, for a node of version 2, or (`single`) of version 1, which reads one delivery per message. */
export function encodeDelivery(d: Delivery, single = false): string {
  if ('frame' in d) {
    const text = frameText(d.frame);
    return `F ${d.appointmentId} ${d.participantId} ${d.session} ${d.frame.type} ${text.length}\n${text}`;
  }
  const body = JSON.stringify(d);
  return single ? `C ${body}` : `C ${body.length}\n${body}`;
}

/** A record of a message in bytes: its header line, and a body of text or of bytes after an ASCII head. */
interface ByteRecord {
  header: string;
  body: { text: string } | { head: string; bytes: Buffer };
  bodyBytes: number;
}

function byteRecord(d: Delivery): ByteRecord {
  // A close request goes as its JSON, a frame as it is.
  const body = 'frame' in d ? d.frame : { text: JSON.stringify(d) };
  const bodyBytes = 'text' in body ? Buffer.byteLength(body.text) : body.head.length + body.bytes.length;
  const header = 'frame' in d ? `F ${d.appointmentId} ${d.participantId} ${d.session} ${d.frame.type} ${bodyBytes}\n` : `C ${bodyBytes}\n`;
  return { header, body, bodyBytes };
}

/** A message in bytes (version 3), measured before it is written, so it can be written inside a larger buffer. */
export interface MeasuredMessage {
  bytes: number;
  /** Writes the message into `out` from `at`; returns the bytes written. */
  writeInto(out: Buffer, at: number): number;
}

/** Deliveries as one message in bytes (version 3), not yet written: redis-outbox.ts writes its Redis command around it. */
export function measureDeliveries(deliveries: readonly Delivery[]): MeasuredMessage {
  const records = deliveries.map(byteRecord);
  const bytes = records.reduce((sum, r) => sum + r.header.length + r.bodyBytes, BYTES_OPENING.length);
  return { bytes, writeInto: (out, start) => writeRecords(records, out, start) };
}

function writeRecords(records: readonly ByteRecord[], out: Buffer, start: number): number {
  let at = start + out.write(BYTES_OPENING, start, 'latin1');
  for (const { header, body } of records) {
    // Headers are ASCII (ids match the protocol's Id pattern), as is a relayed signal's head.
    at += out.write(header, at, 'latin1');
    if ('text' in body) at += out.write(body.text, at, 'utf8');
    else {
      at += out.write(body.head, at, 'latin1');
      at += body.bytes.copy(out, at);
    }
  }
  return at - start;
}

/** Deliveries as one message in bytes (version 3), in a buffer of its own. */
export function encodeDeliveries(deliveries: readonly Delivery[]): Buffer {
  const message = measureDeliveries(deliveries);
  const out = Buffer.allocUnsafe(message.bytes);
  message.writeInto(out, 0);
  return out;
}

/** The deliveries of one message, whatever release wrote it; throws on anything malformed. */
export function decodeMessage(message: Buffer): Delivery[] {
  if (message[0] === BYTES_OPENING.charCodeAt(0) && message[1] === NEWLINE) return decodeBytes(message);
  return decodeDeliveries(message.toString());
}

/** A message in bytes (version 3): frames come out as views of the message's bytes, never decoded. */
function decodeBytes(message: Buffer): Delivery[] {
  const out: Delivery[] = [];
  let at = BYTES_OPENING.length;
  while (at < message.length) {
    const newline = message.indexOf(NEWLINE, at);
    if (newline < 0) throw new Error('malformed delivery: no header line');
    const header = message.toString('latin1', at, newline).split(' ');
    const length = Number(header.at(-1));
    const end = newline + 1 + length;
    if (!Number.isInteger(length) || length < 0 || end > message.length) throw new Error('malformed delivery: bad length');
    at = end;
    if (header[0] === 'C' && header.length === 2) {
      out.push(JSON.parse(message.toString('utf8', newline + 1, end)) as Delivery);
      continue;
    }
    const [appointmentId, participantId, session, type] = frameHeader(header, 6);
    out.push({ appointmentId, participantId, session, frame: { type, head: '', bytes: message.subarray(newline + 1, end) } });
  }
  return out;
}

/** The deliveries of one message written as text (versions 1 and 2), in the order they were encoded. */
export function decodeDeliveries(text: string): Delivery[] {
  if (text.startsWith('C {')) return [JSON.parse(text.slice(2)) as Delivery];
  const out: Delivery[] = [];
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    if (newline < 0) throw new Error('malformed delivery: no header line');
    const header = text.slice(at, newline).split(' ');
    // Version 1's frame: no length, the rest of the message is the frame.
    const single = header[0] === 'F' && header.length === 5 && at === 0;
    const length = single ? text.length - newline - 1 : Number(header.at(-1));
    const end = newline + 1 + length;
    if (!Number.isInteger(length) || length < 0 || end > text.length) throw new Error('malformed delivery: bad length');
    const body = text.slice(newline + 1, end);
    at = end;
    if (header[0] === 'C' && header.length === 2) {
      out.push(JSON.parse(body) as Delivery);
      continue;
    }
    const [appointmentId, participantId, session, type] = frameHeader(header, single ? 5 : 6);
    out.push({ appointmentId, participantId, session, frame: { type, text: body } });
  }
  return out;
}

/** A frame record's header fields: appointment, participant, session and frame type. */
function frameHeader(header: string[], fields: number): [string, string, string, SerializedFrame['type']] {
  const [kind, appointmentId, participantId, session, type] = header;
  if (kind !== 'F' || header.length !== fields || !appointmentId || !participantId || !session || !type) {
    throw new Error('malformed delivery: bad header');
  }
  return [appointmentId, participantId, session, type as SerializedFrame['type']];
}
