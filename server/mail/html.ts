// The smallest safe HTML for mail: every value escaped, links only http(s).
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;

export function linkParagraph(label: string, url: string): string {
  if (!/^https?:\/\//.test(url)) throw new Error('mail links must be http(s)');
  return `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a><br>${escapeHtml(url)}</p>`;
}

export function htmlDocument(lang: string, title: string, body: string[]): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body.join('')}</body></html>`;
}
