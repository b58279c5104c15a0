/**
 * Independent oracles for user text in Markdown: how GitHub renders it
 * (micromark with GFM — CommonMark plus tables, strikethrough, autolinks and
 * the tag filter — raw HTML passed through as GitHub passes it before its
 * sanitizer), and reading rendered HTML back as a reader sees it. Tests
 * compare what docpact wrote, rendered, with what the user typed, never
 * with docpact's own escaping.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/** GitHub's rendering of a Markdown document. */
export const github = (markdown: string): string => micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
/** HTML character references decoded (the few renderers write, and numeric ones). */
export const decodeHtml = (html: string): string =>
  html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m),
  );

/** Tag names of every element that opens in an HTML fragment. */
export const elements = (html: string): string[] => [...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase());

/** Text as a reader sees it: tags dropped, references decoded, white space collapsed. */
export const shown = (html: string): string => collapse(decodeHtml(html.replace(/<[^>]*>/g, '')));
export const collapse = (t: string): string => t.replace(/\s+/g, ' ').trim();

/** Elements that inline Markdown makes on purpose (docpact keeps code and emphasis working in titles); any other came from user text. */
export const INLINE_ELEMENTS = new Set(['em', 'strong', 'code', 'del', 'span']);
export const foreignElements = (html: string): string[] => elements(html).filter((e) => !INLINE_ELEMENTS.has(e));

/** The inner HTML of the first `tag` element in `html`. */
export function inner(html: string, tag: string): string {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(html);
  if (!m) throw new Error(`no <${tag}> in:\n${html.slice(0, 500)}`);
  return m[1];
}

/**
 * Whether a title must render as exactly its own text: anything but inline
 * Markdown kept on purpose (code, emphasis, strikethrough). Character
 * references (`&lt;`), bare URLs and e-mail addresses, a heading's trailing
 * " #", list markers: all show as typed (issue #27).
 */
export function literal(title: string): boolean {
  return !/[`*_~]/.test(title);
}

/**
 * Problems with how one line of Markdown that docpact wrote shows `text` on
 * GitHub: an element that came from the text, or (for literal text) other
 * words than the text. `line` is rendered on its own: a heading (`# …`), a
 * list item (`- …`) or a paragraph; `prefix` is docpact's own text before the
 * user's (the "ADR-0002 — " of a heading, the "Deciders: " of a list item).
 */
export function githubShows(line: string, text: string, prefix = ''): string[] {
  const html = github(line);
  const tag = line.startsWith('# ') ? 'h1' : line.startsWith('- ') ? 'li' : 'p';
  const got = inner(html, tag);
  const out: string[] = [];
  const foreign = foreignElements(got);
  if (foreign.length) out.push(`${JSON.stringify(text)}: <${foreign.join('>, <')}> in ${got}`);
  if (literal(text) && shown(got) !== collapse(prefix + text)) out.push(`${JSON.stringify(text)} shows as ${JSON.stringify(shown(got))}`);
  return out;
}

/** MyST that GitHub would show as text (a fence, a directive, its options); comments GitHub hides do not count. */
export const mystShown = (html: string): string[] => [...new Set([...(html.replace(/<!--[\s\S]*?-->/g, '').match(/<pre>|\{(?:toctree|graphviz|container|glossary)\}|:(?:maxdepth|hidden|glob|caption):/g) ?? [])])];
