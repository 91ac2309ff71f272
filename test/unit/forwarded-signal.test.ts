// forwardSignal: which frames are passed on as written, and what the relayed frame then says.
import { describe, expect, it } from 'vitest';
import { frameText } from '../../server/bus/delivery-codec.js';
import { type ForwardedSignal, forwardSignal } from '../../server/signaling/forwarded-signal.js';

const received = (text: string) => ({ bytes: Buffer.from(text), text });
/** The relayed frame as a socket on this node sends it: the opening, then the sender's bytes. */
const bytesSent = (s: ForwardedSignal) => Buffer.concat([Buffer.from(s.head), s.bytes]).toString('utf8');

describe('forwardSignal', () => {
  it('passes on what follows the opening the page writes, after the sender and session', () => {
    const members = '"candidate":{"candidate":"candidate:1 1 udp 1 10.0.0.1 9 typ host","sdpMid":"0"},"x":"é"}';
    const s = forwardSignal(received(`{"type":"signal","to":"prov-1",${members}`), 'prov-1', 'client-1', 'sess-1');
    expect(s).not.toBeNull();
    const expected = `{"type":"signal","from":"client-1","session":"sess-1",${members}`;
    expect(frameText(s!)).toBe(expected);
    // The opening is ASCII, so the same offset cuts the bytes where it cuts the text.
    expect(bytesSent(s!)).toBe(expected);
  });

  it('leaves every other way of writing the frame to the server to write out again', () => {
    for (const text of [
      '{ "type":"signal","to":"prov-1","candidate":null}',
      '{"to":"prov-1","type":"signal","candidate":null}',
      '{"type":"signal","to":"prov-2","candidate":null,"to":"prov-1"}',
      '{"type":"signal","to":"prov-1"}',
      // Another participant whose id begins with the target's.
      '{"type":"signal","to":"prov-12","candidate":null}',
    ]) {
      expect(forwardSignal(received(text), 'prov-1', 'client-1', 'sess-1'), text).toBeNull();
    }
  });
});
