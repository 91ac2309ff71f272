// Webhooks a practice registers. `publish(type, data)` queues an event for every enabled endpoint
// subscribed to it (the mailer calls it for email.failed); appointment changes arrive from the
// practice's appointment events, admissions from the audit trail (audit-feed.ts). Every node runs the
// same loop: read new audit lines, then send the deliveries that are due, each taken by one node.
// A failed attempt is retried after the next WEBHOOK_RETRY_SECONDS wait; after
// WEBHOOK_DISABLE_AFTER_FAILURES failures in a row the endpoint is disabled until an owner turns it
// back on. Logs carry endpoint and delivery ids, never a URL, a secret or a payload.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookSettings } from '../../config.js';
import type { AppointmentEvent } from '../../practice/appointment-events.js';
import { newId } from '../../store/appointments.js';
import type { Db } from '../../store/db.js';
import type { ScheduledAppointment } from '../../store/schedule.js';
import type { Delivery, WebhookEndpoint, WebhookStore } from '../../store/webhooks.js';
import { AUDIT_EVENT_TYPES, eventsOf, latestAuditId, newAuditLines } from './audit-feed.js';
import { type AppointmentData, payloadOf, type WebhookEventData, type WebhookEventType } from './events.js';
import { send } from './sender.js';
import { checkTargetUrl } from './target-check.js';

const AUDIT_CURSOR = 'audit';
const BATCH = 20;

export class Webhooks {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly d: { db: Db; store: WebhookStore; settings: WebhookSettings; log: FastifyBaseLogger; now?: () => number }) {}

  private now(): number {
    return (this.d.now ?? Date.now)();
  }

  /** Queues an event for every enabled endpoint subscribed to it; `key` makes it once-only per endpoint. */
  async publish<T extends WebhookEventType>(type: T, data: WebhookEventData[T], key = `evt:${newId(12)}`): Promise<void> {
    await this.queueFor(await this.d.store.endpoints(), type, data, key);
  }

  private async queueFor<T extends WebhookEventType>(
    endpoints: WebhookEndpoint[],
    type: T,
    data: WebhookEventData[T],
    key: string,
  ): Promise<void> {
    const payload = payloadOf(type, data, this.now());
    for (const endpoint of endpoints) {
      if (endpoint.disabledAt !== null || !endpoint.events.includes(type)) continue;
      await this.d.store.enqueue({ endpointId: endpoint.id, eventKey: key, type, payload }, this.now());
    }
  }

  async register(url: string, events: WebhookEventType[], createdBy: string | null): Promise<WebhookEndpoint> {
    const checked = checkTargetUrl(url, this.d.settings);
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    return this.d.store.createEndpoint({ url: checked.href, events, secret, createdBy }, this.now());
  }

  /** Queues a webhook.test event for one endpoint (even one not subscribed to anything else). */
  async sendTest(endpointId: string): Promise<void> {
    const payload = payloadOf('webhook.test', { endpointId }, this.now());
    await this.d.store.enqueue({ endpointId, eventKey: `test:${newId(12)}`, type: 'webhook.test', payload }, this.now());
  }

  /** Appointment changes, as the practice's appointment events tell them. */
  readonly onAppointmentEvent = async (e: AppointmentEvent): Promise<void> => {
    const data = appointmentData(e.appointment, e.actor);
    if (e.type === 'appointment.created') await this.publish('appointment.created', data);
    else if (e.type === 'appointment.cancelled') await this.publish('appointment.cancelled', data);
    else await this.publish('appointment.changed', { ...data, change: e.type === 'appointment.rescheduled' ? 'rescheduled' : 'video' });
  };

  /** Starts reading the audit trail from now (what happened before webhooks existed is not news). */
  async initialize(): Promise<void> {
    await this.d.store.startCursor(AUDIT_CURSOR, await latestAuditId(this.d.db));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.d.settings.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: new audit lines, then due deliveries. Never two rounds at once on a node. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    try {
      await this.readAudit();
      await this.deliverDue();
    } catch (err) {
      this.d.log.warn({ err }, 'webhook round failed; trying again next round');
    }
  }

  /**
   * While no enabled endpoint subscribes to an event the audit trail yields, the cursor just moves to
   * the end: a busy service without webhooks must not re-read every join's audit line (it showed in the
   * signaling benchmark's profile).
   */
  private async readAudit(): Promise<void> {
    let after = await this.d.store.cursor(AUDIT_CURSOR);
    if (after === undefined) return this.initialize();
    const endpoints = (await this.d.store.endpoints()).filter((e) => e.disabledAt === null);
    if (!endpoints.some((e) => e.events.some((type) => AUDIT_EVENT_TYPES.has(type)))) {
      const latest = await latestAuditId(this.d.db);
      if (latest > after) await this.d.store.advanceCursor(AUDIT_CURSOR, latest);
      return;
    }
    const lines = await newAuditLines(this.d.db, after);
    for (const line of lines) {
      for (const e of await eventsOf(this.d.db, line)) await this.queueFor(endpoints, e.type, e.data as never, e.key);
      after = Number(line.id);
    }
    if (lines.length) await this.d.store.advanceCursor(AUDIT_CURSOR, after);
  }

  private async deliverDue(): Promise<void> {
    const now = this.now();
    const due = await this.d.store.claimDue(now, this.d.settings.timeoutMs + 5_000, BATCH);
    for (const delivery of due) await this.attempt(delivery);
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const endpoint = await this.d.store.endpoint(delivery.endpointId);
    if (!endpoint) return;
    const result = await send({ url: endpoint.url, secret: endpoint.secret, id: delivery.id, payload: delivery.payload }, this.d.settings);
    const delays = this.d.settings.retryDelaysMs;
    const retryAt = result.ok || delivery.attempts > delays.length ? null : this.now() + delays[delivery.attempts - 1]!;
    const after = await this.d.store.recordAttempt(delivery, result, {
      now: this.now(),
      retryAt,
      disableAfter: this.d.settings.disableAfterFailures,
    });
    const ids = { endpointId: endpoint.id, deliveryId: delivery.id, type: delivery.type, attempt: delivery.attempts };
    if (result.ok) this.d.log.info({ ...ids, status: result.status }, 'webhook delivered');
    else this.d.log.info({ ...ids, error: result.error, retry: retryAt !== null }, 'webhook attempt failed');
    if (after && after.disabledAt !== null && endpoint.disabledAt === null)
      this.d.log.warn({ endpointId: endpoint.id }, 'webhook endpoint disabled after repeated failures');
  }
}

function appointmentData(a: ScheduledAppointment, actor: AppointmentData['actor']): AppointmentData {
  return {
    appointmentId: a.id,
    therapistId: a.therapistId,
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: new Date(a.endsAt).toISOString(),
    video: a.video,
    cancelled: a.cancelledAt !== null,
    clientIds: a.participants.flatMap((p) => (p.clientId ? [p.clientId] : [])),
    actor,
  };
}
