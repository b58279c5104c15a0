/**
 * Michael Nygard's format, as adr-tools writes it: `0007-slug.md`, H1
 * `# 7. Title`, a `Date:` line, and a `## Status` section holding the status
 * and relation lines such as `Superseded by [8. Title](0008-x.md)`.
 *
 * Teams write that section in prose too: "Accepted at the design gate for
 * #818, which …" over several lines, relations mid-paragraph, links to
 * discussions. The status is the word its first paragraph starts with (see
 * wording.ts); a "Superseded by" line makes the ADR superseded, as in
 * adr-tools, where that line is the status. Edits change one thing: a bare
 * status word is replaced in place; a prose status keeps every word, the new
 * status going before it as a paragraph of its own; relation lines are added,
 * never rewritten.
 */
import { escapeFor } from '../../text/markdown.js';
import { adrId, type Series } from '../series.js';
import { emptyParsed, RELATIONS, type AdrFormat, type LinkTarget, type ParsedAdr, type RelationKey } from './types.js';
import { h1Index, joinLines, readHeading, sections, splitLines, type Lines } from './text.js';
import { dateOf, relationsInLine, startsWithRelation, statusOf } from './wording.js';

const DATE = /^Date:\s*(.*?)\s*$/;
/** Nygard has no deciders field; docpact (adr new, adr migrate) writes them as a line like Date's. */
const DECIDERS = /^Deciders:\s*(.*?)\s*$/;

const link = (t: LinkTarget, s: Series) => `[${t.number}. ${escapeFor(s.markup)(t.title)}](${t.file})`;

interface Section {
  head: number;
  end: number;
}
interface Para {
  start: number;
  end: number;
}

/** The `## Status` section: its heading line and the index after its last line (0-based). */
function statusSection(lines: string[]): Section | null {
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

/** Paragraphs (runs of non-blank lines) of the section. */
function paragraphs(lines: string[], sec: Section): Para[] {
  const out: Para[] = [];
  for (let i = sec.head + 1; i < sec.end; i++) {
    if (!lines[i].trim()) continue;
    const start = i;
    while (i < sec.end && lines[i].trim()) i++;
    out.push({ start, end: i });
  }
  return out;
}

const vocabulary = (s: Series) => [...s.statuses, s.superseded];

/**
 * Guidance left in the section: an HTML comment, or a quote that does not
 * start with a status (a template's "> A decision may be …"); "> Accepted"
 * is the status, quoted.
 */
function guidance(line: string, s: Series): boolean {
  if (/^\s*<!--/.test(line)) return true;
  const quote = /^\s*>\s*(.*)$/.exec(line);
  if (!quote) return false;
  const w = statusOf(quote[1], vocabulary(s));
  return !w || !vocabulary(s).some((v) => v.toLowerCase() === w.status.toLowerCase());
}

/** The paragraph stating the status: the first that is neither guidance nor opens with a relation. */
function statusPara(lines: string[], sec: Section, s: Series): Para | undefined {
  return paragraphs(lines, sec).find((p) => !guidance(lines[p.start], s) && !startsWithRelation(lines[p.start], s));
}

/** A one-line status paragraph that is the status alone ("Accepted", "✅ Accepted"): its word's span. */
function bareStatus(lines: string[], p: Para | undefined, s: Series) {
  if (!p || p.end - p.start !== 1) return null;
  const w = statusOf(lines[p.start], vocabulary(s));
  return w?.bare ? w : null;
}

/** Insert `text` as its own paragraph after the section's last non-blank line. */
function appendParagraph(l: Lines, sec: Section, text: string): void {
  let last = sec.head;
  for (let i = sec.head + 1; i < sec.end; i++) if (l.lines[i].trim()) last = i;
  l.lines.splice(last + 1, 0, '', text);
}

/** Insert `text` as a paragraph before the one at `start`. */
const before = (l: Lines, start: number, text: string) => l.lines.splice(start, 0, text, '');

function addStated(rec: ParsedAdr, key: RelationKey, ids: string[], line: number): void {
  rec.lines.relations[key] ??= line;
  for (const id of ids) if (!rec[key].includes(id)) rec[key].push(id);
}

export const nygardFormat: AdrFormat = {
  sections: ['Status', 'Context', 'Decision', 'Consequences'],
  content: { context: '## Context', decision: '## Decision', consequences: '## Consequences', alternatives: '## Alternatives' },
  template: 'docs/adr/nygard.md',
  parse(file, text, s) {
    const rec = emptyParsed(file, s);
    const { lines } = splitLines(text);
    const h1 = readHeading(rec, lines, s);
    // Before the first section: Date, Deciders, and relations on lines of their own ("Replaces: [ADR-0002](…)").
    for (let i = h1 + 1; i < lines.length && !lines[i].startsWith('## '); i++) {
      const d = DATE.exec(lines[i]);
      if (d) {
        rec.date = dateOf(d[1]);
        rec.lines.date = i + 1;
      }
      const who = DECIDERS.exec(lines[i]);
      if (who) rec.deciders = who[1];
      for (const r of relationsInLine(lines[i], s, false)) addStated(rec, r.key, r.ids, i + 1);
    }
    const sec = statusSection(lines);
    if (sec) {
      for (let i = sec.head + 1; i < sec.end; i++) for (const r of relationsInLine(lines[i], s)) addStated(rec, r.key, r.ids, i + 1);
      const p = statusPara(lines, sec, s);
      const w = p ? statusOf(lines[p.start], vocabulary(s)) : null;
      if (p && w) {
        rec.status = w.status;
        rec.lines.status = p.start + 1;
      }
      // A "Superseded by" line is the status, as adr-tools writes it (in place of the word, or after it).
      if (rec.supersededBy.length) {
        rec.status = s.superseded;
        rec.lines.status ||= rec.lines.relations.supersededBy ?? 0;
      }
      if (!rec.lines.status) rec.lines.status = sec.head + 1;
    }
    rec.sections = sections(lines);
    return rec;
  },
  newData: (adr, s) => ({
    number: adr.number,
    title: escapeFor(s.markup)(adr.title),
    status: adr.status,
    date: adr.date,
    relations: adr.relations.flatMap((r) => r.targets.map((t) => `${RELATIONS[r.key].label} ${link(t, s)}`)),
  }),
  setStatus(text, status, s) {
    const l = splitLines(text);
    const sec = statusSection(l.lines);
    if (!sec) {
      const h1 = h1Index(l.lines);
      const first = l.lines.findIndex((x, i) => i > h1 && x.startsWith('## '));
      const at = first === -1 ? l.lines.length : first;
      l.lines.splice(at, 0, '## Status', '', status, '');
      return joinLines(l);
    }
    const p = statusPara(l.lines, sec, s);
    const bare = bareStatus(l.lines, p, s);
    if (p && bare) {
      // "Accepted" → "Deprecated"; decoration around the word stays.
      const line = l.lines[p.start];
      l.lines[p.start] = line.slice(0, bare.start) + status + line.slice(bare.end);
    } else {
      // A prose status keeps every word: the new status goes before it.
      const first = p ?? paragraphs(l.lines, sec)[0];
      if (first) before(l, first.start, status);
      else l.lines.splice(sec.head + 1, 0, '', status);
    }
    return joinLines(l);
  },
  addRelation(text, key, target, s) {
    const current = this.parse('', text, s);
    if (current[key].includes(adrId(target.number, s.digits))) return text;
    const l = splitLines(text);
    const sec = statusSection(l.lines);
    if (!sec) return this.addRelation(this.setStatus(text, s.initial, s), key, target, s);
    const line = `${RELATIONS[key].label} ${link(target, s)}`;
    const p = statusPara(l.lines, sec, s);
    if (key === 'supersededBy' && p && !current.supersededBy.length) {
      // Like adr-tools, "Superseded by" takes the place of a bare status word; a prose status stays, after it.
      // Already superseded, the status word is history: the new line joins the others at the end.
      if (bareStatus(l.lines, p, s)) l.lines.splice(p.start, 1, line);
      else before(l, p.start, line);
    } else appendParagraph(l, sec, line);
    return joinLines(l);
  },

};

