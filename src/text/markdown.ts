/**
 * Escape user text for inline Markdown (table cells, link text): every ASCII
 * punctuation mark that Markdown or MyST could read as syntax gets a
 * backslash, which CommonMark allows before any ASCII punctuation.
 */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~$&^]/g, '\\$&');
}

/** The line ending a text uses ("\r\n" if it has any, else "\n"). */
export const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');
