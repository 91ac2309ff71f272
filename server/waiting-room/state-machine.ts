// The waiting room as an explicit state machine over a participant's admission.
//
//   invited --join--> waiting        (a client opens their link)
//   invited --join--> admitted       (the provider hosts the visit, so needs no admission)
//   waiting --admit--> admitted      (the provider lets the client in)
//   waiting --remove--> removed      (the provider sends the client out of the waiting room)
//   admitted --remove--> removed
//   removed --join--> waiting        (a removed client who opens the link again waits again;
//                                     revoke the link to keep them out for good)
//   admitted --join--> admitted      (a reload or a dropped connection: no second admission)
//   waiting --join--> waiting        (a reload keeps the client's place in the queue)
//   waiting/admitted/removed --end--> invited
//                                    (the provider ended the session: if they start it again,
//                                     every client is admitted anew)
import type { Admission, Role } from '../../shared/protocol.js';

export type AdmissionEvent = 'join' | 'admit' | 'remove' | 'end';

/** Returns the next state, or null when the event is not allowed in this state for this role. */
export function nextAdmission(current: Admission, event: AdmissionEvent, role: Role): Admission | null {
  if (role === 'provider') {
    // Providers host; they cannot be admitted or removed, only join.
    return event === 'join' ? 'admitted' : null;
  }
  switch (event) {
    case 'join':
      return current === 'admitted' ? 'admitted' : 'waiting';
    case 'admit':
      return current === 'waiting' ? 'admitted' : null;
    case 'remove':
      return current === 'waiting' || current === 'admitted' ? 'removed' : null;
    case 'end':
      return current === 'invited' ? null : 'invited';
  }
}
