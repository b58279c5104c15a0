/**
 * MADR (Markdown Any Decision Records) 2, 3 and 4, and log4brains, which
 * writes MADR 2. MADR 3/4 keep metadata in YAML front matter (`status`,
 * `date`, `deciders` / `decision-makers`, …); MADR 2 in bullets under the
 * H1, and log4brains its relations in a `## Links` section. Either way a
 * replaced ADR's status reads `superseded by [ADR-0005](…)`: the status and
 * the relation are one value, so the status lives in one place. Every
 * metadata element is optional in MADR: an ADR without a status simply has
 * none. Reading accepts both layouts; new ADRs use the configured version.
 * Edits change one value's bytes; a YAML comment after it stays.
 */
import { escapeFor } from '../../text/markdown.js';
import { yamlReader } from '../../text/yaml-reader.js';
import type { Series } from '../series.js';
import { linkBullets, linksSection, readBullets, replaceStatusWord, setBullet } from './bullets.js';
import { link, readBulletMeta, vocabulary } from './docpact.js';
import { emptyParsed, RELATIONS, targetId, type AdrFormat, type ParsedAdr, type RelationKey } from './types.js';
import { fmLine, fmTitle, setFm } from './frontmatter.js';
import { frontMatterEnd, h1Index, joinLines, readHeading, sections, splitLines, subsections, yamlScalar, type Lines } from './text.js';
import { appendLink, dateOf, relationIds, relationKeyOf, statusOf } from './wording.js';

const SUPERSEDED = /^[^\p{L}]*((?:superseded|superceded|replaced)\s+by)\b\s*(.*)$/iu;
/** Front-matter keys docpact writes for the relations other than "superseded by" (which lives in `status`). */
const FM_KEYS: Partial<Record<RelationKey, string>> = { supersedes: 'supersedes', amends: 'amends', amendedBy: 'amended-by' };
const text = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : v === undefined || v === null ? '' : String(v));

/** The status a raw value states; "superseded by [ADR-0005](…)" also names what superseded it. */
function readStatus(rec: ParsedAdr, raw: string, s: Series): void {
  const m = SUPERSEDED.exec(raw);
  if (m) {
    rec.status = s.superseded;
    for (const id of relationIds(m[2], s)) if (!rec.supersededBy.includes(id)) rec.supersededBy.push(id);
    rec.lines.relations.supersededBy ??= rec.lines.status;
    return;
  }
  rec.status = statusOf(raw, vocabulary(s))?.status ?? '';
}

const SECTIONS = ['Context and Problem Statement', 'Considered Options', 'Decision Outcome'];

function madr(version: 2 | 3 | 4): AdrFormat {
  const statusValue = (status: string, s: Series) => (cur: string | undefined) => (cur ? replaceStatusWord(cur, status, vocabulary(s)) : status);
  return {
    sections: SECTIONS,
    content: { context: '## Context and Problem Statement', decision: '## Decision Outcome', consequences: '### Consequences', alternatives: '## Considered Options' },
    statusOptional: true,
    template: version === 2 ? 'docs/adr/madr2.md' : 'docs/adr/madr.md',
    parse(file, body, s) {
      const rec = emptyParsed(file, s);
      const { lines } = splitLines(body);
      const end = frontMatterEnd(lines);
      const h1 = readHeading(rec, lines, s, end + 1);
      fmTitle(rec, lines, end);
      let raw: string | undefined;
      if (end > 0) {
        let data: Record<string, unknown> = {};
        const readYaml = yamlReader();
        try {
          const parsed = readYaml(lines.slice(1, end).join('\n'), file);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
        } catch (err) {
          // Unreadable front matter is not "no metadata" (MADR's optional status): check reports it.
          rec.unreadable = err instanceof Error ? err.message : String(err);
        }
        if (data.status !== undefined && data.status !== null) {
          raw = text(data.status);
          rec.lines.status = fmLine(lines, end, 'status') + 1;
        }
        if (data.date !== undefined && data.date !== null) {
          rec.date = dateOf(text(data.date));
          rec.lines.date = fmLine(lines, end, 'date') + 1;
        }
        rec.deciders = text(data['decision-makers'] ?? data.deciders);
        for (const [name, value] of Object.entries(data)) {
          const key = relationKeyOf(name);
          if (!key || value === undefined || value === null) continue;
          rec.lines.relations[key] ??= fmLine(lines, end, name) + 1;
          for (const id of relationIds(text(value), s)) if (!rec[key].includes(id)) rec[key].push(id);
        }
      } else {
        raw = readBulletMeta(rec, lines, h1 + 1, s);
      }
      if (raw !== undefined) readStatus(rec, raw, s);
      for (const { index, stated } of linkBullets(lines, s)) {
        rec.lines.relations[stated.key] ??= index + 1;
        for (const id of stated.ids) if (!rec[stated.key].includes(id)) rec[stated.key].push(id);
      }
      if (rec.supersededBy.length && !rec.status) rec.status = s.superseded;
      rec.sections = sections(lines);
      // Some teams' MADR keeps the options and the outcome as H3 under "## Decision" (CumulusCI's template): they are there.
      for (const [name, line] of subsections(lines)) if (SECTIONS.includes(name) && !rec.sections.has(name)) rec.sections.set(name, line);
      return rec;
    },
    newData(adr, s) {
      const links = (key: RelationKey) => adr.relations.filter((r) => r.key === key).flatMap((r) => r.targets.map((t) => link(t, s))).join(', ');
      if (version === 2) {
        const relations = (['supersedes', 'amends'] as const).filter((k) => links(k)).map((k) => ({ label: RELATIONS[k].label, links: links(k) }));
        return { title: escapeFor(s.markup)(adr.title), status: adr.status, date: adr.date, deciders: escapeFor(s.markup)(adr.deciders), relations };
      }
      const fm = [
        `status: ${yamlScalar(adr.status)}`,
        `date: ${yamlScalar(adr.date)}`,
        `${version === 4 ? 'decision-makers' : 'deciders'}: ${yamlScalar(adr.deciders)}`,
        ...(['supersedes', 'amends'] as const).filter((k) => links(k)).map((k) => `${FM_KEYS[k]}: ${yamlScalar(links(k))}`),
      ];
      return { title: escapeFor(s.markup)(adr.title), frontMatter: fm.join('\n') };
    },
    setStatus(body, status, s) {
      const l = splitLines(body);
      setStatusValue(l, version, statusValue(status, s));
      return joinLines(l);
    },
    addRelation(body, key, target, s) {
      if (this.parse('', body, s)[key].includes(targetId(s, target))) return body;
      const l = splitLines(body);
      const end = frontMatterEnd(l.lines);
      const id = targetId(s, target);
      const to = link(target, s);
      if (key === 'supersededBy') {
        const status = (cur: string | undefined) => {
          const m = SUPERSEDED.exec(cur ?? '');
          if (m) return `${cur?.slice(0, cur.length - m[2].length)}${appendLink(m[2], to, id, s)}`;
          return cur ? replaceStatusWord(cur, `${s.superseded} by ${to}`, vocabulary(s)) : `${s.superseded} by ${to}`;
        };
        setStatusValue(l, version, status);
      } else if (end > 0) {
        setFm(l, end, FM_KEYS[key] as string, (cur) => appendLink(cur, to, id, s));
      } else if (!inBullets(l, version)) {
        l.lines.splice(0, 0, '---', `${FM_KEYS[key] as string}: ${yamlScalar(to)}`, '---');
      } else {
        const links = linksSection(l.lines);
        if (links && linkBullets(l.lines, s).length) {
          // log4brains states relations in its Links section: the new one joins them, in their style.
          let last = links.head;
          for (let i = links.head + 1; i < links.end; i++) if (/^\s*[-*+]\s/.test(l.lines[i])) last = i;
          const mark = (/^\s*([-*+])\s/.exec(l.lines[last]) as RegExpExecArray)[1];
          l.lines.splice(last + 1, 0, `${mark} ${RELATIONS[key].label} ${to}`);
        } else setBullet(l, Math.max(h1Index(l.lines), 0), RELATIONS[key].label, (cur) => appendLink(cur, to, id, s));
      }
      return joinLines(l);
    },
  };
}

/** Metadata as MADR 2 bullets: the series' version says so, or the ADR already keeps some there (a series that mixes both). */
const inBullets = (l: Lines, version: 2 | 3 | 4) => version === 2 || readBullets(l.lines, Math.max(h1Index(l.lines), 0) + 1).length > 0;

/** Set the status where the ADR keeps it: front matter, else bullets, else new front matter (MADR 3/4). */
function setStatusValue(l: Lines, version: 2 | 3 | 4, value: (current: string | undefined) => string): void {
  const end = frontMatterEnd(l.lines);
  if (end > 0) setFm(l, end, 'status', value);
  else if (inBullets(l, version)) setBullet(l, Math.max(h1Index(l.lines), 0), 'Status', value);
  else l.lines.splice(0, 0, '---', `status: ${yamlScalar(value(undefined))}`, '---');
}

export const madr2Format = madr(2);
export const madr3Format = madr(3);
export const madr4Format = madr(4);

