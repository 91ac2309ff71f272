// A Vitest reporter for `npm test`: writes the name of every test that passed only when retried to the
// file named by VESTIBULE_RETRIED_FILE, one per line, so the run's summary can name them. A retry
// keeps a one-off hiccup of a busy machine from failing the run; naming it keeps it from hiding.
import { appendFileSync } from 'node:fs';
import type { Reporter, TestCase } from 'vitest/node';

export default class RetriedReporter implements Reporter {
  private readonly file = process.env.VESTIBULE_RETRIED_FILE;

  onTestCaseResult(testCase: TestCase): void {
    if (!this.file || !testCase.diagnostic()?.flaky) return;
    appendFileSync(this.file, `${testCase.module.moduleId.replace(`${process.cwd()}/`, '')} › ${testCase.fullName}\n`);
  }
}
