// Turns one raw WebSocket frame into a validated ClientMessage, or a protocol error to send back.
// Validation picks the schema by `type` first, so an unknown type gets a precise error.
import { Ajv, type ValidateFunction } from 'ajv';
import type { TObject } from '@sinclair/typebox';
import { ClientMessage, MAX_FRAME_BYTES, type ErrorCode } from '../../shared/protocol.js';
import type { ReceivedFrame } from './forwarded-signal.js';

/** `frame`: the frame as it arrived, for a handler that passes it on (forwarded-signal.ts). */
export type Parsed = { ok: true; message: ClientMessage; frame: ReceivedFrame } | { ok: false; code: ErrorCode; message: string };

// `unicode: false`: string limits count UTF-16 code units, as the page's maxlength and .length do, so
// the server's limit is the browser's (and the 4 KB of an SDP are not walked one character at a time).
// Ajv calls the option deprecated and says so on the console at start-up; with strict mode off that
// notice is all its logger would print, so it is silenced.
const ajv = new Ajv({ allErrors: false, strict: false, unicode: false, logger: false });
const validators = new Map<string, ValidateFunction>();
for (const variant of ClientMessage.anyOf as TObject[]) {
  const type = (variant.properties.type as unknown as { const: string }).const;
  validators.set(type, ajv.compile(variant));
}

export function parseFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Parsed {
  // ws hands over a Buffer: copying it (Buffer.from) cost a pass over every frame's bytes for nothing.
  const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  if (buf.length > MAX_FRAME_BYTES) {
    return { ok: false, code: 'frame_too_large', message: `Frames are limited to ${MAX_FRAME_BYTES} bytes` };
  }
  if (isBinary) return { ok: false, code: 'bad_frame', message: 'Frames must be JSON text' };
  const text = buf.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad_json', message: 'Frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'bad_frame', message: 'Frame must be a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  const validate = typeof type === 'string' ? validators.get(type) : undefined;
  if (!validate) {
    const named = typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : `(a ${type === null ? 'null' : typeof type}, not a name)`;
    return { ok: false, code: 'bad_frame', message: `Unknown frame type ${named}` };
  }
  if (!validate(value)) {
    // Name the field and the rule, never echo the value (it may hold a token or SDP).
    const err = validate.errors?.[0];
    const where = err ? `${err.instancePath || '/'} ${err.message ?? ''}` : '';
    return { ok: false, code: 'bad_frame', message: `Invalid "${type}" frame: ${where}`.trim() };
  }
  return { ok: true, message: value as ClientMessage, frame: { bytes: buf, text } };
}
