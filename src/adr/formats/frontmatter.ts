/**
 * One value of YAML front matter, read and edited on its own line: a plain
 * or quoted scalar. Front matter is edited one line at a time, so the rest
 * of the block keeps the team's own formatting and comments; a value that is
 * anything else (a block scalar, a list, an anchor) is left alone, and the
 * verified edit then says what to change by hand. MADR keeps its metadata
 * here; adr-tools ADRs may carry a copy of their status for a site
 * generator.
 */
import { yamlScalar, type Lines } from './text.js';
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

/** Replace (or add, at the end of the block) one front-matter value; a YAML comment after it stays. */
export function setFm(l: Lines, end: number, key: string, value: (current: string | undefined) => string): void {
  const f = fmField(l.lines, end, key);
  if (f === null) return; // left as is: the verified edit then fails with the change to make by hand
  if (f === undefined) {
    l.lines.splice(end, 0, `${key}: ${yamlScalar(value(undefined))}`);
    return;
  }
  const line = l.lines[f.index];
  const next = yamlScalar(value(f.value || undefined));
  // An empty value written `key:` gets the space YAML needs after the colon.
  const lead = /\s$/.test(line.slice(0, f.start)) ? '' : ' ';
  l.lines[f.index] = line.slice(0, f.start) + lead + next + (f.end === line.length || /^\s/.test(line.slice(f.end)) ? '' : ' ') + line.slice(f.end);
}

