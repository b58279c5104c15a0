/**
 * The ADR format, both ways: parse an ADR file into a record, and make the
 * narrow edits docpact is allowed to make (status line, relation lines),
 * leaving every other byte as the user wrote it. `check` uses the same parser.
 */

import { unescapeMyst } from '../text/markdown.js';

export const ADR_FILE = /^ADR-(\d+)-([^/]+)\.md$/;
export const REQUIRED_SECTIONS = ['Context', 'Decision', 'Consequences', 'Alternatives'] as const;

/** Relation bullet keys, in the order docpact writes them, and their inverse. */
export const RELATIONS = {
  supersedes: { label: 'Supersedes', inverse: 'supersededBy' },
  supersededBy: { label: 'Superseded by', inverse: 'supersedes' },
  amends: { label: 'Amends', inverse: 'amendedBy' },
  amendedBy: { label: 'Amended by', inverse: 'amends' },
} as const;
export type RelationKey = keyof typeof RELATIONS;
export const RELATION_KEYS = Object.keys(RELATIONS) as RelationKey[];
const META_ORDER = ['Status', 'Date', 'Deciders', ...RELATION_KEYS.map((k) => RELATIONS[k].label)];

export interface AdrRecord {
  number: number;
  id: string; // "ADR-0007"
  file: string; // "ADR-0007-use-postgres.md"
  title: string;
  status: string;
  date: string;
  deciders: string;
  supersedes: string[];
  supersededBy: string[];
  amends: string[];
  amendedBy: string[];
}

export interface ParsedAdr extends AdrRecord {
  /** Number in the H1, or null when the H1 is missing or malformed. */
  h1Number: number | null;
  /** 1-based line numbers, for check's `path:line` output. */
  lines: { h1: number; status: number; relations: Partial<Record<RelationKey, number>> };
  sections: Map<string, number>;
}

export const adrId = (n: number, digits: number) => `ADR-${String(n).padStart(digits, '0')}`;

/** Number of an ADR file name, or null when it is not one ("ADR-template.md"). */
export function fileNumber(file: string): number | null {
  const m = ADR_FILE.exec(file);
  return m ? Number(m[1]) : null;
}

const H1 = /^#\s+ADR-(\d+)\s*(?:—|–|-|:)\s*(.*?)\s*$/;
const META = /^[-*]\s+([A-Za-z][A-Za-z ]*?):\s*(.*?)\s*$/;
const REF_IN_TEXT = /ADR-(\d+)/g;
const LINK = /\[([^\]]*)\]\(([^)]*)\)/g;

/** ADR ids in a relation value: one per Markdown link (text, else target), or bare ADR-n tokens. */
function relationIds(value: string, digits: number): string[] {
  const ids = new Set<string>();
  const links = [...value.matchAll(LINK)];
  const sources = links.length ? links.map((l) => (/ADR-\d+/.test(l[1]) ? l[1] : l[2])) : [value];
  for (const src of sources) for (const r of src.matchAll(REF_IN_TEXT)) ids.add(adrId(Number(r[1]), digits));
  return [...ids];
}

export function parseAdr(file: string, text: string, digits = 4): ParsedAdr {
  const number = fileNumber(file) ?? NaN;
  const rec: ParsedAdr = {
    number,
    id: adrId(number, digits),
    file,
    title: '',
    status: '',
    date: '',
    deciders: '',
    supersedes: [],
    supersededBy: [],
    amends: [],
    amendedBy: [],
    h1Number: null,
    lines: { h1: 0, status: 0, relations: {} },
    sections: new Map(),
  };
  const lines = text.split(/\r?\n/);
  let inMeta = true;
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    if (!rec.lines.h1 && line.startsWith('# ')) {
      rec.lines.h1 = i + 1;
      const m = H1.exec(line);
      if (m) {
        rec.h1Number = Number(m[1]);
        rec.title = unescapeMyst(m[2]);
      } else {
        rec.title = unescapeMyst(line.slice(2).trim());
      }
      continue;
    }
    if (line.startsWith('## ')) {
      inMeta = false;
      const name = line.slice(3).trim();
      if (!rec.sections.has(name)) rec.sections.set(name, i + 1);
      continue;
    }
    if (!inMeta) continue;
    const m = META.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2];
    if (key === 'status') {
      rec.status = value;
      rec.lines.status = i + 1;
    } else if (key === 'date') rec.date = value;
    else if (key === 'deciders') rec.deciders = value;
    else {
      const rel = RELATION_KEYS.find((k) => RELATIONS[k].label.toLowerCase() === key);
      if (rel) {
        rec.lines.relations[rel] = i + 1;
        rec[rel] = relationIds(value, digits);
      }
    }
  }
  return rec;
}

/** The record docpact keeps in its index data (no line numbers). */
export function toRecord(p: ParsedAdr): AdrRecord {
  const { h1Number: _h, lines: _l, sections: _s, ...rec } = p;
  return rec;
}

/** A Markdown link to an ADR, as written in relation lines. */
export const adrLink = (rec: Pick<AdrRecord, 'id' | 'file'>) => `[${rec.id}](${rec.file})`;

// ---------------------------------------------------------------------------
// Narrow edits. Each touches one metadata line and keeps the file's line endings.

interface Lines {
  lines: string[];
  eol: string;
  metaEnd: number; // index after the last metadata bullet
}

function split(text: string): Lines {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  let metaEnd = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) break;
    if (META.test(lines[i])) metaEnd = i + 1;
  }
  if (metaEnd === -1) {
    const h1 = lines.findIndex((l) => l.startsWith('# '));
    metaEnd = h1 === -1 ? 0 : h1 + 1;
  }
  return { lines, eol, metaEnd };
}

function findMeta(lines: string[], label: string): number {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) return -1;
    const m = META.exec(lines[i]);
    if (m && m[1].toLowerCase() === label.toLowerCase()) return i;
  }
  return -1;
}

/** Replace (or add) the `- Status:` line. */
export function setStatus(text: string, status: string): string {
  return setMeta(text, 'Status', () => status);
}

/** Add `link` to a relation line (`- Superseded by: …`), creating the line in order. */
export function addRelation(text: string, key: RelationKey, link: string, id: string): string {
  return setMeta(text, RELATIONS[key].label, (cur) => {
    if (cur === undefined || cur === '') return link;
    if (new RegExp(`\\b${id}\\b`).test(cur)) return cur;
    return `${cur}, ${link}`;
  });
}

function setMeta(text: string, label: string, value: (current: string | undefined) => string): string {
  const { lines, eol, metaEnd } = split(text);
  const i = findMeta(lines, label);
  if (i >= 0) {
    const m = META.exec(lines[i]) as RegExpExecArray;
    const prefix = lines[i].slice(0, lines[i].indexOf(':') + 1);
    const next = `${prefix} ${value(m[2])}`;
    if (next === lines[i]) return text;
    lines[i] = next;
    return lines.join(eol);
  }
  // Insert after the last metadata key that comes before this one in META_ORDER.
  const rank = META_ORDER.indexOf(label);
  let at = -1;
  for (let j = 0; j < metaEnd; j++) {
    const m = META.exec(lines[j]);
    if (m && META_ORDER.findIndex((k) => k.toLowerCase() === m[1].toLowerCase()) <= rank) at = j + 1;
  }
  if (at === -1) at = metaEnd;
  lines.splice(at, 0, `- ${label}: ${value(undefined)}`);
  return lines.join(eol);
}
