/**
 * Links in Markdown/MyST pages, found the way Sphinx would follow them:
 * inline links and reference definitions, `{doc}` and `{ref}` roles. Code
 * (fences, inline spans), HTML comments, footnote definitions (`[^1]: …`)
 * and docpact's generated regions are skipped. Each
 * link carries the offsets of its target (and text), so `check` can report
 * dead ones and `adr renumber` can rewrite them in place.
 */
import path from 'node:path';

export type LinkKind = 'markdown' | 'definition' | 'doc' | 'ref';

export interface Link {
  kind: LinkKind;
  /** The target as written (without angle brackets), e.g. "../adr/ADR-0007-x.md#context". */
  target: string;
  /** Offsets of `target` in the text. */
  start: number;
  end: number;
  /** The link text and its offsets, when the link has one. */
  text?: { value: string; start: number; end: number };
  line: number; // 1-based
}

/** Fenced directives whose body is Markdown (MyST parses it); every other fence is code. */
const CODE_DIRECTIVES = new Set(['code', 'code-block', 'code-cell', 'sourcecode', 'literalinclude', 'toctree', 'math', 'mermaid', 'graphviz', 'raw', 'eval-rst', 'csv-table']);
const GENERATED = /<!-- docpact:[\w-]+:start -->[\s\S]*?<!-- docpact:[\w-]+:end -->/g;
/** An HTML comment: nothing in it is rendered, so nothing in it links. */
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** `s` with every character but line breaks a space (same length, same line breaks). */
const blank = (s: string) => (s.includes('\n') || s.includes('\r') ? s.replace(/[^\r\n]/g, ' ') : ' '.repeat(s.length));
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*(\{([\w:-]+)\})?/;
const ROLE_NAME = /[\w:-]/;

/**
 * Inline code spans blanked, except a role's own argument ({doc}`target`):
 * what `/(\{[\w:-]+\})?(`+)([^`][\s\S]*?)\2(?!`)/g` blanks, in one pass over
 * the backtick runs. That pattern, tried at each backtick of a run that never
 * closes, scanned to the end of the text each time: a line of 240,000
 * backticks held check 20 s. Here an opening at `i` of a run ending at `e` is
 * the e − i backticks (a non-backtick must follow), closed by the end of the
 * first later run at least that long; the first `i` that can close is the one
 * whose length is at most the longest later run.
 */
function maskSpans(text: string): string {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = text.indexOf('`'); i !== -1; i = text.indexOf('`', i)) {
    const s = i;
    while (text.charCodeAt(i) === 96) i++;
    starts.push(s);
    ends.push(i);
  }
  const n = starts.length;
  const longestAfter = new Array<number>(n + 1).fill(0); // longestAfter[r]: the longest run from r on
  for (let r = n - 1; r >= 0; r--) longestAfter[r] = Math.max(ends[r] - starts[r], longestAfter[r + 1]);
  let out = '';
  let p = 0; // the text before p is done
  for (let r = 0; r < n; r++) {
    const s = starts[r];
    const e = ends[r];
    const most = longestAfter[r + 1];
    if (most === 0) break; // no later run: nothing closes
    if (e >= text.length) continue;
    const length = Math.min(e - s, most);
    const open = e - length;
    let c = r + 1;
    while (ends[c] - starts[c] < length) c++;
    const end = ends[c];
    // A role right before a whole run ({doc}`x`), starting after the last span: its argument stays.
    let q = s - 2;
    while (q >= p && ROLE_NAME.test(text[q])) q--;
    const role = open === s && text[s - 1] === '}' && q < s - 2 && q >= p && text[q] === '{';
    out += role ? text.slice(p, end) : text.slice(p, open) + blank(text.slice(open, end));
    p = end;
    r = c;
  }
  return p === 0 ? text : out + text.slice(p);
}

/** Whether a line can open a fence (what FENCE_OPEN needs): up to three spaces, then three backticks or tildes. */
function mayOpen(line: string): boolean {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  const c = line.charCodeAt(i);
  return (c === 96 || c === 126) && line.charCodeAt(i + 1) === c && line.charCodeAt(i + 2) === c;
}

/** Replace code, HTML comments and generated regions with spaces (same length, same line breaks), so offsets still point into `text`. */
export function maskCode(text: string): string {
  let masked = text.includes('<!-- docpact:') ? text.replace(GENERATED, blank) : text;
  // Comments last: a "<!--" shown in code starts none.
  const comments = (t: string) => (t.includes('<!--') ? t.replace(COMMENT, blank) : t);
  if (!masked.includes('`') && !masked.includes('~~~')) return comments(masked); // no fences, no code spans
  // A fence needs three backticks or tildes in a row: the lines before the first line holding them are in none.
  const ticks = masked.indexOf('```');
  const tildes = masked.indexOf('~~~');
  const first = ticks === -1 ? tildes : tildes === -1 ? ticks : Math.min(ticks, tildes);
  if (first !== -1) {
    const from = masked.lastIndexOf('\n', first) + 1;
    const lines = masked.slice(from).split('\n');
    let fence: string | null = null;
    const directives: string[] = []; // open fences of directives whose body is Markdown
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (fence === null) {
        const open = mayOpen(line) ? FENCE_OPEN.exec(line) : null;
        if (!open) continue;
        const top = directives[directives.length - 1];
        if (top && !open[2] && open[1][0] === top[0] && open[1].length >= top.length && line.trim().replace(/[`~]/g, '') === '') {
          directives.pop();
          lines[i] = blank(line);
          continue;
        }
        // A MyST directive with Markdown content (note, admonition, …) stays visible; code fences go.
        if (open[3] && !CODE_DIRECTIVES.has(open[3])) {
          directives.push(open[1]);
          lines[i] = blank(line);
          continue;
        }
        fence = open[1];
        lines[i] = blank(line);
      } else {
        // Only a line whose first character (after white space) is the fence's can close it.
        const c = line.charCodeAt(0);
        const other = c > 32 && c < 127 && c !== fence.charCodeAt(0);
        if (!other && line.trimStart().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = null;
        lines[i] = blank(line);
      }
    }
    masked = masked.slice(0, from) + lines.join('\n');
  }
  // Inline code spans (backtick runs of equal length), except a role's own argument: {doc}`target`.
  return comments(masked.includes('`') ? maskSpans(masked) : masked);
}

/**
 * Backslash escapes of the characters that open or close a link or a role
 * (\[, \], \{, \}, and \\ itself) blanked: Markdown shows `\[x\](y.md)` as
 * text, and docpact writes titles that read like links that way.
 */
const unescaped = (masked: string) => (masked.includes('\\') ? masked.replace(/\\[\\[\]{}]/g, '  ') : masked);

/**
 * An inline link. Linear on hostile lines ("[[[[x](x](x](…", "[x]([x]([x](…"): a
 * nested bracket holds no "[", and the target is taken whole (a lookahead and
 * its back-reference, so it is never retried shorter) and at most 2 KiB long.
 */
const INLINE = /(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(?=(<[^>\n]{0,2048}>|[^)\s]{1,2048}))\3(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g;
/** A reference definition; `[^label]:` is a footnote's text, not a link. */
const DEFINITION = /^ {0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)/gm;
const ROLE = /\{(doc|ref)\}`([^`\n]+)`/g;

/** Every link in a page, in document order. */
export function findLinks(text: string): Link[] {
  if (!text.includes('](') && !text.includes(']:') && !text.includes('}`')) return [];
  const masked = unescaped(maskCode(text));
  // A link's line: 1 + the line feeds before it, counted on from the last link's (each pattern finds its links in order).
  let counted = 0;
  let line = 1;
  const lineOf = (offset: number) => {
    if (offset < counted) [counted, line] = [0, 1];
    for (let i = masked.indexOf('\n', counted); i !== -1 && i < offset; i = masked.indexOf('\n', i + 1)) {
      line++;
      counted = i + 1;
    }
    return line;
  };
  const out: Link[] = [];
  for (const m of masked.matchAll(INLINE)) {
    const at = m.index as number;
    const textStart = at + m[1].length + 1;
    let target = m[3];
    let start = masked.indexOf(target, textStart + m[2].length + 2);
    target = text.slice(start, start + target.length); // as written: an escape inside is blank in masked
    if (target.startsWith('<')) {
      target = target.slice(1, -1);
      start += 1;
    }
    out.push({ kind: 'markdown', target, start, end: start + target.length, text: { value: text.slice(textStart, textStart + m[2].length), start: textStart, end: textStart + m[2].length }, line: lineOf(at) });
  }
  for (const m of masked.matchAll(DEFINITION)) {
    const at = m.index as number;
    let target = m[2];
    let start = at + m[0].length - target.length;
    if (target.startsWith('<')) {
      target = target.slice(1, -1);
      start += 1;
    }
    out.push({ kind: 'definition', target, start, end: start + target.length, line: lineOf(at) });
  }
  for (const m of masked.matchAll(ROLE)) {
    const at = m.index as number;
    const body = m[2];
    const bodyStart = at + m[1].length + 3;
    const explicit = /^([\s\S]*?)\s*<([^<>]+)>\s*$/.exec(body);
    const target = explicit ? explicit[2] : body.trim();
    const start = explicit ? bodyStart + body.lastIndexOf(`<${target}>`) + 1 : bodyStart + body.indexOf(target);
    const link: Link = { kind: m[1] as 'doc' | 'ref', target, start, end: start + target.length, line: lineOf(at) };
    if (explicit) link.text = { value: explicit[1], start: bodyStart, end: bodyStart + explicit[1].length };
    out.push(link);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A URL or other scheme (http:, mailto:, project:, inv:), or an anchor on the same page: not a file link. */
export const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target === '';

/** The path part of a link target: no #anchor, no ?query, percent-decoded. */
export function linkPath(target: string): string {
  const bare = target.replace(/[#?].*$/, '');
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

/**
 * The repo-relative file a relative link in `fromFile` points at, or null
 * when it leaves the repository. A leading "/" is the docs source folder
 * (`docsRoot`), as Sphinx reads it.
 */
export function resolveLink(fromFile: string, target: string, docsRoot: string): string | null {
  const p = linkPath(target);
  const joined = p.startsWith('/') ? path.posix.join(docsRoot, p) : path.posix.join(path.posix.dirname(fromFile), p);
  const norm = path.posix.normalize(joined).replace(/\/$/, '');
  return norm === '..' || norm.startsWith('../') || norm === '' ? null : norm === '.' ? '' : norm;
}

/** The docname a `{doc}` target in page `fromDoc` names (both relative to the docs source folder). */
export function resolveDoc(fromDoc: string, target: string): string {
  const clean = target.replace(/\.md$/, '');
  return clean.startsWith('/') ? path.posix.normalize(clean.slice(1)) : path.posix.normalize(path.posix.join(path.posix.dirname(fromDoc), clean));
}

/** Labels a page defines for `{ref}`: MyST `(label)=` targets, `:name:` options, rST `.. _label:`. */
export function findLabels(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\(([^()\s]+)\)=\s*$/gm)) out.push(m[1].toLowerCase());
  for (const m of text.matchAll(/^\s*:name:\s*(\S+)\s*$/gm)) out.push(m[1].toLowerCase());
  for (const m of text.matchAll(/^\.\. _([^:]+):\s*$/gm)) out.push(m[1].toLowerCase());
  return out;
}

/**
 * A page docpact writes at `file`, with each relative Markdown link to a
 * `.md` page that does not exist pointed at the same document in the
 * project's own markup (`concepts/index.rst`, `glossary.rst`): docpact
 * writes no X.md beside the project's X.rst (never two sources for one
 * document), so its pages link the one there is. Sphinx (MyST) and GitHub
 * both follow a link to the `.rst` file.
 */
export function linkOtherSources(text: string, file: string, read: (rel: string) => string | null): string {
  let out = '';
  let at = 0;
  for (const l of findLinks(text)) {
    if ((l.kind !== 'markdown' && l.kind !== 'definition') || isExternal(l.target)) continue;
    const bare = l.target.replace(/[#?].*$/, '');
    if (!bare.endsWith('.md')) continue;
    const target = resolveLink(file, bare, '');
    if (target === null || read(target) !== null) continue;
    const ext = ['.rst', '.txt'].find((e) => read(target.replace(/\.md$/, e)) !== null);
    if (!ext) continue;
    out += text.slice(at, l.start) + bare.replace(/\.md$/, ext) + l.target.slice(bare.length);
    at = l.end;
  }
  return at ? out + text.slice(at) : text;
}
