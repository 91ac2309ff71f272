// The waiting room's messages: a client says they are ready; the provider admits or removes someone.
// Admission changes go through the waiting room's state machine only.
import type { ClientMessageOf } from '../../../shared/protocol.js';
import type { Handler, HandlerContext } from './types.js';

export const CLOSE_REMOVED = 4003;

export const ready: Handler<'ready'> = {
  async run({ hub, visit, self, error }, msg) {
    if (msg.ready && visit.locationMissing(self)) return error('location_required', 'Please say where you are before the visit first');
    await hub.store.saveReady(self.id, msg.ready);
    visit.update({ ...self, ready: msg.ready });
    hub.broadcastRoster(visit);
  },
};

async function changeAdmission(ctx: HandlerContext, msg: ClientMessageOf<'admit' | 'remove'>): Promise<void> {
  const { hub, visit, self } = ctx;
  const target = visit.participant(msg.participantId);
  if (!target) return ctx.error('unknown_participant', 'No such participant in this visit');
  // Admitting someone who has not said where they are takes the provider's explicit confirmation.
  const withoutLocation = msg.type === 'admit' && visit.locationMissing(target);
  if (withoutLocation && !msg.withoutLocation)
    return ctx.error('location_required', 'This client has not said where they are yet; confirm to admit them anyway');
  const result = await hub.waitingRoom.transition(target, msg.type, self.id, { withoutLocation });
  if (!result.ok) {
    if (result.stale) {
      // Someone else changed them first: refresh our copy so the roster shows what happened.
      const fresh = await hub.store.participant(target.id);
      if (fresh) visit.update(fresh);
      hub.broadcastRoster(visit);
    }
    return ctx.error('invalid_transition', `Cannot ${msg.type} a participant who is ${result.stale ? 'no longer waiting' : result.from}`);
  }
  visit.update(result.participant);
  const targetConn = visit.connections.get(target.id);
  if (targetConn) {
    // Introductions before the news: the admitted page opens its peer connections first, and they
    // connect while it redraws for the call (that redraw held them back by 0.1-0.2 s, npm run bench).
    if (result.to === 'admitted') hub.pairWithPeers(visit, targetConn);
    targetConn.send({ type: 'admission', admission: result.to, by: self.id });
    if (result.to === 'removed') {
      hub.detach(targetConn);
      targetConn.close(CLOSE_REMOVED, 'removed');
    }
  }
  hub.broadcastRoster(visit);
}

export const admit: Handler<'admit'> = { providerOnly: 'admit participants', run: changeAdmission };
export const remove: Handler<'remove'> = { providerOnly: 'remove participants', run: changeAdmission };
