// What the verdict says, from the report alone (no page): a heading, a sentence that names the first
// thing to fix, and the plain-text details a person can paste into a message to support.
import { firstToFix, type ConnectionTestReport } from './report.js';
import { checkLabel, type TestWords } from './words.js';

export interface VerdictText {
  heading: string;
  text: string;
}

export function verdictText(report: ConnectionTestReport, w: TestWords): VerdictText {
  const fix = firstToFix(report);
  if (report.verdict === 'warn' && fix)
    return { heading: w.t('verdict.warn'), text: w.t('verdict.warnText', { check: checkLabel(w, fix.id), message: fix.message }) };
  if (report.verdict === 'fail' && fix)
    return { heading: w.t('verdict.fail'), text: w.t('verdict.failText', { check: checkLabel(w, fix.id), message: fix.message }) };
  const speakersOpen = report.checks.some((c) => c.id === 'speakers' && c.status === 'skip' && c.details?.problem === 'not confirmed');
  // Checks that could not run (a relay that does not exist is not one of them).
  const unchecked = report.checks.filter((c) => c.status === 'skip' && c.id !== 'speakers' && c.details?.turnConfigured !== false);
  const text = speakersOpen
    ? w.t('verdict.passAnswerSound')
    : unchecked.length
      ? w.t('verdict.passUnchecked', { list: unchecked.map((c) => checkLabel(w, c.id)).join(', ') })
      : w.t('verdict.passAll');
  return { heading: w.t('verdict.pass'), text };
}

/** The report for support: a readable summary, then the full JSON. */
export function detailsText(report: ConnectionTestReport, w: TestWords): string {
  const lines = [
    w.t('details.header', { startedAt: report.startedAt }),
    w.t('details.result', { verdict: report.verdict }),
    ...report.checks.map((c) => `- ${checkLabel(w, c.id)}: ${c.status}. ${c.message}`),
  ];
  return `${lines.join('\n')}\n\n${JSON.stringify(report, null, 2)}`;
}
