// Emails to staff: an invitation to join the practice's Vestibule, and a password reset. English
// (staff have no language setting); the link and how long it works, nothing else.
import { htmlDocument, linkParagraph, paragraph } from './html.js';
import type { RenderedMail } from './visit-templates.js';

export type StaffMailKind = 'staff-invitation' | 'password-reset';

const WORDS: Record<StaffMailKind, { subject: string; lead: string; action: string; ignore: string }> = {
  'staff-invitation': {
    subject: 'You are invited to Vestibule',
    lead: 'You have been invited to your practice’s Vestibule, where you will see your schedule and hold video visits. Open the link to choose your password.',
    action: 'Accept the invitation',
    ignore: 'If you were not expecting this, you can ignore this email.',
  },
  'password-reset': {
    subject: 'Reset your Vestibule password',
    lead: 'A password reset was requested for your Vestibule account. Open the link to choose a new password.',
    action: 'Choose a new password',
    ignore: 'If you did not ask for this, tell your practice’s owner; your current password keeps working.',
  },
};

export function renderStaffMail(kind: StaffMailKind, name: string, url: string, validHours: number): RenderedMail {
  const w = WORDS[kind];
  const validity = `The link works once, for ${validHours === 1 ? 'one hour' : `${validHours} hours`}.`;
  const greeting = `Hello ${name},`;
  const text = [greeting, '', w.lead, '', `${w.action}:`, url, '', validity, w.ignore].join('\n');
  const html = htmlDocument('en', w.subject, [
    paragraph(greeting),
    paragraph(w.lead),
    linkParagraph(w.action, url),
    paragraph(validity),
    paragraph(w.ignore),
  ]);
  return { subject: w.subject, text: `${text}\n`, html };
}
