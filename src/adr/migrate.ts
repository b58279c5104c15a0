/**
 * `adr migrate --to FORMAT`: rewrite every ADR of a series in another
 * format, keeping each file's body. The header (title, status, date,
 * deciders, relations, any other metadata) is rebuilt in the target's
 * syntax; sections are renamed where the formats name the same thing
 * differently; a section the target requires and the ADR lacks is added,
 * saying so. Pure text in, text out; the generator plans the writes.
 */
import type { AdrFormatName } from '../config/schema.js';
import { FORMATS } from './formats/index.js';
import { BULLET, frontMatterEnd, h1Index, joinLines, splitLines, yamlScalar } from './formats/text.js';
import { RELATIONS, type AdrRecord, type RelationKey } from './formats/types.js';
import { relationKeyOf, relationOnly, statusOf } from './formats/wording.js';
import { adrId, canonicalStatus, sameStatus, type Series } from './series.js';
import { readYaml } from '../text/yaml.js';
import { escapeFor } from '../text/markdown.js';

/** Level-2 headings that name the same part of a decision, per family of formats. */
const SECTION_NAMES: Record<'nygard' | 'madr', Record<string, string>> = {
  // docpact / Nygard → MADR
  madr: { Context: 'Context and Problem Statement', Decision: 'Decision Outcome', Alternatives: 'Considered Options' },
  // MADR → docpact / Nygard
  nygard: { 'Context and Problem Statement': 'Context', 'Decision Outcome': 'Decision', 'Considered Options': 'Alternatives' },
};
const family = (f: AdrFormatName) => (f.startsWith('madr') ? 'madr' : 'nygard');

const KNOWN_META = new Set(['status', 'date', 'deciders', 'decision-makers', 'supersedes', 'superseded by', 'superseded-by', 'amends', 'amended by', 'amended-by']);

export interface Migrated {
  text: string;
  /** Sections added because the target requires them. */
  added: string[];
  /** Lines of the original the header now states (H1, metadata, a bare status, relation lines, renamed headings): the only words the conversion may drop. */
  consumed: string[];
}

const isMeta = (key: string) => KNOWN_META.has(key.toLowerCase()) || relationKeyOf(key) !== undefined;

/** Other metadata an ADR carries (MADR's consulted/informed, log4brains' tags): kept across formats. */
function extraMeta(lines: string[], h1: number, bodyStart: number, fmEnd: number): { key: string; value: string; line: number }[] {
  const out: { key: string; value: string; line: number }[] = [];
  if (fmEnd > 0) {
    try {
      const data = readYaml(lines.slice(1, fmEnd).join('\n'), 'front matter') as Record<string, unknown> | null;
      for (const [key, value] of Object.entries(data ?? {})) {
        if (!isMeta(key)) out.push({ key, value: Array.isArray(value) ? value.join(', ') : String(value ?? ''), line: -1 });
      }
    } catch {
      // unreadable front matter: nothing extra to carry
    }
  }
  for (let i = h1 + 1; i < bodyStart; i++) {
    const m = BULLET.exec(lines[i]);
    if (m && !isMeta(m[2])) out.push({ key: m[2], value: m[3], line: i });
  }
  return out;
}

/** A footnote (`[^1]: …`) or link reference definition (`[x]: url`). */
const DEFINITION = /^ {0,3}\[[^\]]+\]:/;

/**
 * Where the definitions that end a text begin (its length when it ends
 * otherwise): definition lines, the indented lines that continue a footnote,
 * and blank lines, back to the first definition.
 */
function trailingDefinitions(lines: string[]): number {
  let start = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const x = lines[i];
    if (DEFINITION.test(x)) start = i;
    else if (x.trim() && !/^\s/.test(x)) break;
  }
  return start;
}

const titleCase = (k: string) => k.charAt(0).toUpperCase() + k.slice(1).replace(/-/g, ' ');

export function migrateAdr(file: string, text: string, from: Series, to: Series, byId: Map<string, AdrRecord>): Migrated {
  const rec = FORMATS[from.format].parse(file, text, from);
  const l = splitLines(text);
  const { lines } = l;
  const fmEnd = frontMatterEnd(lines);
  const h1 = h1Index(lines, fmEnd + 1);
  let bodyStart = lines.findIndex((x, i) => i > h1 && x.startsWith('## '));
  if (bodyStart === -1) bodyStart = lines.length;
  const extra = extraMeta(lines, h1, bodyStart, fmEnd);
  const consumed: string[] = [...lines.slice(0, fmEnd + 1), ...(h1 === -1 ? [] : [lines[h1]])];
  let date = rec.date;

  // 1. What stays: text between the header and the first section, and every section (Nygard's Status becomes header).
  const lead: string[] = [];
  for (let i = h1 + 1; i < bodyStart; i++) {
    const t = lines[i];
    const b = BULLET.exec(t);
    if (b && (isMeta(b[2]) || extra.some((e) => e.line === i))) {
      // The date as written ("2019-05-13, updated …"): the header keeps the note.
      if (b[2].toLowerCase() === 'date') date = b[3].replace(/\s*<!--.*?-->\s*$/, '');
      consumed.push(t);
      continue;
    }
    if (from.format === 'nygard' && /^(Date|Deciders):/.test(t)) {
      if (/^Date:/.test(t)) date = t.replace(/^Date:\s*/, '').trim();
      consumed.push(t);
      continue;
    }
    lead.push(t);
  }
  if (fmEnd > 0) {
    const raw = (/^date:\s*(.*?)\s*$/m.exec(lines.slice(1, fmEnd).join('\n')) ?? [])[1];
    if (raw && rec.date && raw.replace(/^["']|["']$/g, '') !== rec.date) date = raw.replace(/^["']|["']$/g, '');
  }
  let body = lines.slice(bodyStart);
  if (from.format === 'nygard') {
    const at = body.findIndex((x) => /^##\s+Status\s*$/i.test(x));
    if (at !== -1) {
      let end = body.findIndex((x, i) => i > at && /^#{1,2}\s/.test(x));
      if (end === -1) end = body.length;
      // Paragraphs of the Status section the header states (the status alone, relation lines) go; the rest is text that
      // stays, in the lead, paragraph by paragraph.
      consumed.push(body[at]);
      const vocab = [...from.statuses, from.superseded];
      const paras: string[][] = [];
      for (const x of body.slice(at + 1, end)) {
        if (!x.trim()) paras.push([]);
        else if (!paras.length) paras.push([x]);
        else paras[paras.length - 1].push(x);
      }
      for (const p of paras.filter((x) => x.length)) {
        const stated = (p.length === 1 && statusOf(p[0], vocab)?.bare) || p.every((x) => relationOnly(x, from));
        if (stated) consumed.push(...p);
        else lead.push('', ...p);
      }
      body = [...body.slice(0, at), ...body.slice(end)];
    }
  }
  if (family(from.format) !== family(to.format)) {
    const names = SECTION_NAMES[family(to.format)];
    body = body.map((x) => {
      const m = /^##\s+(.*?)\s*$/.exec(x);
      // MADR keeps consequences under the outcome; docpact and Nygard give them a section of their own.
      if (family(to.format) === 'nygard' && /^###\s+Consequences\s*$/.test(x)) return '## Consequences';
      if (m && names[m[1]]) consumed.push(x);
      return m && names[m[1]] ? `## ${names[m[1]]}` : x;
    });
  }
  const present = new Set(body.filter((x) => x.startsWith('## ')).map((x) => x.slice(3).trim()));
  const added = FORMATS[to.format].sections.filter((s) => !present.has(s) && !(to.format === 'nygard' && s === 'Status'));
  if (added.length) {
    // Footnotes and link definitions close a record: the added sections go above them (in the lead when there is no section).
    const own = body.some((x) => x.trim()) ? body : lead;
    const notes = own.splice(trailingDefinitions(own));
    if (own === lead) body = [];
    while (body.length && !body.at(-1)?.trim()) body.pop();
    for (const s of added) body.push('', `## ${s}`, '', `Not recorded before this ADR was migrated to ${to.format}.`);
    while (notes.length && !notes[0].trim()) notes.shift();
    if (notes.length) body.push('', ...notes);
  }

  // 2. The header, in the target's syntax.
  const status = sameStatus(rec.status, from.superseded) || (!rec.status && rec.supersededBy.length) ? to.superseded : (canonicalStatus(to, rec.status) ?? rec.status);
  const target = (id: string) => byId.get(id);
  const link = (id: string) => {
    const t = target(id);
    if (!t) return id;
    return to.format === 'nygard' ? `[${t.number}. ${escapeFor(to.markup)(t.title)}](${t.file})` : `[${adrId(t.number, to.digits)}](${t.file})`;
  };
  const links = (key: RelationKey) => rec[key].map(link).join(', ');
  const header = renderHeader(to, { rec: { ...rec, date }, status, links, link, extra });
  const trimmed = [...lead];
  while (trimmed.length && !trimmed[0].trim()) trimmed.shift();
  while (trimmed.length && !trimmed.at(-1)?.trim()) trimmed.pop();
  while (body.length && !body[0].trim()) body.shift();
  l.lines = [...header, '', ...(trimmed.length ? [...trimmed, ''] : []), ...body];
  let out = joinLines(l);
  if (!out.endsWith(l.eol)) out += l.eol;
  return { text: out.replace(new RegExp(`(${l.eol})+$`), l.eol), added, consumed };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
/** How often each word occurs in a text. */
function bag(t: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of t.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w) out.set(w, (out.get(w) ?? 0) + 1);
  return out;
}

/**
 * Why a conversion is not faithful, or null when it is: read back in the
 * target format, the ADR must state the same title, status, date, deciders
 * and relations, and it may drop no word but those of the lines its header
 * now states (`consumed`).
 */
export function migrationProblem(file: string, text: string, out: Migrated, newFile: string, from: Series, to: Series): string | null {
  const a = FORMATS[from.format].parse(file, text, from);
  const b = FORMATS[to.format].parse(newFile, out.text, to);
  const superseded = sameStatus(a.status, from.superseded) || (!a.status && a.supersededBy.length > 0);
  if (superseded ? !sameStatus(b.status, to.superseded) : !sameStatus(b.status, a.status)) return `its status would read "${b.status || '(none)'}", not "${a.status || '(none)'}"`;
  for (const field of ['title', 'date', 'deciders'] as const) if (a[field] !== b[field]) return `its ${field} would read "${b[field]}", not "${a[field]}"`;
  for (const key of Object.keys(RELATIONS) as RelationKey[]) if (!sameSet(a[key], b[key])) return `its "${RELATIONS[key].label}" relations would read ${b[key].join(', ') || '(none)'}, not ${a[key].join(', ') || '(none)'}`;
  // Words, not their order: the header restates what moved there, so text may move, but none may go.
  const left = bag(out.text);
  const consumed = bag(out.consumed.join('\n'));
  const lost: string[] = [];
  for (const [w, n] of bag(text)) if (n - (consumed.get(w) ?? 0) > (left.get(w) ?? 0)) lost.push(w);
  return lost.length ? `it would drop text ("${lost.slice(0, 8).join(' ')}${lost.length > 8 ? ' …' : ''}")` : null;
}

interface HeaderData {
  rec: AdrRecord;
  status: string;
  links: (key: RelationKey) => string;
  link: (id: string) => string;
  extra: { key: string; value: string }[];
}

function renderHeader(to: Series, { rec, status, links, link, extra }: HeaderData): string[] {
  const rels = (keys: RelationKey[], write: (label: string, value: string) => string) => keys.filter((k) => rec[k].length).map((k) => write(RELATIONS[k].label, links(k)));
  const superseded = rec.supersededBy.length > 0;
  // Parsing unescaped the title; every format writes it back as literal text (see text/markdown.ts).
  const title = escapeFor(to.markup)(rec.title);
  switch (to.format) {
    case 'docpact':
      return [
        `# ${adrId(rec.number, to.digits)} — ${title}`,
        '',
        `- Status: ${status}`,
        ...(rec.date ? [`- Date: ${rec.date}`] : []),
        ...(rec.deciders ? [`- Deciders: ${rec.deciders}`] : []),
        ...extra.map((e) => `- ${titleCase(e.key)}: ${e.value}`),
        ...rels(['supersedes', 'supersededBy', 'amends', 'amendedBy'], (label, v) => `- ${label}: ${v}`),
      ];
    case 'nygard': {
      // One line per link, as adr-tools writes them; "Superseded by" takes the status word's place.
      const statusLines = superseded ? rec.supersededBy.map((id) => `Superseded by ${link(id)}`) : [status];
      const others = (['supersedes', 'amends', 'amendedBy'] as RelationKey[]).flatMap((k) => rec[k].map((id) => `${RELATIONS[k].label} ${link(id)}`));
      return [
        `# ${rec.number}. ${title}`,
        '',
        ...(rec.date ? [`Date: ${rec.date}`, ''] : []),
        // Nygard has no deciders field: they stay as a line of text.
        ...(rec.deciders ? [`Deciders: ${rec.deciders}`, ''] : []),
        ...extra.flatMap((e) => [`${titleCase(e.key)}: ${e.value}`, '']),
        '## Status',
        ...[...statusLines, ...others].flatMap((x) => ['', x]),
      ];
    }
    case 'madr2':
      return [
        `# ${title}`,
        '',
        `- Status: ${superseded ? `${to.superseded} by ${links('supersededBy')}` : status}`,
        ...(rec.deciders ? [`- Deciders: ${rec.deciders}`] : []),
        ...(rec.date ? [`- Date: ${rec.date}`] : []),
        ...extra.map((e) => `- ${titleCase(e.key)}: ${e.value}`),
        ...rels(['supersedes', 'amends', 'amendedBy'], (label, v) => `- ${label}: ${v}`),
      ];
    default: {
      const key = (k: string) => k.toLowerCase().replace(/\s+/g, '-');
      return [
        '---',
        `status: ${yamlScalar(superseded ? `${to.superseded} by ${links('supersededBy')}` : status)}`,
        ...(rec.date ? [`date: ${yamlScalar(rec.date)}`] : []),
        ...(rec.deciders ? [`${to.format === 'madr4' ? 'decision-makers' : 'deciders'}: ${yamlScalar(rec.deciders)}`] : []),
        ...extra.map((e) => `${key(e.key)}: ${yamlScalar(e.value)}`),
        ...rels(['supersedes', 'amends', 'amendedBy'], (label, v) => `${key(label)}: ${yamlScalar(v)}`),
        '---',
        '',
        `# ${title}`,
      ];
    }
  }
}
