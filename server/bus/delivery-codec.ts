// How frames for another node's sockets travel in one Redis message: a record per delivery, each a
// header line and a body whose length the header gives, so the 4 KB of an offer are neither escaped
// into an envelope nor parsed again on the way through, and several records fit one message.
//   F <appointment> <participant> <session> <frame type> <length>\n<frame text>
//   C <length>\n<JSON of the close request>
import type { Delivery, SerializedFrame } from './types.js';

export function encodeDelivery(d: Delivery): string {
  if ('frame' in d) return `F ${d.appointmentId} ${d.participantId} ${d.session} ${d.frame.type} ${d.frame.text.length}\n${d.frame.text}`;
  const body = JSON.stringify(d);
  return `C ${body.length}\n${body}`;
}

/** The deliveries of one message, in the order they were encoded; throws on anything malformed. */
export function decodeDeliveries(text: string): Delivery[] {
  const out: Delivery[] = [];
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    if (newline < 0) throw new Error('malformed delivery: no header line');
    const header = text.slice(at, newline).split(' ');
    const length = Number(header.at(-1));
    const end = newline + 1 + length;
    if (!Number.isInteger(length) || length < 0 || end > text.length) throw new Error('malformed delivery: bad length');
    const body = text.slice(newline + 1, end);
    at = end;
    if (header[0] === 'C' && header.length === 2) {
      out.push(JSON.parse(body) as Delivery);
      continue;
    }
    const [kind, appointmentId, participantId, session, type] = header;
    if (kind !== 'F' || header.length !== 6 || !appointmentId || !participantId || !session || !type) {
      throw new Error('malformed delivery: bad header');
    }
    out.push({ appointmentId, participantId, session, frame: { type: type as SerializedFrame['type'], text: body } });
  }
  return out;
}
