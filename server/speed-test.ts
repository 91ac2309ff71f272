// What keeps the connection test's speed test from being an open bandwidth tap. A page first asks for
// a ticket (POST, rate-limited per address): HMAC-signed with a key of its own, valid for two minutes,
// good for a fixed number of bytes. Every transfer needs a ticket and is counted against it, against
// the address's allowance for the hour, and against the server's cap on transfers running at once.
// Counts live in this process's memory: with several instances, each keeps its own.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Largest transfer either way. The browser grows its transfers until one lasts long enough. */
export const MAX_TEST_BYTES = 8 * 1024 * 1024;
/** What one ticket may move, both ways together: one test's growing transfers, at full size on a fast link. */
export const TICKET_BYTES = 3 * MAX_TEST_BYTES;
/** Below this much left in the hour, no ticket: there is nothing worth measuring with it. */
export const MIN_TICKET_BYTES = 1024 * 1024;
/** A test takes seconds; a ticket is good for two minutes. */
export const TICKET_TTL_MS = 2 * 60_000;
/** The window of the per-address allowance. */
export const BUDGET_WINDOW_MS = 60 * 60_000;
/** What a busy server asks the browser to wait, in seconds. */
export const BUSY_RETRY_SECONDS = 30;
/** Transfers one address may run at once: a test runs one at a time, so one address cannot take every place. */
export const MAX_CONCURRENT_PER_ADDRESS = 2;
/** Longest a transfer may run: the browser cuts its own after a few seconds; a stalled one is ended here. */
export const TRANSFER_TIME_LIMIT_MS = 30_000;

/** The ticket-signing key: derived from the link key (HKDF), so a ticket can never pass for a link or the reverse. */
export function speedTestKey(linkKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', linkKey, Buffer.alloc(0), 'vestibule speed-test tickets v1', 32));
}

export interface TicketClaims {
  /** Random id: what byte counts are kept under. */
  id: string;
  /** Expiry, ms since the epoch. */
  exp: number;
  /** Bytes the ticket may move, both ways together. */
  bytes: number;
}

/** A refusal the routes turn into a JSON error: { statusCode, code, error, message }, at info level in logs. */
export class SpeedTestRefusal extends Error {
  readonly headers: Record<string, string>;
  constructor(
    readonly statusCode: 401 | 403 | 411 | 429 | 503,
    readonly code: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.headers = headers;
  }
}

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export function signTicket(key: Uint8Array, claims: TicketClaims): string {
  const body = `v1.${b64(JSON.stringify({ id: claims.id, exp: claims.exp, b: claims.bytes }))}`;
  return `${body}.${b64(createHmac('sha256', key).update(body).digest())}`;
}

/** The claims of a ticket this server signed and that has not expired; a refusal otherwise. */
export function verifyTicket(key: Uint8Array, ticket: string | undefined, now: number): TicketClaims {
  if (!ticket) {
    throw new SpeedTestRefusal(
      401,
      'speed_test_ticket_required',
      'The speed test needs a ticket: ask for one with POST /api/connection-test/ticket and send it as "Authorization: Bearer <ticket>".',
      { 'www-authenticate': 'Bearer realm="speed-test"' },
    );
  }
  const invalid = new SpeedTestRefusal(403, 'speed_test_ticket_invalid', 'This speed-test ticket is not valid: ask for a new one.');
  const parts = ticket.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1' || ticket.length > 512) throw invalid;
  const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
  let claims: { id?: unknown; exp?: unknown; b?: unknown };
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw invalid;
  }
  if (typeof claims.id !== 'string' || typeof claims.exp !== 'number' || typeof claims.b !== 'number') throw invalid;
  if (claims.exp <= now) {
    throw new SpeedTestRefusal(403, 'speed_test_ticket_expired', 'This speed-test ticket has expired: ask for a new one.');
  }
  return { id: claims.id, exp: claims.exp, bytes: claims.b };
}

/** Extracts the ticket from "Authorization: Bearer <ticket>". */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return m?.[1];
}

export interface SpeedTestLimitOptions {
  bytesPerAddressPerHour: number;
  maxConcurrent: number;
  now?: () => number;
}

/** Byte counts per ticket and per address, and the transfers running now. */
export class SpeedTestLimits {
  private readonly perTicket = new Map<string, { used: number; exp: number }>();
  private readonly perAddress = new Map<string, { used: number; since: number }>();
  private running = 0;
  private readonly runningFrom = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly opts: SpeedTestLimitOptions) {
    this.now = opts.now ?? (() => Date.now());
  }

  /** Transfers running now. */
  get active(): number {
    return this.running;
  }

  /** Bytes the address (a limit key) may still move in its current window. */
  remaining(address: string): number {
    return this.opts.bytesPerAddressPerHour - this.window(address).used;
  }

  /** Seconds until the address's window ends and its allowance is whole again. */
  retryAfterSeconds(address: string): number {
    return Math.max(1, Math.ceil((this.window(address).since + BUDGET_WINDOW_MS - this.now()) / 1000));
  }

  /** Refuses with 503 when the server already runs as many transfers as it allows. */
  checkCapacity(): void {
    if (this.running >= this.opts.maxConcurrent) {
      throw new SpeedTestRefusal(503, 'speed_test_busy', 'Too many speed tests are running right now. Try again in a minute.', {
        'retry-after': String(BUSY_RETRY_SECONDS),
      });
    }
  }

  /**
   * Starts a transfer of `bytes` under a ticket, from an address: counts it against both, or refuses
   * (503 busy, 403 beyond the ticket, 429 beyond the address's hour). Returns the function that ends it.
   */
  begin(ticket: TicketClaims, address: string, bytes: number): () => void {
    this.checkCapacity();
    const mine = this.runningFrom.get(address) ?? 0;
    if (mine >= MAX_CONCURRENT_PER_ADDRESS) {
      throw new SpeedTestRefusal(
        429,
        'speed_test_in_progress',
        'A speed test from this connection is already running. Wait for it to finish, then try again.',
        { 'retry-after': String(Math.ceil(TRANSFER_TIME_LIMIT_MS / 1000)) },
      );
    }
    const t = this.perTicket.get(ticket.id) ?? { used: 0, exp: ticket.exp };
    if (t.used + bytes > ticket.bytes) {
      throw new SpeedTestRefusal(
        403,
        'speed_test_ticket_spent',
        `This transfer would take the ticket past its ${ticket.bytes} bytes (${Math.max(0, ticket.bytes - t.used)} left): ask for a new ticket.`,
      );
    }
    const a = this.window(address);
    if (a.used + bytes > this.opts.bytesPerAddressPerHour) throw this.budgetSpent(address);
    t.used += bytes;
    a.used += bytes;
    this.perTicket.set(ticket.id, t);
    this.perAddress.set(address, a);
    this.running++;
    this.runningFrom.set(address, mine + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running--;
      const left = (this.runningFrom.get(address) ?? 1) - 1;
      if (left > 0) this.runningFrom.set(address, left);
      else this.runningFrom.delete(address);
    };
  }

  /** The refusal for an address whose allowance for the hour is used up: 429, with when to come back. */
  budgetSpent(address: string): SpeedTestRefusal {
    const seconds = this.retryAfterSeconds(address);
    const minutes = Math.ceil(seconds / 60);
    return new SpeedTestRefusal(
      429,
      'speed_test_budget_spent',
      `This connection has used its speed-test allowance for the hour. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      { 'retry-after': String(seconds) },
    );
  }

  /** Forgets expired tickets and finished windows. */
  sweep(): void {
    const now = this.now();
    for (const [id, t] of this.perTicket) if (t.exp <= now) this.perTicket.delete(id);
    for (const [key, a] of this.perAddress) if (a.since + BUDGET_WINDOW_MS <= now) this.perAddress.delete(key);
  }

  /** How many tickets and addresses are remembered (for tests of the sweep). */
  get size(): { tickets: number; addresses: number } {
    return { tickets: this.perTicket.size, addresses: this.perAddress.size };
  }

  private window(address: string): { used: number; since: number } {
    const now = this.now();
    const a = this.perAddress.get(address);
    return a && a.since + BUDGET_WINDOW_MS > now ? a : { used: 0, since: now };
  }
}

/** A fresh ticket for up to `bytes`. */
export function issueTicket(key: Uint8Array, bytes: number, now: number): { ticket: string; claims: TicketClaims } {
  const claims = { id: randomBytes(12).toString('base64url'), exp: now + TICKET_TTL_MS, bytes };
  return { ticket: signTicket(key, claims), claims };
}
