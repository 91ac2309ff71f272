// A client's email about a video visit, as plain text and HTML from the same wording.
import type { Language } from '../store/clients.js';
import { escapeHtml, htmlDocument, linkParagraph, paragraph } from './html.js';
import { KINDS_WITHOUT_LINK, type VisitFacts, type VisitMailKind, WORDING } from './visit-wording.js';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface VisitMailInput {
  kind: VisitMailKind;
  language: Language;
  facts: VisitFacts;
  /** The client's own visit link (absent when the video visit is gone). */
  visitUrl?: string;
  /** The connection test page. */
  testUrl: string;
}

export function renderVisitMail(m: VisitMailInput): RenderedMail {
  const w = WORDING[m.language];
  const f = m.facts;
  const subject = w.subject[m.kind](f);
  const withLink = !KINDS_WITHOUT_LINK.has(m.kind);
  const text: string[] = [w.greeting(f), '', w.lead[m.kind](f), '', `${w.whenLabel}: ${f.when}`];
  const html: string[] = [paragraph(w.greeting(f)), paragraph(w.lead[m.kind](f)), paragraph(`${w.whenLabel}: ${f.when}`)];
  if (withLink && m.visitUrl) {
    text.push('', `${w.joinLabel}:`, m.visitUrl);
    html.push(linkParagraph(w.joinLabel, m.visitUrl));
    if (m.kind === 'update') {
      text.push(w.linkStillWorks);
      html.push(paragraph(w.linkStillWorks));
    }
    text.push('', `${w.testLabel}:`, m.testUrl, '', `${w.expectTitle}:`, ...w.expect(f).map((line) => `- ${line}`));
    html.push(
      linkParagraph(w.testLabel, m.testUrl),
      paragraph(w.expectTitle),
      `<ul>${w
        .expect(f)
        .map((l) => `<li>${escapeHtml(l)}</li>`)
        .join('')}</ul>`,
    );
  }
  text.push('', w.closing);
  html.push(paragraph(w.closing));
  return { subject, text: `${text.join('\n')}\n`, html: htmlDocument(m.language, subject, html) };
}
