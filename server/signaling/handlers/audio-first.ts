// The provider turns the automatic video pause ("audio first" on a weak connection) on or off for the
// visit. Kept in the visit's shared state, so every node's welcome says it, and told at once to
// everyone connected: each page stops (or starts) pausing its own video.
import type { Handler } from './types.js';

export const audioFirst: Handler<'audio-first'> = {
  providerOnly: 'turn the automatic video pause on or off',
  run({ hub, visit, self }, msg) {
    if (msg.on !== visit.audioFirst) {
      visit.setAudioFirst(msg.on, self.id);
      hub.audit(visit.appointment.id, msg.on ? 'audio-first on' : 'audio-first off', null, self.id);
    }
    // Everyone, the provider's own page included, follows the frame; repeating it is harmless.
    const frame = { type: 'audio-first' as const, on: msg.on, by: self.id };
    for (const c of visit.connections.values()) c.send(frame);
  },
};
