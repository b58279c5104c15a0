/**
 * Line-level helpers every ADR format shares. Edits keep the file's BOM and
 * line endings: the text is split once, changed line by line, and joined
 * with the ending it came with.
 */
import { unescapeFor } from '../../text/markdown.js';
import { headingRegex, type Series } from '../series.js';
import type { ParsedAdr } from './types.js';

export interface Lines {
  bom: boolean;
  eol: string;
  lines: string[];
}

export function splitLines(text: string): Lines {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  // Without a carriage return, split on the plain character: the same lines, without the regex engine.
  const cr = body.includes('\r');
  return { bom, eol: cr && body.includes('\r\n') ? '\r\n' : '\n', lines: cr ? body.split(/\r?\n/) : body.split('\n') };
}

/**
 * A fence line (``` or ~~~ first): only a line starting with a backtick or a tilde is tried against the pattern.
 * After a run of backticks no backtick may follow (CommonMark): "```Case``` has states" is a code span in a paragraph.
 */
const FENCE_START = /^(`{3,}(?![^`]*`)|~~~)/;
const isFence = (line: string) => {
  const c = line.charCodeAt(0);
  return (c === 96 || c === 126) && FENCE_START.test(line);
};

export const joinLines = (l: Lines) => (l.bom ? '\uFEFF' : '') + l.lines.join(l.eol);

/** Index of the line closing YAML front matter (`---` … `---`), or -1 when there is none. */
export function frontMatterEnd(lines: string[]): number {
  if (lines[0]?.trimEnd() !== '---') return -1;
  for (let i = 1; i < lines.length; i++) if (/^(---|\.\.\.)\s*$/.test(lines[i])) return i;
  return -1;
}

/** `- Key: value` / `* Key: value` bullets (docpact, MADR 2, log4brains), also with the key in bold: `- **Key:** value`, `- **Key**: value`. */
export const BULLET = /^([-*])\s+(?:\*\*|__)?([A-Za-z][A-Za-z -]*?)(?:\*\*|__)?:(?:\*\*|__)?\s*(.*?)\s*$/;

/** Section headings (`## Name`) with their 1-based line, outside fenced code. */
export function sections(lines: string[], from = 0): Map<string, number> {
  const out = new Map<string, number>();
  let fence = false;
  for (let i = from; i < lines.length; i++) {
    if (isFence(lines[i])) fence = !fence;
    if (fence || !lines[i].startsWith('## ')) continue;
    const name = lines[i].slice(3).trim();
    if (!out.has(name)) out.set(name, i + 1);
  }
  return out;
}

/** `### Name` headings with their 1-based line, outside fenced code (the first of each name). */
export function subsections(lines: string[]): Map<string, number> {
  const out = new Map<string, number>();
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    if (isFence(lines[i])) fence = !fence;
    if (fence || !lines[i].startsWith('### ')) continue;
    const name = lines[i].slice(4).trim();
    if (!out.has(name)) out.set(name, i + 1);
  }
  return out;
}

/** The first `# ` heading outside front matter and fences: 0-based index, or -1. */
export function h1Index(lines: string[], from = 0): number {
  let fence = false;
  for (let i = from; i < lines.length; i++) {
    if (isFence(lines[i])) fence = !fence;
    if (!fence && lines[i].startsWith('# ')) return i;
  }
  return -1;
}

/**
 * A YAML scalar for a front-matter value: plain when that is unambiguous,
 * else a JSON string (JSON strings are valid double-quoted YAML 1.1 and 1.2).
 * Front matter is edited one line at a time, so the rest of the block keeps
 * the team's own formatting.
 */
export function yamlScalar(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  if (/^[A-Za-z][A-Za-z0-9 ,._-]*$/.test(value) && !/,\S/.test(value) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(value) && !/ $/.test(value)) return value;
  return JSON.stringify(value);
}

/**
 * The first heading after `from`, read with the series' heading pattern
 * ("# 7. Title", "# ADR 112: Title", MADR's "# Title"): its line, number and
 * title (user text unescaped, see text/markdown.ts), and whether it has the
 * series' shape. Returns the H1's index, or -1 when there is none.
 */
export function readHeading(rec: ParsedAdr, lines: string[], s: Series, from = 0): number {
  const h1 = h1Index(lines, from);
  if (h1 === -1) return h1;
  rec.lines.h1 = h1 + 1;
  const re = headingRegex(s.heading);
  const m = re?.exec(lines[h1]);
  if (m) {
    rec.h1Number = Number(m[1]);
    rec.h1Ok = true;
  }
  rec.title = unescapeFor(s.markup)(m ? m[2] : lines[h1].slice(2).trim());
  if (!re) rec.h1Ok = rec.title !== '';
  return h1;
}

const HEADING = /^#{1,6}\s/;

/**
 * The body of each heading (`## Context`, `### Consequences`): the lines
 * after it up to the next heading of any level, outside code fences; keyed by
 * the heading line as written (trimmed). The first occurrence wins.
 */
export function sectionBodies(text: string): Map<string, { start: number; end: number; body: string }> {
  const { lines } = splitLines(text);
  const out = new Map<string, { start: number; end: number; body: string }>();
  let fence = false;
  let open: { head: string; start: number } | undefined;
  const close = (end: number) => {
    if (open && !out.has(open.head)) out.set(open.head, { start: open.start, end, body: lines.slice(open.start, end).join('\n').trim() });
    open = undefined;
  };
  lines.forEach((line, i) => {
    if (isFence(line)) fence = !fence;
    if (fence || !HEADING.test(line)) return;
    close(i);
    open = { head: line.trim(), start: i + 1 };
  });
  close(lines.length);
  return out;
}

/**
 * The text with each heading's body replaced (`fill`: heading line → new
 * body); a heading the text lacks is added at the end with its body. Line
 * endings and BOM are kept.
 */
export function fillSections(text: string, fill: [heading: string, body: string][]): string {
  let out = text;
  for (const [heading, body] of fill) {
    const at = sectionBodies(out).get(heading);
    const l = splitLines(out);
    const block = ['', ...body.trim().split(/\r?\n/), ''];
    if (at) l.lines.splice(at.start, at.end - at.start, ...block);
    else {
      while (l.lines.length && l.lines[l.lines.length - 1].trim() === '') l.lines.pop();
      l.lines.push('', heading, ...block);
    }
    out = joinLines(l);
  }
  return out;
}

/** Whitespace collapsed, and a link written as code (adr new's form of a template's dead example link, skeleton.ts) read as the link. */
const squash = (s: string) => linksUnquoted(s).replace(/\s+/g, ' ').trim();

/**
 * Each code span on one line that holds just an inline link (`` `[x](y)` ``,
 * `` `![x](y)` ``) written as that link: what `/`(!?\[[^`\n]*\]\([^`\n]*\))`/g`
 * replaces by `$1`, found by one look at the text between each backtick and
 * the next (that pattern backtracked over every "](" and ")" of a long line).
 */
function linksUnquoted(s: string): string {
  let out = '';
  let done = 0;
  for (let open = s.indexOf('`'); open !== -1; ) {
    const close = s.indexOf('`', open + 1);
    if (close === -1) break;
    const inner = s.slice(open + 1, close);
    const from = inner.startsWith('![') ? 2 : inner.startsWith('[') ? 1 : -1;
    const mid = from === -1 ? -1 : inner.indexOf('](', from);
    if (mid !== -1 && mid + 2 < inner.length && inner.endsWith(')') && !inner.includes('\n')) {
      out += s.slice(done, open) + inner;
      done = close + 1;
      open = s.indexOf('`', close + 1);
    } else open = close;
  }
  return done ? out + s.slice(done) : s;
}

let lastTemplate: { text: string; want: Map<string, string>; marks: string[] } | undefined;

/**
 * The headings of `text` whose body is still the body `template` gives that
 * heading (whitespace aside): a section nobody wrote. Empty template bodies
 * do not count.
 */
export function placeholders(text: string, template: string): string[] {
  // check asks this of every ADR with its series' one template: its sections are read once.
  if (lastTemplate?.text !== template) {
    const want = new Map([...sectionBodies(template)].filter(([h]) => h.startsWith('## ') || h.startsWith('### ')).map(([h, b]) => [h, squash(b.body)] as const).filter(([, b]) => b !== ''));
    // A body equal to the template's, whitespace aside, holds each of its words: its longest one, absent from the text, rules it out.
    const marks = [...want.values()].map((b) => b.split(' ').reduce((a, w) => (w.length > a.length ? w : a), ''));
    lastTemplate = { text: template, want, marks };
  }
  const { want, marks } = lastTemplate;
  const out: string[] = [];
  if (!marks.some((m) => text.includes(m))) return out;
  for (const [head, b] of sectionBodies(text)) if (want.has(head) && squash(b.body) === want.get(head)) out.push(head.replace(/^#+\s+/, '').replace(/\s*<!--.*-->$/, ''));
  return out;
}

/** The ADR with the number in its first heading changed (a heading without a number: unchanged). */
export function setHeadingNumber(text: string, number: number, s: Series): string {
  const re = headingRegex(s.heading);
  if (!re) return text;
  const l = splitLines(text);
  const h1 = h1Index(l.lines, frontMatterEnd(l.lines) + 1);
  const m = h1 === -1 ? null : re.exec(l.lines[h1]);
  const at = m?.indices?.[1];
  if (!at) return text;
  const line = l.lines[h1];
  l.lines[h1] = line.slice(0, at[0]) + (s.heading.includes('{number}') ? String(number).padStart(s.digits, '0') : String(number)) + line.slice(at[1]);
  return joinLines(l);
}
