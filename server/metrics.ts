// Prometheus metrics: what an operator graphs and alerts on. Every label takes its value from a small
// fixed set (protocol message types, error codes, limit names), so no visitor can make new series and
// no label ever holds an id, a name or an address. Each app owns its own Registry (not prom-client's
// global one), so tests can build many apps side by side.
//
// Served on GET /metrics of the public port only with `Authorization: Bearer <METRICS_TOKEN>`
// (server/routes/metrics.ts), and/or on a private address of its own (METRICS_LISTEN, startMetricsListener).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TObject, TUnion } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ClientMessage, ErrorCode, ServerMessage } from '../shared/protocol.js';
import type { Config } from './config.js';

/** The label value for anything outside a label's fixed set. */
export const OTHER = 'other';

function literals(union: TUnion): string[] {
  return union.anyOf.map((v) => String((v as unknown as { const: string }).const));
}
function messageTypes(union: TUnion): string[] {
  return union.anyOf.map((v) => String(((v as TObject).properties.type as unknown as { const: string }).const));
}

/** Client -> server message types (shared/protocol.ts), the values of frames_in_total's `type`. */
export const CLIENT_FRAME_TYPES: readonly string[] = messageTypes(ClientMessage);
/** Server -> client message types, the values of frames_out_total's `type`. */
export const SERVER_FRAME_TYPES: readonly string[] = messageTypes(ServerMessage);
/** The protocol's error codes, the values of errors_total's `code`. */
export const ERROR_CODES: readonly string[] = literals(ErrorCode);

/** Limits whose refusals are counted in vestibule_rate_limit_refusals_total{limit}. */
export const RATE_LIMITS = [
  /** @fastify/rate-limit on an HTTP route (HTTP_REQUESTS_PER_MINUTE, the connection test's own limits). */
  'http',
  /** Sockets opened from one address on GET /ws (WS_UPGRADES_PER_MINUTE, signaling-guard.ts). */
  'ws_upgrade',
  /** A socket's token bucket refused a frame (`rate_limited` error frame). */
  'ws_frames',
  /** An address that sent too many refused links (WS_BAD_HELLOS_PER_MINUTE) was refused. */
  'bad_hello',
  /** A link was used to join too often (WS_JOINS_PER_MINUTE_PER_LINK). */
  'link_joins',
  /** The speed test refused a transfer or ticket with 429 (hourly allowance spent, one already running). */
  'speed_test',
  /** An address that tried too many short-link codes that open nothing was refused (guessing). */
  'unknown_codes',
] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

/** Mistakes of a client (not of the server), counted instead of being logged at error level. */
export const CLIENT_ERROR_KINDS = [
  /** A text frame that is not JSON. */
  'bad_json',
  /** JSON that is not a valid message (wrong shape, unknown type). */
  'bad_frame',
  /** A frame over MAX_FRAME_BYTES. */
  'frame_too_large',
  /** A binary frame: the protocol is JSON text only. */
  'binary_frame',
  /** A text frame that is not valid UTF-8 (ws closes the socket with 1007). */
  'invalid_utf8',
  /** A frame before hello that is not hello or ping. */
  'hello_required',
  /** A hello with a protocol version this server does not speak. */
  'unsupported_version',
  /** Any other error the socket reported (bad close code, a payload over ws's maxPayload, …). */
  'socket_error',
] as const;
export type ClientErrorKind = (typeof CLIENT_ERROR_KINDS)[number];

/** What the hub reports about this machine's live visits, read at every scrape. */
export interface VisitGauges {
  /** Visits with at least one person connected to this machine. */
  visitsOpen: number;
  /** Connected people in a waiting room. */
  waiting: number;
  /** Connected people admitted to the call. */
  inCall: number;
}

function tally(counts: Map<string, number>, type: string): void {
  counts.set(type, (counts.get(type) ?? 0) + 1);
}

/**
 * A counter of frames by type that takes what `tally` counted when it is scraped. prom-client's inc()
 * builds and checks a label key on every call; two calls for every relayed frame were 2.6% of its CPU.
 */
function frameCounter(name: string, help: string, counted: Map<string, number>, registers: Registry[]): Counter<'type'> {
  return new Counter({
    name,
    help,
    labelNames: ['type'] as const,
    registers,
    collect() {
      for (const [type, n] of counted) this.inc({ type }, n);
      counted.clear();
    },
  });
}

/** A label value from `allowed`, or OTHER: never a value a client chose. */
function bounded(allowed: ReadonlySet<string>, value: unknown): string {
  return typeof value === 'string' && allowed.has(value) ? value : OTHER;
}

/**
 * This app's metrics and the methods that count things. All methods are cheap and never throw, so they
 * can sit on the signaling hot path; the two called for every frame are a map lookup and an addition.
 */
export class VestibuleMetrics {
  /** This app's own registry; /metrics renders it. */
  readonly registry = new Registry();
  private readonly framesIn: Counter<'type'>;
  private readonly framesOut: Counter<'type'>;
  /** Frames counted since the last scrape, by type: every frame is counted, so this is a plain addition. */
  private readonly framesInTally = new Map<string, number>();
  private readonly framesOutTally = new Map<string, number>();
  private readonly errors: Counter<'code'>;
  private readonly rateLimits: Counter<'limit'>;
  private readonly connectionTests: Counter;
  private readonly clientErrors: Counter<'kind'>;
  private readonly sets = {
    in: new Set(CLIENT_FRAME_TYPES),
    out: new Set(SERVER_FRAME_TYPES),
    code: new Set(ERROR_CODES),
    limit: new Set<string>(RATE_LIMITS),
    kind: new Set<string>(CLIENT_ERROR_KINDS),
  };
  private visitGauges: () => VisitGauges = () => ({ visitsOpen: 0, waiting: 0, inCall: 0 });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const snapshot = (): VisitGauges => {
      try {
        return this.visitGauges();
      } catch {
        // A broken callback must not cost the whole scrape: its gauges read NaN ("no value"), the rest stands.
        return { visitsOpen: Number.NaN, waiting: Number.NaN, inCall: Number.NaN };
      }
    };
    new Gauge({
      name: 'vestibule_visits_open',
      help: 'Visits with at least one person connected to this machine',
      registers,
      collect() {
        this.set(snapshot().visitsOpen);
      },
    });
    new Gauge({
      name: 'vestibule_participants',
      help: 'People connected to this machine, by where they are: waiting room or call',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const s = snapshot();
        this.set({ state: 'waiting' }, s.waiting);
        this.set({ state: 'in_call' }, s.inCall);
      },
    });
    this.framesIn = frameCounter(
      'vestibule_frames_in_total',
      `Signaling frames received, by message type ("${OTHER}": not a protocol type)`,
      this.framesInTally,
      registers,
    );
    this.framesOut = frameCounter('vestibule_frames_out_total', 'Signaling frames sent, by message type', this.framesOutTally, registers);
    this.errors = new Counter({
      name: 'vestibule_errors_total',
      help: 'Error frames sent to clients, by protocol error code',
      labelNames: ['code'] as const,
      registers,
    });
    this.rateLimits = new Counter({
      name: 'vestibule_rate_limit_refusals_total',
      help: 'Requests, sockets and frames refused by a rate limit, by limit',
      labelNames: ['limit'] as const,
      registers,
    });
    this.connectionTests = new Counter({
      name: 'vestibule_connection_tests_total',
      help: 'Connection-test speed-test tickets issued (about one per test run)',
      registers,
    });
    this.clientErrors = new Counter({
      name: 'vestibule_client_errors_total',
      help: 'Mistakes of clients (bad frames, invalid UTF-8), by kind',
      labelNames: ['kind'] as const,
      registers,
    });
    // Every series exists from the start at 0, so rate() and alerts see the first increment.
    for (const type of [...this.sets.in, OTHER]) this.framesIn.inc({ type }, 0);
    for (const type of [...this.sets.out, OTHER]) this.framesOut.inc({ type }, 0);
    for (const code of [...this.sets.code, OTHER]) this.errors.inc({ code }, 0);
    for (const limit of [...this.sets.limit, OTHER]) this.rateLimits.inc({ limit }, 0);
    for (const kind of [...this.sets.kind, OTHER]) this.clientErrors.inc({ kind }, 0);
  }

  /**
   * One frame received from a client. Pass the frame's `type` as it came (also for frames that fail
   * validation): anything that is not a client message type of shared/protocol.ts counts as "other".
   */
  frameIn(type: unknown): void {
    tally(this.framesInTally, bounded(this.sets.in, type));
  }

  /** One frame sent to a client: its `type` (a ServerMessage type; anything else counts as "other"). */
  frameOut(type: unknown): void {
    tally(this.framesOutTally, bounded(this.sets.out, type));
  }

  /**
   * One `error` frame sent, by its ErrorCode. frameOut('error') counts the frame too; this says which
   * error it was. Unknown codes count as "other".
   */
  error(code: ErrorCode): void {
    this.errors.inc({ code: bounded(this.sets.code, code) });
  }

  /** One refusal by a rate limit (see RATE_LIMITS for which is which); an unknown name counts as "other". */
  rateLimited(limit: RateLimitName): void {
    this.rateLimits.inc({ limit: bounded(this.sets.limit, limit) });
  }

  /** A speed-test ticket was issued (POST /api/connection-test/ticket): about one per connection test. */
  connectionTest(): void {
    this.connectionTests.inc();
  }

  /** A client's mistake (see CLIENT_ERROR_KINDS); log it at info or debug, not error. Unknown kinds count as "other". */
  clientError(kind: ClientErrorKind): void {
    this.clientErrors.inc({ kind: bounded(this.sets.kind, kind) });
  }

  /**
   * Where the visit gauges come from: the hub passes a callback that counts its live visits. It is
   * called at every scrape (so keep it cheap and synchronous) and replaces any earlier callback.
   * Until one is set the gauges read 0; while it throws they read NaN.
   */
  setVisitGauges(read: () => VisitGauges): void {
    this.visitGauges = read;
  }

  /** The Content-Type of render()'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];
}

/**
 * Whether the Authorization header carries `token`. Compared in constant time: both sides are hashed
 * first, so neither their contents nor their lengths show in the time taken.
 */
export function metricsAuthorized(authorization: string | undefined, token: string): boolean {
  const given = bearerToken(authorization);
  if (given === undefined || token === '') return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(token).digest());
}

export interface MetricsListener {
  /** Where it listens (the real port when METRICS_LISTEN asked for port 0); null when not configured. */
  address: { host: string; port: number } | null;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics, and nothing else, on METRICS_LISTEN (e.g. 127.0.0.1:9464): a private address
 * Prometheus scrapes without going through the public port. Requires the bearer token too when
 * METRICS_TOKEN is set. When METRICS_LISTEN is not set, starts nothing and returns a handle whose
 * close() does nothing, so the caller needs no condition:
 *
 *   const metricsListener = await startMetricsListener(config, app.vestibule.metrics, logger);
 *   // on shutdown, after app.close():
 *   await metricsListener.close();
 *
 * Rejects when the address cannot be listened on (in use, not this machine's).
 */
export async function startMetricsListener(config: Config, metrics: VestibuleMetrics, log?: FastifyBaseLogger): Promise<MetricsListener> {
  const listen = config.metrics.listen;
  if (!listen) return { address: null, close: async () => {} };
  const token = config.metrics.token;
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const answer = (status: number, text: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(text);
    };
    if (path !== '/metrics') return answer(404, 'Not found: this address serves /metrics only\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'Method not allowed\n', { allow: 'GET, HEAD' });
    if (token && !metricsAuthorized(req.headers.authorization, token)) {
      return answer(401, 'Unauthorized\n', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    metrics.render().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        log?.error({ err }, 'metrics could not be rendered');
        answer(500, 'Metrics could not be rendered\n');
      },
    );
  });
  // Nothing here is slow to send: a connection that dawdles is dropped.
  server.headersTimeout = 5000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: listen.host, port: listen.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = { host: listen.host, port: bound.port };
  log?.info({ metricsListen: `${bound.address}:${bound.port}` }, 'metrics listening');
  let closing: Promise<void> | undefined;
  return {
    address,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
