/**
 * MADR (Markdown Any Decision Records) 2, 3 and 4, and log4brains, which
 * writes MADR 2. MADR 3/4 keep metadata in YAML front matter (`status`,
 * `date`, `deciders` / `decision-makers`, …); MADR 2 in bullets under the
 * H1. Either way a replaced ADR's status reads `superseded by [ADR-0005](…)`:
 * the status and the relation are one value, so the status lives in one
 * place. Reading accepts both layouts; new ADRs use the configured version.
 */
import { escapeMyst, unescapeMyst } from '../../text/markdown.js';
import { yamlReader } from '../../text/yaml-reader.js';
import { adrId, type Series } from '../series.js';
import { setBullet } from './bullets.js';
import { link, readBulletMeta } from './docpact.js';
import { appendLink, emptyParsed, RELATIONS, relationIds, type AdrFormat, type ParsedAdr, type RelationKey } from './types.js';
import { frontMatterEnd, h1Index, joinLines, sections, splitLines, yamlScalar, type Lines } from './text.js';

const SUPERSEDED = /^(superseded)\s+by\b\s*(.*)$/i;
/** Front-matter keys for the relations other than "superseded by" (which lives in `status`). */
const FM_KEYS: Partial<Record<RelationKey, string>> = { supersedes: 'supersedes', amends: 'amends', amendedBy: 'amended-by' };
const text = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : v === undefined || v === null ? '' : String(v));

/** Split "superseded by [ADR-0005](…)" into the status word and the relation. */
function splitStatus(rec: ParsedAdr, s: Series): void {
  const m = SUPERSEDED.exec(rec.status);
  if (!m) return;
  rec.status = m[1];
  for (const id of relationIds(m[2], s)) if (!rec.supersededBy.includes(id)) rec.supersededBy.push(id);
  rec.lines.relations.supersededBy ??= rec.lines.status;
}

function fmLine(lines: string[], end: number, key: string): number {
  for (let i = 1; i < end; i++) if (lines[i].startsWith(`${key}:`)) return i;
  return -1;
}

/** Replace (or add, at the end of the block) one front-matter key. */
function setFm(l: Lines, end: number, key: string, value: string): void {
  const i = fmLine(l.lines, end, key);
  const line = `${key}: ${yamlScalar(value)}`;
  if (i === -1) l.lines.splice(end, 0, line);
  else l.lines[i] = line;
}

function fmValue(lines: string[], end: number, key: string): string | undefined {
  const readYaml = yamlReader();
  try {
    const data = readYaml(lines.slice(1, end).join('\n'), 'front matter') as Record<string, unknown> | null;
    return data && typeof data === 'object' && key in data ? text(data[key]) : undefined;
  } catch {
    return undefined;
  }
}

function madr(version: 2 | 3 | 4): AdrFormat {
  return {
    sections: ['Context and Problem Statement', 'Considered Options', 'Decision Outcome'],
    content: { context: '## Context and Problem Statement', decision: '## Decision Outcome', consequences: '### Consequences', alternatives: '## Considered Options' },
    h1Hint: () => '# <title>',
    template: version === 2 ? 'docs/adr/madr2.md' : 'docs/adr/madr.md',
    parse(file, body, s) {
      const rec = emptyParsed(file, s);
      const { lines } = splitLines(body);
      const end = frontMatterEnd(lines);
      const h1 = h1Index(lines, end + 1);
      if (h1 !== -1) {
        rec.lines.h1 = h1 + 1;
        rec.title = unescapeMyst(lines[h1].slice(2).trim());
        rec.h1Ok = rec.title !== '';
      }
      if (end > 0) {
        let data: Record<string, unknown> = {};
        const readYaml = yamlReader();
        try {
          const parsed = readYaml(lines.slice(1, end).join('\n'), file);
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
        } catch {
          // Unreadable front matter reads as no metadata: check then reports the missing status.
        }
        rec.status = text(data.status);
        rec.lines.status = fmLine(lines, end, 'status') + 1;
        rec.date = text(data.date);
        rec.deciders = text(data['decision-makers'] ?? data.deciders);
        for (const [key, name] of Object.entries(FM_KEYS) as [RelationKey, string][]) {
          if (data[name] === undefined) continue;
          rec[key] = relationIds(text(data[name]), s);
          rec.lines.relations[key] = fmLine(lines, end, name) + 1;
        }
      } else {
        readBulletMeta(rec, lines, h1 + 1, s);
      }
      splitStatus(rec, s);
      rec.sections = sections(lines);
      return rec;
    },
    newData(adr, s) {
      const links = (key: RelationKey) => adr.relations.filter((r) => r.key === key).flatMap((r) => r.targets.map((t) => link(t, s))).join(', ');
      if (version === 2) {
        const relations = (['supersedes', 'amends'] as const).filter((k) => links(k)).map((k) => ({ label: RELATIONS[k].label, links: links(k) }));
        return { title: escapeMyst(adr.title), status: adr.status, date: adr.date, deciders: escapeMyst(adr.deciders), relations };
      }
      const fm = [
        `status: ${yamlScalar(adr.status)}`,
        `date: ${yamlScalar(adr.date)}`,
        `${version === 4 ? 'decision-makers' : 'deciders'}: ${yamlScalar(adr.deciders)}`,
        ...(['supersedes', 'amends'] as const).filter((k) => links(k)).map((k) => `${FM_KEYS[k]}: ${yamlScalar(links(k))}`),
      ];
      return { title: escapeMyst(adr.title), frontMatter: fm.join('\n') };
    },
    setStatus(body, status) {
      const l = splitLines(body);
      const end = frontMatterEnd(l.lines);
      if (end > 0) setFm(l, end, 'status', status);
      else setBullet(l, Math.max(h1Index(l.lines), 0), 'Status', () => status);
      return joinLines(l);
    },
    addRelation(body, key, target, s) {
      const l = splitLines(body);
      const end = frontMatterEnd(l.lines);
      const id = adrId(target.number, s.digits);
      const to = link(target, s);
      if (key === 'supersededBy') {
        const status = (cur: string | undefined) => {
          const m = SUPERSEDED.exec(cur ?? '');
          return m ? `${m[1]} by ${appendLink(m[2], to, id, s)}` : `${s.superseded} by ${to}`;
        };
        if (end > 0) setFm(l, end, 'status', status(fmValue(l.lines, end, 'status')));
        else setBullet(l, Math.max(h1Index(l.lines), 0), 'Status', status);
      } else if (end > 0) {
        const name = FM_KEYS[key] as string;
        setFm(l, end, name, appendLink(fmValue(l.lines, end, name), to, id, s));
      } else {
        setBullet(l, Math.max(h1Index(l.lines), 0), RELATIONS[key].label, (cur) => appendLink(cur, to, id, s));
      }
      return joinLines(l);
    },
  };
}

export const madr2Format = madr(2);
export const madr3Format = madr(3);
export const madr4Format = madr(4);
