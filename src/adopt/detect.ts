/**
 * What a repository already has, found before init writes anything: its ADR
 * series and their format, its Sphinx project, its issue forms and pull
 * request template (its git root: target.ts; its default branch:
 * src/github/workflow.ts, asked to git). Pure
 * reads through the file-system seam; the results drive init's plan and
 * its "Found" report.
 */
import path from 'node:path';
import { FORMAT_STATUSES, isPackageDir, underPackage, type AdrFormatName } from '../config/schema.js';
import { frontMatterEnd } from '../adr/formats/text.js';
import { FORMATS } from '../adr/formats/index.js';
import { DEFAULT_HEADINGS, guessHeading } from '../adr/heading.js';
import { patternRegex, type Series } from '../adr/series.js';
import { rootDocOf } from '../docs/engines/sphinx-conf.js';
import { findRstToctrees, findToctrees, globToRegex } from '../docs/toctree.js';
import { exists, listDir, listEntries, readText, type Root } from '../io/fs.js';
import { isCalendarDate } from '../text/date.js';
import { readYaml } from '../text/yaml.js';
import { labelsOf } from '../github/labels.js';
import { ignoredByGit } from '../git/run.js';

export interface FoundSeries {
  dir: string;
  /** Where it was found: ".adr-dir", ".log4brains.yml", or "content" (a folder of numbered decision records). */
  source: string;
  /** log4brains package name, for a series of one package. */
  name?: string;
  format: AdrFormatName;
  pattern: string;
  digits: number;
  numbering: 'sequence' | 'date';
  first: number;
  statuses: string[];
  /** The status a new record starts with and the one a superseded record gets, when the records write them in another case than the format. */
  initial?: string;
  superseded?: string;
  count: number;
  /** The index page: the team's own when it has one (ownIndex), else docpact's index.md (adr-index.md when index.md is another page). */
  index: string;
  /** The first heading, when it is not the format's own (e.g. "ADR {n}: {title}"). */
  heading?: string;
  /** Subfolders of older records that belong to the series. */
  folders?: string[];
  /** The index page is the team's own (README.md / index.md / index.rst beside the ADRs listing at least half of them). */
  ownIndex?: boolean;
  /** Front-matter keys every ADR carries that the format's new ADR would not write (`number`, `author`, `replaced-by`). */
  frontMatter?: string[];
}

export interface FoundSphinx {
  dir: string;
  conf: string;
  /** The root document, e.g. docs/index.rst. */
  rootFile: string;
  myst: boolean;
}

export interface FoundForm {
  file: string;
  name: string;
  /** The title prefix new issues get (`title:`). */
  title: string;
  type: string;
  labels: string[];
}

/** Usual Sphinx source folders. */
export const SPHINX_DIRS = ['docs/source', 'docs', 'doc/source', 'doc', 'documentation/source', 'documentation', 'sphinx'];

/**
 * Folders the search for ADR series never enters: dependencies, build
 * output, caches, source and test trees (a test's fixtures are not the
 * project's decisions), and every folder whose name starts with a dot.
 */
const SKIP = new Set([
  'node_modules', 'bower_components', 'vendor', 'third_party', 'build', 'dist', 'out', 'target', '_build', 'site', 'coverage',
  'venv', 'env', '__pycache__', 'tmp', 'temp', 'src', 'test', 'tests', '__tests__', 'spec', 'specs', 'fixtures', 'testdata',
]);
/** How deep and how wide the search goes: enough for docs/references/architecture/old/, cheap on a monorepo. */
const MAX_DEPTH = 6;
const MAX_DIRS = 3000;

/** A numbered or dated decision file: letters before the number ("ADR", "adr-", "DR", none), the number, a slug. */
const NUMBERED = /^([A-Za-z]{0,6}[-_]?)(\d+)([-_])(.+)\.md$/i;
/** The day (YYYYMMDD) of a file named by the day it was written, with dashes (`2022-03-22-x.md`), or null. */
function dayNamed(name: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})-.+\.md$/i.exec(name);
  return m && isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`) ? `${m[1]}${m[2]}${m[3]}` : null;
}
/** A team's template kept among its ADRs under number zero (`0000-template.md`): no record (series.ts `patternRegex`). */
const zeroTemplate = (m: RegExpExecArray) => /^0+$/.test(m[2]) && /^(adr[-_])?template$/i.test(m[4]);
/**
 * A folder whose name says it holds decisions (adr, decisions, …). Not
 * "architecture": numbered architecture chapters of a guide (001-intro.md,
 * 020-components.md) are no decisions, so such a folder needs their content.
 */
const DECISION_PATH = /(^|\/)[^/]*(adr|decision)[^/]*$/i;
/** File names that say they are decision records (ADR001-x.md, adr-112-x.md, DR-7-x.md). */
const DECISION_PREFIX = /^(adr|ad|dr)[-_]?$/i;
/**
 * Text that reads as a decision record: a section only decision records have
 * (a Status section, the Decision, the options weighed), or an ADR heading. A
 * status line or "Context and Problem Statement" alone is not enough: records
 * of other kinds written from a MADR-like template (security requirements,
 * threat assessments: `status: pending`, no decision) carry those too.
 */
const DECISION_TEXT = [
  /^##\s+(Status|Decision|Decision Outcome|Considered Options|Decision Drivers)\s*$/im,
  /^#\s+(ADR|AD|DR)[ \t_-]*\d/im,
];

const clean = (p: string) => path.posix.normalize(p.trim().replace(/\\/g, '/')).replace(/^\.\//, '').replace(/\/$/, '');

/** A folder holding numbered Markdown files: its files of the most common naming. */
interface Candidate {
  dir: string;
  prefix: string;
  sep: string;
  names: string[];
  /** Subfolders of older records, merged into it. */
  folders: string[];
  /** Named by the day written with dashes (`2022-03-22-x.md`): the pattern is `{day}-{slug}.md`. */
  day?: boolean;
}

/** The numbered files of a folder with the naming most of them share, or null. */
export function candidateIn(dir: string, files: string[]): Candidate | null {
  // Records named by the day with dashes (2022-03-22-x.md) would otherwise read as numbered by their year.
  const days = files.filter((n) => dayNamed(n) !== null);
  if (days.length && days.length * 2 >= files.filter((n) => NUMBERED.test(n)).length) return { dir, prefix: '', sep: '-', names: days, folders: [], day: true };
  const groups = new Map<string, string[]>();
  for (const n of files) {
    const m = NUMBERED.exec(n);
    if (!m || zeroTemplate(m)) continue;
    const key = `${m[1]}\u0000${m[3]}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const best = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  if (!best) return null;
  const [prefix, sep] = best[0].split('\u0000');
  return { dir, prefix, sep, names: best[1], folders: [] };
}

/**
 * Folders below `from` (breadth first, bounded), each with its files,
 * skipping dependencies and build output (`skip`: a subfolder's name and
 * the depth of the folder holding it). `visit` returning true ends the walk.
 */
export function walk(root: Root, from: string, visit: (dir: string, files: string[]) => boolean | void, skip = (name: string, _depth: number) => SKIP.has(name.toLowerCase())): void {
  let level = [from];
  let seen = 0;
  for (let depth = 0; depth <= MAX_DEPTH && level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (++seen > MAX_DIRS) return;
      const { files, dirs } = listEntries(root, dir || '.');
      if (visit(dir || '.', files) === true) return;
      for (const d of dirs.sort()) if (!d.startsWith('.') && !skip(d, depth)) next.push(dir ? `${dir}/${d}` : d);
    }
    level = next;
  }
}

/** Does a candidate hold decision records? Its folder's name says so, or most of a sample of its files read like them. */
function holdsDecisions(root: Root, c: Candidate, named: boolean): boolean {
  if (named || DECISION_PATH.test(c.dir) || DECISION_PREFIX.test(c.prefix)) return true;
  if (c.names.length < 2) return false;
  const sample = [...c.names].sort();
  const step = Math.max(1, Math.floor(sample.length / 8));
  const picked = sample.filter((_, i) => i % step === 0).slice(0, 8);
  const like = picked.filter((n) => {
    const text = readText(root, underPackage(c.dir, n)) ?? '';
    return DECISION_TEXT.some((re) => re.test(text));
  }).length;
  return like * 2 >= picked.length;
}

/**
 * ADR series already in the repository, or in its package folder `base`:
 * those `.adr-dir` and `.log4brains.yml` name, then every folder whose
 * Markdown files form a numbered or dated series of decision records,
 * wherever it is and whatever it is called (`ADR/ADR001-x.md`,
 * `docs/references/architecture/adr-112-x.md`, `decisions/0007-x.md`,
 * `20240102-x.md`). A subfolder of older records with the same naming
 * belongs to the series above it. The first is the main series.
 */
export function findSeries(root: Root, base = '', ignored = (rel: string) => ignoredByGit(root.dir, [rel]).length > 0): FoundSeries[] {
  const at = (p: string) => (base ? `${base}/${p}` : p);
  const named: { dir: string; source: string; name?: string }[] = [];
  const addNamed = (dir: string, source: string, name?: string) => {
    const d = clean(at(dir));
    if (isPackageDir(d) && !named.some((x) => x.dir === d)) named.push({ dir: d, source, ...(name ? { name } : {}) });
  };
  const adrDir = readText(root, at('.adr-dir'));
  if (adrDir !== null && adrDir.trim()) addNamed(adrDir, '.adr-dir');
  const l4b = readText(root, at('.log4brains.yml'));
  if (l4b !== null) {
    try {
      const data = readYaml(l4b, '.log4brains.yml') as { project?: { adrFolder?: string; packages?: { name?: string; adrFolder?: string }[] } } | null;
      if (data?.project?.adrFolder) addNamed(data.project.adrFolder, '.log4brains.yml');
      for (const p of data?.project?.packages ?? []) if (p?.adrFolder) addNamed(p.adrFolder, '.log4brains.yml', p.name);
    } catch {
      // An unreadable .log4brains.yml is reported by init as not understood; the folders are still searched.
    }
  }

  // 1. Every folder with numbered Markdown files, and the ADR folders Structurizr workspaces import.
  const found = new Map<string, Candidate>();
  const imported = new Map<string, string>();
  walk(root, base, (dir, files) => {
    const c = candidateIn(dir, files);
    if (c) found.set(dir, c);
    for (const f of files) if (f.endsWith('.dsl')) structurizrImports(root, dir, f, imported);
  });
  for (const n of named) if (!found.has(n.dir)) {
    // The folder .adr-dir names holds no ADRs yet (adr-tools set up, its records moved away): the series starts there, as
    // adr-tools' "adr new" would start it, not in a second folder beside it.
    // Not a folder of records docpact does not read (0001-x.rst, 0001.md): a second 0001 there would share their numbers.
    const files = listDir(root, n.dir);
    const empty = n.source === '.adr-dir' && !files.some((f) => FOREIGN.test(f) || BARE.test(f));
    const c = candidateIn(n.dir, files) ?? (empty ? { dir: n.dir, prefix: '', sep: '-', names: [], folders: [] } : null);
    if (c) found.set(n.dir, c);
  }
  // 2. Those that hold decisions; a subfolder with the same naming is the older part of the series above it.
  const kept = [...found.values()].filter((c) => holdsDecisions(root, c, named.some((n) => n.dir === c.dir))).sort((a, b) => a.dir.length - b.dir.length || (a.dir < b.dir ? -1 : 1));
  const series: Candidate[] = [];
  for (const c of kept) {
    const parent = series.find((p) => c.dir.startsWith(`${p.dir}/`) && p.prefix.toLowerCase() === c.prefix.toLowerCase() && p.sep === c.sep && !p.day === !c.day && !named.some((n) => n.dir === c.dir));
    if (parent) parent.folders.push(c.dir.slice(parent.dir.length + 1));
    else series.push(c);
  }
  // 3. Named series first (in the order their files name them), then the largest found by content.
  const rank = (c: Candidate) => {
    const i = named.findIndex((n) => n.dir === c.dir);
    return i === -1 ? named.length : i;
  };
  const size = (c: Candidate) => c.names.length;
  series.sort((a, b) => rank(a) - rank(b) || size(b) - size(a) || (a.dir < b.dir ? -1 : 1));
  const out: FoundSeries[] = [];
  for (const c of series) {
    const n = named.find((x) => x.dir === c.dir);
    out.push(readSeries(root, c, ignored, n?.source ?? 'content', n?.name, imported.get(c.dir)));
  }
  return out;
}

/** A numbered decision file in a markup docpact does not read (AsciiDoc, reStructuredText); group 1 is its number. */
const FOREIGN = /^[A-Za-z]{0,6}[-_]?(\d+)[-_].+\.(adoc|asciidoc|rst)$/i;
/** A Markdown decision file named by its number alone (`0007.md`, `ADR-7.md`): no slug, so no series pattern fits it. */
const BARE = /^[A-Za-z]{0,6}[-_]?(\d+)\.md$/i;

/** Decision records docpact does not read, in a folder named for decisions or ADRs. */
export interface ForeignSeries {
  dir: string;
  count: number;
  /** Their extension (".rst", ".adoc"; ".md" for records named by their number alone). */
  ext: string;
  /** Markdown records named by their number alone (`0001.md`). */
  bare?: boolean;
  /** Their highest number: docpact's own series starts after it, so no two records share a number. */
  highest: number;
}

/**
 * Folders of numbered decision records docpact does not read, in a folder
 * named for decisions or ADRs: a markup it does not read
 * (`decisions/0001-x.adoc`, `adr/ADR-0003-x.rst`), or Markdown records
 * named by their number alone (`ADRs/0001.md`). Init says it found them and
 * does not read them, rather than nothing.
 */
export function findForeignSeries(root: Root, base = ''): ForeignSeries[] {
  const out: ForeignSeries[] = [];
  walk(root, base, (dir, files) => {
    if (!/(^|\/)[^/]*(adr|decision)[^/]*$/i.test(dir)) return;
    const hits = files.filter((n) => FOREIGN.test(n));
    const bare = hits.length || files.some((n) => NUMBERED.test(n)) ? [] : files.filter((n) => BARE.test(n));
    const all = hits.length ? hits : bare;
    if (!all.length) return;
    const highest = all.reduce((hi, n) => Math.max(hi, Number((FOREIGN.exec(n) ?? BARE.exec(n))?.[1] ?? 0)), 0);
    out.push({ dir, count: all.length, ext: all[0].slice(all[0].lastIndexOf('.')), ...(bare.length ? { bare: true } : {}), highest });
  });
  return out;
}

/** Numbers of a candidate's files (and its subfolders' files with the same naming), by file. */
function poolOf(root: Root, c: Candidate): { file: string; digits: string }[] {
  const all = [...c.names.map((n) => ({ sub: '', n })), ...c.folders.flatMap((f) => listDir(root, underPackage(c.dir, f)).map((n) => ({ sub: `${f}/`, n })))];
  const out: { file: string; digits: string }[] = [];
  for (const { sub, n } of all) {
    if (c.day) {
      const d = dayNamed(n);
      if (d !== null) out.push({ file: `${sub}${n}`, digits: d });
      continue;
    }
    const m = NUMBERED.exec(n);
    if (m && !zeroTemplate(m) && m[1] === c.prefix && m[3] === c.sep) out.push({ file: `${sub}${n}`, digits: m[2] });
  }
  return out;
}

/** A Structurizr DSL line importing a folder of ADRs: `!adrs <path> [importer]`, the path relative to the .dsl file's folder. */
const STRUCTURIZR_ADRS = /^[ \t]*!adrs[ \t]+(?:"([^"\n]+)"|(\S+))/gm;

/** Note, for each folder the Structurizr workspace `dir/file` imports ADRs from, the folder of that workspace file. */
function structurizrImports(root: Root, dir: string, file: string, into: Map<string, string>): void {
  const text = readText(root, dir === '.' ? file : `${dir}/${file}`) ?? '';
  for (const m of text.matchAll(STRUCTURIZR_ADRS)) {
    const adrs = path.posix.normalize(path.posix.join(dir, (m[1] ?? m[2]).replace(/\\/g, '/'))).replace(/\/$/, '');
    if (!adrs.startsWith('..') && !into.has(adrs)) into.set(adrs, dir);
  }
}

/**
 * `importedBy`: the folder of a Structurizr workspace that imports the series' folder (`!adrs`). Its adr-tools
 * importer reads every .md file there as an ADR numbered by its first four characters, so an index page there stops
 * the workspace from loading: the index goes beside the workspace file instead.
 */
function readSeries(root: Root, c: Candidate, ignored: (rel: string) => boolean, source: string, name?: string, importedBy?: string): FoundSeries {
  const pool = poolOf(root, c);
  // log4brains names files by the day they were written (20240102-x.md): numbers that are all dates are days, not a
  // sequence. A series that began numbered (0001-x.md …) and then went dated is dated too: its newest file is a day, and
  // the older numbers stay members (digits is their width; a day has 8 digits whatever the width).
  const isDay = (d: string) => d.length === 8 && isCalendarDate(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`);
  const days = pool.filter((p) => isDay(p.digits));
  const numbered = pool.filter((p) => !isDay(p.digits));
  const newest = pool.reduce<string>((hi, p) => (Number(p.digits) > Number(hi) ? p.digits : hi), '0');
  const dated = days.length > 0 && isDay(newest) && numbered.every((p) => p.digits.length < 8) && (source === '.log4brains.yml' || days.length >= numbered.length);
  const numbering = dated ? 'date' : 'sequence';
  // reduce, not Math.max(...): a folder of 100,000 ADRs would overflow the stack as arguments.
  // An empty folder .adr-dir names: adr-tools' naming (0001-x.md).
  const digits = (dated && numbered.length ? numbered : pool).reduce((d, p) => Math.max(d, p.digits.length), 0) || 4;
  const first = pool.some((p) => Number(p.digits) === 0) ? 0 : 1;
  const pattern = c.day ? '{day}-{slug}.md' : `${c.prefix}{number}${c.sep}{slug}.md`;
  const byNumber = [...pool].sort((a, b) => Number(a.digits) - Number(b.digits) || (a.file < b.file ? -1 : 1));
  const texts = byNumber.map((p) => readText(root, underPackage(c.dir, p.file)) ?? '');
  const format = texts.length ? guessFormat(texts) : 'nygard';
  const heading = guessHeading(texts.slice(-10).map(firstHeading), format);
  // The team's statuses join the format's vocabulary, so adopting reports no "unknown status": a word some ADR states
  // as its whole status ("Implemented", "- Status: on hold") or with what caused it ("Reverted by [discussion #1198](…)"),
  // not the first word of a sentence ("The two points …").
  const words = FORMAT_STATUSES[format];
  const series: Series = { dir: c.dir, format, pattern, digits, first, numbering, statuses: [...words.statuses], initial: '', superseded: words.superseded, index: '', data: '', graph: '', re: patternRegex(pattern), folders: c.folders, heading, markup: 'myst' };
  const stated = byNumber.map((p, i) => FORMATS[format].parse(p.file, texts[i], series).status.trim());
  // The case the records write the format's words in (MADR's tools write "accepted", many teams "Accepted"): new records follow the team.
  const recase = teamCase(stated, words.statuses);
  const vocab = words.statuses.map(recase);
  for (const [i] of byNumber.entries()) {
    const status = stated[i];
    if (!status || !/^[A-Za-z][A-Za-z -]*$/.test(status) || vocab.some((v) => v.toLowerCase() === status.toLowerCase())) continue;
    const alone = new RegExp(`^(?:[-*][ \\t]+Status:[ \\t]*|status:[ \\t]*)?[^\\p{L}\\n]*${status.replace(/ /g, '[ \\t]+')}(?:[ \\t]+by[ \\t]+\\S.*|[^\\p{L}\\p{N}\\n]*)$`, 'imu');
    if (byNumber.some((_, j) => alone.test(texts[j]))) vocab.push(status);
  }
  // log4brains reads every .md file in its ADR folder but index.md, README.md, template.md and backlog.md, and no subfolder:
  // docpact's index lives in a subfolder there, so log4brains never lists it as an ADR.
  // In a Hugo site's content tree an index.md would make the folder a leaf bundle, hiding every ADR from the site.
  const own = ownIndex(root, c.dir, pool.map((p) => p.file));
  const plain = underPackage(c.dir, 'index.md');
  const outside = importedBy === undefined ? null : [1, 2, 3].map((n) => underPackage(importedBy, `adr-index${n === 1 ? '' : `-${n}`}.md`)).find((f) => !taken(root, f, ignored)) ?? null;
  const index = own ?? outside ?? (source === '.log4brains.yml' ? underPackage(c.dir, '_index/index.md') : taken(root, plain, ignored) || inHugoContent(root, path.posix.dirname(plain)) ? underPackage(c.dir, 'adr-index.md') : plain);
  return {
    dir: c.dir,
    source,
    ...(name ? { name } : {}),
    format,
    pattern,
    digits,
    numbering,
    first,
    statuses: vocab,
    ...(recase(words.initial) !== words.initial ? { initial: recase(words.initial), superseded: recase(words.superseded) } : {}),
    count: pool.length,
    index,
    ...(heading !== DEFAULT_HEADINGS[format] ? { heading } : {}),
    ...(c.folders.length ? { folders: c.folders } : {}),
    ...(own ? { ownIndex: true } : {}),
    ...(seriesKeys(texts, format).length ? { frontMatter: seriesKeys(texts, format) } : {}),
  };
}

/** The front-matter keys each format writes into a new ADR itself. */
const OWN_KEYS: Record<AdrFormatName, RegExp> = {
  docpact: /^$/,
  nygard: /^$/,
  madr2: /^$/,
  madr3: /^(status|date|deciders|supersedes|amends|amended-by)$/i,
  madr4: /^(status|date|decision-makers|supersedes|amends|amended-by)$/i,
};

/**
 * The front-matter keys every one of the texts carries, in the order the
 * newest writes them, but those the format writes itself: a team's tooling
 * may need them (a nav script reading `number:`), so a new ADR gets them too.
 */
function seriesKeys(texts: string[], format: AdrFormatName): string[] {
  let keys: string[] | null = null;
  for (const t of texts) {
    const lines = t.replace(/^\uFEFF/, '').split(/\r?\n/);
    const end = frontMatterEnd(lines);
    if (end <= 0) return [];
    const here = lines.slice(1, end).flatMap((l) => /^([A-Za-z][\w-]*)[ \t]*:/.exec(l)?.[1] ?? []);
    keys = keys === null ? here : here.filter((k) => (keys as string[]).includes(k));
  }
  return (keys ?? []).filter((k) => !OWN_KEYS[format].test(k));
}

/**
 * How the records write the format's status words: as the format does, or,
 * when most of the statuses they state are one of its words in another case
 * ("Accepted" where MADR writes "accepted"), in that case — a function
 * writing a word so.
 */
function teamCase(stated: string[], words: readonly string[]): (word: string) => string {
  const known = stated.filter((s) => words.some((w) => w.toLowerCase() === s.toLowerCase()));
  const upper = known.filter((s) => /^\p{Lu}/u.test(s)).length;
  const lower = known.length - upper;
  const formatUpper = words.every((w) => /^\p{Lu}/u.test(w));
  if (formatUpper && lower > upper) return (w) => w.toLowerCase();
  if (!formatUpper && upper > lower) return (w) => w.charAt(0).toUpperCase() + w.slice(1);
  return (w) => w;
}

/** A text's first heading line, after any front matter ("" without one). */
function firstHeading(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return lines.find((l, j) => j > frontMatterEnd(lines) && /^#\s/.test(l)) ?? '';
}

/**
 * The team's own index page: a README.md, index.md or index.rst beside the
 * ADRs (not docpact's) that lists at least half of them — by links, toctree
 * entries (a glob counts for the ADRs it matches) or `doc` roles — kept as
 * the series' index, so there are never two.
 */
function ownIndex(root: Root, dir: string, pool: string[]): string | null {
  for (const page of listDir(root, dir).filter((n) => /^(readme\.md|index\.(md|rst))$/i.test(n)).sort()) {
    const text = readText(root, underPackage(dir, page)) ?? '';
    if (text.includes('<!-- docpact:adr-index:start -->')) continue;
    if (listedAdrs(text, page.toLowerCase().endsWith('.rst'), pool) >= Math.max(1, Math.ceil(pool.length / 2))) return underPackage(dir, page);
  }
  return null;
}

/** A team's own index page lists the ADR `file` (relative to the page's folder): a link, a toctree entry or glob, a `doc` role. */
export const indexLists = (text: string, rst: boolean, file: string): boolean => listedAdrs(text, rst, [file]) > 0;

/** How many of the ADR files (`pool`, relative to the page's folder) a page lists: Markdown links, toctree entries and globs, `doc` roles. */
function listedAdrs(text: string, rst: boolean, pool: string[]): number {
  const doc = (t: string) => t.trim().replace(/^\.\//, '').replace(/\.md$/i, '');
  const named = new Set([...text.matchAll(/\]\(\s*<?(?:\.\/)?([^)\s>#?]+)/g)].map((m) => m[1]));
  for (const m of text.matchAll(/(?::doc:|\{doc\})`(?:[^`<]*<)?([^`<>]+)>?`/g)) named.add(doc(m[1]));
  const globs: RegExp[] = [];
  for (const tree of rst ? findRstToctrees(text) : findToctrees(text)) {
    for (const e of tree.entries) {
      if (tree.glob && /[*?[]/.test(e.target)) globs.push(globToRegex(doc(e.target)));
      else named.add(doc(e.target));
    }
  }
  return pool.filter((file) => named.has(file) || named.has(doc(file)) || globs.some((re) => re.test(doc(file)))).length;
}

/**
 * A page is taken when it exists and is not a docpact index (no generated
 * markers), another source file is that document (index.rst), or the
 * repository's .gitignore leaves it out (a team's tool regenerates it:
 * adr-tools' `generate toc > index.md`; `ignored` asks git).
 */
function taken(root: Root, rel: string, ignored: (rel: string) => boolean): boolean {
  const text = readText(root, rel);
  if (text !== null) return !text.includes('<!-- docpact:adr-index:start -->');
  return ['.rst', '.txt'].some((ext) => exists(root, rel.replace(/\.md$/, ext))) || ignored(rel);
}

/** Hugo's configuration files, at a site's root or in its config/_default/ folder. */
const HUGO_CONFIGS = ['hugo', 'config/_default/hugo', 'config/_default/config'].flatMap((name) => ['toml', 'yaml', 'yml', 'json'].map((ext) => `${name}.${ext}`));
/** A config.toml / .yaml / .json is Hugo's (older sites name it so) when it sets the base URL, which other tools' files of that name do not. */
const HUGO_BASE_URL = /^[ \t]*"?baseurl"?[ \t]*[=:]/im;

/**
 * Whether `dir` lies in a Hugo site's content tree: under a `content` folder
 * whose parent holds a Hugo configuration. Hugo takes a content folder that
 * holds an index.md for a leaf bundle, whose other Markdown files are the
 * page's resources, not pages.
 */
function inHugoContent(root: Root, dir: string): boolean {
  const parts = dir.split('/');
  return parts.some((part, i) => {
    if (part !== 'content') return false;
    const at = (file: string) => [...parts.slice(0, i), file].join('/');
    return HUGO_CONFIGS.some((file) => exists(root, at(file))) || ['toml', 'yaml', 'yml', 'json'].some((ext) => HUGO_BASE_URL.test(readText(root, at(`config.${ext}`)) ?? ''));
  });
}

/** MADR's own sections: a body with one of them is MADR, whatever metadata it has. */
const MADR_BODY = /^##\s+(Context and Problem Statement|Considered Options|Decision Outcome)\s*$/im;
/** Nygard's sections (a `## Status` section, or Context / Decision / Consequences). */
const NYGARD_BODY = /^##\s+(Context|Decision|Consequences)\s*$/gim;
/** Metadata as MADR 2 and docpact write it: a plain `- Status:` bullet under the H1. */
const PLAIN_BULLETS = /^[-*]\s+(Status|Deciders|Date):/im;

/**
 * The format most of these ADR texts are written in. The body's sections
 * decide it, not the metadata above them: YAML front matter or a
 * `- **Status:**` bullet over Nygard's Status / Context / Decision /
 * Consequences is Nygard (adr-tools' files, with a block a site generator
 * reads); MADR's sections are MADR, its version told by where the metadata
 * is. A text with neither votes by its metadata, as before.
 */
export function guessFormat(texts: string[]): AdrFormatName {
  const votes = new Map<AdrFormatName, number>();
  for (const t of texts) {
    const body = t.replace(/^\uFEFF/, '');
    const lines = body.split(/\r?\n/);
    const fm = frontMatterEnd(lines) > 0;
    const madrByMeta = (): AdrFormatName => (/^decision-makers:/m.test(body) ? 'madr4' : /^deciders:/m.test(body) ? 'madr3' : 'madr4');
    const docpactHeading = /^#\s+ADR-\d+\s*(—|–|-|:)/m.test(body);
    let f: AdrFormatName | null;
    const madrBody = MADR_BODY.test(body);
    if (madrBody && (fm || PLAIN_BULLETS.test(body))) f = fm ? madrByMeta() : 'madr2';
    // MADR-like sections ("Considered Options") without MADR's metadata, under Nygard's Status section: Nygard with more sections.
    else if (/^##\s+Status\s*$/im.test(body)) f = 'nygard';
    else if (madrBody) f = null;
    else if (PLAIN_BULLETS.test(body) && docpactHeading && /^##\s+Alternatives\s*$/im.test(body)) f = 'docpact';
    else if (new Set([...body.matchAll(NYGARD_BODY)].map((m) => m[1].toLowerCase())).size >= 2) f = 'nygard';
    else if (fm) f = madrByMeta();
    else if (PLAIN_BULLETS.test(body)) f = docpactHeading ? 'docpact' : 'madr2';
    else if (/^#\s+\d+\.\s/m.test(body)) f = 'nygard';
    // No metadata at all (MADR's elements are optional): no vote; a series of only such ADRs is MADR 4.
    else f = null;
    if (f) votes.set(f, (votes.get(f) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? (texts.length ? 'madr4' : 'docpact');
}


/** What reads as a Sphinx conf.py: it sets a value Sphinx reads (extensions, the project, a theme, the root document). */
const SPHINX_CONF = /^(extensions|html_theme|project|master_doc|root_doc|source_suffix|exclude_patterns)\s*=/m;

/**
 * The Sphinx project in `dir` (conf.py and its root document), or null.
 * `strict` (a conf.py found by searching, not in a usual folder): only one
 * that reads as Sphinx's, beside the root document it names.
 */
function sphinxIn(root: Root, dir: string, strict = false): FoundSphinx | null {
  const conf = `${dir}/conf.py`;
  const text = readText(root, conf);
  if (text === null || (strict && !SPHINX_CONF.test(text))) return null;
  const rootName = rootDocOf(text);
  const rootFile = ['.rst', '.md', '.txt'].map((ext) => `${dir}/${rootName}${ext}`).find((f) => exists(root, f));
  if (strict && !rootFile) return null;
  return { dir, conf, rootFile: rootFile ?? `${dir}/${rootName}.rst`, myst: /["']myst_(?:parser|nb)["']/.test(text) };
}

/**
 * The Sphinx project: the first usual folder holding conf.py (`dirs`); else
 * the one the package's Read the Docs configuration names
 * (`sphinx.configuration`); else the shallowest conf.py that reads as
 * Sphinx's beside its root document, anywhere in the package `base`
 * (`doc/sphinx/src`), by the same bounded search as ADR series.
 */
export function findSphinx(root: Root, dirs: string[] = SPHINX_DIRS, base = ''): FoundSphinx | null {
  for (const dir of dirs) {
    const hit = sphinxIn(root, dir);
    if (hit) return hit;
  }
  const at = (p: string) => (base ? `${base}/${p}` : p);
  for (const file of ['.readthedocs.yaml', '.readthedocs.yml']) {
    const text = readText(root, at(file));
    if (text === null) continue;
    let named: unknown;
    try {
      named = (readYaml(text, file) as { sphinx?: { configuration?: unknown } } | null)?.sphinx?.configuration;
    } catch {
      named = undefined;
    }
    // Read the Docs reads the path from the repository root; a conf.py at the root is no docs folder docpact can write in.
    const dir = typeof named === 'string' && /(^|\/)conf\.py$/.test(named.trim()) ? path.posix.dirname(clean(named)) : '.';
    const hit = dir !== '.' && isPackageDir(dir) ? sphinxIn(root, dir, true) : null;
    if (hit) return hit;
  }
  let hit: FoundSphinx | null = null;
  // "src" is searched below the top: a package's sources at the top hold no docs, doc/sphinx/src does.
  walk(root, base, (dir, files) => dir !== '.' && dir !== base && files.includes('conf.py') && (hit = sphinxIn(root, dir, true)) !== null, (name, depth) => (depth > 0 && name === 'src' ? false : SKIP.has(name.toLowerCase())));
  return hit;
}

/** Issue forms and Markdown issue templates already in the GitHub folder. */
export function findForms(root: Root, github: string): FoundForm[] {
  const dir = `${github}/ISSUE_TEMPLATE`;
  const out: FoundForm[] = [];
  for (const file of listDir(root, dir).sort()) {
    if (/^config\.ya?ml$/i.test(file) || !/\.(ya?ml|md)$/i.test(file)) continue;
    const text = readText(root, `${dir}/${file}`) ?? '';
    let data: unknown;
    try {
      if (file.endsWith('.md')) {
        const lines = text.split(/\r?\n/);
        const end = frontMatterEnd(lines);
        data = end > 0 ? readYaml(lines.slice(1, end).join('\n'), file) : {};
      } else data = readYaml(text, file);
    } catch {
      data = {};
    }
    const d = (data && typeof data === 'object' ? data : {}) as { name?: unknown; title?: unknown; type?: unknown; labels?: unknown };
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    out.push({ file: `${dir}/${file}`, name: str(d.name), title: str(d.title), type: str(d.type), labels: labelsOf(d) });
  }
  return out;
}

/**
 * The single issue template GitHub read before template folders existed
 * (`ISSUE_TEMPLATE.md` in the GitHub folder, the root or docs/, any case).
 */
export function findLegacyTemplate(root: Root, github: string): string | null {
  const hit = listDir(root, github).find((n) => n.toLowerCase() === 'issue_template.md');
  if (hit) return `${github}/${hit}`;
  // The root and docs/ are only tested for the usual spellings: listing them would tie check's verdict to every file there.
  return ['ISSUE_TEMPLATE.md', 'issue_template.md', 'docs/ISSUE_TEMPLATE.md', 'docs/issue_template.md'].find((f) => exists(root, f)) ?? null;
}

/** GitHub's pull request template locations (file or folder, any case). */
export function findPrTemplate(root: Root, github: string): string | null {
  for (const dir of [github, 'docs']) {
    const hit = listDir(root, dir).find((n) => n.toLowerCase() === 'pull_request_template.md' || (dir === github && n.toLowerCase() === 'pull_request_template'));
    if (hit) return `${dir}/${hit}`;
  }
  for (const name of ['pull_request_template.md', 'PULL_REQUEST_TEMPLATE.md']) if (exists(root, name)) return name;
  return null;
}

/** Keys only Jekyll's _config.yml has among the files of that name (GitHub Pages' site settings). */
const JEKYLL_KEYS = /^(remote_theme|theme|plugins|markdown|kramdown|baseurl|collections|defaults|exclude|include|jekyll)\s*:/m;

/**
 * The Jekyll site (GitHub Pages) whose source holds `dir`: the nearest
 * folder from `dir` up to the repository root with a Jekyll `_config.yml`,
 * or null. Jekyll publishes every Markdown page under it, except in folders
 * whose names start with "_" or "." and what its `exclude` lists.
 */
export function jekyllSourceOf(root: Root, dir: string): string | null {
  for (let d = dir; ; d = path.posix.dirname(d)) {
    const here = d === '.' ? '' : d;
    if (JEKYLL_KEYS.test(readText(root, here ? `${here}/_config.yml` : '_config.yml') ?? '')) return here;
    if (!here) return null;
  }
}


/** What GitLab reads: its CI file, merge request and issue templates. */
const GITLAB_FILES = ['.gitlab-ci.yml', '.gitlab/merge_request_templates', '.gitlab/issue_templates'];

/**
 * The signs that the repository is hosted on GitLab and not on GitHub: the
 * GitLab files it has, when it has no `github` folder of its own (a project
 * with one, mirrored, is on GitHub too); else none.
 */
export function gitlabSigns(root: Root, github: string): string[] {
  return exists(root, github) ? [] : GITLAB_FILES.filter((rel) => exists(root, rel));
}
