// What the provider's stage says while nobody is in the call with them: who is waiting (the waiting
// list with its Admit buttons sits right under it), who left and can come back, or that nobody has
// arrived yet.
import type { ParticipantView } from '../../shared/protocol.js';

export interface StageText {
  title: string;
  body: string;
}

function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The provider's stage text, from who is waiting and the roster (clients admitted earlier but now offline left). */
export function providerStageText(waitingNames: string[], roster: ParticipantView[]): StageText {
  if (waitingNames.length === 1) {
    return { title: `${waitingNames[0]} is in the waiting room`, body: 'Admit them when you are ready.' };
  }
  if (waitingNames.length > 1) {
    return { title: `${waitingNames.length} people are in the waiting room`, body: 'Admit each of them, or all at once.' };
  }
  const left = roster.filter((p) => p.role === 'client' && p.admission === 'admitted' && !p.online).map((p) => p.displayName);
  if (left.length > 0) {
    return {
      title: `${listNames(left)} left the call`,
      body: `${left.length === 1 ? 'They' : 'Each of them'} can come back with the same link while the appointment lasts; you will see them here when they do.`,
    };
  }
  return { title: 'Waiting for your client to arrive', body: 'They will appear here when they open their link.' };
}
