// Upload and download speed over HTTP, measured separately. Each direction starts with a small transfer
// and grows until one lasts long enough to be trusted (or the time budget runs out):
// - download: fetch streaming, timed in the browser from the first byte received to the last;
// - upload: a POST of random bytes, timed by the server from the first chunk that arrived to the last
//   (the browser's own clock would include handing bytes to the operating system's send buffer).
// In both, the first chunk's bytes are left out of the rate: they arrived at the instant timing began.
// The server only serves a page that holds a speed-test ticket (POST /api/connection-test/ticket): it
// bounds the bytes this test may move, so transfers are sized to fit it, half of it for each direction.
// A refusal (server busy, hourly allowance spent) surfaces as SpeedTestRefused, with the server's words.

export interface TransferSample {
  bytes: number;
  /** Time over which `bytes - firstChunkBytes` arrived. */
  ms: number;
  firstChunkBytes: number;
  kbps: number | null;
  /** The transfer was cut short by the time limit (download only: what arrived still counts). */
  cut: boolean;
  /** Whose clock timed it: the browser's network stack, this script, or the server. */
  clock?: 'network' | 'script' | 'server';
}

export interface ThroughputResult {
  kbps: number | null;
  /** 'upper': the transfer did not finish in time, so the real speed is below `kbps`. */
  bound: 'measured' | 'upper';
  samples: TransferSample[];
}

export interface ThroughputOptions {
  fetch?: typeof fetch;
  baseUrl?: string;
  now?: () => number;
  /** A transfer this long is trusted; shorter ones lead to a bigger next transfer. */
  minMs?: number;
  /** What to aim for when sizing the next transfer. */
  targetMs?: number;
  maxBytes?: number;
  firstDownloadBytes?: number;
  firstUploadBytes?: number;
  /** First- and last-byte times of a finished request by URL, on now()'s clock; default: Resource Timing. */
  timing?: (url: string) => { firstByte: number; lastByte: number } | null;
}

/** Resource Timing for a same-origin request: when its first and last response bytes arrived. */
export function resourceTiming(url: string): { firstByte: number; lastByte: number } | null {
  if (typeof performance === 'undefined' || typeof performance.getEntriesByName !== 'function' || typeof location === 'undefined')
    return null;
  const entries = performance.getEntriesByName(new URL(url, location.href).href, 'resource') as PerformanceResourceTiming[];
  const e = entries.at(-1);
  if (!e || !(e.responseStart > 0) || !(e.responseEnd > e.responseStart)) return null;
  return { firstByte: e.responseStart, lastByte: e.responseEnd };
}

/** Server cap (server/speed-test.ts). */
export const MAX_TRANSFER_BYTES = 8 * 1024 * 1024;
/** No transfer smaller than this: too little to time. */
const MIN_TRANSFER_BYTES = 16 * 1024;
/** A ticket with less time than this left is replaced before a direction starts. */
const TICKET_MARGIN_MS = 20_000;

/** The server refused the speed test: too busy (503), this address's allowance spent (429), or the ticket (401/403). */
export class SpeedTestRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After, when the server said. */
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
    this.name = 'SpeedTestRefused';
  }
}

/** The error for a response that is not ok: a SpeedTestRefused for the server's refusals, a plain Error otherwise. */
async function failure(res: Response, what: string): Promise<Error> {
  if (![401, 403, 429, 503].includes(res.status)) return new Error(`${what}: HTTP ${res.status}`);
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const retry = Number(res.headers.get('retry-after'));
  return new SpeedTestRefused(
    res.status,
    typeof body.code === 'string' ? body.code : `http_${res.status}`,
    typeof body.message === 'string' ? body.message : `${what}: HTTP ${res.status}`,
    res.headers.has('retry-after') && Number.isFinite(retry) ? retry : null,
  );
}

interface Ticket {
  value: string;
  /** Bytes still allowed, counted as the server counts them: when a transfer is asked for. */
  left: number;
  /** On this.now()'s clock. */
  expires: number;
}
/** Shorter spans than this are too coarse to compute a rate from. */
const MIN_SPAN_MS = 20;

function rate(bytes: number, ms: number): number | null {
  return ms >= MIN_SPAN_MS && bytes > 0 ? (bytes * 8) / ms : null; // bits per ms = kbit/s
}

let randomBlock: Uint8Array | null = null;

/** `size` random bytes (from a 1 MiB random block, repeated): nothing on the way can compress them. */
export function randomBody(size: number): Blob {
  if (!randomBlock) {
    randomBlock = new Uint8Array(1024 * 1024);
    for (let i = 0; i < randomBlock.length; i += 65536) crypto.getRandomValues(randomBlock.subarray(i, i + 65536));
  }
  const parts: Uint8Array[] = [];
  for (let left = size; left > 0; left -= randomBlock.length) parts.push(randomBlock.subarray(0, Math.min(left, randomBlock.length)));
  return new Blob(parts as BlobPart[], { type: 'application/octet-stream' });
}

/** Next transfer size: enough for `targetMs` at the estimated rate, at least double, at most 16 times the last. */
export function nextSize(last: number, kbps: number | null, targetMs: number, maxBytes: number): number {
  const wanted = kbps === null ? last * 16 : (kbps * targetMs) / 8;
  return Math.round(Math.min(maxBytes, Math.max(last * 2, Math.min(last * 16, wanted))));
}

export class HttpThroughput {
  private readonly fetchFn: typeof fetch;
  private readonly base: string;
  private readonly now: () => number;
  private readonly minMs: number;
  private readonly targetMs: number;
  private readonly maxBytes: number;
  private readonly firstDownload: number;
  private readonly firstUpload: number;
  private readonly timing: (url: string) => { firstByte: number; lastByte: number } | null;
  private ticket: Ticket | null = null;

  constructor(opts: ThroughputOptions = {}) {
    this.fetchFn = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.base = opts.baseUrl ?? '';
    this.now = opts.now ?? (() => performance.now());
    this.minMs = opts.minMs ?? 1500;
    this.targetMs = opts.targetMs ?? 2000;
    this.maxBytes = opts.maxBytes ?? MAX_TRANSFER_BYTES;
    this.firstDownload = opts.firstDownloadBytes ?? 128 * 1024;
    this.firstUpload = opts.firstUploadBytes ?? 64 * 1024;
    this.timing = opts.timing ?? (opts.fetch ? () => null : resourceTiming);
  }

  /** A ticket with time and bytes left, asked for when there is none. */
  private async ensureTicket(signal?: AbortSignal): Promise<Ticket> {
    const t = this.ticket;
    if (t && t.expires - this.now() > TICKET_MARGIN_MS && t.left >= MIN_TRANSFER_BYTES) return t;
    const res = await this.fetchFn(`${this.base}/api/connection-test/ticket`, {
      method: 'POST',
      cache: 'no-store',
      ...(signal ? { signal } : {}),
    });
    if (!res.ok) throw await failure(res, 'ticket');
    const body = (await res.json()) as { ticket: string; bytes: number; expiresInSeconds: number };
    this.ticket = { value: body.ticket, left: body.bytes, expires: this.now() + body.expiresInSeconds * 1000 };
    return this.ticket;
  }

  /** Counts a transfer against the ticket and returns the header that presents it. */
  private spend(ticket: Ticket, bytes: number): Record<string, string> {
    ticket.left -= bytes;
    return { authorization: `Bearer ${ticket.value}` };
  }

  /**
   * Download speed, finishing by `deadline` (a time on this.now()'s clock). Uses at most half of the
   * ticket's bytes, leaving the rest for the upload.
   */
  async download(deadline: number, signal?: AbortSignal): Promise<ThroughputResult> {
    const ticket = await this.ensureTicket(signal);
    let room = Math.floor(ticket.left / 2);
    const samples: TransferSample[] = [];
    let size = this.firstDownload;
    for (;;) {
      const left = deadline - this.now();
      const cap = Math.min(this.maxBytes, room);
      if (left < 300 || signal?.aborted || cap < MIN_TRANSFER_BYTES) break;
      size = Math.min(size, cap);
      let s: TransferSample;
      try {
        s = await this.downloadOnce(size, left, ticket, signal);
      } catch (e) {
        // Refused part-way (the server filled up): keep what was measured, if anything was.
        if (e instanceof SpeedTestRefused && samples.some((x) => x.kbps !== null)) break;
        throw e;
      }
      room -= size;
      samples.push(s);
      if (s.cut || s.ms >= this.minMs || size >= cap) break;
      size = nextSize(size, s.kbps, this.targetMs, this.maxBytes);
    }
    const best = [...samples].reverse().find((s) => s.kbps !== null);
    return { kbps: best?.kbps ?? null, bound: 'measured', samples };
  }

  private async downloadOnce(size: number, limitMs: number, ticket: Ticket, signal?: AbortSignal): Promise<TransferSample> {
    const ctrl = new AbortController();
    const onAbort = (): void => ctrl.abort();
    signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => ctrl.abort(), limitMs);
    let bytes = 0;
    let firstChunkBytes = 0;
    let first = 0;
    let last = 0;
    let cut = false;
    const url = `${this.base}/api/connection-test/download?bytes=${size}&r=${Math.random().toString(36).slice(2, 10)}`;
    const requested = this.now();
    try {
      const res = await this.fetchFn(url, { cache: 'no-store', signal: ctrl.signal, headers: this.spend(ticket, size) });
      if (!res.ok) throw await failure(res, 'download');
      if (!res.body) throw new Error('download: no body');
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const t = this.now();
        if (bytes === 0) {
          first = t;
          firstChunkBytes = value.byteLength;
        }
        last = t;
        bytes += value.byteLength;
      }
    } catch (e) {
      if (!ctrl.signal.aborted) throw e;
      cut = true;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    // The network stack's own first- and last-byte times, where the browser records them (Resource
    // Timing): unlike the moments this script gets to read the chunks, they do not move when the page is busy.
    const net = cut ? null : this.timing(url);
    if (net && bytes === size) {
      // The first byte here is the headers' arrival, so the whole body arrived within the span.
      const netRate = rate(bytes, net.lastByte - net.firstByte);
      if (netRate !== null) return { bytes, ms: net.lastByte - net.firstByte, firstChunkBytes: 0, kbps: netRate, cut, clock: 'network' };
    }
    const span = last - first;
    const spanRate = rate(bytes - firstChunkBytes, span);
    if (spanRate !== null || bytes === 0) return { bytes, ms: span, firstChunkBytes, kbps: spanRate, cut, clock: 'script' };
    // All of it arrived at once (a very fast link): time it from the request instead, which counts
    // one round trip too many and so errs on the slow side.
    const whole = last - requested;
    return { bytes, ms: whole, firstChunkBytes: 0, kbps: whole > 0 ? (bytes * 8) / whole : null, cut, clock: 'script' };
  }

  /**
   * Upload speed, finishing by `deadline`. A transfer that would not fit the time or the ticket is made
   * smaller or skipped.
   */
  async upload(deadline: number, signal?: AbortSignal): Promise<ThroughputResult> {
    const ticket = await this.ensureTicket(signal);
    const samples: TransferSample[] = [];
    let size = this.firstUpload;
    let estimate: number | null = null;
    let bound: ThroughputResult['bound'] = 'measured';
    for (;;) {
      const left = deadline - this.now();
      const cap = Math.min(this.maxBytes, ticket.left);
      if (left < 300 || signal?.aborted || cap < MIN_TRANSFER_BYTES) break;
      size = Math.min(size, cap);
      // Allow up to three times the expected duration (the estimate may be optimistic) within what is left.
      const expected = estimate ? (size * 8) / estimate : left;
      const limit = Math.min(left, expected * 3 + 1000);
      const started = this.now();
      let s: TransferSample | null;
      try {
        s = await this.uploadOnce(size, limit, ticket, signal);
      } catch (e) {
        if (e instanceof SpeedTestRefused && estimate !== null) break;
        throw e;
      }
      if (!s) {
        // Cut off before the server answered: all we know is that `size` bytes did not get through in time.
        if (estimate === null) {
          estimate = rate(size, this.now() - started);
          bound = 'upper';
        }
        break;
      }
      samples.push(s);
      if (s.kbps !== null) estimate = s.kbps;
      if (s.ms >= this.minMs || size >= cap) break;
      let next = Math.min(nextSize(size, s.kbps, this.targetMs, this.maxBytes), ticket.left);
      if (estimate !== null) {
        // Shrink the next transfer to what fits in the time left; stop if that gains nothing.
        const fits = (estimate * Math.max(0, deadline - this.now() - 500)) / 8;
        next = Math.min(next, Math.floor(fits));
        if (next <= size) break;
      }
      size = next;
    }
    return { kbps: estimate, bound, samples };
  }

  private async uploadOnce(size: number, limitMs: number, ticket: Ticket, signal?: AbortSignal): Promise<TransferSample | null> {
    const ctrl = new AbortController();
    const onAbort = (): void => ctrl.abort();
    signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => ctrl.abort(), limitMs);
    const started = this.now();
    try {
      const res = await this.fetchFn(`${this.base}/api/connection-test/upload`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...this.spend(ticket, size) },
        body: randomBody(size),
        cache: 'no-store',
        signal: ctrl.signal,
      });
      if (!res.ok) throw await failure(res, 'upload');
      const server = (await res.json()) as { bytes: number; ms: number; firstChunkBytes: number };
      const clientMs = this.now() - started;
      // The server's clock is the right one; a transfer too short for it falls back to the browser's.
      const serverRate = rate(server.bytes - server.firstChunkBytes, server.ms);
      return serverRate !== null
        ? { bytes: server.bytes, ms: server.ms, firstChunkBytes: server.firstChunkBytes, kbps: serverRate, cut: false, clock: 'server' }
        : { bytes: server.bytes, ms: clientMs, firstChunkBytes: 0, kbps: rate(server.bytes, clientMs), cut: false, clock: 'script' };
    } catch (e) {
      if (ctrl.signal.aborted) return null;
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
