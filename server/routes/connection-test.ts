// The connection test's server side: bytes to download, a sink to upload into (timed here, where the
// bytes arrive), and short-lived TURN credentials for an anonymous test. None of these needs a link:
// people run the test the day before their visit. Every route is rate-limited and size-capped, and the
// transfers need a speed-test ticket (server/speed-test.ts) that bounds what anyone can make this
// server send or receive.
import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { limitKey } from '../client-address.js';
import {
  MAX_TEST_BYTES,
  MIN_TICKET_BYTES,
  SpeedTestLimits,
  SpeedTestRefusal,
  TICKET_BYTES,
  TICKET_TTL_MS,
  TRANSFER_TIME_LIMIT_MS,
  type TicketClaims,
  bearer,
  issueTicket,
  speedTestKey,
  verifyTicket,
} from '../speed-test.js';
import { turnIceServers } from '../turn/credentials.js';
import { refuseUnreadBody } from '../unread-body.js';

export { MAX_TEST_BYTES };
/** TURN credentials for a test expire quickly: the test takes seconds. */
export const TEST_TURN_TTL_SECONDS = 10 * 60;

/** One random block, streamed over and over: incompressible without spending CPU per request. */
const BLOCK = randomBytes(1024 * 1024);

/** What the upload parser hands the route: the byte count and when the first and last chunks arrived. */
export interface UploadTiming {
  bytes: number;
  firstChunkBytes: number;
  ms: number;
}

class TestUploadTooLarge extends Error {
  readonly statusCode = 413;
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  constructor() {
    super(`The test upload is larger than ${MAX_TEST_BYTES} bytes`);
  }
}

/** The client went away mid-upload (a tab closed during the test): its doing, answered as a 400, not a server fault. */
class TestUploadCutShort extends Error {
  readonly statusCode = 400;
  readonly code = 'UPLOAD_CUT_SHORT';
  constructor() {
    super('The test upload stopped before its end');
  }
}

/**
 * Consumes an octet-stream body without keeping it, timing it from the first chunk to the last.
 * Timing starts at the first chunk (not at the request) so connection set-up and the browser's own
 * delay before sending do not count; the first chunk's bytes are reported so the browser can leave
 * them out of the rate, too.
 */
function timeUpload(req: FastifyRequest, payload: NodeJS.ReadableStream, done: (err: Error | null, body?: UploadTiming) => void): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_TEST_BYTES) {
    done(new TestUploadTooLarge());
    return;
  }
  let bytes = 0;
  let firstChunkBytes = 0;
  let first = 0;
  let last = 0;
  let finished = false;
  const finish = (err: Error | null, body?: UploadTiming): void => {
    if (finished) return;
    finished = true;
    payload.removeListener('data', onData);
    if (err) {
      // Stop reading; Fastify answers and closes the connection.
      payload.resume();
      done(err);
    } else {
      done(null, body);
    }
  };
  const onData = (chunk: Buffer): void => {
    const now = performance.now();
    if (bytes === 0) {
      first = now;
      firstChunkBytes = chunk.length;
    }
    last = now;
    bytes += chunk.length;
    if (bytes > MAX_TEST_BYTES) finish(new TestUploadTooLarge());
  };
  payload.on('data', onData);
  payload.once('end', () => finish(null, { bytes, firstChunkBytes, ms: Math.round((last - first) * 1000) / 1000 }));
  payload.once('error', () => finish(new TestUploadCutShort()));
}

/** Streams `total` bytes from the random block, honouring backpressure. */
function randomStream(total: number): Readable {
  let sent = 0;
  let offset = Math.floor(Math.random() * BLOCK.length);
  return new Readable({
    highWaterMark: 64 * 1024,
    read(size) {
      if (sent >= total) {
        this.push(null);
        return;
      }
      const n = Math.min(size, total - sent, 64 * 1024, BLOCK.length - offset);
      this.push(BLOCK.subarray(offset, offset + n));
      sent += n;
      offset = (offset + n) % BLOCK.length;
    },
  });
}

const errorSchema = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, code: { type: 'string' }, error: { type: 'string' }, message: { type: 'string' } },
} as const;

/** Per-address limits count an IPv6 /64 as one address. */
const byAddress = (req: FastifyRequest): string => limitKey(req.ip);

export default async function connectionTestRoutes(app: FastifyInstance): Promise<void> {
  // Scoped to this plugin (no fastify-plugin wrapper): other routes keep refusing octet-stream.
  app.addContentTypeParser('application/octet-stream', { bodyLimit: MAX_TEST_BYTES }, timeUpload);

  const key = speedTestKey(app.vestibule.secrets.linkKey);
  const limits = new SpeedTestLimits(app.vestibule.config.speedTest);
  const sweeper = setInterval(() => limits.sweep(), 60_000).unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  const tickets = new WeakMap<FastifyRequest, TicketClaims>();

  // A refusal is an answer, not a fault: one line, no stack; a full server (503) at warn so operators see it.
  app.setErrorHandler((err, req, reply) => {
    if (!(err instanceof SpeedTestRefusal)) throw err;
    if (err.statusCode === 429) app.vestibule.metrics.rateLimited('speed_test');
    req.log[err.statusCode === 503 ? 'warn' : 'info']({ code: err.code, statusCode: err.statusCode }, 'speed test refused');
    return reply
      .code(err.statusCode)
      .headers(err.headers)
      .header('cache-control', 'no-store')
      .send({ statusCode: err.statusCode, code: err.code, error: STATUS_CODES[err.statusCode], message: err.message });
  });

  /** onRequest for the transfers: a valid, unexpired ticket, checked before any byte is read or sent. */
  const requireTicket = async (req: FastifyRequest): Promise<void> => {
    tickets.set(req, verifyTicket(key, bearer(req.headers.authorization), Date.now()));
  };
  /**
   * Counts a transfer of `bytes` against the ticket, the address and the server, until the response
   * closes; one still running after TRANSFER_TIME_LIMIT_MS (a stalled or trickling client) is cut off.
   */
  const beginTransfer = (req: FastifyRequest, reply: FastifyReply, bytes: number): void => {
    const end = limits.begin(tickets.get(req)!, byAddress(req), bytes);
    const timer = setTimeout(() => {
      req.log.info({ limitMs: TRANSFER_TIME_LIMIT_MS }, 'speed-test transfer took too long; closing it');
      req.raw.destroy();
      reply.raw.destroy();
    }, TRANSFER_TIME_LIMIT_MS);
    reply.raw.once('close', () => {
      clearTimeout(timer);
      end();
    });
  };

  app.post(
    '/api/connection-test/ticket',
    {
      bodyLimit: 1024,
      // It takes nothing: a body asking for more bytes or time would otherwise be silently ignored.
      preValidation: refuseUnreadBody,
      config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: byAddress } },
      schema: {
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ticket: { type: 'string' },
              bytes: { type: 'integer' },
              expiresInSeconds: { type: 'integer' },
              maxTransferBytes: { type: 'integer' },
            },
            required: ['ticket', 'bytes', 'expiresInSeconds', 'maxTransferBytes'],
          },
          '4xx': errorSchema,
          503: errorSchema,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      limits.checkCapacity();
      const address = byAddress(req);
      const left = limits.remaining(address);
      if (left < MIN_TICKET_BYTES) throw limits.budgetSpent(address);
      const bytes = Math.min(TICKET_BYTES, left);
      const { ticket } = issueTicket(key, bytes, Date.now());
      app.vestibule.metrics.connectionTest();
      return { ticket, bytes, expiresInSeconds: TICKET_TTL_MS / 1000, maxTransferBytes: MAX_TEST_BYTES };
    },
  );

  app.get<{ Querystring: { bytes: number } }>(
    '/api/connection-test/download',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      onRequest: requireTicket,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            bytes: { type: 'integer', minimum: 1, maximum: MAX_TEST_BYTES },
            // A cache-buster the browser may add; ignored.
            r: { type: 'string', maxLength: 32 },
          },
          required: ['bytes'],
        },
        response: { '4xx': errorSchema, 503: errorSchema },
      },
    },
    async (req, reply) => {
      const { bytes } = req.query;
      beginTransfer(req, reply, bytes);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(bytes))
        .header('cache-control', 'no-store')
        .send(randomStream(bytes));
    },
  );

  app.post<{ Body: UploadTiming | undefined }>(
    '/api/connection-test/upload',
    {
      bodyLimit: MAX_TEST_BYTES,
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      onRequest: requireTicket,
      // Counted before the body is read: the declared length is what the ticket pays for.
      preParsing: async (req, reply) => {
        const declared = Number(req.headers['content-length']);
        if (req.headers['content-length'] === undefined || !Number.isInteger(declared) || declared < 0) {
          throw new SpeedTestRefusal(411, 'length_required', 'A speed-test upload must say its length (Content-Length).');
        }
        // Larger than any test upload: the body parser refuses it with 413 without counting it.
        if (declared <= MAX_TEST_BYTES) beginTransfer(req, reply, declared);
      },
      schema: {
        headers: {
          type: 'object',
          properties: { 'content-type': { type: 'string', pattern: '^application/octet-stream' } },
          required: ['content-type'],
        },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              bytes: { type: 'integer' },
              ms: { type: 'number' },
              firstChunkBytes: { type: 'integer' },
            },
            required: ['bytes', 'ms', 'firstChunkBytes'],
          },
          '4xx': errorSchema,
          503: errorSchema,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return req.body ?? { bytes: 0, ms: 0, firstChunkBytes: 0 };
    },
  );

  app.get(
    '/api/connection-test/ice',
    {
      // Anyone may ask, so credentials are few, short-lived and tied to a throwaway id.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              iceServers: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    urls: { type: 'array', items: { type: 'string' } },
                    username: { type: 'string' },
                    credential: { type: 'string' },
                  },
                  required: ['urls'],
                },
              },
              turnConfigured: { type: 'boolean' },
            },
            required: ['iceServers', 'turnConfigured'],
          },
        },
      },
    },
    async (_req, reply) => {
      const { config, secrets } = app.vestibule;
      reply.header('cache-control', 'no-store');
      const turn = config.turn;
      if (!turn || turn.urls.length === 0) return { iceServers: [], turnConfigured: false };
      const now = new Date();
      const ttl = Math.min(turn.maxTtlSeconds, TEST_TURN_TTL_SECONDS);
      const iceServers = turnIceServers(
        { urls: turn.urls, secret: turn.secret ?? secrets.turnSecret, maxTtlSeconds: ttl },
        { participantId: `test-${randomUUID().replace(/-/g, '').slice(0, 16)}`, now, notAfter: new Date(now.getTime() + ttl * 1000) },
      );
      return {
        iceServers: iceServers.map((s) => ({ ...s, urls: Array.isArray(s.urls) ? s.urls : [s.urls] })),
        turnConfigured: true,
      };
    },
  );
}
