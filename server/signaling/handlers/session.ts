// The provider ends the session for everyone (clients are sent out and must be admitted again) or
// starts it again within the appointment's time.
import type { Connection, LiveVisit } from '../live-visit.js';
import type { Handler, HubOperations } from './types.js';

export const CLOSE_SESSION_ENDED = 4004;

/** Tells one page the session ended; a client's is closed (they must be admitted again). */
export function tellSessionEnded(hub: Pick<HubOperations, 'detach'>, visit: LiveVisit, c: Connection, by: string): void {
  c.send({ type: 'session-ended', by });
  if (visit.participant(c.participantId)?.role !== 'client') return;
  hub.detach(c);
  c.close(CLOSE_SESSION_ENDED, 'session ended');
}

export const endSession: Handler<'end-session'> = {
  providerOnly: 'end the session',
  async run({ hub, visit, self }) {
    const endedAt = Date.now();
    await hub.store.setEndedAt(visit.appointment.id, endedAt);
    visit.setEndedAt(endedAt);
    hub.audit(visit.appointment.id, 'session ended', null, self.id);
    // A notice such as "running late" belongs to this session, not to the next one.
    // No frame for it: every page is told the session ended.
    if (visit.notice) visit.setNotice(null, false);
    for (const p of visit.participants()) {
      if (p.role !== 'client') continue;
      const reset = await hub.waitingRoom.transition(p, 'end', self.id);
      if (reset.ok) visit.update(reset.participant);
    }
    const told: string[] = [];
    for (const c of visit.connections.values()) {
      tellSessionEnded(hub, visit, c, self.id);
      if (c.node !== undefined) told.push(c.participantId);
    }
    // Other nodes tell those who joined there before this node heard of them (bus/types.ts).
    visit.shareSessionEnd(self.id, told);
    hub.broadcastRoster(visit);
  },
};

export const restartSession: Handler<'restart-session'> = {
  providerOnly: 'start the session again',
  async run({ hub, visit, self, error }) {
    if (visit.appointment.endedAt === null) return error('invalid_transition', 'The session has not ended');
    if (Date.now() >= visit.appointment.endsAt) return error('link_expired', "The appointment's time is over");
    await hub.store.setEndedAt(visit.appointment.id, null);
    visit.setEndedAt(null);
    hub.audit(visit.appointment.id, 'session restarted', null, self.id);
    for (const c of visit.connections.values()) {
      if (visit.participant(c.participantId)?.role === 'provider') c.send({ type: 'session-restarted' });
    }
    hub.broadcastRoster(visit);
  },
};
