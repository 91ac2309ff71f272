// Email for the practice, wired once per app: listens to appointment changes and staff links, keeps
// the outbox, and (with SMTP) runs the delivery worker, the reminder scheduler and the waiting
// alerts (a client waiting in a visit its therapist has not opened) on a timer. Without
// SMTP nothing is sent: messages wait in the outbox for staff to copy and send by hand, and reminders
// are still written there when due.
import type { FastifyBaseLogger } from 'fastify';
import type { MailSettings } from '../config.js';
import type { PracticeServices } from '../practice/services.js';
import { appointmentMailListener } from './appointment-mail.js';
import { CalendarSequences } from './calendar-sequence.js';
import { DeliveryWorker, type MailFailureListener } from './delivery-worker.js';
import { OutboxStore } from './outbox-store.js';
import { ReminderScheduler } from './reminders.js';
import { type MailSender, SmtpSender } from './smtp-sender.js';
import { staffMailListener } from './staff-mailer.js';
import { VisitMailer } from './visit-mailer.js';
import { type VisitGlance, WaitingAlerts } from './waiting-alerts.js';

export class MailService {
  readonly outbox: OutboxStore;
  /** 'smtp': sent by this service; 'outbox': kept for staff to send by hand. */
  readonly mode: 'smtp' | 'outbox';
  private readonly sender: MailSender | null;
  private readonly worker: DeliveryWorker | null;
  private readonly reminders: ReminderScheduler;
  /** Only with SMTP: an alert kept for sending by hand would come too late to help. */
  private readonly waitingAlerts: WaitingAlerts | null;
  /** Writes clients' visit emails (also the dashboard's "Send the link again"). */
  readonly visitMailer: VisitMailer;
  private readonly failureListeners: MailFailureListener[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    s: PracticeServices,
    private readonly settings: MailSettings,
    private readonly log: FastifyBaseLogger,
    visits: VisitGlance,
    sender?: MailSender,
  ) {
    this.outbox = new OutboxStore(s.db);
    this.sender = sender ?? (settings.smtpUrl && settings.from ? new SmtpSender(settings.smtpUrl, settings.from) : null);
    this.mode = this.sender ? 'smtp' : 'outbox';
    this.worker = this.sender && new DeliveryWorker(this.outbox, this.sender, s.now, log);
    this.worker?.onFailed((f) => this.tellFailed(f));
    const mailer = new VisitMailer({ s, outbox: this.outbox, fromAddress: settings.fromAddress ?? 'no-reply@localhost', log });
    this.visitMailer = mailer;
    this.reminders = new ReminderScheduler(s, mailer);
    this.waitingAlerts = this.sender ? new WaitingAlerts(s, this.outbox, visits) : null;
    s.events.listen(appointmentMailListener({ outbox: this.outbox, sequences: new CalendarSequences(s.db), mailer, now: s.now }));
    s.staffLinks.listen(staffMailListener(this.outbox, s.now));
  }

  /** Called when a message has finally failed (refused, or out of attempts): the webhooks' email.failed. */
  onFailed(listener: MailFailureListener): void {
    this.failureListeners.push(listener);
  }

  /** One round: queue the reminders and waiting alerts now due, then send what is due. Rounds never overlap. */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      await this.reminders.queueDue();
      await this.waitingAlerts?.queueDue();
      await this.worker?.deliverDue();
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs a round every MAIL_POLL_SECONDS (none when 0). A failed round is logged and tried again next time. */
  start(): void {
    if (!this.settings.pollSeconds || this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((err: Error) => this.log.warn({ err }, 'mail round failed; trying again next round'));
    }, this.settings.pollSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
    this.sender?.close();
  }

  private async tellFailed(f: Parameters<MailFailureListener>[0]): Promise<void> {
    for (const listener of this.failureListeners) await listener(f);
  }
}
