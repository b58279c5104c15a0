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

/** Apply `fn` to the parts of `text` outside inline code spans (CommonMark backtick runs). */
function outsideCode(text: string, fn: (plain: string) => string): string {
  let out = '';
  let plain = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      plain += text[i++];
      continue;
    }
    let n = 0;
    while (text[i + n] === '`') n++;
    // The span closes at the next run of exactly n backticks; without one, the backticks are literal.
    let close = -1;
    for (let j = i + n; j < text.length; ) {
      if (text[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (text[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close === -1) {
      plain += text.slice(i, i + n);
      i += n;
      continue;
    }
    out += fn(plain) + text.slice(i, close + n);
    plain = '';
    i = close + n;
  }
  return out + fn(plain);
}

/**
 * User text for a single-line field of a page (a title, deciders, a glossary
 * term or definition): inline Markdown (code, emphasis) keeps working, but
 * raw HTML, links, MyST roles, directives and substitutions become literal
 * text, so nothing a user types turns into live markup in the built site.
 * `unescapeMyst` reverses it exactly.
 */
export const escapeMyst = (text: string) => outsideCode(text, (plain) => plain.replace(/[\\<>{}[\]]/g, '\\$&'));
export const unescapeMyst = (text: string) => outsideCode(text, (plain) => plain.replace(/\\([\\<>{}[\]])/g, '$1'));

/**
 * The same for Python-Markdown (MkDocs), which has no backslash escape for
 * `<`, `>` or `&`: those become character references, so raw HTML stays text.
 */
const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };
const CHAR: Record<string, string> = { lt: '<', gt: '>', amp: '&' };
export const escapeMarkdown = (text: string) => outsideCode(text, (plain) => plain.replace(/[\\{}[\]]/g, '\\$&').replace(/[<>&]/g, (c) => ENTITY[c]));
export const unescapeMarkdown = (text: string) => outsideCode(text, (plain) => plain.replace(/&(lt|gt|amp);/g, (_, n: string) => CHAR[n]).replace(/\\([\\{}[\]])/g, '$1'));

/**
 * How the pages of a docs engine read user text: MyST (Sphinx) or
 * Python-Markdown (MkDocs). GitHub reads both escapings alike.
 */
export type Markup = 'myst' | 'markdown';
export const escapeFor = (markup: Markup) => (markup === 'markdown' ? escapeMarkdown : escapeMyst);
export const unescapeFor = (markup: Markup) => (markup === 'markdown' ? unescapeMarkdown : unescapeMyst);

/**
 * User text (an ADR title) for a Markdown table cell: the same inline
 * Markdown as in its heading (`escapeFor` the pages' markup), with every `|` escaped, inside
 * code spans too, since a table splits its row at each unescaped pipe before
 * reading inline Markdown (and drops the backslash of an escaped one).
 */
export const inlineCell = (text: string, markup: Markup = 'myst') => escapeFor(markup)(text).replace(/\|/g, '\\|');

/** For values Sphinx's HTML theme inserts as HTML (the project name in the sidebar and <title>). */
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML[c]);

/** A Markdown link; its text may hold escaped brackets (`\]`), as escapeMyst writes them. */
export const LINK = /\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)/g;

/**
 * Text as one Markdown code span, whatever backticks it holds: fenced by one
 * more backtick than its longest run, padded when it starts or ends with one.
 *
 * @example codeSpan('a `b` c') // "`` a `b` c ``"
 */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest ? ' ' : '';
  return `${fence}${pad}${text.replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}
