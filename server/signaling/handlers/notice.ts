// The provider's notice to those waiting ("I'll be with you in 5 minutes", or their own words). It goes
// to everyone in the visit, waiting or not, and to whoever arrives while it is up. Like chat, its words
// are never stored or logged.
import type { Handler } from './types.js';

export const waitingNotice: Handler<'waiting-notice'> = {
  providerOnly: 'post a notice to the waiting room',
  run({ visit, error }, msg) {
    const notice = msg.notice?.kind === 'text' ? { kind: 'text' as const, text: msg.notice.text.trim() } : msg.notice;
    if (notice?.kind === 'text' && !notice.text) return error('bad_frame', 'Empty notice');
    const posted = notice ? { notice, at: Date.now() } : null;
    if (!posted && !visit.notice) return;
    visit.setNotice(posted);
    const frame = { type: 'waiting-notice' as const, notice: posted?.notice ?? null, at: posted?.at ?? Date.now() };
    for (const c of visit.connections.values()) c.send(frame);
  },
};
