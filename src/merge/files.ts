/**
 * Merging the files docpact derives, whatever both sides of a merge did to
 * them: the ADR index data (records by file), the lock file (entries by
 * path), and Markdown pages with generated regions (src/merge/conflicts.ts).
 * Ours wins where both sides changed the same record; `check` regenerates
 * derived data from the sources afterwards and reports any drift.
 */
import type { DocpactConfig } from '../config/schema.js';
import type { AdrRecord } from '../adr/parse.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';
import { byNumberThenFile, rangePageDir, renderIndexData } from '../adr/store.js';
import { mergeLock } from '../core/lockfile.js';
import { sortRows, resolveGenerated } from './conflicts.js';
import { parseConflicts, side } from '../text/conflict-markers.js';

function records(text: string | null): AdrRecord[] | null {
  if (text === null) return null;
  try {
    return ((JSON.parse(text) as { adrs?: AdrRecord[] }).adrs ?? []).filter((r) => r && typeof r.file === 'string');
  } catch {
    return null;
  }
}

/** The ADR index data with both sides' records; null when a side cannot be read. */
export function mergeIndexData(text: string): string | null {
  const ours = records(side(text, 'ours'));
  const theirs = records(side(text, 'theirs'));
  if (!ours || !theirs) return null;
  const byFile = new Map<string, AdrRecord>();
  for (const r of [...theirs, ...ours]) byFile.set(r.file, r);
  const merged = [...byFile.values()].sort(byNumberThenFile);
  return renderIndexData(merged);
}

/** The relation graph's lines: header, one group per ADR (its node, then its edges), footer. */
function graphParts(text: string): { head: string[]; groups: Map<string, string[]>; tail: string[] } {
  const lines = text.split('\n');
  const idOf = (l: string) => /^ {2}"((?:\\.|[^"\\])*)"/.exec(l)?.[1];
  const first = lines.findIndex((l) => idOf(l) !== undefined);
  const last = lines.findLastIndex((l) => idOf(l) !== undefined);
  const groups = new Map<string, string[]>();
  if (first !== -1) for (const l of lines.slice(first, last + 1)) groups.set(idOf(l) as string, [...(groups.get(idOf(l) as string) ?? []), l]);
  return { head: first === -1 ? lines.slice(0, -2) : lines.slice(0, first), groups, tail: first === -1 ? lines.slice(-2) : lines.slice(last + 1) };
}

/** The relation graph with both sides' ADRs; ours wins where both changed one (check regenerates it anyway). */
export function mergeGraph(text: string): string | null {
  const ours = side(text, 'ours');
  const theirs = side(text, 'theirs');
  if (ours === null || theirs === null) return null;
  const a = graphParts(ours);
  const groups = new Map([...graphParts(theirs).groups, ...a.groups]);
  const ids = [...groups.keys()].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  return [...a.head, ...ids.flatMap((id) => groups.get(id) as string[]), ...a.tail].join('\n');
}

export type DerivedKind = 'index-data' | 'graph' | 'lock' | 'range-page' | 'page';

/** What kind of derived file a path is (by its shape: the merge driver has no config). */
export function derivedKind(file: string): DerivedKind | null {
  if (/(^|\/)adr\/(?:[^/]+\/)?[^/]+\.json$/.test(file)) return 'index-data'; // <generated>/adr/<series>/<range>.json (and the older <generated>/adr/<series>.json)
  if (/(^|\/)diagrams\/adr-relations[^/]*\.dot$/.test(file)) return 'graph';
  if (/(^|\/)\.docpact\/lock\.yaml$/.test(file)) return 'lock';
  if (/(^|\/)by-number\/\d+-\d+\.md$/.test(file)) return 'range-page';
  if (file.endsWith('.md')) return 'page';
  return null;
}

/**
 * A range page (`by-number/0100-0199.md`) is generated whole: every hunk
 * keeps both sides' lines (ours first; table rows once per ADR file, by
 * number), and `check --fix` rewrites the page from the ADRs afterwards.
 */
function mergeRangePage(text: string): string | null {
  const parts = parseConflicts(text);
  if (!parts) return null;
  return parts
    .flatMap((p) => {
      if (typeof p === 'string') return [p];
      const seen = new Set(p.ours);
      return sortRows([...p.ours, ...p.theirs.filter((l) => l.trim() !== '' && !seen.has(l))]);
    })
    .join('\n');
}

/**
 * ADR numbers both sides of a merge added, each with its own file: the one
 * conflict a derived file cannot settle (which ADR keeps the number is a
 * decision). Read from the index data of the base and both sides.
 */
export function numbersAddedTwice(base: string | null, ours: string, theirs: string): { id: string; ours: string; theirs: string }[] {
  const before = new Set((records(base) ?? []).map((r) => r.file));
  const added = (text: string) => (records(text) ?? []).filter((r) => !before.has(r.file));
  const mine = added(ours);
  const out: { id: string; ours: string; theirs: string }[] = [];
  for (const t of added(theirs)) {
    const o = mine.find((r) => r.number === t.number && r.file !== t.file);
    if (o && !out.some((x) => x.id === t.id)) out.push({ id: t.id, ours: o.file, theirs: t.file });
  }
  return out;
}

/** Resolve what can be resolved in a conflicted derived file; `left` counts hunks still for a person. */
export function resolveDerived(kind: DerivedKind, text: string): { text: string; left: number } {
  if (kind === 'index-data') {
    const merged = mergeIndexData(text);
    return merged === null ? { text, left: 1 } : { text: merged, left: 0 };
  }
  if (kind === 'graph') {
    const merged = mergeGraph(text);
    return merged === null ? { text, left: 1 } : { text: merged, left: 0 };
  }
  if (kind === 'lock') {
    const merged = mergeLock(text);
    return merged === null ? { text, left: 1 } : { text: merged, left: 0 };
  }
  if (kind === 'range-page') {
    const merged = mergeRangePage(text);
    return merged === null ? { text, left: 1 } : { text: merged, left: 0 };
  }
  const r = resolveGenerated(text);
  return { text: r.text, left: r.left };
}

/**
 * The git config line that registers the driver (README and .gitattributes
 * quote it). The paths come after "--": %P is a repository path, and a file
 * named "--help" must be a path, not a flag. `--no-install`: where docpact
 * is not installed, npx fails instead of fetching whatever package the
 * registry has under that name; git then keeps our side and reports the
 * conflict, and `check --fix` merges both sides from git's index.
 */
export const DRIVER_CONFIG = 'git config merge.docpact.driver "npx --no-install docpact merge-driver -- %O %A %B %P"';

/** .gitattributes lines routing derived files to the driver (without the driver registered, git merges as usual). */
export function gitattributesLines(c: DocpactConfig): string[] {
  const pages = `${c.paths.docs}/**/index.md`;
  // Each series' index page, when the docs glob does not already cover it.
  const indexes = seriesConfigs(c)
    .map((x) => seriesOf(x).index)
    .filter((p) => !(p.startsWith(`${c.paths.docs}/`) && p.endsWith('/index.md')));
  // Each series' range pages (by-number/ beside its index), which exist past 100 ADRs.
  const ranges = seriesConfigs(c).map((x) => `${rangePageDir(x)}/*.md`);
  return [
    `${pages} merge=docpact`,
    ...[...new Set(indexes)].map((p) => `${p} merge=docpact`),
    ...[...new Set(ranges)].map((p) => `${p} merge=docpact`),
    `${c.paths.generated}/adr/**/*.json merge=docpact`,
    `${c.paths.generated}/diagrams/adr-relations*.dot merge=docpact`,
    '.docpact/lock.yaml merge=docpact',
  ];
}

/** The whole .gitattributes init writes, or `current` with the missing lines appended. */
export function renderGitattributes(c: DocpactConfig, current: string | null): string {
  const lines = gitattributesLines(c);
  const header = ['# docpact: derived files (ADR index, toctrees, lock) merge without conflicts once the driver is registered:', `#   ${DRIVER_CONFIG}`];
  if (current === null) return `${[...header, ...lines].join('\n')}\n`;
  const have = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l));
  if (!missing.length) return current;
  return `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${[...(current.includes('merge=docpact') ? [] : header), ...missing].join('\n')}\n`;
}
