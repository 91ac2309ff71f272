// Whether this machine should be sent traffic (GET /readyz): every registered check answers in time,
// and the machine is not draining. Services register a check for each dependency they cannot work
// without (the database here; a Redis bus adds its own), e.g.
//
//   app.vestibule.readiness.add({ name: 'redis', check: async () => void (await redis.ping()) });
//
// Liveness (GET /healthz) deliberately checks none of this: a machine whose database is away is alive
// and must not be restarted for it; it only stops getting new traffic until the database is back.

/** A dependency this machine needs to serve traffic. check() resolves when it answers, rejects otherwise. */
export interface ReadinessCheck {
  /** Short and fixed ('database', 'redis'): /readyz lists the failing ones by this name. */
  name: string;
  check(): Promise<void>;
}

/**
 * The machine's place in its life. The shutdown code sets `draining` on SIGTERM, before it closes
 * anything: /readyz then answers 503 so the load balancer stops sending new visits here while the
 * open ones finish or move.
 */
export interface Lifecycle {
  draining: boolean;
}

/** The name /readyz gives a draining machine among its failing checks. */
export const DRAINING = 'draining';
/** A check that has not answered by then counts as failing (a load balancer's probe gives up soon after). */
export const READINESS_TIMEOUT_MS = 2000;

export type ReadinessResult = { ok: true } | { ok: false; failing: string[]; reasons: Record<string, string> };

export class Readiness {
  private readonly list: ReadinessCheck[] = [];

  constructor(
    readonly lifecycle: Lifecycle,
    checks: ReadinessCheck[] = [],
    private readonly timeoutMs = READINESS_TIMEOUT_MS,
  ) {
    for (const c of checks) this.add(c);
  }

  /** Registers a check. Names are unique: one check per dependency. */
  add(check: ReadinessCheck): void {
    if (check.name === DRAINING || this.list.some((c) => c.name === check.name)) {
      throw new Error(`A readiness check named "${check.name}" is already registered`);
    }
    this.list.push(check);
  }

  /** The registered checks' names, in order. */
  get names(): string[] {
    return this.list.map((c) => c.name);
  }

  /**
   * Runs every check at once, each bounded by the timeout. Failing names come in registration order,
   * then 'draining'; `reasons` holds each failure's message, for the log (never for the response).
   */
  async run(): Promise<ReadinessResult> {
    const outcomes = await Promise.all(this.list.map((c) => this.attempt(c)));
    const failing: string[] = [];
    const reasons: Record<string, string> = {};
    this.list.forEach((c, i) => {
      const reason = outcomes[i];
      if (reason === undefined) return;
      failing.push(c.name);
      reasons[c.name] = reason;
    });
    if (this.lifecycle.draining) {
      failing.push(DRAINING);
      reasons[DRAINING] = 'the machine is shutting down';
    }
    return failing.length ? { ok: false, failing, reasons } : { ok: true };
  }

  /** undefined when the check passed; why it failed otherwise. */
  private async attempt(c: ReadinessCheck): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${this.timeoutMs} ms`), this.timeoutMs);
    });
    try {
      return await Promise.race([
        Promise.resolve()
          .then(() => c.check())
          .then(
            () => undefined,
            (err: unknown) => (err instanceof Error ? err.message : String(err)) || 'failed',
          ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
