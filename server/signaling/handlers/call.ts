// Messages of the call itself: WebRTC signals relayed between admitted participants, each one's media
// state and connection-test summary. None of these touches the database.
import type { ServerMessage } from '../../../shared/protocol.js';
import { forwardSignal } from '../forwarded-signal.js';
import type { Handler } from './types.js';

export const ping: Handler<'ping'> = {
  run: ({ conn }, msg) => conn.send({ type: 'pong', t: msg.t }),
};

export const signal: Handler<'signal'> = {
  run({ visit, conn, self, frame, error }, msg) {
    if (self.admission !== 'admitted') return error('not_admitted', 'You can join the call once the provider admits you');
    const target = visit.connections.get(msg.to);
    if (!target || visit.participant(msg.to)?.admission !== 'admitted') {
      return error('unknown_participant', 'That participant is not in the call');
    }
    // The server stamps the sender: `from` is never taken from the frame.
    const forwarded = forwardSignal(frame, msg.to, conn.participantId, conn.session);
    if (forwarded) return target.forward(forwarded);
    const out: ServerMessage = { type: 'signal', from: conn.participantId, session: conn.session };
    if (msg.description) out.description = msg.description;
    if (msg.candidate !== undefined) out.candidate = msg.candidate;
    target.send(out);
  },
};

export const mediaState: Handler<'media-state'> = {
  run({ hub, visit, self }, msg) {
    const { audio, video, screen, problem, videoPaused } = msg;
    visit.setMedia(self.id, { audio, video, screen, ...(problem ? { problem } : {}), ...(videoPaused && video ? { videoPaused } : {}) });
    hub.broadcastRoster(visit);
  },
};

export const testSummary: Handler<'test-summary'> = {
  run({ hub, visit, self }, msg) {
    visit.setSummary(self.id, msg.summary);
    hub.broadcastRoster(visit);
  },
};

export const hello: Handler<'hello'> = {
  run: ({ error }) => error('bad_frame', 'hello was already received on this connection'),
};
