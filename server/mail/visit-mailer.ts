// Writes clients' visit emails into the outbox: invitations, updates, cancellations and reminders,
// one per client with an email address, each in the client's language and time zone, with its own
// visit link and the calendar invite. The appointment's title never appears.
import type { PracticeServices } from '../practice/services.js';
import type { ScheduledAppointment, ScheduledParticipant } from '../store/schedule.js';
import { calendarInvite } from './calendar-invite.js';
import type { OutboxStore } from './outbox-store.js';
import { visitLinkForEmail } from './visit-link.js';
import { renderVisitMail } from './visit-templates.js';
import { formatWhen, type VisitMailKind, WORDING } from './visit-wording.js';

export interface VisitMailerOptions {
  s: PracticeServices;
  outbox: OutboxStore;
  /** The sender's address (MAIL_FROM's address part), the calendar entry's organizer. */
  fromAddress: string;
}

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
      if (await this.queueFor(appt, p, kind, sequence, providerName, dedupeKey)) queued++;
    }
    return queued;
  }

  private async queueFor(
    appt: ScheduledAppointment,
    p: ScheduledParticipant,
    kind: VisitMailKind,
    sequence: number,
    providerName: string,
    dedupeKey: string | undefined,
  ): Promise<boolean> {
    const { s } = this.o;
    const client = await s.clients.byId(p.clientId!);
    if (!client?.email) return false;
    const visitUrl = kind === 'cancellation' ? undefined : await visitLinkForEmail(s, appt.id, p.id);
    if (kind !== 'cancellation' && !visitUrl) return false;
    const facts = { clientName: client.name, providerName, when: formatWhen(appt.startsAt, client.language, client.timeZone) };
    const testUrl = `${s.config.publicUrl}/test`;
    const mail = renderVisitMail({ kind, language: client.language, facts, testUrl, ...(visitUrl ? { visitUrl } : {}) });
    const method = kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
    // A reminder changes nothing in the calendar: it carries no invite.
    const ics =
      kind === 'reminder'
        ? null
        : calendarInvite({
            appointmentId: appt.id,
            sequence,
            method,
            startsAt: appt.startsAt,
            endsAt: appt.endsAt,
            summary: WORDING[client.language].calendarSummary(facts),
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
    return id !== null;
  }

  private async providerName(appt: ScheduledAppointment): Promise<string> {
    const therapist = appt.therapistId ? await this.o.s.staff.byId(appt.therapistId) : undefined;
    return therapist?.name ?? appt.participants.find((p) => p.role === 'provider')?.displayName ?? 'Your provider';
  }
}
