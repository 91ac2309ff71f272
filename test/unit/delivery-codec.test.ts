// Frames for another node's sockets (server/bus/delivery-codec.ts): several in one message come back
// out as they went in, whatever their text holds, as bytes never decoded; a damaged message is
// refused, not half read; the forms of earlier releases are written for them and read from them.
import { describe, expect, it } from 'vitest';
import { decodeDeliveries, decodeMessage, encodeDeliveries, encodeDelivery, frameText } from '../../server/bus/delivery-codec.js';
import type { Delivery, SerializedFrame } from '../../server/bus/types.js';

const to = { appointmentId: 'apt-1', participantId: 'p-2', session: 's-3' };
const textOf = (d: Delivery) => ('frame' in d ? { ...d, frame: { type: d.frame.type, text: frameText(d.frame) } } : d);

const offer = JSON.stringify({ type: 'signal', description: { sdp: 'v=0\r\nline two\nF 1 2 3 x 9\n3\n' } });
const chat = '{"type":"chat","text":"Grüße 👋\\n"}';
const deliveries: Delivery[] = [
  { ...to, frame: { type: 'signal', text: offer } },
  { ...to, close: { code: 4001, reason: 'replaced by a newer connection — again' } },
  { ...to, session: 's-4', frame: { type: 'chat', text: chat } },
  { ...to, frame: { type: 'pong', text: '' } },
  // A relayed signal: the server's opening, then the bytes the page wrote after its own.
  { ...to, frame: { type: 'signal', head: '{"type":"signal","from":"p-1",', bytes: Buffer.from('"x":"é ✓"}') } },
];

describe('delivery codec', () => {
  it('carries several frames and closes in one message of bytes, in order, each frame byte for byte', () => {
    const message = encodeDeliveries(deliveries);
    expect(message.subarray(0, 2).toString()).toBe('3\n');
    const out = decodeMessage(message);
    expect(out.map(textOf)).toEqual(deliveries.map(textOf));
    // The frames come out as views of the message's bytes, not as text: nothing was decoded.
    for (const d of out) if ('frame' in d) expect(d.frame).toMatchObject({ head: '', bytes: expect.any(Buffer) });
    const relayed = out[4] as { frame: Extract<SerializedFrame, { bytes: Buffer }> };
    expect(relayed.frame.bytes.toString()).toBe('{"type":"signal","from":"p-1","x":"é ✓"}');
  });

  it('counts lengths in bytes, so text beyond ASCII does not shift the next record', () => {
    const emoji: Delivery = { ...to, frame: { type: 'chat', text: '{"text":"👋👋👋"}' } };
    const after: Delivery = { ...to, frame: { type: 'pong', text: '{"type":"pong"}' } };
    const message = encodeDeliveries([emoji, after]);
    const header = message.toString('latin1', 2, message.indexOf(0x0a, 2));
    expect(header.split(' ').at(-1)).toBe(String(Buffer.byteLength('{"text":"👋👋👋"}')));
    expect(decodeMessage(message).map(textOf)).toEqual([emoji, after]);
  });

  it('writes text for a node of version 2 and reads what it writes', () => {
    const text = deliveries.map((d) => encodeDelivery(d)).join('');
    expect(decodeDeliveries(text)).toEqual(deliveries.map(textOf));
    expect(decodeMessage(Buffer.from(text))).toEqual(deliveries.map(textOf));
  });

  it('reads the messages of version 1, and writes one for it that it can read', () => {
    const frame: Delivery = { ...to, frame: { type: 'signal', text: '{"type":"signal","sdp":"a\nb"}' } };
    const close: Delivery = { ...to, close: { code: 4001, reason: 'replaced' } };
    // As version 1 wrote them.
    expect(decodeMessage(Buffer.from(`F apt-1 p-2 s-3 signal\n${frameText(frame.frame)}`))).toEqual([frame]);
    expect(decodeMessage(Buffer.from(`C ${JSON.stringify(close)}`))).toEqual([close]);
    // As version 1 read them: the header's first five fields, the frame after the first line; a close as JSON after "C ".
    const single = encodeDelivery(frame, true);
    expect(single.slice(0, single.indexOf('\n')).split(' ').slice(0, 5)).toEqual(['F', 'apt-1', 'p-2', 's-3', 'signal']);
    expect(single.slice(single.indexOf('\n') + 1)).toBe(frameText(frame.frame));
    expect(JSON.parse(encodeDelivery(close, true).slice(2))).toEqual(close);
  });

  it('refuses a message that is cut short or has a damaged header', () => {
    const whole = encodeDelivery({ ...to, frame: { type: 'signal', text: '{"type":"signal"}' } });
    expect(() => decodeDeliveries(whole.slice(0, -3))).toThrow(/length/);
    expect(() => decodeDeliveries(whole.replace('F ', 'X '))).toThrow(/header/);
    expect(() => decodeDeliveries('F apt-1 p-2 s-3 signal')).toThrow(/header line/);
    expect(() => decodeDeliveries(`${whole}C x\n{}`)).toThrow(/length/);
    const bytes = encodeDeliveries([{ ...to, frame: { type: 'signal', text: '{"type":"signal","x":"é"}' } }]);
    expect(() => decodeMessage(bytes.subarray(0, -1))).toThrow(/length/);
    expect(() => decodeMessage(Buffer.from(bytes.toString('latin1').replace('F ', 'X '), 'latin1'))).toThrow(/header/);
    expect(() => decodeMessage(Buffer.from('3\nF apt-1 p-2 s-3 signal'))).toThrow(/header line/);
    expect(() => decodeMessage(Buffer.from('3\nF apt-1 p-2 signal 2\n{}'))).toThrow(/header/);
  });
});
