// What the provider's stage says while nobody is in the call with them: who is waiting (the waiting
// list with its Admit buttons sits right under it), who left and can come back, or that nobody has
// arrived yet.
import type { ParticipantView } from '../../shared/protocol.js';
import { wordsOf } from '../i18n/page-words.js';
import { waitingListMessages } from '../../shared/i18n/catalogues/waiting-list.js';

const tr = wordsOf(waitingListMessages);

export interface StageText {
  title: string;
  body: string;
}

function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : tr('lastOfList', { list: names.slice(0, -1).join(', '), last: names[names.length - 1]! });
}

/** The provider's stage text, from who is waiting and the roster (clients admitted earlier but now offline left). */
export function providerStageText(waitingNames: string[], roster: ParticipantView[]): StageText {
  if (waitingNames.length === 1) {
    return { title: tr('oneWaitingTitle', { name: waitingNames[0]! }), body: tr('oneWaitingBody') };
  }
  if (waitingNames.length > 1) {
    return { title: tr('manyWaitingTitle', { count: waitingNames.length }), body: tr('manyWaitingBody') };
  }
  const left = roster.filter((p) => p.role === 'client' && p.admission === 'admitted' && !p.online).map((p) => p.displayName);
  if (left.length > 0) {
    return left.length === 1
      ? { title: tr('oneLeftTitle', { name: listNames(left) }), body: tr('oneLeftBody') }
      : { title: tr('manyLeftTitle', { names: listNames(left) }), body: tr('manyLeftBody') };
  }
  return { title: tr('nobodyYetTitle'), body: tr('nobodyYetBody') };
}
