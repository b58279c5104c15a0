/**
 * An ADR series as data: its folder, file-name pattern, number width, first
 * number, format and status vocabulary, all from `docpact.yaml` (`paths.adr`
 * and `adr.*`). Everything that names, numbers or parses ADR files asks the
 * series, so docpact's own `ADR-0007-x.md`, adr-tools' `0007-x.md` and MADR's
 * `0000-x.md` work the same way.
 */
import type { AdrFormatName, DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import type { Markup } from '../text/markdown.js';
import { DEFAULT_HEADINGS } from './heading.js';

export interface Series {
  /** Undefined for the main series; a package's name for the others. */
  name?: string;
  dir: string;
  format: AdrFormatName;
  pattern: string;
  digits: number;
  first: number;
  /** "date": numbers are the day (YYYYMMDD) an ADR was written, and several may share one. */
  numbering: 'sequence' | 'date';
  statuses: string[];
  initial: string;
  superseded: string;
  /** The generated index page. */
  index: string;
  /** The index page is the team's own: kept as it is; only the index data and graph are generated. */
  ownIndex?: boolean;
  /** The generated index data. */
  data: string;
  /** The generated relation graph (Graphviz source, drawn on the index page by sphinx.ext.graphviz). */
  graph: string;
  /** Matches a file name; group 1 is the number, group 2 the slug. */
  re: RegExp;
  /** Folders inside `dir` whose ADRs belong to the series (older records); new ADRs go in `dir`. */
  folders: string[];
  /** The first heading: `{number}` (zero-padded), `{n}`, `{title}`. */
  heading: string;
  /** How the docs engine reads the ADRs' user text (titles, deciders): MyST for Sphinx, Python-Markdown for MkDocs. */
  markup: Markup;
  /** Front-matter keys every ADR of the series carries: a new ADR gets them too. */
  frontMatter?: string[];
}


export { DEFAULT_HEADINGS, headingHint, headingRegex, renderHeading } from './heading.js';

const cache = new WeakMap<DocpactConfig, Series>();

export function seriesOf(config: DocpactConfig): Series {
  let s = cache.get(config);
  if (!s) {
    const a = config.adr;
    const name = (a as { name?: string }).name;
    s = {
      ...(name ? { name } : {}),
      dir: config.paths.adr,
      format: a.format,
      pattern: a.pattern,
      digits: a.digits,
      first: a.first,
      numbering: a.numbering,
      statuses: a.statuses,
      initial: a.initial,
      superseded: a.superseded,
      index: a.index,
      ...((a as { ownIndex?: boolean }).ownIndex ? { ownIndex: true } : {}),
      data: `${config.paths.generated}/adr/${name ?? 'index'}.json`,
      graph: `${config.paths.generated}/diagrams/adr-relations${name ? `-${name}` : ''}.dot`,
      re: patternRegex(a.pattern),
      folders: a.folders ?? [],
      heading: a.heading ?? DEFAULT_HEADINGS[a.format],
      markup: config.docs.engine === 'mkdocs' ? 'markdown' : 'myst',
      ...((a as { frontMatter?: string[] }).frontMatter?.length ? { frontMatter: (a as { frontMatter?: string[] }).frontMatter } : {}),
    };
    cache.set(config, s);
  }
  return s;
}

/**
 * A file-name regex for a pattern numbered by a day written with dashes
 * (`{day}-{slug}.md`: `2022-03-22-x.md`): its number (group 1) is the day
 * as digits, `20220322`, as everything that numbers ADRs reads it.
 */
class DayRegExp extends RegExp {
  override exec(text: string): RegExpExecArray | null {
    const m = super.exec(text);
    if (m) m[1] = m[1].replace(/-/g, '');
    return m;
  }
}

/** The token a pattern numbers its files with: `{number}` (digits), or `{day}` (the day an ADR was written, YYYY-MM-DD). */
const numberToken = (pattern: string) => (pattern.includes('{day}') ? '{day}' : '{number}');

/**
 * `ADR-{number}-{slug}.md` → /^ADR-(\d+)-(.+)\.[mM][dD]$/ (the schema puts
 * {number} before {slug}); the extension in any case, as some teams save
 * `.MD`. `{day}-{slug}.md` reads `2022-03-22-x.md` as number 20220322.
 */
export function patternRegex(pattern: string): RegExp {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const token = numberToken(pattern);
  const [pre, rest] = pattern.split(token);
  const [mid, tail] = rest.split('{slug}');
  const end = esc(tail).replace(/\\\.md$/, '\\.[mM][dD]');
  // Number zero with the slug "template" in any case (0000-template.md, 0000-TEMPLATE.md) is the team's template for new ADRs, kept among them: no ADR.
  const source = `^${esc(pre)}(?!0+${esc(mid)}(?:${anyCase('adr')}[-_])?${anyCase('template')}${end}$)(${token === '{day}' ? '\\d{4}-\\d{2}-\\d{2}' : '\\d+'})${esc(mid)}(.+)${end}$`;
  return token === '{day}' ? new DayRegExp(source) : new RegExp(source);
}

/** `adr` → `[aA][dD][rR]`: a word in any case (Node 20's RegExp has no inline `(?i:…)`). */
const anyCase = (word: string) => [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');

/**
 * The names a team's template takes among its ADRs, numbered zero:
 * `0000-template.md`, `0000-adr-template.md`, also in capitals
 * (`0000-TEMPLATE.md`) or capitalised (`0000-Template.md`).
 */
export const zeroTemplates = (s: Pick<Series, 'pattern' | 'digits'>) =>
  ['template', 'adr-template']
    .flatMap((slug) => [slug, slug.toUpperCase(), slug.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase())])
    .map((slug) => (s.pattern.includes('{day}') ? `0000-${slug}.md` : fileName(s, 0, slug)));

/** The id docpact uses for an ADR in every format: `ADR-0007` (also a REF). */
export const adrId = (n: number, digits: number) => `ADR-${String(n).padStart(digits, '0')}`;

/**
 * An ADR's id: `ADR-0007` in a numbered series. In a series numbered by day
 * several records share a day, so there the id is the file name without
 * `.md` (`20221214-use-log4brains`), as log4brains names its records; it is
 * a REF too. Relations that link a record's file name it by this id.
 */
export const recordId = (s: Pick<Series, 'numbering' | 'digits'>, number: number, file: string) =>
  s.numbering === 'date' ? file.slice(file.lastIndexOf('/') + 1).replace(/\.md$/i, '') : adrId(number, s.digits);

/** The file name for a new ADR. */
export function fileName(s: Pick<Series, 'pattern' | 'digits'>, number: number, slug: string): string {
  const digits = String(number).padStart(s.digits, '0');
  const day = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  return s.pattern.includes('{day}') ? s.pattern.replace('{day}', day).replace('{slug}', slug) : s.pattern.replace('{number}', digits).replace('{slug}', slug);
}

/** Number of an ADR file name in this series (a path: its last part), or null (`template.md`, `README.md`). */
export function seriesNumber(s: Series, file: string): number | null {
  const m = s.re.exec(file.slice(file.lastIndexOf('/') + 1));
  return m ? Number(m[1]) : null;
}

/** Status equality as people write it: "accepted" is "Accepted". */
export const sameStatus = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The configured spelling of a status, or undefined when it is not in the vocabulary. */
export const canonicalStatus = (s: Series, status: string) => s.statuses.find((x) => sameStatus(x, status));

/**
 * The series' rejected status: the configured status named Rejected (any
 * case), or undefined for a vocabulary without one. A rejected ADR never took
 * effect, so it neither supersedes nor is superseded (README: the ADR lifecycle).
 */
export const rejectedStatus = (s: Series) => canonicalStatus(s, 'Rejected');

/** The ADR index page as a Sphinx docname (`adr/index`), or null when it is outside the docs source. */
export function indexDocname(config: DocpactConfig): string | null {
  const index = seriesOf(config).index;
  const docs = config.paths.docs;
  return index.startsWith(`${docs}/`) ? index.slice(docs.length + 1).replace(/\.(md|rst|txt)$/, '') : null;
}

/** Template data naming the ADR index (`doc`: its docname in the site, or null when the site does not build it) from the root page and from a section page. */
export const adrLinks = (config: DocpactConfig, doc = indexDocname(config)) => {
  // adrUpFile: the page's own file (a team's index.rst), for a Markdown link from a section page.
  return { adrDoc: doc ?? '', adrUp: doc ? `../${doc}` : '', adrUpFile: doc ? `../${doc}${/\.(rst|txt)$/.exec(seriesOf(config).index)?.[0] ?? '.md'}` : '' };
};

const views = new WeakMap<DocpactConfig, DocpactConfig[]>();

/**
 * One configuration per ADR series: the main one, then each of `adr.series`
 * seen as if it were the main one (its folder in `paths.adr`, its settings in
 * `adr`). Every ADR function takes a configuration, so each works on any
 * series unchanged.
 */
export function seriesConfigs(config: DocpactConfig): DocpactConfig[] {
  let list = views.get(config);
  if (!list) {
    const { series = [], ...main } = config.adr;
    list = [
      series.length ? { ...config, adr: main } : config,
      ...series.map(({ path, ...x }) => ({ ...config, paths: { ...config.paths, adr: path }, adr: x as DocpactConfig['adr'] })),
    ];
    views.set(config, list);
    // The first series whose index is docpact's page in the docs lists every other series' index there (listedIndexes).
    const lister = list.find((c) => !seriesOf(c).ownIndex && indexDocname(c) !== null);
    if (lister) {
      const others = list.filter((c) => c !== lister && indexDocname(c) !== null && seriesOf(c).index !== seriesOf(lister).index);
      listed.set(lister, others.map((c) => ({ name: seriesOf(c).name ?? 'main', index: seriesOf(c).index })));
    }
  }
  return list;
}

const listed = new WeakMap<DocpactConfig, { name: string; index: string }[]>();

/**
 * The other series' index pages that this series' index page lists (by
 * name, repo-relative), so every series is reachable in the site: the first
 * series whose index is docpact's own page inside the docs lists them all;
 * every other series lists none.
 */
export const listedIndexes = (c: DocpactConfig): { name: string; index: string }[] => listed.get(c) ?? [];

/** The configuration of the series called `name` (undefined or "" for the main one). */
export function seriesConfig(config: DocpactConfig, name?: string): DocpactConfig {
  const all = seriesConfigs(config);
  if (!name) return all[0];
  const hit = all.find((c) => (c.adr as { name?: string }).name === name);
  if (hit) return hit;
  const names = all.slice(1).map((c) => (c.adr as { name?: string }).name);
  throw new DocpactError('input', `There is no ADR series "${name}". ${names.length ? `Series: ${names.join(', ')} (or none for the main one).` : 'This repository has one series; leave out --series.'}`);
}
