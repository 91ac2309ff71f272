// The visit page's state, in one place: who I am, who is here, what my camera and microphone can
// do, and how far the visit has got. The controller changes it; binders and the screen read it.
import type { AppointmentView, MediaProblem, ParticipantView, Role } from '../../shared/protocol.js';
import { wordsOf } from '../i18n/page-words.js';
import { visitPageMessages } from '../../shared/i18n/catalogues/visit-page.js';

const tr = wordsOf(visitPageMessages);

export type VisitPhase = 'opening' | 'open' | 'left' | 'ended' | 'failed';

export class VisitState {
  phase: VisitPhase = 'opening';
  selfId = '';
  role: Role = 'client';
  appointment: AppointmentView | null = null;
  roster: ParticipantView[] = [];
  /** Camera and microphone have been asked for (once per page, after the link was verified). */
  mediaRequested = false;
  /** Why the camera or microphone cannot be used right now; null when they work. */
  mediaProblem: MediaProblem | null = null;
  selfViewHidden = false;
  speakerId: string | undefined;

  get isProvider(): boolean {
    return this.role === 'provider';
  }

  participant(id: string): ParticipantView | undefined {
    return this.roster.find((p) => p.id === id);
  }

  nameOf(id: string): string {
    return this.participant(id)?.displayName ?? tr('participant');
  }
}
