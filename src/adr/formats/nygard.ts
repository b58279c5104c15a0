/**
 * Michael Nygard's format, as adr-tools writes it: `0007-slug.md`, H1
 * `# 7. Title`, a `Date:` line, and a `## Status` section holding the status
 * word and relation lines such as `Superseded by [8. Title](0008-x.md)`.
 * Like adr-tools, superseding replaces the status word with the
 * `Superseded by` line, so the status lives in one place.
 */
import { escapeMyst } from '../../text/markdown.js';
import { adrId } from '../series.js';
import { emptyParsed, RELATIONS, RELATION_KEYS, relationIds, type AdrFormat, type LinkTarget } from './types.js';
import { h1Index, joinLines, readNumberedH1, sections, splitLines, type Lines } from './text.js';

const H1 = /^#\s+(\d+)\.\s*(.*?)\s*$/;
const DATE = /^Date:\s*(.*?)\s*$/;
/** Nygard has no deciders field; docpact (adr new, adr migrate) writes them as a line like Date's. */
const DECIDERS = /^Deciders:\s*(.*?)\s*$/;
const RELATION_LINE = /^(Supersedes|Superseded by|Amends|Amended by)\s+(.*?)\s*$/i;

const link = (t: LinkTarget) => `[${t.number}. ${escapeMyst(t.title)}](${t.file})`;

/** The `## Status` section: its heading line and the index after its last line (0-based). */
function statusSection(lines: string[]): { head: number; end: number } | null {
  const head = lines.findIndex((l) => /^##\s+Status\s*$/i.test(l));
  if (head === -1) return null;
  let end = lines.length;
  for (let i = head + 1; i < lines.length; i++) {
    if (/^#{1,2}\s/.test(lines[i])) {
      end = i;
      break;
    }
  }
  return { head, end };
}

/** The status line: the first non-blank line of the section that is not a relation. */
function statusLine(lines: string[], sec: { head: number; end: number }): number {
  for (let i = sec.head + 1; i < sec.end; i++) {
    const t = lines[i].trim();
    if (t && !RELATION_LINE.test(t)) return i;
  }
  return -1;
}

/** Insert `text` as its own paragraph after the section's last non-blank line. */
function appendParagraph(l: Lines, sec: { head: number; end: number }, text: string): void {
  let last = sec.head;
  for (let i = sec.head + 1; i < sec.end; i++) if (l.lines[i].trim()) last = i;
  l.lines.splice(last + 1, 0, '', text);
}

export const nygardFormat: AdrFormat = {
  sections: ['Status', 'Context', 'Decision', 'Consequences'],
  content: { context: '## Context', decision: '## Decision', consequences: '## Consequences', alternatives: '## Alternatives' },
  h1Hint: (_s, n) => `# ${n}. <title>`,
  template: 'docs/adr/nygard.md',
  parse(file, text, s) {
    const rec = emptyParsed(file, s);
    const { lines } = splitLines(text);
    const h1 = readNumberedH1(rec, lines, H1);
    for (let i = h1 + 1; i < lines.length && !lines[i].startsWith('## '); i++) {
      const d = DATE.exec(lines[i]);
      if (d) rec.date = d[1];
      const who = DECIDERS.exec(lines[i]);
      if (who) rec.deciders = who[1];
    }
    const sec = statusSection(lines);
    if (sec) {
      const at = statusLine(lines, sec);
      if (at !== -1) {
        rec.status = lines[at].trim();
        rec.lines.status = at + 1;
      }
      for (let i = sec.head + 1; i < sec.end; i++) {
        const m = RELATION_LINE.exec(lines[i].trim());
        if (!m) continue;
        const key = RELATION_KEYS.find((k) => RELATIONS[k].label.toLowerCase() === m[1].toLowerCase());
        if (!key) continue;
        rec.lines.relations[key] ??= i + 1;
        for (const id of relationIds(m[2], s)) if (!rec[key].includes(id)) rec[key].push(id);
      }
      // adr-tools drops the status word when it supersedes: the relation line is the status.
      if (!rec.status && rec.supersededBy.length) {
        rec.status = s.superseded;
        rec.lines.status = rec.lines.relations.supersededBy ?? 0;
      }
      if (!rec.lines.status) rec.lines.status = sec.head + 1;
    }
    rec.sections = sections(lines);
    return rec;
  },
  newData: (adr) => ({
    number: adr.number,
    title: escapeMyst(adr.title),
    status: adr.status,
    date: adr.date,
    relations: adr.relations.flatMap((r) => r.targets.map((t) => `${RELATIONS[r.key].label} ${link(t)}`)),
  }),
  setStatus(text, status) {
    const l = splitLines(text);
    const sec = statusSection(l.lines);
    if (!sec) {
      const h1 = h1Index(l.lines);
      const first = l.lines.findIndex((x, i) => i > h1 && x.startsWith('## '));
      const at = first === -1 ? l.lines.length : first;
      l.lines.splice(at, 0, '## Status', '', status, '');
      return joinLines(l);
    }
    const at = statusLine(l.lines, sec);
    if (at !== -1) l.lines[at] = status;
    else l.lines.splice(sec.head + 1, 0, '', status);
    return joinLines(l);
  },
  addRelation(text, key, target, s) {
    const current = this.parse('', text, s);
    if (current[key].includes(adrId(target.number, s.digits))) return text;
    const l = splitLines(text);
    if (!statusSection(l.lines)) return this.addRelation(this.setStatus(text, s.initial, s), key, target, s);
    const sec = statusSection(l.lines) as { head: number; end: number };
    const line = `${RELATIONS[key].label} ${link(target)}`;
    const at = statusLine(l.lines, sec);
    // Superseding replaces the status word, as adr-tools does; anything else is a paragraph of its own.
    if (key === 'supersededBy' && at !== -1) l.lines[at] = line;
    else appendParagraph(l, sec, line);
    return joinLines(l);
  },
  setNumber(text, number) {
    const l = splitLines(text);
    const h1 = h1Index(l.lines);
    if (h1 !== -1) l.lines[h1] = l.lines[h1].replace(/^(#\s+)\d+\./, `$1${number}.`);
    return joinLines(l);
  },
};
