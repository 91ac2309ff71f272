// Element ids unique on the page (the test may be mounted more than once: a dialog opened again).
let next = 0;

export function uid(prefix: string): string {
  return `${prefix}-${++next}`;
}
