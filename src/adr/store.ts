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
 * Every index file is a pure function of the ADR records (`indexFiles`),
 * which `check` compares file by file and `check --fix` writes. Commands that
 * change a few ADRs call `planIndexUpdate`, which reads and rewrites only the
 * ranges those ADRs fall in, the graph and the page region, so its cost does
 * not grow with the number of ADRs; the result equals a full regeneration as
 * long as the index was in sync before (which `check` proves). Numbering reads
 * a highest-number cache instead of listing the folder (see `AdrSet`).
 *
 * The ranges and their data files are ./ranges.ts; the relation graph is
 * ./graph.ts; this module lists, numbers, resolves and plans.
 */
import { DocpactError } from '../errors.js';
import type { DocpactConfig } from '../config/schema.js';
import type { PlanBuilder } from '../core/plan.js';
import type fs from 'node:fs';
import path from 'node:path';
import { exists, listDir, lstatOf, readText, type Root } from '../io/fs.js';
import { readCache, writeCache } from '../io/cache.js';
import { escapeInline, inlineCell, lf, type Markup } from '../text/markdown.js';
import { SITE_EXTENSION, extensionEnabled } from '../docs/engines/sphinx-conf.js';
import { RELATIONS, RELATION_KEYS, adrId, parseAdr, toRecord, type AdrRecord } from './parse.js';
import { listedIndexes, seriesNumber, seriesOf, type Series } from './series.js';
import { editGraph, graphGroup, graphHasEdges, hasEdges, renderGraph } from './graph.js';
import { StoredRangeMemo, plannedPaths, type RangeSummary } from './memo.js';
import { sha256 } from '../text/hash.js';
import {
  byNumber,
  canonicalNumber,
  parseData,
  rangeDataFile,
  rangePage,
  rangePageDir,
  renderIndexData,
  shardOf,
  shardingOf,
  shardsOnDisk,
  strayIndexFiles,
} from './ranges.js';

// The index's ranges and graph live in ./ranges.ts and ./graph.ts; their names callers use are also here.
export { canonicalNumber, indexDataFiles, legacyDataFile, rangeDataDir, rangePageDir, renderIndexData, shardOf, strayIndexFiles } from './ranges.js';
export { renderIndexGraph, statusClass, wrapTitle } from './graph.js';

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

/** How many of `names` are ADR files (as `adrFilesIn` finds them), without sorting them. */
export function countAdrFiles(names: string[], config: DocpactConfig): number {
  const s = seriesOf(config);
  let n = 0;
  for (const file of names) {
    const m = s.re.exec(file.slice(file.lastIndexOf('/') + 1));
    if (m && canonicalNumber(m[1], s.digits)) n++;
  }
  return n;
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
    const sane = h !== null && this.shards().every((sh) => sh <= next) && (this.range(next) ?? []).every((r) => r.number <= h);
    this.highest = sane ? h : null;
  }

  private onDisk: number[] | undefined;

  /** The ranges whose data is on disk, listed once for the whole plan (1,000 names at 100,000 ADRs). */
  shards(): number[] {
    return (this.onDisk ??= shardsOnDisk(this.root, this.config));
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

/** Finds the file of an ADR id (the first by number then file name), or undefined. */
export type FileOf = (id: string) => string | undefined;

/**
 * Text that `escapeInline` leaves as it is (no character it escapes), and
 * text that `inlineCell` leaves as it is in either markup (no character any
 * of its rules escapes): most ids, dates, statuses and titles, which a range
 * of 100 ADRs then renders without a regular expression or a character walk
 * per cell. test/range-render.test.ts holds both to the escapers.
 */
const PLAIN_INLINE = /^[A-Za-z0-9 .,:;'"/=?%@-]*$/;
const PLAIN_CELL = /^[A-Za-z0-9 ,;'"/=?%]*$/;
const inline = (text: string) => (PLAIN_INLINE.test(text) ? text : escapeInline(text));
const cell = (text: string, markup: Markup) => (PLAIN_CELL.test(text) ? text : inlineCell(text, markup));

/** Relations as links to the ADRs they name (plain text for an id no file carries). */
function relationsCell(rec: AdrRecord, fileOf: FileOf, base: string): string {
  let out = '';
  for (const key of RELATION_KEYS) {
    const ids = rec[key];
    if (!ids.length) continue;
    out += `${out ? '; ' : ''}${RELATIONS[key].label} `;
    for (let i = 0; i < ids.length; i++) {
      const file = fileOf(ids[i]);
      out += `${i ? ', ' : ''}${file ? `[${inline(ids[i])}](${base}${file})` : inline(ids[i])}`;
    }
  }
  return out || '—';
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
  `| [${r.id}](${base}${r.file}) | ${cell(r.title, markup)} | ${inline(r.status)} | ${inline(r.date)} | ${relationsCell(r, fileOf, base)} |`;

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

/** The path from the range pages to the ADR folder, with a trailing slash. */
const rangeUp = (c: DocpactConfig) => `${path.posix.relative(rangePageDir(c), seriesOf(c).dir)}/`;

/**
 * A range page: its table, and for docpact's own series the toctree of its
 * ADRs. Written straight into one string (a check without a cache renders
 * 1,000 of these at 100,000 ADRs); `up` is `rangeUp(c)`, which a caller
 * rendering many ranges works out once.
 */
export function renderRangePage(c: DocpactConfig, layout: IndexLayout, shard: number, records: AdrRecord[], fileOf: FileOf, up = rangeUp(c)): string {
  let out = `# ${shardingOf(c).title(shard)}\n\n<!-- Generated by docpact from the ADRs; "docpact check --fix" rewrites this page. -->\n\n${TABLE_HEAD[0]}\n${TABLE_HEAD[1]}`;
  for (const r of records) out += `\n${renderRow(r, fileOf, up, layout.markup)}`;
  if (layout.toc === DOCPACT_TOC) {
    const toc = ['```{toctree}', ':hidden:', ':maxdepth: 1', ''];
    for (const r of records) toc.push(`${up}${r.file.endsWith('.md') ? r.file.slice(0, -3) : r.file}`);
    toc.push('```');
    out += `\n\n${siteOnly(layout, toc).join('\n')}`;
  }
  // One line feed at the end, however many the last block left.
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 10) end--;
  return `${out.slice(0, end)}\n`;
}

/**
 * The first of `files` (sorted by number) carrying the number an id names
 * (`ADR-0007`, as `adrId` writes it), found when a relation asks: no map of
 * 100,000 ids is built for the few ADRs that have relations.
 */
function firstFileByNumber(files: AdrFile[], digits: number): FileOf {
  return (id) => {
    const m = /^ADR-(\d+)$/.exec(id);
    const n = m ? Number(m[1]) : NaN;
    if (!m || adrId(n, digits) !== id) return undefined;
    let lo = 0;
    let hi = files.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (files[mid].number < n) lo = mid + 1;
      else hi = mid;
    }
    return files[lo]?.number === n ? files[lo].file : undefined;
  };
}

const firstFileOf = (records: { id: string; file: string }[]): FileOf => {
  const byId = new Map<string, string>();
  for (const r of records) if (!byId.has(r.id)) byId.set(r.id, r.file);
  return (id) => byId.get(id);
};

/** Replace the region between the markers; null when the markers are missing. */
export function replaceRegion(page: string, region: string): string | null {
  const at = regionBounds(page);
  return at && page.slice(0, at.start) + region + page.slice(at.end);
}

/** Where a range's summary comes from: a memo (`valid` says whether a remembered one still holds), or `derive` now. */
export type Summaries = (shard: number, files: AdrFile[], derive: () => RangeSummary, valid: (s: RangeSummary) => boolean) => RangeSummary;

const deriveAlways: Summaries = (_shard, _files, derive) => derive();

/** What one range renders to: its data file's and page's digests, its graph lines, and the files its page links to through relations. */
function summarizeRange(c: DocpactConfig, layout: IndexLayout, shard: number, recs: AdrRecord[], fileOf: FileOf, base: string, up: string): RangeSummary {
  const ids = new Set<string>();
  for (const r of recs) for (const key of RELATION_KEYS) for (const id of r[key]) ids.add(id);
  return {
    data: sha256(renderIndexData(recs)),
    page: sha256(renderRangePage(c, layout, shard, recs, fileOf, up)),
    graph: recs.flatMap((r) => graphGroup(c, r, base)),
    links: [...ids].map((id): [string, string | null] => [id, fileOf(id) ?? null]),
  };
}

/** An index file: the digest of its rendering (line endings aside), and the rendering itself, made only when asked for. */
export interface IndexFile {
  rel: string;
  digest: string;
  render(): string;
}

/**
 * Every index file for these ADRs (sorted by number, then file), one at a
 * time: range data (and pages, with several ranges), the graph, then the
 * page region under the index page's path. A range's records are asked of
 * `recordOf` only when its summary must be derived or a file of it rendered,
 * so with a memo (`summaryOf`) an index of 10,000 ADRs that is in step costs
 * no ADR read. An ADR's id is its number's, so the file a relation links to
 * is the first file with that number.
 */
export function* indexFiles(c: DocpactConfig, files: AdrFile[], recordOf: (f: AdrFile) => AdrRecord, layout: IndexLayout, summaryOf: Summaries = deriveAlways): Generator<IndexFile> {
  const s = seriesOf(c);
  const ranges: { shard: number; files: AdrFile[] }[] = [];
  const sharding = shardingOf(c);
  let sortedByNumber = true;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (i && files[i - 1].number > f.number) sortedByNumber = false;
    const shard = sharding.of(f.number);
    const last = ranges[ranges.length - 1];
    if (last?.shard === shard) last.files.push(f);
    else ranges.push({ shard, files: [f] });
  }
  const fileOf = sortedByNumber ? firstFileByNumber(files, s.digits) : firstFileOf(files.map((f) => ({ id: adrId(f.number, s.digits), file: f.file })));
  const shards = ranges.map((r) => r.shard);
  const up = rangeUp(c);
  const lines: string[] = [];
  let only: AdrRecord[] = [];
  for (const { shard, files: inRange } of ranges) {
    let recs: AdrRecord[] | undefined;
    const records = () => (recs ??= inRange.map(recordOf));
    const derive = () => summarizeRange(c, layout, shard, records(), fileOf, layout.base, up);
    // A relation's target renamed elsewhere changes this range's page: a summary linking to other files is derived again.
    const sum = summaryOf(shard, inRange, derive, (x) => x.links.every(([id, file]) => (fileOf(id) ?? null) === file));
    lines.push(...sum.graph);
    yield { rel: rangeDataFile(c, shard), digest: sum.data, render: () => renderIndexData(records()) };
    if (ranges.length > 1) yield { rel: rangePage(c, shard), digest: sum.page, render: () => renderRangePage(c, layout, shard, records(), fileOf, up) };
    else only = records();
  }
  const graph = renderGraph([lines]);
  yield { rel: adrGraphFile(c), digest: sha256(graph), render: () => graph };
  const region = renderRegion(c, layout, shards, graphHasEdges(graph), only, fileOf);
  yield { rel: s.index, digest: sha256(region), render: () => region };
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

/** Plan every index file for these records — a full regeneration (init, check --fix, migrate, and the fallback) — and remove stray ones. */
export function planIndex(plan: PlanBuilder, c: DocpactConfig, records: AdrRecord[]): void {
  planIndexOf(plan, c, records, (r) => r as AdrRecord);
}

/** The plan leaves this file other than it is on disk. */
const changes = (plan: PlanBuilder, rel: string) => plan.has(rel) && plan.read(rel) !== plan.original(rel);

/**
 * Plan every index file for the ADR `files` (a full regeneration), and
 * remove stray ones. A range is read through `recordOf` only when it must
 * be: with a `memo` (sync, renumber), a range none of whose files changed
 * since it was last summarized, and whose files on disk match that summary,
 * is not read at all. The committed index files are only ever compared with
 * the summary: one that differs is rendered again from the ADRs.
 */
export function planIndexOf(
  plan: PlanBuilder,
  c: DocpactConfig,
  files: AdrFile[],
  recordOf: (f: AdrFile) => AdrRecord,
  opts: { remember?: boolean; taken?: (rels: string[], now: number) => string | null | undefined } = {},
): void {
  const page = pageOrFail(plan, c);
  const s = seriesOf(c);
  const sorted = [...files].sort(byNumberThenFile);
  const layout = indexLayout(c, (r) => plan.read(r));
  let memo: StoredRangeMemo | undefined;
  if (opts.remember) {
    // What a range's rendering reads besides its ADRs: the series' settings and the page's layout.
    // The lstats a walk of this run took (adr renumber's, by repo path) key the ranges without a second lstat,
    // and a range the walk keyed already (its digits) is not hashed again.
    const m = (memo = new StoredRangeMemo(plan.root, c, sha256(JSON.stringify({ series: s, layout })), opts.taken));
    plan.afterApply.push(() => m.save());
  }
  // The ADRs the plan holds: the index's own files, written below, are none of them.
  const planned = plannedPaths(plan);
  const summaryOf: Summaries | undefined = memo
    ? (shard, inRange, derive, valid) => {
        const names = inRange.map((f) => f.file);
        // A range the plan touches is derived from the plan's text, and never remembered.
        const key = names.some((n) => planned(`${s.dir}/${n}`) && changes(plan, `${s.dir}/${n}`)) ? null : memo.key(shard, names);
        const hit = memo.get(key);
        if (hit && valid(hit)) return hit;
        const fresh = derive();
        memo.set(key, fresh);
        return fresh;
      }
    : undefined;
  for (const f of indexFiles(c, sorted, recordOf, layout, summaryOf)) {
    if (page === null && isIndexPage(f.rel)) continue; // the team's own index: no region, no range pages
    if (f.rel === s.index) {
      plan.write(f.rel, replaceRegion(page as string, f.render()) as string);
      continue;
    }
    // A file the plan has not touched, whose stamp says it holds this rendering still (src/adr/memo.ts), is not read.
    const untouched = memo !== undefined && !plan.has(f.rel);
    if (untouched && memo?.holds(f.rel, f.digest)) {
      plan.unchanged(f.rel);
      continue;
    }
    const read = plan.read(f.rel);
    // Text as it means (a checkout's CRLF endings are no difference); 200 range files need no scan for a CR they do not hold.
    const cur = read !== null && read.includes('\r') ? lf(read) : read;
    const same = cur !== null && sha256(cur) === f.digest;
    plan.write(f.rel, same ? cur : f.render());
    if (same && untouched) memo?.held(f.rel, f.digest, plan.originalStats(f.rel));
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
  const before = set.shards();
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
