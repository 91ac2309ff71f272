// parseFrame: string limits count as the browser counts them (UTF-16 code units, like an input's
// maxlength and the chat box's counter), so the server refuses exactly what the page would not send.
import { describe, expect, it } from 'vitest';
import { MAX_CHAT_CHARS } from '../../shared/constants.js';
import { parseFrame } from '../../server/signaling/frames.js';

const frame = (value: unknown) => Buffer.from(JSON.stringify(value));
const EMOJI = '\u{1F642}'; // two UTF-16 code units, one code point

describe('parseFrame', () => {
  it('takes a chat exactly as long as the chat box allows, counted in UTF-16 code units', () => {
    const text = EMOJI.repeat(MAX_CHAT_CHARS / 2);
    expect(text.length).toBe(MAX_CHAT_CHARS);
    const parsed = parseFrame(frame({ type: 'chat', channel: 'call', text }), false);
    expect(parsed).toMatchObject({ ok: true, message: { type: 'chat', channel: 'call', text } });
  });

  it('refuses one code unit more, even when it is fewer characters than the limit', () => {
    // 1,001 characters, 2,001 code units: a code-point count would let it through.
    const text = `${EMOJI.repeat(MAX_CHAT_CHARS / 2)}a`;
    const parsed = parseFrame(frame({ type: 'chat', channel: 'call', text }), false);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.code).toBe('bad_frame');
      expect(parsed.message).toBe(`Invalid "chat" frame: /text must NOT have more than ${MAX_CHAT_CHARS} characters`);
    }
  });

  it('reads a frame split over several buffers as one', () => {
    const bytes = frame({ type: 'ping', t: 3 });
    const parsed = parseFrame([bytes.subarray(0, 5), bytes.subarray(5)], false);
    expect(parsed).toMatchObject({ ok: true, message: { type: 'ping', t: 3 }, frame: { text: bytes.toString() } });
  });
});
