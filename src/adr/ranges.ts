/**
 * The ranges an ADR series' index is split into (SHARD numbers per range; a
 * series numbered by day, by year), their file names, and their data files:
 * one JSON file per range, read back only when every record is well-formed
 * and names a file of the series in that range (the data is committed, so a
 * pull request can forge it).
 */
import path from 'node:path';
import type { DocpactConfig } from '../config/schema.js';
import { exists, listDir, type Root } from '../io/fs.js';
import { RELATION_KEYS, adrId, type AdrRecord } from './parse.js';
import { recordId, seriesOf, type Series } from './series.js';

/** The single data file of earlier versions, replaced by the ranges (check reports it; --fix removes it). */
export const legacyDataFile = (c: DocpactConfig) => seriesOf(c).data;

/** Numbers per index range: small enough that one range is cheap to rewrite and pleasant to read. */
export const SHARD = 100;

/**
 * How a series' index is split into ranges: by 100 numbers ("0100-0199",
 * titled "ADR-0100 to ADR-0199", pages in `by-number/`), or, for a series
 * numbered by day (YYYYMMDD), by year ("2024", titled "Decisions of 2024",
 * pages in `by-year/`), so a dated series gets a page per year, not per month
 * of bare ranges.
 */
interface Sharding {
  of(n: number): number;
  name(shard: number): string;
  title(shard: number): string;
  folder: string;
  caption: string;
  /** Matches a range's file name; group 1 is the range's first number (or year). */
  file: RegExp;
}

export const byNumber = (digits: number, first: number): Sharding => {
  const pad = (n: number) => String(n).padStart(digits, '0');
  return {
    of: (n) => Math.floor(n / SHARD),
    name: (sh) => `${pad(sh * SHARD)}-${pad(sh * SHARD + SHARD - 1)}`,
    // The first range starts at the series' first number (ADR-0001, not ADR-0000).
    title: (sh) => `${adrId(Math.max(sh * SHARD, first), digits)} to ${adrId(sh * SHARD + SHARD - 1, digits)}`,
    folder: 'by-number',
    caption: 'Decisions by number',
    file: /^(\d+)-\d+\.(?:json|md)$/,
  };
};
const BY_YEAR: Sharding = {
  of: (n) => Math.floor(n / 10000),
  // A series that went dated keeps its older numbered records (0001-x.md): they fall in "year" 0, the range 0000.
  name: (sh) => String(sh).padStart(4, '0'),
  title: (sh) => (sh === 0 ? 'Numbered decisions (before the dated ones)' : `Decisions of ${sh}`),
  folder: 'by-year',
  caption: 'Decisions by year',
  file: /^(\d{4})\.(?:json|md)$/,
};

const shardings = new WeakMap<Series, Sharding>();
export function shardingOf(c: DocpactConfig): Sharding {
  const s = seriesOf(c);
  let sh = shardings.get(s);
  if (!sh) shardings.set(s, (sh = s.numbering === 'date' ? BY_YEAR : byNumber(s.digits, s.first)));
  return sh;
}
/** The range a number falls in. */
export const shardOf = (c: DocpactConfig, n: number) => shardingOf(c).of(n);
/** The folder of the series' range data: `<generated>/adr/index/` for the main series, `<generated>/adr/<name>/` for another. */
export const rangeDataDir = (c: DocpactConfig) => seriesOf(c).data.replace(/\.json$/, '');
/** A range's name; numbers come from file names or checked records, so anything else is a bug, never a file named "0NaN-0NaN". */
function rangeName(c: DocpactConfig, shard: number): string {
  if (!Number.isSafeInteger(shard) || shard < 0) throw new Error(`internal: ADR index range ${shard}`);
  return shardingOf(c).name(shard);
}
export const rangeDataFile = (c: DocpactConfig, shard: number) => `${rangeDataDir(c)}/${rangeName(c, shard)}.json`;
/** The folder of the range pages: `by-number/` (`by-year/`) beside the index page. */
export const rangePageDir = (c: DocpactConfig) => `${path.posix.dirname(seriesOf(c).index)}/${shardingOf(c).folder}`;
export const rangePage = (c: DocpactConfig, shard: number) => `${rangePageDir(c)}/${rangeName(c, shard)}.md`;
/** A range file of any layout (number ranges, years): what check and --fix may report and remove. */
const RANGE_FILE = /^(?:\d+-\d+|\d{4})\.(json|md)$/;

/** Lists a repo folder's names: `listDir` by default; check passes its own, which lists each folder once per run. */
type Lister = (dir: string) => string[];

/**
 * The range files in the series' data folder, by name (number ranges or
 * years, .json or .md): the one listing that numbering, conflict checks, the
 * merge driver and stray-file reports share (hundreds of entries, not 100,000).
 */
function rangeDataNames(c: DocpactConfig, list: Lister): string[] {
  return list(rangeDataDir(c)).filter((n) => RANGE_FILE.test(n));
}

/** Ranges that have a data file named as this series' sharding names it. */
export function shardsOnDisk(root: Root, c: DocpactConfig): number[] {
  const out: number[] = [];
  const sh = shardingOf(c);
  for (const name of rangeDataNames(c, (dir) => listDir(root, dir))) {
    const m = sh.file.exec(name);
    if (m && name.endsWith('.json') && `${sh.name(sh.of(Number(m[1])))}.json` === name) out.push(sh.of(Number(m[1])));
  }
  return out.sort((a, b) => a - b);
}

/** The index data files on disk: every range's, and the legacy single file (conflict checks and the merge driver look at them). */
export function indexDataFiles(root: Root, c: DocpactConfig, list: Lister = (dir) => listDir(root, dir)): string[] {
  const dir = rangeDataDir(c);
  const out = rangeDataNames(c, list).filter((n) => n.endsWith('.json')).map((n) => `${dir}/${n}`);
  return exists(root, legacyDataFile(c)) ? [...out, legacyDataFile(c)] : out;
}

/** Range data, range pages and the legacy data file on disk that a full regeneration would not write (check reports them, --fix removes them). */
export function strayIndexFiles(root: Root, c: DocpactConfig, records: { number: number }[], list: Lister = (dir) => listDir(root, dir)): string[] {
  const wanted = new Set<string>();
  const sharding = shardingOf(c);
  const shards = new Set(records.map((r) => sharding.of(r.number)));
  for (const sh of shards) {
    wanted.add(rangeDataFile(c, sh));
    if (shards.size > 1) wanted.add(rangePage(c, sh));
  }
  const out: string[] = [];
  const dataDir = rangeDataDir(c);
  for (const name of rangeDataNames(c, list)) if (!wanted.has(`${dataDir}/${name}`)) out.push(`${dataDir}/${name}`);
  // Both layouts' page folders: a series whose numbering changed leaves the other's pages behind.
  for (const dir of ['by-number', 'by-year'].map((f) => `${path.posix.dirname(seriesOf(c).index)}/${f}`)) {
    for (const name of list(dir)) if (RANGE_FILE.test(name) && !wanted.has(`${dir}/${name}`)) out.push(`${dir}/${name}`);
  }
  if (exists(root, legacyDataFile(c))) out.push(legacyDataFile(c));
  return out.sort();
}

/** True when `digits` is the canonical zero-padded form of its number (0007, not 7 or 00007). */
export const canonicalNumber = (digits: string, width: number) => digits === String(Number(digits)).padStart(width, '0');


export const DATA_VERSION = 2;

/**
 * The records of one range's data file, or null when it is missing or not
 * what docpact writes. The data is committed, so a pull request can forge
 * it: every record must be well-formed and name a file of this series whose
 * name carries the record's number in range `shard` (no other file, no
 * path). The index then cannot send an edit to another file, nor make a
 * number that is not one (`0NaN` file names); a range that fails is rebuilt
 * from the ADR files.
 */
export function parseData(text: string | null, c: DocpactConfig, shard: number): AdrRecord[] | null {
  if (!text) return null;
  try {
    const data = JSON.parse(text) as { version?: number; adrs?: unknown };
    return data.version === DATA_VERSION && Array.isArray(data.adrs) && data.adrs.every((r) => isRecord(r, c, shard)) ? data.adrs : null;
  } catch {
    return null; // unreadable generated data is rebuilt from the ADR files
  }
}

const isText = (v: unknown) => typeof v === 'string';
function isRecord(r: unknown, c: DocpactConfig, shard: number): r is AdrRecord {
  if (typeof r !== 'object' || r === null) return false;
  const s = seriesOf(c);
  const rec = r as Record<string, unknown>;
  const m = isText(rec.file) ? s.re.exec(rec.file as string) : null;
  return (
    m !== null &&
    !/[/\\]/.test(rec.file as string) &&
    canonicalNumber(m[1], s.digits) &&
    rec.number === Number(m[1]) &&
    shardOf(c, rec.number) === shard &&
    rec.id === recordId(s, rec.number, rec.file as string) &&
    ['title', 'status', 'date', 'deciders'].every((k) => isText(rec[k])) &&
    RELATION_KEYS.every((k) => Array.isArray(rec[k]) && (rec[k] as unknown[]).every(isText))
  );
}

/** Index data of one range: one ADR per line, so diffs stay readable. */
export function renderIndexData(records: AdrRecord[]): string {
  return `{"version":${DATA_VERSION},"adrs":[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

