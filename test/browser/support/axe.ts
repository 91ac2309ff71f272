// axe-core run inside a page through DevTools evaluation (the pages' CSP refuses inline scripts): the
// one runner every browser spec uses. It reports violations only, leaves <video> out (nothing to
// check there, and much faster on a busy machine), and switches on label-content-name-mismatch (a
// control's accessible name must contain its visible text), which axe-core ships off as experimental.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  /** The first few offending nodes' selectors, to find them. */
  targets: string[];
}

/** The serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    type Axe = {
      run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
    };
    const result = await (window as unknown as { axe: Axe }).axe.run(
      { exclude: [['video']] },
      { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } },
    );
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => String(n.target)).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
