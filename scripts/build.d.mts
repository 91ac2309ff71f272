/** Bytes of a file as written, and as sent compressed (the compressed copy when the build kept one). */
export interface Sizes {
  raw: number;
  gzip: number;
  br: number;
}
export interface PageSizes {
  /** The HTML and everything it loads at once. */
  files: string[];
  total: Sizes;
  /** Chunks the page's scripts load with import(), when they are used. */
  later: string[];
  laterTotal: Sizes;
}
export interface BuildReport {
  /** Where the browser app was written. */
  dir: string;
  files: Record<string, Sizes>;
  pages: Record<string, PageSizes>;
}
export const PAGE_BUDGET_GZIP: number;
export function buildAll(opts?: { quiet?: boolean; outDir?: string; server?: boolean }): Promise<BuildReport>;
export function formatSizes(report: BuildReport): string;
