// Tells a therapist by email that a client has been waiting, two minutes past a visit's start, in a
// visit they have not opened. Each round reads the candidates with one query (visits started between
// a day and two minutes ago, not ended, with a client in the waiting room, not yet told), then looks at
// each candidate's presence through the hub (people on other nodes count). The message is stored
// under a key made of the visit and the client, so however many nodes look, it is made once.
import { sql } from 'kysely';
import { WAITING_ALERT_AFTER_MS, waitingAlert } from '../practice/live/lateness.js';
import type { PracticeServices } from '../practice/services.js';
import type { LiveVisit } from '../signaling/live-visit.js';
import type { OutboxStore } from './outbox-store.js';
import { renderWaitingAlert } from './waiting-alert-template.js';

/** What the round needs of the signaling hub: one look at a visit's replica. */
export interface VisitGlance {
  glance<T>(appointmentId: string, read: (visit: LiveVisit) => T): Promise<T | undefined>;
}

/** Older visits are not looked at (no visit lasts a day). */
const LOOK_BACK_MS = 24 * 3600_000;

export const waitingAlertKey = (appointmentId: string, participantId: string): string => `waiting-alert:${appointmentId}:${participantId}`;

export class WaitingAlerts {
  constructor(
    private readonly s: PracticeServices,
    private readonly outbox: OutboxStore,
    private readonly visits: VisitGlance,
  ) {}

  /** Queues the alerts due now; returns how many messages were added. */
  async queueDue(): Promise<number> {
    const now = this.s.now();
    const rows = await this.s.db
      .selectFrom('appointments as a')
      .innerJoin('participants as p', 'p.appointment_id', 'a.id')
      .leftJoin('mail_messages as m', (join) => join.on('m.dedupe_key', '=', sql<string>`'waiting-alert:' || a.id || ':' || p.id`))
      .select([
        'a.id as appointmentId',
        'a.therapist_id as therapistId',
        'a.starts_at as startsAt',
        'p.id as participantId',
        'p.client_id as clientId',
        'p.display_name as displayName',
      ])
      .where('a.starts_at', '>', now - LOOK_BACK_MS)
      .where('a.starts_at', '<=', now - WAITING_ALERT_AFTER_MS)
      .where('a.ends_at', '>', now)
      .where('a.video', '=', 1)
      .where('a.cancelled_at', 'is', null)
      .where('a.ended_at', 'is', null)
      .where('a.therapist_id', 'is not', null)
      .where('p.role', '=', 'client')
      .where('p.admission', '=', 'waiting')
      .where('m.id', 'is', null)
      .execute();
    let queued = 0;
    for (const r of rows) {
      const waiting = await this.visits.glance(r.appointmentId, (visit) => {
        const p = visit.participant(r.participantId);
        return p && waitingAlert(visit, p, now) ? p.waitingSince : null;
      });
      if (waiting == null) continue;
      if (await this.queue({ ...r, therapistId: r.therapistId!, waitingSince: waiting }, now)) queued++;
    }
    return queued;
  }

  private async queue(
    r: {
      appointmentId: string;
      therapistId: string;
      startsAt: number;
      participantId: string;
      clientId: string | null;
      displayName: string;
      waitingSince: number;
    },
    now: number,
  ): Promise<boolean> {
    const therapist = await this.s.staff.byId(r.therapistId);
    if (!therapist?.email || therapist.deactivatedAt !== null) return false;
    const client = r.clientId ? await this.s.clients.byId(r.clientId) : undefined;
    const mail = renderWaitingAlert({
      clientName: client?.name ?? r.displayName,
      waitingSince: r.waitingSince,
      startsAt: r.startsAt,
      timeZone: client?.timeZone ?? 'UTC',
      dashboardUrl: `${this.s.config.publicUrl}/practice`,
    });
    const id = await this.outbox.add(
      {
        kind: 'waiting-alert',
        dedupeKey: waitingAlertKey(r.appointmentId, r.participantId),
        appointmentId: r.appointmentId,
        ...(r.clientId ? { clientId: r.clientId } : {}),
        // Filed with the therapist's clients' messages: the therapist sees it on the Email screen.
        therapistId: therapist.id,
        recipient: therapist.email,
        ...mail,
      },
      now,
    );
    return id !== null;
  }
}
