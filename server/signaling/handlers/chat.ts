// Chat is relayed and forgotten: never stored, never logged. Who may read a channel is who may write
// to it: the call chat is for those in the call, the waiting-room chat for the provider and those waiting.
import type { ChatChannel } from '../../../shared/protocol.js';
import type { Participant } from '../../store/appointments.js';
import type { Handler } from './types.js';

export const mayUseChat = (channel: ChatChannel, p: Participant): boolean =>
  channel === 'call' ? p.admission === 'admitted' : p.role === 'provider' || p.admission === 'waiting';

export const chat: Handler<'chat'> = {
  run({ visit, self, error }, msg) {
    if (!mayUseChat(msg.channel, self)) {
      return error(
        'forbidden',
        msg.channel === 'call'
          ? 'Only people in the call can use the call chat'
          : 'The waiting-room chat is for the provider and those waiting',
      );
    }
    const text = msg.text.trim();
    if (!text) return error('bad_frame', 'Empty message');
    const out = { type: 'chat' as const, channel: msg.channel, from: self.id, fromName: self.displayName, text, at: Date.now() };
    const told: string[] = [];
    for (const c of visit.connections.values()) {
      const reader = visit.participant(c.participantId);
      if (!reader || !mayUseChat(msg.channel, reader)) continue;
      c.send(out);
      if (c.node !== undefined) told.push(c.participantId);
    }
    // Other nodes pass it to readers who joined there before this node heard of them (bus/types.ts).
    visit.shareChat(out, told);
  },
};
