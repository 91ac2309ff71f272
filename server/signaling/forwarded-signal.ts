// A signal goes on as its sender wrote it. The page writes `{"type":"signal","to":"<id>",` and then
// its description or candidate; the server swaps that opening for its own, which stamps the sender
// (`from`, `session`), and passes the rest on byte for byte. Writing the parsed frame out again cost
// a serialisation of a 4 KB SDP per offer and answer, most of the garbage a relayed frame made.
//
// Safe because the frame was validated first: JSON.parse keeps every key the text holds (a repeated
// one once), and the schema allows no key but type, to, description and candidate, so the rest can
// hold neither `from` nor `session`. A frame written any other way is serialised as before.

/** A frame as it arrived: its bytes and their text. */
export interface ReceivedFrame {
  bytes: Buffer;
  text: string;
}

/** A signal to relay: the server's opening (ASCII), then the bytes the sender wrote after theirs. */
export interface ForwardedSignal {
  type: 'signal';
  head: string;
  bytes: Buffer;
}

const TO_OPENING = '{"type":"signal","to":"';
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * The signal `frame` (validated, addressed to `to`) as relayed from `from`'s connection `session`,
 * or null when the page did not write the opening expected.
 */
export function forwardSignal(frame: ReceivedFrame, to: string, from: string, session: string): ForwardedSignal | null {
  // The opening is compared piece by piece, not built: this runs for every signal. `to` matched the
  // protocol's Id pattern, so it is ASCII and written in JSON as it is, and the opening's length is a
  // count of bytes as well as of characters.
  const { text } = frame;
  const afterTo = TO_OPENING.length + to.length;
  const opens =
    text.startsWith(TO_OPENING) &&
    text.startsWith(to, TO_OPENING.length) &&
    text.charCodeAt(afterTo) === QUOTE &&
    text.charCodeAt(afterTo + 1) === COMMA;
  if (!opens) return null;
  // `from` and `session` are ids the server made (newId: letters, digits, - and _), so they need no
  // escaping in JSON, nor JSON.stringify for every signal.
  const head = `{"type":"signal","from":"${from}","session":"${session}",`;
  return { type: 'signal', head, bytes: frame.bytes.subarray(afterTo + 2) };
}
