// Reading the connection test's machine-readable report off the page.
import { expect, type Page } from '@playwright/test';

export interface Report {
  verdict: 'pass' | 'warn' | 'fail';
  durationMs: number;
  checks: { id: string; status: string; message: string; details?: Record<string, unknown> }[];
  network: Record<string, unknown> & {
    uplinkKbps: number;
    downlinkKbps: number;
    rttMs: number;
    jitterMs: number;
    lossPct: number;
    turnConfigured: boolean;
  };
}

export async function reportOf(page: Page): Promise<Report> {
  const pre = page.locator('pre[data-report]');
  await expect(pre).not.toBeEmpty({ timeout: 45_000 });
  return JSON.parse((await pre.textContent())!) as Report;
}

export const status = (r: Report, id: string) => r.checks.find((c) => c.id === id)?.status;
