// Frames for another node's sockets (server/bus/delivery-codec.ts): several in one message come back
// out as they went in, whatever their text holds; a damaged message is refused, not half read.
import { describe, expect, it } from 'vitest';
import { decodeDeliveries, encodeDelivery } from '../../server/bus/delivery-codec.js';
import type { Delivery } from '../../server/bus/types.js';

const to = { appointmentId: 'apt-1', participantId: 'p-2', session: 's-3' };

describe('delivery codec', () => {
  it('carries several frames and closes in one message, in order, text untouched', () => {
    const deliveries: Delivery[] = [
      {
        ...to,
        frame: { type: 'signal', text: JSON.stringify({ type: 'signal', description: { sdp: 'v=0\r\nline two\nF 1 2 3 x 9\n' } }) },
      },
      { ...to, close: { code: 4001, reason: 'replaced by a newer connection' } },
      { ...to, session: 's-4', frame: { type: 'chat', text: '{"type":"chat","text":"Grüße 👋\\n"}' } },
      { ...to, frame: { type: 'pong', text: '' } },
    ];
    expect(decodeDeliveries(deliveries.map((d) => encodeDelivery(d)).join(''))).toEqual(deliveries);
  });

  it("reads the previous release's messages, and writes one for it that it can read", () => {
    const frame: Delivery = { ...to, frame: { type: 'signal', text: '{"type":"signal","sdp":"a\nb"}' } };
    const close: Delivery = { ...to, close: { code: 4001, reason: 'replaced' } };
    // As the previous release wrote them.
    expect(decodeDeliveries(`F apt-1 p-2 s-3 signal\n${frame.frame.text}`)).toEqual([frame]);
    expect(decodeDeliveries(`C ${JSON.stringify(close)}`)).toEqual([close]);
    // As that release read them: the header's first five fields, the frame after the first line; a close as JSON after "C ".
    const single = encodeDelivery(frame, true);
    expect(single.slice(0, single.indexOf('\n')).split(' ').slice(0, 5)).toEqual(['F', 'apt-1', 'p-2', 's-3', 'signal']);
    expect(single.slice(single.indexOf('\n') + 1)).toBe(frame.frame.text);
    expect(JSON.parse(encodeDelivery(close, true).slice(2))).toEqual(close);
  });

  it('refuses a message that is cut short or has a damaged header', () => {
    const whole = encodeDelivery({ ...to, frame: { type: 'signal', text: '{"type":"signal"}' } });
    expect(() => decodeDeliveries(whole.slice(0, -3))).toThrow(/length/);
    expect(() => decodeDeliveries(whole.replace('F ', 'X '))).toThrow(/header/);
    expect(() => decodeDeliveries('F apt-1 p-2 s-3 signal')).toThrow(/header line/);
    expect(() => decodeDeliveries(`${whole}C x\n{}`)).toThrow(/length/);
  });
});
