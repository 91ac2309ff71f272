// Admitting a client who has not said where they are (when the practice asks) needs the provider's
// yes first. The questions come one at a time ("Admit all" asks about each person in turn), and a
// second Admit for someone whose question is still open asks nothing more. Never touches the DOM:
// `ask` shows the question.
import type { ParticipantView } from '../../shared/protocol.js';

/** Whether the practice asks and this client has not answered yet. */
export const locationMissing = (p: ParticipantView): boolean => p.location?.stated === false;

export class AdmitQuestions {
  private readonly open = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ask: (name: string) => Promise<boolean>) {}

  /** True once the provider says yes for this person; false for no, or when they are already being asked about. */
  confirm(participantId: string, name: string): Promise<boolean> {
    if (this.open.has(participantId)) return Promise.resolve(false);
    this.open.add(participantId);
    const answer = this.queue.then(() => this.ask(name)).finally(() => this.open.delete(participantId));
    this.queue = answer.catch(() => false);
    return answer;
  }
}
