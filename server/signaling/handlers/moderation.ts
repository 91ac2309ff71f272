// The provider mutes someone's microphone or stops their video; only that person can turn it back on.
import type { Handler } from './types.js';

export const moderate: Handler<'moderate'> = {
  providerOnly: 'mute or stop video for others',
  run({ hub, visit, self, error }, msg) {
    const target = visit.participant(msg.participantId);
    const targetConn = visit.connections.get(msg.participantId);
    if (target?.admission !== 'admitted' || !targetConn) return error('unknown_participant', 'That participant is not in the call');
    hub.audit(visit.appointment.id, msg.action, target.id, self.id);
    targetConn.send({ type: 'moderated', action: msg.action, by: self.id, byName: self.displayName });
  },
};
