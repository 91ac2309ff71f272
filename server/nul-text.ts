// Text with the NUL character (U+0000) is refused before any route sees it. PostgreSQL cannot store it
// in a text column, so a name or email holding one failed there as a server error (500, logged at
// error) while SQLite stored it: nothing a person types holds it, and the answer should not depend on
// the engine. Refused as a validation error, so each route family words it as it words the others.
import type { FastifyInstance } from 'fastify';

const NUL = '\u0000';

/**
 * The JSON Pointer of a string (or property name) in `value` that holds a NUL, or null. Walked with a
 * list, not recursion: this runs before validation, on whatever nesting a body holds.
 */
export function nulTextField(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (item.includes(NUL)) return path || '/';
      continue;
    }
    if (item === null || typeof item !== 'object' || Buffer.isBuffer(item)) continue;
    for (const [key, inner] of Object.entries(item)) {
      const here = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key.includes(NUL)) return here;
      pending.push([inner, here]);
    }
  }
  return null;
}

export function refuseNulText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const field = nulTextField(value);
      if (field === null) continue;
      // The field goes to the client only (in `validation`): the message may be logged, and a property
      // name is the sender's text.
      throw Object.assign(new Error(`${where} must not contain the character U+0000`), {
        statusCode: 400,
        code: 'FST_ERR_VALIDATION',
        validationContext: where,
        validation: [{ instancePath: field === '/' ? '' : field, message: 'must not contain the character U+0000', params: {} }],
      });
    }
  });
}
