// The email that tells a therapist a client is waiting in a visit they have not opened. English, as
// all staff mail; the client's name in the text (the therapist's own client), never in the subject.
import { htmlDocument, linkParagraph, paragraph } from './html.js';
import type { RenderedMail } from './visit-templates.js';

export interface WaitingAlertFacts {
  clientName: string;
  /** When the client came into the waiting room, and the visit's start. */
  waitingSince: number;
  startsAt: number;
  /** The zone the times are given in (the client's: the therapist has none on record). */
  timeZone: string;
  dashboardUrl: string;
}

const SUBJECT = 'A client is waiting for your video visit';

function clock(at: number, timeZone: string, named: boolean): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: 'numeric',
    minute: '2-digit',
    ...(named ? { timeZoneName: 'short' as const } : {}),
  }).format(new Date(at));
}

export function renderWaitingAlert(f: WaitingAlertFacts): RenderedMail {
  const lead = `${f.clientName} has been waiting since ${clock(f.waitingSince, f.timeZone, true)} for your video visit of ${clock(f.startsAt, f.timeZone, false)}, and you have not opened the visit yet.`;
  const next = 'Open your dashboard to start the visit, or send the waiting room a message if you are running late.';
  const text = [lead, '', next, f.dashboardUrl, ''].join('\n');
  const html = htmlDocument('en', SUBJECT, [paragraph(lead), paragraph(next), linkParagraph('Open your dashboard', f.dashboardUrl)]);
  return { subject: SUBJECT, text, html };
}
