// Webhook endpoints, their deliveries and the cursors over the audit trails. A delivery row is
// unique per endpoint and event, so nodes that derive the same event insert it once; a node takes a
// due delivery with a conditional update, so one node sends each attempt.
import { newId } from './appointments.js';
import type { Db } from './db.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  secret: string;
  createdAt: number;
  consecutiveFailures: number;
  lastAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  disabledAt: number | null;
  disabledReason: string | null;
}

export interface Delivery {
  id: string;
  endpointId: string;
  type: string;
  payload: string;
  attempts: number;
}

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

const num = (v: number | null) => (v === null ? null : Number(v));

type EndpointRow = {
  id: string;
  url: string;
  events: string;
  secret: string;
  created_at: number;
  consecutive_failures: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  disabled_at: number | null;
  disabled_reason: string | null;
};

const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  events: r.events.split(' ').filter(Boolean),
  secret: r.secret,
  createdAt: Number(r.created_at),
  consecutiveFailures: Number(r.consecutive_failures),
  lastAttemptAt: num(r.last_attempt_at),
  lastStatus: num(r.last_status),
  lastError: r.last_error,
  disabledAt: num(r.disabled_at),
  disabledReason: r.disabled_reason,
});

export class WebhookStore {
  constructor(private readonly db: Db) {}

  async createEndpoint(
    e: { url: string; events: string[]; secret: string; createdBy: string | null },
    now: number,
  ): Promise<WebhookEndpoint> {
    const id = newId(9);
    await this.db
      .insertInto('webhook_endpoints')
      .values({
        id,
        url: e.url,
        events: e.events.join(' '),
        secret: e.secret,
        created_at: now,
        created_by: e.createdBy,
        last_attempt_at: null,
        last_status: null,
        last_error: null,
        disabled_at: null,
        disabled_reason: null,
      })
      .execute();
    return (await this.endpoint(id))!;
  }

  async endpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const r = await this.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toEndpoint(r);
  }

  async endpoints(): Promise<WebhookEndpoint[]> {
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toEndpoint);
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    await this.db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    const r = await this.db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
    return r.numDeletedRows === 1n;
  }

  async enable(id: string): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({ disabled_at: null, disabled_reason: null, consecutive_failures: 0 })
      .where('id', '=', id)
      .execute();
  }

  /** Queues an event for an endpoint; false when this event was already queued for it (by this node or another). */
  async enqueue(d: { endpointId: string; eventKey: string; type: string; payload: string }, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: `msg_${newId(18)}`,
        endpoint_id: d.endpointId,
        event_key: d.eventKey,
        type: d.type,
        payload: d.payload,
        created_at: now,
        state: 'pending',
        next_attempt_at: now,
        locked_until: null,
        last_status: null,
        last_error: null,
        completed_at: null,
      })
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** Takes up to `limit` due deliveries of enabled endpoints for `holdMs`; another node skips them meanwhile. */
  async claimDue(now: number, holdMs: number, limit: number): Promise<Delivery[]> {
    const candidates = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select(['d.id', 'd.endpoint_id', 'd.type', 'd.payload', 'd.attempts'])
      .where('d.state', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
      .where('e.disabled_at', 'is', null)
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .execute();
    const mine: Delivery[] = [];
    for (const c of candidates) {
      const r = await this.db
        .updateTable('webhook_deliveries')
        .set({ locked_until: now + holdMs })
        .where('id', '=', c.id)
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .executeTakeFirst();
      if (r.numUpdatedRows === 1n)
        mine.push({ id: c.id, endpointId: c.endpoint_id, type: c.type, payload: c.payload, attempts: Number(c.attempts) + 1 });
    }
    return mine;
  }

  /**
   * Records an attempt on the delivery (delivered, to retry at `retryAt`, or failed for good) and on its
   * endpoint; disables the endpoint once `disableAfter` attempts in a row have failed. Returns the endpoint.
   */
  async recordAttempt(
    d: Delivery,
    result: AttemptResult,
    at: { now: number; retryAt: number | null; disableAfter: number },
  ): Promise<WebhookEndpoint | undefined> {
    const state = result.ok ? 'delivered' : at.retryAt === null ? 'failed' : 'pending';
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        state,
        attempts: d.attempts,
        last_status: result.status,
        last_error: result.error,
        locked_until: null,
        next_attempt_at: at.retryAt ?? at.now,
        completed_at: state === 'pending' ? null : at.now,
      })
      .where('id', '=', d.id)
      .execute();
    await this.db
      .updateTable('webhook_endpoints')
      .set((eb) => ({
        last_attempt_at: at.now,
        last_status: result.status,
        last_error: result.error,
        consecutive_failures: result.ok ? 0 : eb('consecutive_failures', '+', 1),
      }))
      .where('id', '=', d.endpointId)
      .execute();
    if (!result.ok) {
      await this.db
        .updateTable('webhook_endpoints')
        .set({
          disabled_at: at.now,
          disabled_reason: `${at.disableAfter} attempts in a row failed; the last: ${result.error ?? 'no answer'}`,
        })
        .where('id', '=', d.endpointId)
        .where('disabled_at', 'is', null)
        .where('consecutive_failures', '>=', at.disableAfter)
        .execute();
    }
    return this.endpoint(d.endpointId);
  }

  async deliveries(endpointId: string, limit: number) {
    return this.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'type', 'state', 'attempts', 'last_status', 'last_error', 'created_at', 'completed_at'])
      .where('endpoint_id', '=', endpointId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  async cursor(name: string): Promise<number | undefined> {
    const r = await this.db.selectFrom('webhook_cursors').select('position').where('name', '=', name).executeTakeFirst();
    return r && Number(r.position);
  }

  /** Starts a cursor at a position unless one exists (the first node to start wins). */
  async startCursor(name: string, position: number): Promise<void> {
    await this.db
      .insertInto('webhook_cursors')
      .values({ name, position })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  /** Moves a cursor forward only (a slower node never moves it back). */
  async advanceCursor(name: string, position: number): Promise<void> {
    await this.db.updateTable('webhook_cursors').set({ position }).where('name', '=', name).where('position', '<', position).execute();
  }
}
