/**
 * One value of YAML front matter, read and edited on its own line: a plain
 * or quoted scalar. Front matter is edited one line at a time, so the rest
 * of the block keeps the team's own formatting and comments; a value that is
 * anything else (a block scalar, a list, an anchor) is left alone, and the
 * verified edit then says what to change by hand. MADR keeps its metadata
 * here; adr-tools ADRs may carry a copy of their status for a site
 * generator.
 */
import { frontMatterEnd, joinLines, splitLines, yamlScalar, type Lines } from './text.js';
import type { RelationKey } from './types.js';
import { relationKeyOf } from './wording.js';

export interface FmField {
  index: number;
  /** The scalar's span (quotes included) in its line, and its text. */
  start: number;
  end: number;
  value: string;
}

/** The line of a front-matter key (a relation key also matches its other spellings), or -1. */
export function fmLine(lines: string[], end: number, key: string): number {
  const rel = relationKeyOf(key);
  for (let i = 1; i < end; i++) {
    const m = /^([A-Za-z][\w -]*?)\s*:/.exec(lines[i]);
    if (m && (m[1] === key || (rel !== undefined && relationKeyOf(m[1]) === rel))) return i;
  }
  return -1;
}

/**
 * A plain or quoted scalar on its key's line, with its span; null when the
 * value is anything else (a block scalar, a list, an anchor): docpact does
 * not edit those, and says what to change instead.
 */
export function fmField(lines: string[], end: number, key: string): FmField | null | undefined {
  const index = fmLine(lines, end, key);
  if (index === -1) return undefined;
  const line = lines[index];
  let start = line.indexOf(':') + 1;
  while (line[start] === ' ' || line[start] === '\t') start++;
  const rest = line.slice(start);
  if (rest.startsWith('"')) {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(rest);
    if (!m) return null;
    try {
      return { index, start, end: start + m[0].length, value: JSON.parse(m[0]) as string };
    } catch {
      return null;
    }
  }
  if (rest.startsWith("'")) {
    const m = /^'(?:[^']|'')*'/.exec(rest);
    return m ? { index, start, end: start + m[0].length, value: m[0].slice(1, -1).replace(/''/g, "'") } : null;
  }
  if (/^[|>[{&*!%@`]/.test(rest)) return null;
  const comment = /(^|\s)#/.exec(rest);
  const value = (comment ? rest.slice(0, comment.index) : rest).trimEnd();
  // An empty value followed by indented lines is a block: not ours to rewrite.
  if (!value && /^\s+\S/.test(lines[index + 1] ?? '') && index + 1 < end) return null;
  return { index, start, end: start + value.length, value };
}

/**
 * The new value written as the team wrote the old one: in double or single
 * quotes when quoting it was their choice — the old value needed none
 * (`status: "Accepted"` → `status: "Deprecated"`) — else as yamlScalar writes
 * it (quotes a value needed, as docpact's own "superseded by [ADR-0008](…)",
 * say nothing of style). So a template's quoted guidance ("{proposed | …}")
 * becomes a plain value.
 */
function quotedAs(quote: string | undefined, old: string, value: string): string {
  if (yamlScalar(old) !== old) return yamlScalar(value);
  if (quote === '"') return JSON.stringify(value);
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  return yamlScalar(value);
}

/** Replace (or add, at the end of the block) one front-matter value, in the quoting it had; a YAML comment after it stays. */
export function setFm(l: Lines, end: number, key: string, value: (current: string | undefined) => string): void {
  const f = fmField(l.lines, end, key);
  if (f === null) return; // left as is: the verified edit then fails with the change to make by hand
  if (f === undefined) {
    l.lines.splice(end, 0, `${key}: ${yamlScalar(value(undefined))}`);
    return;
  }
  const line = l.lines[f.index];
  const next = quotedAs(line[f.start], f.value, value(f.value || undefined));
  // An empty value written `key:` gets the space YAML needs after the colon.
  const lead = /\s$/.test(line.slice(0, f.start)) ? '' : ' ';
  l.lines[f.index] = line.slice(0, f.start) + lead + next + (f.end === line.length || /^\s/.test(line.slice(f.end)) ? '' : ' ') + line.slice(f.end);
}

/** What a new ADR's series keys are filled with: its own values, by what a key means. */
export interface NewValues {
  number: number;
  title: string;
  status: string;
  date: string;
  deciders: string;
  /** Each relation as the format links it ("[7. Title](0007-x.md)"), by key. */
  relations: Partial<Record<RelationKey, string>>;
}

/** A key's value in a new ADR: its number, title, status, date, deciders or relation; empty (YAML null) for a key docpact cannot know (`domain:`). */
function valueFor(key: string, v: NewValues): string {
  if (/^(number|no|nr|adr|id|adr[-_]?(number|id|no))$/i.test(key)) return String(v.number); // a YAML integer, as the team writes it
  if (/^title$/i.test(key)) return yamlScalar(v.title);
  if (/^status$/i.test(key)) return yamlScalar(v.status);
  if (/^date$/i.test(key)) return yamlScalar(v.date);
  if (/^(authors?|deciders|decision[-_]makers|owners?)$/i.test(key)) return v.deciders ? yamlScalar(v.deciders) : '';
  const rel = relationKeyOf(key);
  return rel && v.relations[rel] ? yamlScalar(v.relations[rel] as string) : '';
}

/**
 * A new ADR with the front-matter keys every ADR of its series carries
 * (`number:`, `author:`, `replaced-by:`), those it lacks added at the end of
 * its front matter, or in a new block on top.
 */
export function withSeriesKeys(text: string, keys: readonly string[], v: NewValues): string {
  if (!keys.length) return text;
  const l = splitLines(text);
  const end = frontMatterEnd(l.lines);
  const missing = keys.filter((k) => end <= 0 || fmLine(l.lines, end, k) === -1);
  if (!missing.length) return text;
  const added = missing.map((k) => `${k}:${valueFor(k, v) ? ` ${valueFor(k, v)}` : ''}`);
  if (end > 0) l.lines.splice(end, 0, ...added);
  else l.lines.splice(0, 0, '---', ...added, '---', '');
  return joinLines(l);
}

/**
 * A record without an H1 titled by its front matter (`title: "Ingest Sheets - ADR 002"`), as a site's pages are
 * (Docusaurus, Jekyll): that title is the record's. Only the title: its place stays unknown, so check still reports a
 * series whose heading pattern asks for an H1.
 */
export function fmTitle(rec: { title: string }, lines: string[], end: number): void {
  if (rec.title !== '' || end <= 0) return;
  const f = fmField(lines, end, 'title');
  if (f?.value) rec.title = f.value.trim();
}
