// How frames for another node's sockets travel in one Redis message: a record per delivery, each a
// header line and a body whose length the header gives, so the 4 KB of an offer are neither escaped
// into an envelope nor parsed again on the way through, and several records fit one message.
//   F <appointment> <participant> <session> <frame type> <length>\n<frame text>
//   C <length>\n<JSON of the close request>
// Nodes of the previous release (met during a rolling upgrade) read one delivery per message: a frame
// record's extra length field is lost on them, and a close goes to them as `C <JSON>`. Their own
// messages, `F ... <frame type>\n<text>` and `C <JSON>`, are read here too.
import type { Delivery, SerializedFrame } from './types.js';

/** `single`: for a node of the previous release, which reads one delivery per message. */
export function encodeDelivery(d: Delivery, single = false): string {
  if ('frame' in d) return `F ${d.appointmentId} ${d.participantId} ${d.session} ${d.frame.type} ${d.frame.text.length}\n${d.frame.text}`;
  const body = JSON.stringify(d);
  return single ? `C ${body}` : `C ${body.length}\n${body}`;
}

/** The deliveries of one message, in the order they were encoded; throws on anything malformed. */
export function decodeDeliveries(text: string): Delivery[] {
  if (text.startsWith('C {')) return [JSON.parse(text.slice(2)) as Delivery];
  const out: Delivery[] = [];
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    if (newline < 0) throw new Error('malformed delivery: no header line');
    const header = text.slice(at, newline).split(' ');
    // The previous release's frame: no length, the rest of the message is the frame.
    const length = header[0] === 'F' && header.length === 5 && at === 0 ? text.length - newline - 1 : Number(header.at(-1));
    const end = newline + 1 + length;
    if (!Number.isInteger(length) || length < 0 || end > text.length) throw new Error('malformed delivery: bad length');
    const body = text.slice(newline + 1, end);
    at = end;
    if (header[0] === 'C' && header.length === 2) {
      out.push(JSON.parse(body) as Delivery);
      continue;
    }
    const [kind, appointmentId, participantId, session, type] = header;
    if (kind !== 'F' || header.length < 5 || header.length > 6 || !appointmentId || !participantId || !session || !type) {
      throw new Error('malformed delivery: bad header');
    }
    out.push({ appointmentId, participantId, session, frame: { type: type as SerializedFrame['type'], text: body } });
  }
  return out;
}
