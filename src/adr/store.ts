/**
 * The set of ADRs of one series: listing, numbering, exact REF resolution,
 * and the generated index.
 *
 * The index is sharded by number range (SHARD numbers per range; a series
 * numbered by day, by year): each range has a data file
 * `<generated>/adr/<series>/<lo>-<hi>.json` (`<year>.json`) and, once there is
 * more than one range, a page `by-number/<lo>-<hi>.md` (`by-year/<year>.md`)
 * beside the index page with its table; with one range the table sits in the
 * index page itself. The
 * relation graph (supersedes, amends) is `<generated>/diagrams/adr-relations*.dot`,
 * drawn on the index page by sphinx.ext.graphviz.
 *
 * Every index file is a pure function of the ADR records (`renderIndex`),
 * which `check` compares file by file and `check --fix` writes. Commands that
 * change a few ADRs call `planIndexUpdate`, which reads and rewrites only the
 * ranges those ADRs fall in, the graph and the page region, so its cost does
 * not grow with the number of ADRs; the result equals a full regeneration as
 * long as the index was in sync before (which `check` proves). Numbering reads
 * a highest-number cache instead of listing the folder (see `AdrSet`).
 */
import { DocpactError } from '../errors.js';
import type { DocpactConfig } from '../config/schema.js';
import type { PlanBuilder } from '../core/plan.js';
import path from 'node:path';
import { exists, listDir, lstatOf, readText, type Root } from '../io/fs.js';
import { readCache, writeCache } from '../io/cache.js';
import { escapeInline, escapeMyst, inlineCell, markdownText, type Markup } from '../text/markdown.js';
import { extensionEnabled } from '../docs/engines/sphinx-conf.js';
import { RELATIONS, RELATION_KEYS, adrId, parseAdr, toRecord, type AdrRecord } from './parse.js';
import { listedIndexes, sameStatus, seriesNumber, seriesOf, type Series } from './series.js';

export const INDEX_START = '<!-- docpact:adr-index:start -->';
export const INDEX_END = '<!-- docpact:adr-index:end -->';
/** docpact's ADR template page: an orphan (front matter), so it stays out of the navigation. */
export const TEMPLATE_PAGE = 'ADR-template';

export interface AdrFile {
  number: number;
  file: string;
}

export function byNumberThenFile(a: AdrFile, b: AdrFile): number {
  return a.number - b.number || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/** Where the generated region sits in the index page (end is after INDEX_END), or null without both markers. */
export function regionBounds(page: string): { start: number; end: number } | null {
  const start = page.indexOf(INDEX_START);
  const end = start === -1 ? -1 : page.indexOf(INDEX_END, start);
  return end === -1 ? null : { start, end: end + INDEX_END.length };
}

export const adrIndexPage = (c: DocpactConfig) => seriesOf(c).index;
export const adrGraphFile = (c: DocpactConfig) => seriesOf(c).graph;
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

const byNumber = (digits: number, first: number): Sharding => {
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
  name: (sh) => String(sh),
  title: (sh) => `Decisions of ${sh}`,
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
function shardsOnDisk(root: Root, c: DocpactConfig): number[] {
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
export function strayIndexFiles(root: Root, c: DocpactConfig, records: AdrRecord[], list: Lister = (dir) => listDir(root, dir)): string[] {
  const wanted = new Set<string>();
  const shards = new Set(records.map((r) => shardOf(c, r.number)));
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

/** ADR files in the ADR directory and its `folders` (canonically numbered), sorted by number then name. */
export function listAdrFiles(root: Root, config: DocpactConfig): AdrFile[] {
  return adrFilesIn(seriesListing(seriesOf(config), (dir) => listDir(root, dir)), config);
}

/**
 * The names a series is listed from: its folder's entries, then each of its
 * `folders`' entries as "folder/name" (older records kept apart still belong
 * to the series).
 */
export function seriesListing(s: Series, list: (dir: string) => string[]): string[] {
  const names = [...list(s.dir)];
  for (const f of s.folders) for (const n of list(`${s.dir}/${f}`)) names.push(`${f}/${n}`);
  return names;
}

/** ADR files among `names` (canonically numbered), sorted by number then name. */
export function adrFilesIn(names: string[], config: DocpactConfig): AdrFile[] {
  const s = seriesOf(config);
  const out: AdrFile[] = [];
  for (const file of names) {
    const m = s.re.exec(file.slice(file.lastIndexOf('/') + 1));
    if (m && canonicalNumber(m[1], s.digits)) out.push({ number: Number(m[1]), file });
  }
  return out.sort(byNumberThenFile);
}

/** The highest number + 1, or the series' first number (MADR starts at 0). */
export function nextNumber(files: AdrFile[], first = 1): number {
  return files.length ? files.reduce((max, f) => Math.max(max, f.number), first - 1) + 1 : first;
}

/** The number a REF names directly (`7`, `0007`, `ADR-0007`), else null (a file name). */
const refNumber = (r: string) => {
  const m = /^(?:ADR-)?(\d{1,9})$/i.exec(r);
  return m ? Number(m[1]) : null;
};

/** A file REF names this file: its name in the series (with its folder), or its name alone. */
const namesFile = (name: string, file: string) => file === name || file.slice(file.lastIndexOf('/') + 1) === name;

function matchRef<T extends AdrFile>(r: string, files: T[]): T[] {
  const n = refNumber(r);
  if (n !== null) return files.filter((f) => f.number === n);
  const name = /\.md$/i.test(r) ? r : `${r}.md`;
  return files.filter((f) => namesFile(name, f.file));
}

/**
 * Resolve a REF exactly: `7`, `0007`, `ADR-0007`, or the file name (with or
 * without `.md`). Never by substring. Unknown or ambiguous REFs are input
 * errors that list candidates.
 */
export function resolveRef(ref: string, files: AdrFile[], digits: number): AdrFile {
  const r = ref.trim();
  let matches: AdrFile[];
  const num = /^(?:ADR-)?(\d{1,9})$/i.exec(r);
  if (num) {
    const n = Number(num[1]);
    matches = files.filter((f) => f.number === n);
  } else {
    const name = /\.md$/i.test(r) ? r : `${r}.md`;
    matches = files.filter((f) => namesFile(name, f.file));
  }
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new DocpactError('input', `ADR reference "${ref}" is ambiguous: several files carry that number. Use the file name.`, matches.map((m) => m.file));
  }
  const shown = JSON.stringify(r).slice(1, -1);
  const nearby = num
    ? files.filter((f) => Math.abs(f.number - Number(num[1])) <= 3)
    : files.filter((f) => f.file.toLowerCase().includes(r.toLowerCase().replace(/\.md$/, '')));
  const candidates = (nearby.length ? nearby : files.slice(-5)).slice(0, 8).map((f) => f.file);
  throw new DocpactError(
    'not-found',
    `No ADR matches "${shown}". A reference is a number (7, ${String(7).padStart(digits, '0')}), an id (${adrId(7, digits)}) or a file name.`,
    candidates.length ? ['Candidates:', ...candidates.map((c) => `  ${c}`)] : ['There are no ADRs yet.'],
  );
}

// ---------------------------------------------------------------------------
// Numbering without listing: the highest number, cached per series folder.

/**
 * The highest ADR number of each series folder, remembered in
 * `.docpact/cache/adr-numbers.json` (machine-local; the folder ignores itself
 * for git with its own `.gitignore`) with the
 * folder's identity, mtime and ctime in nanoseconds. Any file added, removed or
 * renamed there — by hand, by git — changes the mtime, and the folder is
 * listed again; so numbering sees hand-added files without listing 100,000
 * names on every run. The cache is only ever a shortcut: when it does not
 * match, the listing decides.
 */
const NUMBERS_CACHE = 'adr-numbers.json';

function dirStamp(root: Root, rel: string): string | null {
  try {
    const st = lstatOf(root, rel);
    // The change time too: a modification time restored by hand, tar or rsync -a cannot restore it.
    return st?.isDirectory() ? `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}` : null;
  } catch {
    return null;
  }
}

/** The series folder's stamp, and each of its `folders`' (a file added to one of them changes it too). */
function folderStamp(root: Root, s: Series): string | null {
  const stamps = [s.dir, ...s.folders.map((f) => `${s.dir}/${f}`)].map((d) => dirStamp(root, d));
  return stamps[0] === null ? null : stamps.join('|');
}

type NumbersCache = Record<string, { stamp: string; pattern: string; digits: number; highest: number }>;

const readNumbersCache = (root: Root): NumbersCache => readCache<NumbersCache>(root, NUMBERS_CACHE) ?? {};

export function cachedHighest(root: Root, c: DocpactConfig): number | null {
  const s = seriesOf(c);
  const hit = readNumbersCache(root)[s.dir];
  if (!hit || hit.pattern !== s.pattern || hit.digits !== s.digits || !Number.isSafeInteger(hit.highest)) return null;
  return hit.stamp === folderStamp(root, s) ? hit.highest : null;
}

/** Remember the highest number of the series folder as it is now (after the plan that wrote there was applied). */
export function rememberHighest(root: Root, c: DocpactConfig, highest: number): void {
  const s = seriesOf(c);
  const stamp = folderStamp(root, s);
  if (!stamp) return;
  const cache = readNumbersCache(root);
  cache[s.dir] = { stamp, pattern: s.pattern, digits: s.digits, highest };
  writeCache(root, NUMBERS_CACHE, cache);
}

/**
 * The ADR set as a generator sees it, without listing the folder when the
 * numbers cache is valid: the next number, and REFs resolved through the
 * index range that holds them (falling back to the listing when the index
 * does not know the REF, so hand-added files still resolve).
 */
export class AdrSet {
  private files: AdrFile[] | null = null;
  private readonly data = new Map<number, AdrRecord[] | null>();
  private readonly highest: number | null;

  constructor(
    readonly root: Root,
    readonly config: DocpactConfig,
  ) {
    const h = cachedHighest(root, config);
    // The cache must agree with the index: no range beyond the next number's, and no number taken in it.
    const next = h === null ? 0 : shardOf(config, h + 1);
    const sane = h !== null && shardsOnDisk(root, config).every((sh) => sh <= next) && (this.range(next) ?? []).every((r) => r.number <= h);
    this.highest = sane ? h : null;
  }

  /** Every ADR file, listed once on demand. */
  list(): AdrFile[] {
    return (this.files ??= listAdrFiles(this.root, this.config));
  }

  /** True when the numbers cache spared the listing: the folder is as docpact last left it. */
  get cached(): boolean {
    return this.highest !== null && this.files === null;
  }

  /** The highest number (first − 1 without ADRs). */
  highestNumber(): number {
    const first = seriesOf(this.config).first;
    return this.highest ?? nextNumber(this.list(), first) - 1;
  }

  nextNumber(): number {
    return this.highestNumber() + 1;
  }

  /** Records of one index range as last generated; null when its data is missing or unreadable. */
  range(shard: number): AdrRecord[] | null {
    if (!this.data.has(shard)) this.data.set(shard, parseData(readText(this.root, rangeDataFile(this.config, shard)), this.config, shard));
    return this.data.get(shard) as AdrRecord[] | null;
  }

  resolve(ref: string): AdrFile {
    const s = seriesOf(this.config);
    const r = ref.trim();
    const n = refNumber(r) ?? seriesNumber(s, /\.md$/i.test(r) ? r : `${r}.md`);
    if (this.highest !== null && n !== null && n <= this.highest) {
      // The range's records name files of this series with their own numbers (parseData), so the index can only point at the ADR it names.
      const known = matchRef(r, this.range(shardOf(this.config, n)) ?? []);
      // Trust the index only for a single match whose file is really there.
      if (known.length === 1 && exists(this.root, `${s.dir}/${known[0].file}`)) return { number: known[0].number, file: known[0].file };
    }
    return resolveRef(ref, this.list(), s.digits);
  }
}

// ---------------------------------------------------------------------------
// Rendering: every index file is a pure function of the records.

const DATA_VERSION = 2;

/**
 * The records of one range's data file, or null when it is missing or not
 * what docpact writes. The data is committed, so a pull request can forge
 * it: every record must be well-formed and name a file of this series whose
 * name carries the record's number in range `shard` (no other file, no
 * path). The index then cannot send an edit to another file, nor make a
 * number that is not one (`0NaN` file names); a range that fails is rebuilt
 * from the ADR files.
 */
function parseData(text: string | null, c: DocpactConfig, shard: number): AdrRecord[] | null {
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
    rec.id === adrId(rec.number, s.digits) &&
    ['title', 'status', 'date', 'deciders'].every((k) => isText(rec[k])) &&
    RELATION_KEYS.every((k) => Array.isArray(rec[k]) && (rec[k] as unknown[]).every(isText))
  );
}

/** Index data of one range: one ADR per line, so diffs stay readable. */
export function renderIndexData(records: AdrRecord[]): string {
  return `{"version":${DATA_VERSION},"adrs":[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

/** Finds the file of an ADR id (the first by number then file name), or undefined. */
export type FileOf = (id: string) => string | undefined;

/** Relations as links to the ADRs they name (plain text for an id no file carries). */
function relationsCell(rec: AdrRecord, fileOf: FileOf, base: string): string {
  const parts: string[] = [];
  for (const key of RELATION_KEYS) {
    if (!rec[key].length) continue;
    const links = rec[key].map((id) => {
      const file = fileOf(id);
      return file ? `[${escapeInline(id)}](${base}${file})` : escapeInline(id);
    });
    parts.push(`${RELATIONS[key].label} ${links.join(', ')}`);
  }
  return parts.join('; ') || '—';
}

/** The table's header: docpact's Sphinx extension (docs/_ext/docpact_sphinx.py) knows ADR tables by it. */
const TABLE_HEAD = ['| ADR | Title | Status | Date | Relations |', '| --- | --- | --- | --- | --- |'];
/** Every numbered ADR page, in file-name order; a glob keeps the toctree the same whatever the count. */
export const ADR_GLOB = 'ADR-[0-9]*';

/**
 * What the index page's toctree lists: docpact's series a glob of ADR pages
 * (its template page is an orphan, out of the navigation); an adopted series
 * every page beside the index (its README, template, …) so Sphinx finds no
 * orphans; nothing when the index is outside the Sphinx source.
 */
export interface IndexToc {
  fixed: string[];
  glob: string;
}
const DOCPACT_TOC: IndexToc = { fixed: [], glob: ADR_GLOB };

export function indexToc(c: DocpactConfig): IndexToc | null {
  const s = seriesOf(c);
  // MkDocs has no toctrees: its ADR pages are reached through the table's links.
  if (!s.index.startsWith(`${c.paths.docs}/`) || c.docs.engine === 'mkdocs') return null;
  return s.format === 'docpact' && s.pattern === 'ADR-{number}-{slug}.md' && s.index === `${s.dir}/index.md` ? DOCPACT_TOC : { fixed: [], glob: '*' };
}

/** Does conf.py list sphinx.ext.graphviz? (read, never run; comments do not count) */
export const graphvizEnabled = (conf: string) => extensionEnabled(conf, 'sphinx.ext.graphviz');
/** docpact's own Sphinx extension (docs/_ext/docpact_sphinx.py), which conf.py loads when docpact wrote it. */
export const SITE_EXTENSION = 'docpact_sphinx';

/**
 * How the index page is laid out, from where it sits and what the Sphinx
 * project can render: its toctree, the relation graph's path as the graphviz
 * directive names it (null when Sphinx does not build the page or conf.py
 * does not enable sphinx.ext.graphviz), the path from the page to the ADR
 * folder, and whether conf.py loads docpact's extension (`site`): then the
 * toctree and the graph sit in a comment GitHub hides and the extension
 * hands to Sphinx, so GitHub shows the page as Markdown, without directives.
 */
export interface IndexLayout {
  toc: IndexToc | null;
  graph: string | null;
  base: string;
  /** How the page reads titles: MyST (Sphinx) or Python-Markdown (MkDocs). */
  markup: Markup;
  /** conf.py loads docpact's extension: MyST only the site needs goes in a comment GitHub hides. */
  site?: boolean;
  /** The other ADR series' index pages this page lists (name, path from the page), so each is reachable. */
  others: { name: string; path: string }[];
}

export function indexLayout(c: DocpactConfig, read: (rel: string) => string | null): IndexLayout {
  const s = seriesOf(c);
  const from = path.posix.dirname(s.index);
  const toc = indexToc(c);
  const conf = toc ? read(`${c.paths.docs}/conf.py`) : null;
  const rel = path.posix.relative(from, s.dir);
  const base = rel ? `${rel}/` : '';
  // An index outside the ADR folder lists the ADR pages by their path from it.
  const listed = toc && base ? { fixed: toc.fixed.map((f) => base + f), glob: base + toc.glob } : toc;
  const graph = conf !== null && graphvizEnabled(conf) ? path.posix.relative(from, s.graph) : null;
  const others = listedIndexes(c).map((o) => ({ name: o.name, path: path.posix.relative(from, o.index) }));
  return { toc: listed, graph, base, markup: s.markup, site: conf !== null && extensionEnabled(conf, SITE_EXTENSION), others };
}

/** The toctree of the index page. Sphinx warns about a glob that matches nothing, so docpact's appears only with ADRs. */
const tocBlock = (any: boolean, toc: IndexToc | null) => {
  if (!toc || (!any && toc === DOCPACT_TOC)) return [];
  const glob = any || !toc.fixed.length;
  return ['```{toctree}', ':hidden:', ...(glob ? [':glob:'] : []), ':maxdepth: 1', '', ...toc.fixed, ...(glob ? [toc.glob] : []), '```', ''];
};

/**
 * MyST only the built site needs (toctrees, the graph directive): with
 * docpact's extension, inside a comment that GitHub hides and the extension
 * hands to Sphinx; without it, as it is.
 */
function siteOnly(layout: IndexLayout, lines: string[]): string[] {
  if (!lines.length || !layout.site) return lines;
  while (lines[lines.length - 1] === '') lines = lines.slice(0, -1);
  return ['<!-- docpact:site (the site builds this; GitHub hides it)', ...lines, '-->', ''];
}

const renderRow = (r: AdrRecord, fileOf: FileOf, base: string, markup: Markup) =>
  `| [${r.id}](${base}${r.file}) | ${inlineCell(r.title, markup)} | ${escapeInline(r.status)} | ${escapeInline(r.date)} | ${relationsCell(r, fileOf, base)} |`;

/** A table of ADRs: GitHub-flavoured Markdown; docpact's Sphinx extension styles it by its header. */
const table = (records: AdrRecord[], fileOf: FileOf, base: string, layout: IndexLayout): string[] => [...TABLE_HEAD, ...records.map((r) => renderRow(r, fileOf, base, layout.markup))];

const graphBlock = (layout: IndexLayout, edges: boolean) =>
  edges && layout.graph
    ? [`\`\`\`{graphviz} ${layout.graph}`, ':alt: How the ADRs supersede and amend each other', ':caption: Each arrow points to an older record — solid where it supersedes it, dashed where it amends it.', ':align: center', ':class: adr-graph', '```', '']
    : [];


/**
 * The generated part of the index page (between the markers): the graph when
 * ADRs relate, then the one range's table, or the list of range pages.
 * `only` holds the records of the single range (unused with several).
 */
function renderRegion(c: DocpactConfig, layout: IndexLayout, shards: number[], edges: boolean, only: AdrRecord[], fileOf: FileOf): string {
  const out = [INDEX_START, ''];
  if (!shards.length) out.push('No decisions recorded yet.', '', ...siteOnly(layout, tocBlock(false, layout.toc)));
  else if (shards.length === 1) out.push(...siteOnly(layout, [...graphBlock(layout, edges), ...tocBlock(true, layout.toc)]), ...table(only, fileOf, layout.base, layout), '');
  else {
    const sharding = shardingOf(c);
    const dir = path.posix.relative(path.posix.dirname(seriesOf(c).index), rangePageDir(c));
    const pages = shards.map((sh) => `${dir}/${sharding.name(sh)}`);
    // An adopted folder's other pages (README, template) stay reachable through its glob.
    const rest = layout.toc && layout.toc !== DOCPACT_TOC ? tocBlock(true, layout.toc) : [];
    if (layout.toc && !layout.site) {
      out.push(...graphBlock(layout, edges), '```{toctree}', ':maxdepth: 1', `:caption: ${sharding.caption}`, '', ...pages, '```', '', ...rest);
    } else {
      const toc = layout.toc ? ['```{toctree}', ':hidden:', ':maxdepth: 1', '', ...pages, '```', '', ...rest] : [];
      out.push(...siteOnly(layout, [...graphBlock(layout, edges), ...toc]), `${sharding.caption}:`, '', ...shards.map((sh, i) => `- [${sharding.title(sh)}](${pages[i]}.md)`), '');
    }
  }
  out.push(...othersBlock(layout), INDEX_END);
  return out.join('\n');
}

/** The other series' index pages, in the engine's listing: a toctree (Sphinx) or links (MkDocs, a page Sphinx does not build). */
function othersBlock(layout: IndexLayout): string[] {
  if (!layout.others.length) return [];
  const docs = layout.others.map((o) => o.path.replace(/\.(md|rst|txt)$/, ''));
  if (layout.toc && !layout.site) return ['```{toctree}', ':maxdepth: 1', ':caption: Other decision series', '', ...docs, '```', ''];
  // Links GitHub and MkDocs show; with docpact's Sphinx extension, a hidden toctree the site builds as well.
  const toc = layout.toc ? ['```{toctree}', ':hidden:', ':maxdepth: 1', '', ...docs, '```'] : [];
  return [...siteOnly(layout, toc), 'Other decision series:', '', ...layout.others.map((o) => `- [${inlineCell(o.name, layout.markup)}](${o.path})`), ''];
}

/** The generated part of the index page for these records (sorted by number, then file). */
export function renderIndexRegion(records: AdrRecord[], layout: IndexLayout, c?: DocpactConfig): string {
  const shards = [...new Set(records.map((r) => (c ? shardOf(c, r.number) : byNumber(4, 1).of(r.number))))];
  if (shards.length > 1 && !c) throw new Error('renderIndexRegion: several ranges need the configuration');
  return renderRegion(c as DocpactConfig, layout, shards, records.some(hasEdges), shards.length === 1 ? records : [], firstFileOf(records));
}

/** A range page: its table, and for docpact's own series the toctree of its ADRs. */
function renderRangePage(c: DocpactConfig, layout: IndexLayout, shard: number, records: AdrRecord[], fileOf: FileOf): string {
  const up = `${path.posix.relative(rangePageDir(c), seriesOf(c).dir)}/`;
  const toc = layout.toc === DOCPACT_TOC ? ['```{toctree}', ':hidden:', ':maxdepth: 1', '', ...records.map((r) => `${up}${r.file.replace(/\.md$/, '')}`), '```'] : [];
  return [
    `# ${shardingOf(c).title(shard)}`,
    '',
    '<!-- Generated by docpact from the ADRs; "docpact check --fix" rewrites this page. -->',
    '',
    ...table(records, fileOf, up, layout),
    ...(toc.length ? ['', ...siteOnly(layout, toc)] : ['']),
  ].join('\n').replace(/\n*$/, '\n');
}

const firstFileOf = (records: AdrRecord[]): FileOf => {
  const byId = new Map<string, string>();
  for (const r of records) if (!byId.has(r.id)) byId.set(r.id, r.file);
  return (id) => byId.get(id);
};

/** Replace the region between the markers; null when the markers are missing. */
export function replaceRegion(page: string, region: string): string | null {
  const at = regionBounds(page);
  return at && page.slice(0, at.start) + region + page.slice(at.end);
}

// The relation graph: one group of lines per ADR that has relations (its node,
// then an edge per Supersedes / Amends), in number order. A group depends only
// on its own record, so an update replaces the groups of the changed ADRs.

const GRAPH_HEAD = [
  '// Generated by docpact from the ADRs (supersedes, amends); "docpact check --fix" rewrites it.',
  'digraph adr_relations {',
  // Newer records above the ones they supersede or amend; separate chains side by side, three to a row
  // (packed graphs lose edge labels in Graphviz, so the line says which relation: solid supersedes, dashed amends).
  '  rankdir=TB; ranksep=0.35; nodesep=0.25; pack=true; packmode="array_3";',
  '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
  '  edge [color=gray35, arrowsize=0.8];',
];
const GRAPH_TAIL = '}\n';
const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
/** Text for a label: Graphviz reads entity references in labels (`&lt;` is "<"), so a "&" is written as one. */
const dotText = (s: string) => dotString(s.replace(/&/g, '&amp;')).slice(1, -1);
const hasEdges = (r: AdrRecord) => r.supersedes.length > 0 || r.amends.length > 0;
const graphHasEdges = (graph: string) => graph.includes('" -> "');

/** A title's plain text in lines of at most `width` characters, three lines at most (the last ending in "…" when cut). */
export function wrapTitle(text: string, width = 24, most = 3): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let w = word; w; ) {
      const room = line ? width - line.length - 1 : width;
      if ([...w].length <= room) {
        line = line ? `${line} ${w}` : w;
        w = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        // A word longer than a line (or a script without spaces) is cut where the line ends.
        const cps = [...w];
        lines.push(cps.slice(0, width).join(''));
        w = cps.slice(width).join('');
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length <= most) return lines;
  const last = [...lines[most - 1]];
  return [...lines.slice(0, most - 1), `${last.slice(0, width - 1).join('')}…`];
}

/** The CSS class of a status: "status-" and its words in lower case, joined by "-" (docutils' make_id does the same for the badges). */
export const statusClass = (status: string) => `status-${status.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;

function graphGroup(c: DocpactConfig, r: AdrRecord, base: string): string[] {
  if (!RELATION_KEYS.some((k) => r[k].length)) return [];
  // Labels hold plain text: the title as a reader sees it, without its inline Markdown.
  const title = markdownText(escapeMyst(r.title));
  const label = [r.id, ...wrapTitle(title), `(${r.status})`].map(dotText).join('\\n');
  const dim = sameStatus(r.status, seriesOf(c).superseded) ? ', color=gray50, fontcolor=gray40' : '';
  // The page as the html builder names it; docpact's Sphinx extension asks the running builder instead.
  const url = dotString(base + r.file.replace(/\.md$/, '.html'));
  const lines = [`  ${dotString(r.id)} [label="${label}", URL=${url}, tooltip="${dotText(title)}", class=${dotString(statusClass(r.status))}${dim}];`];
  for (const key of ['supersedes', 'amends'] as const) {
    const style = key === 'amends' ? 'style=dashed, ' : '';
    for (const id of r[key]) lines.push(`  ${dotString(r.id)} -> ${dotString(id)} [${style}tooltip=${dotString(`${r.id} ${key} ${id}`)}];`);
  }
  return lines;
}

const renderGraph = (groups: string[][]) => [...GRAPH_HEAD, ...groups.flat(), GRAPH_TAIL].join('\n');

/** The relation graph (Graphviz source) of these records, sorted by number, then file. */
export function renderIndexGraph(c: DocpactConfig, records: AdrRecord[], base: string): string {
  return renderGraph(records.map((r) => graphGroup(c, r, base)).filter((g) => g.length));
}

/**
 * Update the graph's groups for the changed ids (`byId`: every record carrying
 * each id, in order — a dated series has several per day); null when the
 * graph is not docpact's layout.
 */
function editGraph(c: DocpactConfig, graph: string, byId: Map<string, AdrRecord[]>, base: string): string | null {
  const head = `${GRAPH_HEAD.join('\n')}\n`;
  if (!graph.startsWith(head) || !graph.endsWith(`\n${GRAPH_TAIL}`)) return null;
  const groups = new Map<string, string[]>();
  for (const line of graph.slice(head.length, graph.length - GRAPH_TAIL.length - 1).split('\n')) {
    if (!line) continue;
    const m = /^ {2}"((?:[^"\\]|\\.)*)" /.exec(line);
    if (!m) return null;
    const g = groups.get(m[1]);
    if (g) g.push(line);
    else groups.set(m[1], [line]);
  }
  for (const [id, recs] of byId) {
    groups.delete(id);
    const g = recs.flatMap((r) => graphGroup(c, r, base));
    if (g.length) groups.set(id, g);
  }
  const num = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
  return renderGraph([...groups.keys()].sort((a, b) => num(a) - num(b)).map((id) => groups.get(id) as string[]));
}

/**
 * Every index file for these records (sorted by number, then file), one at a
 * time, so a caller comparing 100,000 rows holds one range at once: range data
 * (and pages, with several ranges), the graph, then the page region under the
 * index page's path.
 */
export function* renderIndex(c: DocpactConfig, records: AdrRecord[], layout: IndexLayout): Generator<[rel: string, content: string]> {
  const fileOf = firstFileOf(records);
  const starts: number[] = [];
  for (let i = 0; i < records.length; i++) if (i === 0 || shardOf(c, records[i].number) !== shardOf(c, records[i - 1].number)) starts.push(i);
  const shards = starts.map((i) => shardOf(c, records[i].number));
  let only: AdrRecord[] = [];
  for (let k = 0; k < starts.length; k++) {
    const recs = records.slice(starts[k], starts[k + 1] ?? records.length);
    yield [rangeDataFile(c, shards[k]), renderIndexData(recs)];
    if (shards.length > 1) yield [rangePage(c, shards[k]), renderRangePage(c, layout, shards[k], recs, fileOf)];
    else only = recs;
  }
  const graph = renderIndexGraph(c, records, layout.base);
  yield [adrGraphFile(c), graph];
  yield [seriesOf(c).index, renderRegion(c, layout, shards, graphHasEdges(graph), only, fileOf)];
}

/**
 * The project's own source of the index page's document (`index.rst` beside
 * a configured `index.md` that does not exist), or null: docpact never
 * creates the page then, as Sphinx would have two sources for one document.
 */
export function otherIndexSource(c: DocpactConfig, read: (rel: string) => string | null): string | null {
  const page = seriesOf(c).index;
  if (!page.endsWith('.md') || read(page) !== null) return null;
  return ['.rst', '.txt'].map((ext) => page.replace(/\.md$/, ext)).find((f) => read(f) !== null) ?? null;
}

/** A page renderIndex yields (the index page, a range page), not its data (.json) or graph (.dot). */
export const isIndexPage = (rel: string) => !/\.(json|dot)$/.test(rel);

/** The index page, or null when it is the team's own (adr.ownIndex): then docpact writes no page, only data and graph. */
function pageOrFail(plan: PlanBuilder, c: DocpactConfig): string | null {
  const pageRel = seriesOf(c).index;
  if (seriesOf(c).ownIndex) return null;
  const page = plan.read(pageRel);
  const other = page === null ? otherIndexSource(c, (rel) => plan.read(rel)) : null;
  if (other !== null) {
    throw new DocpactError('config', `${pageRel} (adr.index) is missing, and docpact will not create it beside ${other}, the same document. In docpact.yaml set adr.index to ${other} with adr.ownIndex: true when it lists the ADRs, else to ${pageRel.replace(/[^/]*$/, 'adr-index.md')}; then run this command again.`);
  }
  if (page === null) {
    throw new DocpactError('config', `${pageRel} is missing. Run "docpact init" to restore it, then run this command again.`);
  }
  if (!regionBounds(page)) {
    throw new DocpactError(
      'config',
      `${pageRel} has no generated region. Add the two lines "${INDEX_START}" and "${INDEX_END}" where the ADR table belongs, then run again.`,
    );
  }
  return page;
}

/** Plan every index file for these records — a full regeneration (init, check --fix, migrate, renumber, and the fallback) — and remove stray ones. */
export function planIndex(plan: PlanBuilder, c: DocpactConfig, records: AdrRecord[]): void {
  const page = pageOrFail(plan, c);
  const pageRel = seriesOf(c).index;
  const sorted = [...records].sort(byNumberThenFile);
  for (const [rel, content] of renderIndex(c, sorted, indexLayout(c, (r) => plan.read(r)))) {
    if (page === null && isIndexPage(rel)) continue; // the team's own index: no region, no range pages
    plan.write(rel, rel === pageRel ? (replaceRegion(page as string, content) as string) : content);
  }
  for (const rel of strayIndexFiles(plan.root, c, sorted)) if (plan.read(rel) !== null) plan.remove(rel);
}

/**
 * Records for every ADR as the plan would leave them: the listing decides
 * which ADRs exist; files the plan touches and files the index data does not
 * know (added by hand) are parsed; the rest come from the range data.
 */
export function currentRecords(plan: PlanBuilder, c: DocpactConfig, files: AdrFile[]): AdrRecord[] {
  const s = seriesOf(c);
  const known = new Map<string, AdrRecord>();
  for (const sh of new Set(files.map((f) => shardOf(c, f.number)))) for (const r of parseData(plan.read(rangeDataFile(c, sh)), c, sh) ?? []) known.set(r.file, r);
  return files.map((f) => {
    const rel = `${s.dir}/${f.file}`;
    const cached = known.get(f.file);
    if (cached && !plan.has(rel)) return cached;
    return toRecord(parseAdr(f.file, plan.read(rel) ?? '', s));
  });
}

/**
 * Plan the index after a command changed a few ADRs (`changed`: their new
 * records, new ADRs included). Only the ranges those ADRs fall in are read and
 * rewritten, plus the graph and the page region; the result equals
 * `planIndex` over the whole set as long as the index was in sync before
 * (which `check` proves). When the folder changed outside docpact since it
 * last numbered (`set.cached` false), or the index is not in docpact's range
 * layout yet, the listing is reconciled in full instead.
 */
export function planIndexUpdate(plan: PlanBuilder, set: AdrSet, changed: AdrRecord[]): void {
  const c = set.config;
  const s = seriesOf(c);
  const page = pageOrFail(plan, c);
  const layout = indexLayout(c, (rel) => plan.read(rel));
  const before = shardsOnDisk(set.root, c);
  const graph = plan.read(s.graph);
  const reconcile = () => {
    const files = [...set.list()];
    for (const r of changed) if (!files.some((f) => f.file === r.file)) files.push({ number: r.number, file: r.file });
    planIndex(plan, c, currentRecords(plan, c, files.sort(byNumberThenFile)));
  };
  if (!set.cached || !before.length || graph === null) return reconcile();

  const next = new Map<number, AdrRecord[]>();
  const gone = new Set(changed.map((r) => r.file));
  for (const sh of new Set(changed.map((r) => shardOf(c, r.number)))) {
    const old = set.range(sh);
    if (old === null && before.includes(sh)) return reconcile();
    const recs = (old ?? []).filter((r) => !gone.has(r.file));
    for (const r of changed) if (shardOf(c, r.number) === sh) recs.push(r);
    next.set(sh, recs.sort(byNumberThenFile));
  }
  const shards = [...new Set([...before, ...next.keys()])].sort((a, b) => a - b);
  const recordsOf = (sh: number) => next.get(sh) ?? set.range(sh) ?? [];
  // Relation targets resolve through the range that holds them.
  const fileOf: FileOf = (id) => {
    const n = Number(id.slice(id.lastIndexOf('-') + 1));
    return recordsOf(shardOf(c, n)).find((r) => r.id === id)?.file;
  };
  const byId = new Map<string, AdrRecord[]>();
  for (const r of changed) byId.set(r.id, recordsOf(shardOf(c, r.number)).filter((x) => x.id === r.id));
  const nextGraph = editGraph(c, graph, byId, layout.base);
  if (nextGraph === null) return reconcile();

  for (const [sh, recs] of next) plan.write(rangeDataFile(c, sh), renderIndexData(recs));
  if (shards.length > 1 && page !== null) {
    // Going from one range to several, the first range gets its page too.
    const pages = before.length === 1 && !next.has(before[0]) ? [...next.keys(), before[0]] : [...next.keys()];
    for (const sh of pages) plan.write(rangePage(c, sh), renderRangePage(c, layout, sh, recordsOf(sh), fileOf));
  }
  plan.write(s.graph, nextGraph);
  if (page === null) return;
  const region = renderRegion(c, layout, shards, graphHasEdges(nextGraph), shards.length === 1 ? recordsOf(shards[0]) : [], fileOf);
  plan.write(s.index, replaceRegion(page, region) as string);
}
