// Writes clients' visit emails into the outbox: invitations, updates, cancellations and reminders,
// one per client with an email address, each in the client's language and time zone, with its own
// visit link and the calendar invite. The appointment's title never appears.
import type { FastifyBaseLogger } from 'fastify';
import type { PracticeServices } from '../practice/services.js';
import type { ScheduledAppointment, ScheduledParticipant } from '../store/schedule.js';
import { CalendarInviteError, calendarInvite } from './calendar-invite.js';
import type { OutboxStore } from './outbox-store.js';
import { visitLinkForEmail } from './visit-link.js';
import { renderVisitMail } from './visit-templates.js';
import { formatWhen, KINDS_WITHOUT_LINK, type VisitMailKind, WORDING } from './visit-wording.js';

export interface VisitMailerOptions {
  s: PracticeServices;
  outbox: OutboxStore;
  /** The sender's address (MAIL_FROM's address part), the calendar entry's organizer. */
  fromAddress: string;
  log: FastifyBaseLogger;
}

/** What became of one message: stored, not possible (no address, no link), or stored before under its key. */
export type QueueOutcome = 'queued' | 'no-email' | 'duplicate';

export class VisitMailer {
  constructor(private readonly o: VisitMailerOptions) {}

  /**
   * Queues `kind` for every client of the appointment who has an email address. A reminder passes its
   * key part (offset and start); a second call with the same key adds nothing.
   */
  async queue(appt: ScheduledAppointment, kind: VisitMailKind, sequence: number, reminderKey?: string): Promise<number> {
    let queued = 0;
    const providerName = await this.providerName(appt);
    for (const p of appt.participants) {
      if (p.role !== 'client' || !p.clientId) continue;
      const dedupeKey = reminderKey ? `reminder:${appt.id}:${p.id}:${reminderKey}` : undefined;
      if (dedupeKey && (await this.o.outbox.hasKey(dedupeKey))) continue;
      if ((await this.queueFor(appt, p, kind, sequence, providerName, dedupeKey)) === 'queued') queued++;
    }
    return queued;
  }

  /**
   * The calendar entry, or none when the calendar writer refuses it: its address check is stricter
   * than ours (it refuses "jané@…" or an underscore in a domain, which mail can still reach). The
   * email then goes without the entry rather than not at all, nor stopping the other clients' mail.
   */
  private calendarOrNone(invite: Parameters<typeof calendarInvite>[0]): string | null {
    try {
      return calendarInvite(invite);
    } catch (err) {
      if (!(err instanceof CalendarInviteError)) throw err;
      this.o.log.warn({ appointmentId: invite.appointmentId, field: err.field }, 'calendar entry left out of a visit email');
      return null;
    }
  }

  /**
   * Sends one client their visit email again (the dashboard's "Send the link again"), with a fresh
   * link and the calendar entry as it stands. `dedupeKey` makes a repeated request add nothing.
   */
  async resend(appt: ScheduledAppointment, participantId: string, sequence: number, dedupeKey: string): Promise<QueueOutcome> {
    const p = appt.participants.find((x) => x.id === participantId);
    if (p?.role !== 'client' || !p.clientId) return 'no-email';
    return this.queueFor(appt, p, 'invitation', sequence, await this.providerName(appt), dedupeKey);
  }

  private async queueFor(
    appt: ScheduledAppointment,
    p: ScheduledParticipant,
    kind: VisitMailKind,
    sequence: number,
    providerName: string,
    dedupeKey: string | undefined,
  ): Promise<QueueOutcome> {
    const { s } = this.o;
    const client = await s.clients.byId(p.clientId!);
    if (!client?.email) return 'no-email';
    const withLink = !KINDS_WITHOUT_LINK.has(kind);
    const visitUrl = withLink ? await visitLinkForEmail(s, appt.id, p.id) : undefined;
    if (withLink && !visitUrl) return 'no-email';
    const facts = { clientName: client.name, providerName, when: formatWhen(appt.startsAt, client.language, client.timeZone) };
    const testUrl = `${s.config.publicUrl}/test`;
    const mail = renderVisitMail({ kind, language: client.language, facts, testUrl, ...(visitUrl ? { visitUrl } : {}) });
    const method = kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
    // A reminder changes nothing in the calendar: it carries no invite.
    const ics =
      kind === 'reminder'
        ? null
        : this.calendarOrNone({
            appointmentId: appt.id,
            sequence,
            method,
            startsAt: appt.startsAt,
            endsAt: appt.endsAt,
            summary: (kind === 'in-person' ? WORDING[client.language].inPersonSummary : WORDING[client.language].calendarSummary)(facts),
            description: visitUrl ? `${visitUrl}\n${testUrl}` : mail.text,
            ...(visitUrl ? { url: visitUrl } : {}),
            organizer: { name: providerName, email: this.o.fromAddress },
            attendee: { name: client.name, email: client.email },
            host: new URL(s.config.publicUrl).hostname,
          });
    const id = await this.o.outbox.add(
      {
        kind,
        appointmentId: appt.id,
        clientId: client.id,
        therapistId: appt.therapistId,
        recipient: client.email,
        ...mail,
        ...(ics ? { ics: { method, content: ics } } : {}),
        ...(dedupeKey ? { dedupeKey } : {}),
      },
      s.now(),
    );
    return id === null ? 'duplicate' : 'queued';
  }

  private async providerName(appt: ScheduledAppointment): Promise<string> {
    const therapist = appt.therapistId ? await this.o.s.staff.byId(appt.therapistId) : undefined;
    return therapist?.name ?? appt.participants.find((p) => p.role === 'provider')?.displayName ?? 'Your provider';
  }
}
