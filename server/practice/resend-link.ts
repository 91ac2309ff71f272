// "Send the link again" for a client who has not arrived: their visit email again, with a fresh link,
// when the practice sends mail and the client has an address; otherwise a fresh link for staff to
// copy and pass on themselves. Audited. Emails are counted per client of the visit in the outbox:
// one within RESEND_INTERVAL_MS is refused, and each carries a numbered key, so a double click (two
// requests at once, on one node or two) stores one message.
import type { MailService } from '../mail/mail-service.js';
import { CalendarSequences } from '../mail/calendar-sequence.js';
import type { Acting } from './acting.js';
import { badRequest, PracticeError } from './errors.js';
import { checkLinkAllowed, issueLink, type ParticipantRef, participantOf } from './link-actions.js';
import type { PracticeServices } from './services.js';

/** The least time between two emails of the link to one client of a visit. */
export const RESEND_INTERVAL_MS = 60_000;

export type ResendOutcome = { via: 'email' } | { via: 'link'; reason: 'no_email' | 'mail_off'; url: string; longUrl: string };

export async function resendLink(s: PracticeServices, mail: MailService, me: Acting, ref: ParticipantRef): Promise<ResendOutcome> {
  const { appt, participant } = await participantOf(s, me, ref);
  if (participant.role !== 'client') throw badRequest('Only a client’s link can be sent again.', 'not_a_client');
  await checkLinkAllowed(s, me, appt, 'client');
  const client = participant.clientId ? await s.clients.byId(participant.clientId) : undefined;
  if (mail.mode !== 'smtp' || !client?.email) {
    const link = await issueLink(s, me, ref);
    return { via: 'link', reason: mail.mode !== 'smtp' ? 'mail_off' : 'no_email', url: link.url, longUrl: link.longUrl };
  }
  const prefix = `resend:${appt.id}:${participant.id}:`;
  // The appointment's messages are few (and indexed by appointment): the last resend is found among them.
  const rows = await s.db
    .selectFrom('mail_messages')
    .select(['created_at', 'dedupe_key'])
    .where('appointment_id', '=', appt.id)
    .orderBy('created_at', 'desc')
    .execute();
  const last = rows.find((r) => r.dedupe_key?.startsWith(prefix));
  if (last && s.now() - last.created_at < RESEND_INTERVAL_MS) throw tooSoon(last.created_at + RESEND_INTERVAL_MS - s.now());
  const sequence = await new CalendarSequences(s.db).current(appt.id);
  // Keyed by the previous one: two requests at once make the same key, and only one is stored.
  const outcome = await mail.visitMailer.resend(appt, participant.id, sequence, `${prefix}after-${last?.created_at ?? 0}`);
  if (outcome === 'duplicate') throw tooSoon(RESEND_INTERVAL_MS);
  if (outcome === 'no-email') {
    const link = await issueLink(s, me, ref);
    return { via: 'link', reason: 'no_email', url: link.url, longUrl: link.longUrl };
  }
  await s.audit.record(
    { event: 'visit link emailed again', staffId: me.id, appointmentId: appt.id, participantId: participant.id },
    s.now(),
  );
  return { via: 'email' };
}

function tooSoon(waitMs: number): PracticeError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new PracticeError(429, 'resent_recently', 'The link was just sent again. Give it a minute before sending it once more.', seconds);
}
