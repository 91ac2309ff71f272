// A route with no body schema reads no body. One sent anyway is refused (400), not ignored: as with a
// property a schema does not name (app.ts, removeAdditional: false), what the sender meant to say
// would otherwise be dropped without a word. An empty body, `{}` or `null` is what a client library
// sends for "nothing", and passes.
import type { FastifyRequest, RouteOptions } from 'fastify';

const READS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isNothing(body: unknown): boolean {
  if (body === undefined || body === null) return true;
  return typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body) && Object.keys(body).length === 0;
}

/** A preValidation hook for a route that takes no body. */
export async function refuseUnreadBody(req: FastifyRequest): Promise<void> {
  if (isNothing(req.body)) return;
  // Worded as a validation error, so each route family answers it as it answers the others.
  throw Object.assign(new Error('body must be empty: this request takes none'), {
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
    validationContext: 'body',
    validation: [{ instancePath: '', message: 'must be empty: this request takes none', params: {} }],
  });
}

/** For an `onRoute` hook: a route that may carry a body but names no schema for it refuses one. */
export function refuseBodyWithoutSchema(route: RouteOptions): void {
  if (route.schema?.body) return;
  if (![route.method].flat().some((m) => READS_BODY.has(m))) return;
  route.preValidation = [...[route.preValidation ?? []].flat(), refuseUnreadBody];
}
