// Every error from /api/v1 in one shape: RFC 9457 problem details (application/problem+json), with a
// stable `code`, and for a request that breaks its schema the field it got wrong. A client's mistake
// is logged at info without a stack; only the server's own failures are errors.
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PracticeError } from '../practice/errors.js';
import { isDatabaseUnavailable } from '../store/db.js';

export const PROBLEM_TYPE = 'application/problem+json';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem: the reference page, at the code.' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable, machine-readable: invalid_request, not_found, forbidden, …' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          in: Type.String({ description: 'body, querystring, params or headers' }),
          field: Type.String({ description: 'JSON Pointer to the field, e.g. /clientIds/0' }),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', title: 'Problem details (RFC 9457)' },
);

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: { in: string; field: string; message: string }[],
): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_TYPE)
    .send({
      type: `/api/v1/reference#problem-${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      ...(errors ? { errors } : {}),
    });
}

interface AjvError {
  instancePath: string;
  keyword?: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string; allowedValue?: unknown };
}

/** The field a schema error is about, as a JSON Pointer: a missing property is named, not its parent. */
function fieldOf(e: AjvError): string {
  const extra = e.params?.missingProperty ?? e.params?.additionalProperty;
  return extra ? `${e.instancePath}/${extra}` : e.instancePath || '/';
}

/**
 * One line per field. A union of constants ("en" or "es") fails once per choice and once for the
 * union: say "must be one of" them instead.
 */
function fieldErrors(list: AjvError[]): { field: string; message: string }[] {
  const byField = new Map<string, AjvError[]>();
  for (const e of list) byField.set(fieldOf(e), [...(byField.get(fieldOf(e)) ?? []), e]);
  return [...byField].map(([field, errs]) => {
    const allowed = errs.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params?.allowedValue));
    return { field, message: allowed.length > 1 ? `must be one of ${allowed.join(', ')}` : (errs[0]!.message ?? 'is not valid') };
  });
}

export function apiErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ApiProblem) return sendProblem(reply, err.status, err.code, err.message);
  if (err instanceof PracticeError) {
    if (err.retryAfterSeconds) reply.header('retry-after', String(err.retryAfterSeconds));
    return sendProblem(reply, err.statusCode, err.code, err.message);
  }
  if (err.validation) {
    const where = err.validationContext ?? 'body';
    const errors = fieldErrors(err.validation as AjvError[]).map((e) => ({ in: where, ...e }));
    const first = errors[0]!;
    return sendProblem(reply, 400, 'invalid_request', `${where} ${first.field}: ${first.message}`, errors);
  }
  if (isDatabaseUnavailable(err)) {
    req.log.error({ err }, 'database unavailable');
    reply.header('retry-after', '5');
    return sendProblem(reply, 503, 'unavailable', 'Vestibule cannot reach its database right now; try again in a moment.');
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    req.log.info({ code: err.code, status }, 'api request refused');
    return sendProblem(reply, status, status === 429 ? 'rate_limited' : (err.code?.toLowerCase() ?? 'bad_request'), err.message);
  }
  req.log.error({ err }, 'api request failed');
  return sendProblem(reply, 500, 'internal', 'Something went wrong on the server; it has been logged.');
}
