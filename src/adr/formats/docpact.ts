/**
 * docpact's own format: `ADR-0007-slug.md`, H1 `# ADR-0007 — Title`, bullets
 * Status / Date / Deciders / relations, and four sections.
 */
import { escapeFor } from '../../text/markdown.js';
import { adrId, type Series } from '../series.js';
import { bulletRelation, readBullets, replaceStatusWord, setBullet } from './bullets.js';
import { emptyParsed, RELATIONS, targetId, type AdrFormat, type LinkTarget, type ParsedAdr } from './types.js';
import { appendLink, dateOf, relationIds, statusOf } from './wording.js';
import { h1Index, joinLines, readHeading, sections, splitLines } from './text.js';

const ORDER = ['status', 'date', 'deciders', 'supersedes', 'superseded by', 'amends', 'amended by'];

export const link = (t: LinkTarget, s: Series) => `[${adrId(t.number, s.digits)}](${t.file})`;

/** The status vocabulary a series reads statuses with: its statuses and its word for superseded. */
export const vocabulary = (s: Series) => [...s.statuses, s.superseded];

/**
 * Status, date, deciders and relations from bullets (shared with MADR 2);
 * returns the status bullet's raw value, for formats that state more in it.
 */
export function readBulletMeta(rec: ParsedAdr, lines: string[], from: number, s: Series): string | undefined {
  let raw: string | undefined;
  for (const b of readBullets(lines, from)) {
    if (b.key === 'status') {
      raw = b.value;
      rec.status = statusOf(b.value, vocabulary(s))?.status ?? '';
      rec.lines.status = b.index + 1;
    } else if (b.key === 'date') {
      rec.date = dateOf(b.value);
      rec.lines.date = b.index + 1;
    } else if (b.key === 'deciders') rec.deciders = b.value;
    else {
      const rel = bulletRelation(b);
      if (rel) {
        rec.lines.relations[rel] ??= b.index + 1;
        for (const id of relationIds(b.value, s)) if (!rec[rel].includes(id)) rec[rel].push(id);
      }
    }
  }
  return raw;
}

export const docpactFormat: AdrFormat = {
  sections: ['Context', 'Decision', 'Consequences', 'Alternatives'],
  content: { context: '## Context', decision: '## Decision', consequences: '## Consequences', alternatives: '## Alternatives' },
  template: 'docs/adr/adr.md',
  parse(file, text, s) {
    const rec = emptyParsed(file, s);
    const { lines } = splitLines(text);
    const h1 = readHeading(rec, lines, s);
    readBulletMeta(rec, lines, h1 + 1, s);
    rec.sections = sections(lines);
    return rec;
  },
  newData: (adr, s) => ({
    id: adrId(adr.number, s.digits),
    // User text lands as literal text (inline Markdown only), never as live HTML or MyST; parse reverses it.
    title: escapeFor(s.markup)(adr.title),
    status: adr.status,
    date: adr.date,
    deciders: escapeFor(s.markup)(adr.deciders),
    relations: adr.relations.filter((r) => r.targets.length).map((r) => ({ label: RELATIONS[r.key].label, links: r.targets.map((t) => link(t, s)).join(', ') })),
  }),
  setStatus(text, status, s) {
    const l = splitLines(text);
    setBullet(l, Math.max(h1Index(l.lines), 0), 'Status', (cur) => (cur ? replaceStatusWord(cur, status, vocabulary(s)) : status), ORDER);
    return joinLines(l);
  },
  addRelation(text, key, target, s) {
    const l = splitLines(text);
    const h1 = Math.max(h1Index(l.lines), 0);
    if (key === 'supersededBy') setBullet(l, h1, 'Status', (cur) => (cur ? replaceStatusWord(cur, s.superseded, vocabulary(s)) : s.superseded), ORDER);
    setBullet(l, h1, RELATIONS[key].label, (cur) => appendLink(cur, link(target, s), targetId(s, target), s), ORDER);
    return joinLines(l);
  },

};
