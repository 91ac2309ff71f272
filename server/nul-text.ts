// Text with the NUL character (U+0000) is refused before any route sees it. PostgreSQL cannot store it
// in a text column, so a name or email holding one failed there as a server error (500, logged at
// error) while SQLite stored it: nothing a person types holds it, and the answer should not depend on
// the engine. Refused as a validation error, so each route family words it as it words the others.
import type { FastifyInstance } from 'fastify';

const NUL = '\u0000';

/** The JSON Pointer of the first string (or property name) in `value` that holds a NUL, or null. */
export function firstNulText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path || '/' : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    const here = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key.includes(NUL)) return here;
    const found = firstNulText(inner, here);
    if (found) return found;
  }
  return null;
}

export function refuseNulText(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const field = firstNulText(value);
      if (field === null) continue;
      throw Object.assign(new Error(`${where}${field === '/' ? '' : field} must not contain the character U+0000`), {
        statusCode: 400,
        code: 'FST_ERR_VALIDATION',
        validationContext: where,
        validation: [{ instancePath: field === '/' ? '' : field, message: 'must not contain the character U+0000', params: {} }],
      });
    }
  });
}
