// One dashboard's live channel: Server-Sent Events over a response the route handed over. It watches
// each visit through the signaling hub (which follows it on the bus, so people on other nodes count),
// sends a visit's status whenever it changes, looks again on a clock (a client waiting two minutes
// past the start with no provider, or not arrived at five, is news with nobody acting), and ends
// itself when the staff member's session no longer holds, when the page goes away, or when the server
// stops. It logs ids and counts, never names.
import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { LiveEnd } from '../../../shared/live-status.js';
import type { SignalingHub } from '../../signaling/hub.js';
import type { LiveVisit } from '../../signaling/live-visit.js';
import { visitStatus } from './visit-status.js';

/** A comment line this often keeps proxies and browsers from closing a quiet stream. */
export const KEEPALIVE_MS = 25_000;
/** A page that reads nothing while this much waits unsent is cut off (it reconnects and starts afresh). */
const MAX_UNSENT_BYTES = 256 * 1024;

export interface LiveStreamOptions {
  hub: SignalingHub;
  log: FastifyBaseLogger;
  /** Whether the session that opened the stream still may see it (signed in, active, same role). */
  stillAllowed(): Promise<boolean>;
  recheckMs: number;
  /** How often the running-late flags are worked out again (they change with the clock alone). */
  latenessCheckMs: number;
  now(): number;
  /** Called once, when the stream has ended for whatever reason. */
  onEnd(): void;
}

export class LiveStream {
  private readonly unwatch: (() => void)[] = [];
  private readonly lastSent = new Map<string, string>();
  /** The replicas watched, to work their status out again on the clock. */
  private readonly visits = new Map<string, LiveVisit>();
  private readonly timers: NodeJS.Timeout[] = [];
  private ended = false;

  constructor(
    private readonly out: ServerResponse,
    private readonly opts: LiveStreamOptions,
  ) {
    out.on('close', () => this.end());
  }

  /** Starts watching the visits and sends each one's status. */
  async start(appointmentIds: string[]): Promise<void> {
    for (const id of appointmentIds) {
      const stop = await this.opts.hub.watch(id, (visit) => {
        this.visits.set(visit.appointment.id, visit);
        this.send('status', visit.appointment.id, visitStatus(visit, this.opts.now()));
      });
      if (stop) this.unwatch.push(stop);
      // The page went away while the visits loaded: let go of what is watched so far.
      if (this.ended) return this.release();
    }
    this.comment('watching');
    this.timers.push(setInterval(() => this.comment('keep-alive'), KEEPALIVE_MS));
    this.timers.push(setInterval(() => void this.recheck(), this.opts.recheckMs));
    this.timers.push(setInterval(() => this.checkLateness(), this.opts.latenessCheckMs));
    for (const t of this.timers) t.unref();
  }

  /** Tells the page why (when there is a reason to give) and closes the stream. Safe to call again. */
  end(reason?: LiveEnd['reason']): void {
    if (this.ended) return;
    this.ended = true;
    if (reason && this.writable()) this.out.write(event('end', { reason } satisfies LiveEnd));
    if (!this.out.writableEnded) this.out.end();
    this.release();
    this.opts.onEnd();
  }

  private release(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const stop of this.unwatch.splice(0)) stop();
    this.visits.clear();
  }

  /** Sends again each visit whose status the clock alone has changed (send skips the unchanged). */
  private checkLateness(): void {
    const now = this.opts.now();
    for (const [id, visit] of this.visits) this.send('status', id, visitStatus(visit, now));
  }

  private async recheck(): Promise<void> {
    try {
      if (!(await this.opts.stillAllowed())) {
        this.opts.log.info('live status stream ended: the session no longer holds');
        this.end('session_ended');
      }
    } catch (err) {
      // The database is away for a moment: keep the stream, ask again next time.
      this.opts.log.warn({ err }, 'live status session check failed; will retry');
    }
  }

  /** Sends a visit's status unless it is the same as the last one sent (media changes do not count). */
  private send(name: 'status', key: string, data: unknown): void {
    const text = event(name, data);
    if (this.lastSent.get(key) === text || !this.writable()) return;
    this.lastSent.set(key, text);
    this.out.write(text);
    if (this.out.writableLength > MAX_UNSENT_BYTES) this.end('too_slow');
  }

  private comment(text: string): void {
    if (this.writable()) this.out.write(`: ${text}\n\n`);
  }

  private writable(): boolean {
    return !this.out.writableEnded && !this.out.destroyed;
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
