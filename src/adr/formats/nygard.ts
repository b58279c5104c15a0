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
 *
 * The body decides the format, not what sits above it: some teams keep the
 * status and date on lines of their own under the H1 instead of a Status
 * section (`- **Status:** Accepted`, `Status: Accepted`), and some put YAML
 * front matter on top for a site generator, at times with a copy of the
 * status. The status is read where the team wrote it — the Status section,
 * else its line, else the front matter — and an edit changes it there and in
 * the front-matter copy, so the ADR never states two statuses.
 */
import { escapeFor } from '../../text/markdown.js';
import { renderHeading, type Series } from '../series.js';
import { emptyParsed, RELATIONS, targetId, type AdrFormat, type LinkTarget, type ParsedAdr, type RelationKey } from './types.js';
import { inCaseOf, replaceStatusWord } from './bullets.js';
import { fmField, fmLine, fmTitle, setFm } from './frontmatter.js';
import { frontMatterEnd, h1Index, joinLines, readHeading, sections, splitLines, type Lines } from './text.js';
import { appendLink, dateOf, relationIds, relationKeyOf, relationsInLine, startsWithRelation, statusOf } from './wording.js';

/**
 * A metadata line above the first section: `Date: 2018-08-28`,
 * `Status: Accepted`, `- **Status:** Accepted`, `* __Date__: …`. Group 1 is
 * the key; the value is found by `metaLine`. Nygard has no deciders field;
 * docpact (adr new, adr migrate) writes them as a line like Date's.
 */
const META = /^(?:[-*+][ \t]+)?(?:\*\*|__)?([A-Za-z][A-Za-z -]*?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*/;
/**
 * A metadata row of a table under the H1 (`| **Status** | Accepted |`, a
 * Property / Value table as Backstage TechDocs pages write it). Group 1 is
 * the key; the value is the next cell, up to its closing `|`.
 */
const TABLE_META = /^\|[ \t]*(?:\*\*|__)?([A-Za-z][A-Za-z -]*?)(?:\*\*|__)?[ \t]*\|[ \t]*/;

interface Meta {
  index: number;
  /** Lowercase key: "status", "date", "deciders", "superseded by", … */
  key: string;
  /** The key's span and the value's span in the line. */
  keyStart: number;
  keyEnd: number;
  start: number;
  end: number;
  value: string;
}

/** Metadata lines between the H1 (`from`) and the first section. */
function metaLines(lines: string[], from: number): Meta[] {
  const out: Meta[] = [];
  for (let i = from; i < lines.length && !lines[i].startsWith('## '); i++) {
    // A header row (a delimiter row under it: `| Status | Date |` over `|---|---|`) names columns, not a value.
    const row = /^\|[ \t]*:?-{3,}/.test(lines[i + 1] ?? '') ? null : TABLE_META.exec(lines[i]);
    const m = row ?? META.exec(lines[i]);
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key !== 'status' && key !== 'date' && key !== 'deciders' && !relationKeyOf(key)) continue;
    const keyStart = lines[i].indexOf(m[1]);
    // In a table row the value ends at its cell's closing "|" (not an escaped one: `[Proposed \| Accepted]`).
    const bar = row ? lines[i].slice(m[0].length).search(/(?<!\\)\|/) : -1;
    let end = bar === -1 ? lines[i].length : m[0].length + bar;
    while (end > m[0].length && /\s/.test(lines[i][end - 1])) end--;
    out.push({ index: i, key, keyStart, keyEnd: keyStart + m[1].length, start: m[0].length, end, value: lines[i].slice(m[0].length, end) });
  }
  return out;
}

/**
 * How another ADR is linked: by its heading, as adr-tools links it ("[7. Title]"), in the series' own heading
 * style ("[0007. Title]", "[ADR-0007 Title]"); a series whose headings carry no number still names it ("[7. Title]"),
 * but for one numbered by day ("[Title]").
 */
export const linkText = (t: LinkTarget, s: Series) => {
  const title = escapeFor(s.markup)(t.title);
  if (/\{n(?:umber)?\}/.test(s.heading)) return renderHeading(s, t.number, title);
  // A series numbered by day names records by their title: "[20261208. Title]" would read as a number no one wrote.
  return s.numbering === 'date' ? title : `${t.number}. ${title}`;
};
const link = (t: LinkTarget, s: Series) => `[${linkText(t, s)}](${t.file})`;

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

/** The status line under the H1, for an ADR without a Status section. */
function statusLine(lines: string[]): Meta | undefined {
  return metaLines(lines, h1Index(lines, frontMatterEnd(lines) + 1) + 1).find((m) => m.key === 'status');
}

/**
 * The section's lines inside HTML comments (`<!-- … -->` on lines of their
 * own, as templates leave guidance: adr-tools' "A decision may be
 * \"proposed\" …"). They state nothing: neither the status nor a relation.
 */
function commentLines(lines: string[], sec: Section): Set<number> {
  const out = new Set<number>();
  for (let i = sec.head + 1; i < sec.end; i++) {
    if (!/^\s*<!--/.test(lines[i])) continue;
    out.add(i);
    if (lines[i].includes('-->', lines[i].indexOf('<!--') + 4)) continue;
    while (i + 1 < sec.end && !lines[i].includes('-->')) out.add(++i);
  }
  return out;
}

/** Paragraphs (runs of non-blank lines) of the section; a comment on lines of its own separates them, like a blank line. */
function paragraphs(lines: string[], sec: Section): Para[] {
  const out: Para[] = [];
  const comment = commentLines(lines, sec);
  const text = (i: number) => lines[i].trim() !== '' && !comment.has(i);
  for (let i = sec.head + 1; i < sec.end; i++) {
    if (!text(i)) continue;
    const start = i;
    while (i < sec.end && text(i)) i++;
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

/** Front-matter lines (0-based) whose key names a relation (`replaced-by:`, `supersedes:`). */
function fmRelationLines(lines: string[], end: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < end; i++) {
    const m = /^([A-Za-z][\w -]*?)\s*:/.exec(lines[i]);
    if (m && relationKeyOf(m[1])) out.push(i);
  }
  return out;
}

/** The front-matter key docpact writes for a relation in a record that keeps its relations there. */
const FM_RELATION: Record<RelationKey, string> = { supersedes: 'supersedes', supersededBy: 'superseded-by', amends: 'amends', amendedBy: 'amended-by' };

/**
 * A record without a Status section or line whose front matter states its
 * relations (`replaced-by:`): its metadata lives there, so a status and
 * relations docpact adds go there too — into the team's own key when it has
 * one (`replaced-by:` for "superseded by") — not into a new Status section.
 */
const keepsMetaInFm = (lines: string[], fm: number) => fm > 0 && fmRelationLines(lines, fm).length > 0 && !statusSection(lines) && !statusLine(lines);

export const nygardFormat: AdrFormat = {
  sections: ['Status', 'Context', 'Decision', 'Consequences'],
  content: { context: '## Context', decision: '## Decision', consequences: '## Consequences', alternatives: '## Alternatives' },
  template: 'docs/adr/nygard.md',
  parse(file, text, s) {
    const rec = emptyParsed(file, s);
    const { lines } = splitLines(text);
    const end = frontMatterEnd(lines);
    const h1 = readHeading(rec, lines, s, end + 1);
    fmTitle(rec, lines, end);
    // Before the first section: Date, Status, Deciders, and relations on lines of their own ("Replaces: [ADR-0002](…)").
    let metaStatus: Meta | undefined;
    for (const m of metaLines(lines, h1 + 1)) {
      if (m.key === 'date') {
        rec.date = dateOf(m.value);
        rec.lines.date = m.index + 1;
      } else if (m.key === 'deciders') rec.deciders = m.value;
      else if (m.key === 'status') metaStatus ??= m;
      else {
        const key = relationKeyOf(m.key) as RelationKey;
        const ids = relationIds(m.value, s);
        if (ids.length) addStated(rec, key, ids, m.index + 1);
      }
    }
    for (let i = h1 + 1; i < lines.length && !lines[i].startsWith('## '); i++) for (const r of relationsInLine(lines[i], s, false)) addStated(rec, r.key, r.ids, i + 1);
    const sec = statusSection(lines);
    if (sec) {
      const comment = commentLines(lines, sec);
      for (let i = sec.head + 1; i < sec.end; i++) if (!comment.has(i)) for (const r of relationsInLine(lines[i], s)) addStated(rec, r.key, r.ids, i + 1);
      const p = statusPara(lines, sec, s);
      const w = p ? statusOf(lines[p.start], vocabulary(s)) : null;
      if (p && w) {
        rec.status = w.status;
        rec.lines.status = p.start + 1;
      }
    } else if (metaStatus) {
      for (const r of relationsInLine(metaStatus.value, s)) addStated(rec, r.key, r.ids, metaStatus.index + 1);
      rec.status = statusOf(metaStatus.value, vocabulary(s))?.status ?? '';
      rec.lines.status = metaStatus.index + 1;
    }
    // Front matter a site generator reads: its status and date count where the body states none; a status it copies is kept the same by edits.
    if (end > 0) {
      const status = fmField(lines, end, 'status');
      // A status docpact cannot edit on its line (a list, a block): a copy it cannot keep the same, so edits are refused with the change to make.
      if (status === null && rec.lines.status) rec.statusCopy = lines[fmLine(lines, end, 'status')].replace(/^[^:]*:\s*/, '');
      if (status?.value) {
        if (!rec.lines.status) {
          rec.status = statusOf(status.value, vocabulary(s))?.status ?? '';
          rec.lines.status = status.index + 1;
        } else rec.statusCopy = statusOf(status.value, vocabulary(s))?.status ?? status.value;
      }
      const date = fmField(lines, end, 'date');
      if (date?.value && !rec.lines.date) {
        rec.date = dateOf(date.value);
        rec.lines.date = date.index + 1;
      }
      // Relations the front matter states (`replaced-by: [3. X](003_x.md)`), where some teams keep them.
      for (const i of fmRelationLines(lines, end)) {
        const name = (/^([A-Za-z][\w -]*?)\s*:/.exec(lines[i]) as RegExpExecArray)[1];
        const f = fmField(lines, end, name);
        if (f?.value) addStated(rec, relationKeyOf(name) as RelationKey, relationIds(f.value, s), i + 1);
      }
    }
    // A "Superseded by" line is the status, as adr-tools writes it (in place of the word, or after it).
    if (rec.supersededBy.length) {
      rec.status = s.superseded;
      rec.lines.status ||= rec.lines.relations.supersededBy ?? 0;
    }
    if (sec && !rec.lines.status) rec.lines.status = sec.head + 1;
    rec.sections = sections(lines);
    // A status stated on a line of its own under the H1, or only in front matter (`status: accepted`, edited there), stands for the Status section.
    if (!sec && metaStatus) rec.sections.set('Status', metaStatus.index + 1);
    else if (!sec && rec.status && rec.lines.status && end > 0 && rec.lines.status <= end) rec.sections.set('Status', rec.lines.status);
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
    const meta = sec ? undefined : statusLine(l.lines);
    const fm = frontMatterEnd(l.lines);
    const copy = fm > 0 && fmField(l.lines, fm, 'status') !== undefined;
    if (meta) {
      // "- **Status:** Accepted" → "- **Status:** Deprecated": the value's status word only.
      const line = l.lines[meta.index];
      l.lines[meta.index] = line.slice(0, meta.start) + replaceStatusWord(meta.value, status, vocabulary(s)) + line.slice(meta.end);
    } else if (sec) {
      const p = statusPara(l.lines, sec, s);
      const bare = bareStatus(l.lines, p, s);
      if (p && bare) {
        // "Accepted" → "Deprecated"; decoration around the word stays.
        const line = l.lines[p.start];
        l.lines[p.start] = line.slice(0, bare.start) + inCaseOf(bare.status, status) + line.slice(bare.end);
      } else {
        // A prose status keeps every word: the new status goes before it.
        const first = p ?? paragraphs(l.lines, sec)[0];
        if (first) before(l, first.start, status);
        else l.lines.splice(sec.head + 1, 0, '', status);
      }
    } else if (!copy && keepsMetaInFm(l.lines, fm)) {
      setFm(l, fm, 'status', () => status);
    } else if (!copy) {
      const h1 = h1Index(l.lines, fm + 1);
      const first = l.lines.findIndex((x, i) => i > h1 && x.startsWith('## '));
      const at = first === -1 ? l.lines.length : first;
      l.lines.splice(at, 0, '## Status', '', status, '');
    }
    // The front matter's status (the only one, or a copy of the body's) says the same.
    if (copy) setFm(l, fm, 'status', (cur) => (cur ? replaceStatusWord(cur, status, vocabulary(s)) : status));
    return joinLines(l);
  },
  addRelation(text, key, target, s) {
    const current = this.parse('', text, s);
    if (current[key].includes(targetId(s, target))) return text;
    const l = splitLines(text);
    const sec = statusSection(l.lines);
    const meta = sec ? undefined : statusLine(l.lines);
    const fm = frontMatterEnd(l.lines);
    if (keepsMetaInFm(l.lines, fm)) {
      // The relation goes where the record keeps its relations: its own key (`replaced-by:`), else a new key beside it.
      // "Superseded by" is then the status, read from that key; a front-matter status, if any, says so too.
      setFm(l, fm, FM_RELATION[key], (cur) => appendLink(cur, link(target, s), targetId(s, target), s));
      if (key === 'supersededBy' && fmField(l.lines, fm, 'status') !== undefined) setFm(l, fm, 'status', (cur) => (cur ? replaceStatusWord(cur, s.superseded, vocabulary(s)) : s.superseded));
      return joinLines(l);
    }
    if (!sec && !meta) return this.addRelation(this.setStatus(text, current.status || s.initial, s), key, target, s);
    const line = `${RELATIONS[key].label} ${link(target, s)}`;
    if (meta) {
      const m = l.lines[meta.index];
      if (key === 'supersededBy') {
        // As adr-tools writes it, "Superseded by" is the status: it takes the place of the status word; a second one joins the first.
        const value = current.supersededBy.length ? `${meta.value}, ${link(target, s)}` : replaceStatusWord(meta.value, line, vocabulary(s));
        l.lines[meta.index] = m.slice(0, meta.start) + value + m.slice(meta.end);
      } else {
        const own = metaLines(l.lines, h1Index(l.lines, fm + 1) + 1).find((x) => relationKeyOf(x.key) === key && relationIds(x.value, s).length);
        if (own) {
          // The record's own line or table row for it, naming ADRs already (`| **Supersedes** | [ADR-001](…) |`): the link joins them.
          const o = l.lines[own.index];
          l.lines[own.index] = o.slice(0, own.start) + appendLink(own.value, link(target, s), targetId(s, target), s) + o.slice(own.end);
        } else {
          // Another relation: a line of its own in the status line's style ("- **Amended by:** [3. X](0003-x.md)", a table row), after the metadata.
          const last = metaLines(l.lines, meta.index).reduce((a, x) => Math.max(a, x.index), meta.index);
          l.lines.splice(last + 1, 0, m.slice(0, meta.keyStart) + RELATIONS[key].label + m.slice(meta.keyEnd, meta.start) + link(target, s) + (m.startsWith('|') ? m.slice(meta.end) : ''));
        }
      }
    } else if (sec) {
      const p = statusPara(l.lines, sec, s);
      if (key === 'supersededBy' && p && !current.supersededBy.length) {
        // Like adr-tools, "Superseded by" takes the place of a bare status word; a prose status stays, after it.
        // Already superseded, the status word is history: the new line joins the others at the end.
        if (bareStatus(l.lines, p, s)) l.lines.splice(p.start, 1, line);
        else before(l, p.start, line);
      } else appendParagraph(l, sec, line);
    }
    if (key === 'supersededBy' && fm > 0 && fmField(l.lines, fm, 'status') !== undefined) setFm(l, fm, 'status', (cur) => (cur ? replaceStatusWord(cur, s.superseded, vocabulary(s)) : s.superseded));
    // The front matter's key for this relation (`replaced-by:`, a series key), if it has one, says the same.
    if (fm > 0 && fmLine(l.lines, fm, FM_RELATION[key]) !== -1) setFm(l, fm, FM_RELATION[key], (cur) => appendLink(cur, link(target, s), targetId(s, target), s));
    return joinLines(l);
  },
};

