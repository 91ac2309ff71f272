// Configuration, read from the environment once at start-up and validated; everything downstream
// receives the resulting object instead of reading process.env itself.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { LogClientAddresses } from './client-address.js';
import { parseTurnUrls } from './turn/credentials.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of the SQLite file in dataDir (several machines, or a managed database). */
  databaseUrl: string | null;
  /** Redis shared by several Vestibule nodes; null runs everything in this one process. */
  redisUrl: string | null;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Server-side WebSocket heartbeat: ping every interval, drop a socket that missed one. */
  heartbeatMs: number;
  /** TURN relay; null when none is configured (peer-to-peer only, plus STUN from the relay list). */
  turn: { urls: string[]; secret: string | null; previousSecret: string | null; maxTtlSeconds: number } | null;
  /**
   * 'relay' sends all media through the TURN relay: participants never learn each other's IP
   * addresses, at the cost of relay bandwidth. Needs TURN_URLS.
   */
  iceTransportPolicy: 'all' | 'relay';
  /** Practice setting: whether a provider's camera and microphone start on when they join. */
  providerMediaStartsOn: boolean;
  /** Extra STUN servers offered to browsers (none by default: a self-hosted service calls no third party). */
  stunUrls: string[];
  /** Behind a reverse proxy, trust its X-Forwarded-* headers (client IPs for rate limits and logs). */
  trustProxy: boolean;
  /** Directory holding the built browser bundle. */
  clientDir: string;
  /** A connection must send its request headers (or its first byte) within this, or it is closed. */
  headersTimeoutMs: number;
  /** HTTP requests per minute from one address (pages, assets, connection tests). */
  httpRequestsPerMinute: number;
  /** Who may open the signaling socket, and how much anyone may hold or try. */
  signaling: SignalingLimits;
  /** The connection test's speed test: bytes one address may move per hour, and transfers running at once. */
  speedTest: { bytesPerAddressPerHour: number; maxConcurrent: number };
  /** What request log lines say about the client's IP address: nothing, its network (/24, /48), or all of it. */
  logClientAddresses: LogClientAddresses;
  /** This machine's name in /healthz and /readyz (NODE_ID, by default the host name): which of several answered. */
  nodeId: string;
  /** Who may read /metrics: with METRICS_TOKEN on the public port, and/or anyone reaching METRICS_LISTEN. */
  metrics: MetricsSettings;
  /** Staff sign-in (server/practice): failed sign-ins within the lockout time before an account or an address is locked for it. */
  practice: {
    signInFailuresPerAccount: number;
    signInFailuresPerAccountEverywhere: number;
    signInFailuresPerAddress: number;
    lockoutMinutes: number;
    /** How often an open live-status channel checks that its sign-in still holds (sign-out, deactivation). */
    liveSessionRecheckMs: number;
    /** How often an open live-status channel works out again who is running late (it changes with the clock). */
    latenessCheckMs: number;
  };
  /** Email (server/mail): SMTP when set, else the outbox staff send from by hand. */
  mail: MailSettings;
  /** The API for other systems (/api/v1): requests per minute one API key may make. */
  api: { requestsPerMinutePerKey: number };
  /** Webhook delivery (server/api/webhooks): see WebhookSettings. */
  webhooks: WebhookSettings;
}

export interface MailSettings {
  /** smtp:// or smtps:// with any user and password; null keeps every message in the outbox. */
  smtpUrl: string | null;
  /** The From header ("Practice <visits@example.org>"); and its address alone. */
  from: string | null;
  fromAddress: string | null;
  /** How often this node sends due mail and makes due reminders; 0: never (another node does). */
  pollSeconds: number;
}

export interface WebhookSettings {
  /** http:// endpoints besides https:// (tests, development). */
  allowHttp: boolean;
  /** Endpoints on loopback, private, link-local or other internal addresses (refused by default: no SSRF). */
  allowPrivateAddresses: boolean;
  /** Waits before each retry, in ms; a delivery is tried once plus once per entry. */
  retryDelaysMs: number[];
  /** Failed attempts in a row (across deliveries) after which an endpoint is disabled. */
  disableAfterFailures: number;
  /** How often each node looks for deliveries due and new audit lines. */
  pollMs: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
}

export interface SignalingLimits {
  /** Page origins allowed to open /ws: PUBLIC_URL's, plus ALLOWED_ORIGINS. */
  allowedOrigins: string[];
  /** WebSocket upgrades per minute from one address (a clinic shares one; set it high). */
  upgradesPerMinutePerAddress: number;
  /** Refused hellos (bad, expired, revoked links) per minute from one address before it is cut off. */
  badHellosPerMinutePerAddress: number;
  /** Joins per minute with one link (reloads, reconnects); more is a loop or an attack. */
  joinsPerMinutePerParticipant: number;
  /** Open TCP connections from one address (not applied behind a trusted proxy, whose address all share). */
  connectionsPerAddress: number;
  /** A socket that has not sent a valid hello by then is closed. */
  helloTimeoutMs: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`${name} must be "on" or "off" (got "${env[name]}")`);
}

/**
 * Parses a service URL setting (DATABASE_URL, REDIS_URL) and checks its scheme. Messages never repeat
 * the value: it may carry a password.
 */
function serviceUrl(env: Env, name: string, schemes: string[], example: string, unsetMeans: string): URL | null {
  const value = env[name]?.trim();
  if (!value) return null;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL; it looks like ${example}`);
  }
  if (!schemes.includes(u.protocol)) {
    const wanted = schemes.map((s) => `${s}//`).join(' or ');
    throw new ConfigError(`${name} must be a ${wanted} URL (got the scheme "${u.protocol}"); leave it unset for ${unsetMeans}`);
  }
  return u;
}

function parseDatabaseUrl(env: Env): string | null {
  const u = serviceUrl(
    env,
    'DATABASE_URL',
    ['postgres:', 'postgresql:'],
    'postgres://user:password@host:5432/vestibule',
    'the embedded SQLite store',
  );
  if (u && !u.hostname && !u.searchParams.get('host')) throw new ConfigError('DATABASE_URL names no host');
  return u ? env.DATABASE_URL!.trim() : null;
}

function parseRedisUrl(env: Env): string | null {
  return serviceUrl(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://:password@host:6379/0', 'one process') ? env.REDIS_URL!.trim() : null;
}

function parseOrigins(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((o) => {
      try {
        const u = new URL(o);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
        return u.origin;
      } catch {
        throw new ConfigError(`ALLOWED_ORIGINS: "${o}" is not an http(s) origin such as https://portal.example.org`);
      }
    });
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`${name} must be one of ${allowed.map((a) => `"${a}"`).join(', ')} (got "${env[name]}")`);
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = env.DATA_DIR?.trim() || './data';
  const databaseUrl = parseDatabaseUrl(env);
  const redisUrl = parseRedisUrl(env);
  if (redisUrl && !databaseUrl) throw new ConfigError('REDIS_URL needs DATABASE_URL too: several nodes must share one PostgreSQL database');
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL such as https://visits.example.org (got "${publicUrl}")`);
  }
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`);

  let turn: Config['turn'] = null;
  if (env.TURN_URLS?.trim()) {
    let urls: string[];
    try {
      urls = parseTurnUrls(env.TURN_URLS);
    } catch (e) {
      throw new ConfigError(`TURN_URLS: ${(e as Error).message}`);
    }
    turn = {
      urls,
      // When unset, the secret generated in the data folder is used (see secrets.ts).
      secret: env.TURN_SECRET?.trim() || null,
      previousSecret: env.TURN_SECRET_PREVIOUS?.trim() || null,
      maxTtlSeconds: int(env, 'TURN_TTL_SECONDS', 4 * 3600, 60, 48 * 3600),
    };
  }
  const forceRelay = ['1', 'true', 'yes'].includes((env.FORCE_RELAY ?? '').trim().toLowerCase());
  if (forceRelay && !turn) throw new ConfigError('FORCE_RELAY needs a TURN relay: set TURN_URLS too');
  const stunUrls = (env.STUN_URLS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of stunUrls) {
    if (!/^stuns?:/.test(u)) throw new ConfigError(`STUN_URLS: "${u}" is not a stun: URL`);
  }
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl,
    publicUrl,
    logLevel,
    heartbeatMs: int(env, 'HEARTBEAT_MS', 20_000, 200, 300_000),
    turn,
    stunUrls,
    providerMediaStartsOn: onOff(env, 'PROVIDER_MEDIA_START', true),
    iceTransportPolicy: forceRelay ? 'relay' : 'all',
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').trim().toLowerCase()),
    headersTimeoutMs: int(env, 'HEADERS_TIMEOUT_MS', 5000, 100, 120_000),
    httpRequestsPerMinute: int(env, 'HTTP_REQUESTS_PER_MINUTE', 3000, 10, 1_000_000),
    signaling: {
      allowedOrigins: [new URL(publicUrl).origin, ...parseOrigins(env.ALLOWED_ORIGINS)],
      upgradesPerMinutePerAddress: int(env, 'WS_UPGRADES_PER_MINUTE', 1200, 1, 1_000_000),
      badHellosPerMinutePerAddress: int(env, 'WS_BAD_HELLOS_PER_MINUTE', 30, 1, 1_000_000),
      joinsPerMinutePerParticipant: int(env, 'WS_JOINS_PER_MINUTE_PER_LINK', 30, 1, 10_000),
      connectionsPerAddress: int(env, 'MAX_CONNECTIONS_PER_ADDRESS', 1000, 1, 1_000_000),
      helloTimeoutMs: int(env, 'HELLO_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    clientDir: resolve(env.CLIENT_DIR?.trim() || 'dist/client'),
    speedTest: {
      bytesPerAddressPerHour: int(env, 'SPEED_TEST_BYTES_PER_ADDRESS_PER_HOUR', 64 * 1024 * 1024, 1024 * 1024, 2 ** 40),
      maxConcurrent: int(env, 'SPEED_TEST_MAX_CONCURRENT', 8, 1, 1000),
    },
    logClientAddresses: oneOf(env, 'LOG_CLIENT_ADDRESSES', ['off', 'truncated', 'full'] as const, 'truncated'),
    nodeId: nodeId(env),
    metrics: metricsSettings(env),
    mail: mailSettings(env, publicUrl),
    practice: {
      // Counted per account and address: a stranger's guesses do not lock the account for its owner.
      signInFailuresPerAccount: int(env, 'SIGN_IN_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      // Counted per account over every address: guessing spread over many machines.
      signInFailuresPerAccountEverywhere: int(env, 'SIGN_IN_FAILURES_PER_ACCOUNT_EVERYWHERE', 50, 1, 100_000),
      // A clinic's staff share one address: higher than per account.
      signInFailuresPerAddress: int(env, 'SIGN_IN_FAILURES_PER_ADDRESS', 30, 1, 100_000),
      lockoutMinutes: int(env, 'SIGN_IN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
      liveSessionRecheckMs: int(env, 'LIVE_SESSION_RECHECK_MS', 15_000, 100, 600_000),
      latenessCheckMs: int(env, 'LIVE_LATENESS_CHECK_MS', 10_000, 50, 600_000),
    },
    api: { requestsPerMinutePerKey: int(env, 'API_REQUESTS_PER_MINUTE_PER_KEY', 600, 1, 1_000_000) },
    webhooks: webhookSettings(env),
  };
}

/** As Standard Webhooks suggests: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
const WEBHOOK_RETRY_SECONDS = '5,300,1800,7200,18000,36000,36000';

function webhookSettings(env: Env): WebhookSettings {
  const raw = env.WEBHOOK_RETRY_SECONDS?.trim() || WEBHOOK_RETRY_SECONDS;
  const retryDelaysMs = raw.split(',').map((part) => {
    const n = Number(part.trim());
    if (!part.trim() || !Number.isFinite(n) || n < 0 || n > 86_400) {
      throw new ConfigError(`WEBHOOK_RETRY_SECONDS must be a comma-separated list of seconds from 0 to 86400 (got "${raw}")`);
    }
    return Math.round(n * 1000);
  });
  if (retryDelaysMs.length > 20) throw new ConfigError('WEBHOOK_RETRY_SECONDS lists at most 20 retries');
  return {
    allowHttp: onOff(env, 'WEBHOOK_ALLOW_HTTP', false),
    allowPrivateAddresses: onOff(env, 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES', false),
    retryDelaysMs,
    disableAfterFailures: int(env, 'WEBHOOK_DISABLE_AFTER_FAILURES', 20, 1, 10_000),
    pollMs: int(env, 'WEBHOOK_POLL_MS', 2000, 20, 600_000),
    timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
  };
}

export interface MetricsSettings {
  /** Bearer token /metrics requires; when null, the public port does not serve /metrics at all. */
  token: string | null;
  /** A private address of its own serving /metrics only (e.g. 127.0.0.1:9464); null for none. */
  listen: { host: string; port: number } | null;
}

const NODE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** NODE_ID as set (checked), or the host name made to fit the same rule. */
function nodeId(env: Env): string {
  const raw = env.NODE_ID?.trim();
  if (raw) {
    if (!NODE_ID.test(raw)) throw new ConfigError(`NODE_ID must be 1 to 64 letters, digits, "_", "." or "-" (got "${raw}")`);
    return raw;
  }
  return (
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 64) || 'vestibule'
  );
}

function metricsSettings(env: Env): MetricsSettings {
  const token = env.METRICS_TOKEN?.trim() || null;
  if (token !== null && !/^[\x21-\x7e]{16,256}$/.test(token)) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 256 printable characters without spaces (e.g. from `openssl rand -hex 32`)');
  }
  const raw = env.METRICS_LISTEN?.trim();
  if (!raw) return { token, listen: null };
  // "9464" (loopback), "127.0.0.1:9464", "0.0.0.0:9464", "[::1]:9464"
  const m = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(raw);
  const port = Number(m?.[2]);
  if (!m || port > 65535) {
    throw new ConfigError(`METRICS_LISTEN must be host:port such as 127.0.0.1:9464 (got "${raw}")`);
  }
  const host = m[1]?.replace(/^\[(.*)\]$/, '$1') ?? '127.0.0.1';
  return { token, listen: { host, port } };
}

function mailSettings(env: Env, publicUrl: string): MailSettings {
  const smtp = serviceUrl(
    env,
    'SMTP_URL',
    ['smtp:', 'smtps:'],
    'smtp://user:password@mail.example.org:587',
    'the outbox (staff send by hand)',
  );
  const from = env.MAIL_FROM?.trim() || null;
  if (smtp && !from)
    throw new ConfigError('SMTP_URL needs MAIL_FROM too: the address mail is sent from, e.g. "Practice <visits@example.org>"');
  const fromAddress = from ? (/<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? from) : null;
  if (fromAddress !== null && !/^[^\s@<>"]+@[^\s@<>"]+$/.test(fromAddress))
    throw new ConfigError(`MAIL_FROM must be an address or "Name <address>" (got "${from}")`);
  return {
    smtpUrl: smtp ? env.SMTP_URL!.trim() : null,
    from,
    // Without MAIL_FROM the calendar invites in the outbox still need an organizer.
    fromAddress: fromAddress ?? `no-reply@${new URL(publicUrl).hostname}`,
    pollSeconds: int(env, 'MAIL_POLL_SECONDS', 15, 0, 3600),
  };
}
