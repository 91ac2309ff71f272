// Stylesheets a page adds when it shows what they style, not with the page: scripts/build.mjs builds
// each (LATER_SHEETS) on its own and gives the scripts their content-hashed addresses.
/** JSON: { "connection-test.css": "/assets/connection-test-XXXXXXXX.css" }. */
declare const LATER_STYLESHEETS: string;

const added = new Map<string, Promise<void>>();

/**
 * Adds the stylesheet (by its name in client/pages) to the page, once; resolves when it has loaded, or
 * could not (what it styles then shows plain, but works).
 */
export function addStylesheet(name: string): Promise<void> {
  let loading = added.get(name);
  if (!loading) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = (JSON.parse(LATER_STYLESHEETS) as Record<string, string>)[name] ?? '';
    loading = new Promise<void>((resolve) => {
      link.addEventListener('load', () => resolve());
      link.addEventListener('error', () => resolve());
    });
    document.head.append(link);
    added.set(name, loading);
  }
  return loading;
}
