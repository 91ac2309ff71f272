// Figures as the bench's tables print them, and the median of a server's runs.

/** A figure with thousands separators and `digits` decimals. */
export const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Milliseconds with the decimals their size deserves (by magnitude, so a difference below zero reads alike). */
export const ms = (x: number) => {
  const size = Math.abs(x);
  return size < 10 ? fmt(x, 2) : size < 100 ? fmt(x, 1) : fmt(x);
};

/** Milliseconds and, for a phase of some length, their share of it: "250 (2.5%)". */
export const msWithShare = (x: number, phaseMs: number) => (phaseMs > 0 ? `${ms(x)} (${fmt((100 * x) / phaseMs, 1)}%)` : ms(x));

/** The median of some figures (the mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
