/**
 * What a first init adopts from the repository: its ADR series, a Sphinx or
 * MkDocs project, a docs folder of its own — found once per run — and the
 * configuration that follows from them (paths, the docs engine, each ADR
 * series' settings). Pure reading; init writes it into docpact.yaml.
 */
import path from 'node:path';
import type { GenContext } from '../core/generator.js';
import { findMkdocs } from '../docs/engines/mkdocs.js';
import { DocpactError } from '../errors.js';
import { exists, listDir, readText } from '../io/fs.js';
import { ignoredOracle } from '../git/run.js';
import { slugify } from '../text/slug.js';
import { SPHINX_DIRS, findForeignSeries, findForms, findSeries, findSphinx, type FoundSeries, type FoundSphinx } from './detect.js';

/** What the repository already has, found once per run: ADR series, a Sphinx or MkDocs project, other docs. */
interface Adoption {
  series: FoundSeries[];
  sphinx: FoundSphinx | null;
  /** mkdocs.yml, when there is no Sphinx project (parsed by adoptedDefaults, once the YAML library is loaded). */
  mkdocs: string | null;
  /** A docs folder with pages of its own (docs/, doc/), whatever builds it. */
  docs: boolean;
  /** The series are the repository's, found from its git root, not in the package folder being initialised. */
  fromRoot: boolean;
  /** Whether the repository's ignore rules leave a path out: git asked once for the adoption's few paths. */
  ignored: (rel: string) => boolean;
}

/** Where docpact's own docs tree may go, first choice first (a package folder's under it). */
const TREES = ['docs/source', 'docs/governance', 'governance/source'];
const treeFiles = (d: string) => [`${d}/index.md`, `${d}/conf.py`];
const adoptions = new WeakMap<GenContext, Adoption>();
function adoptionOf(ctx: GenContext): Adoption {
  let found = adoptions.get(ctx);
  if (!found) {
    const base = ctx.base ?? '';
    const at = (p: string) => (base ? `${base}/${p}` : p);
    const sphinx = findSphinx(ctx.root, SPHINX_DIRS.map(at), base);
    const mkdocs = sphinx ? null : (['mkdocs.yml', 'mkdocs.yaml'].map(at).find((f) => exists(ctx.root, f)) ?? null);
    const docs = ['docs', 'doc'].some((d) => listDir(ctx.root, at(d)).some((n) => /\.(md|rst)$/i.test(n)));
    // The tree's places are asked about with the series' index pages, in one git call.
    const ignored = ignoredOracle(ctx.root.dir, sphinx || mkdocs ? [] : TREES.map(at).flatMap(treeFiles));
    let series = findSeries(ctx.root, base, ignored);
    // A package with no ADRs of its own, in a repository that has a series (its .adr-dir at the git root, say):
    // the package's decisions join the repository's series rather than starting a second one beside it. Series in
    // the packages' folder (apps/other/docs/adr beside apps/this) are other packages', not the repository's.
    const top = base.split('/')[0];
    const fromRoot = base !== '' && !series.length;
    if (fromRoot) series = findSeries(ctx.root, '', ignored).filter((x) => x.dir !== top && !x.dir.startsWith(`${top}/`));
    adoptions.set(ctx, (found = { series, sphinx, mkdocs, docs, fromRoot: fromRoot && series.length > 0, ignored }));
  }
  return found;
}

/** The repository already has docs or ADRs of its own: its vocabulary is its own, so the preset is blank unless asked for. */
export const hasOwnDocs = (ctx: GenContext) => {
  const a = adoptionOf(ctx);
  return a.series.length > 0 || a.sphinx !== null || a.mkdocs !== null || a.docs;
};

/** The repository's series a package joins (init in a monorepo folder without ADRs of its own), or null. */
export const rootSeries = (ctx: GenContext): FoundSeries | null => {
  const a = adoptionOf(ctx);
  return a.fromRoot ? a.series[0] : null;
};

/**
 * Generated references live under the docs root: beside a Sphinx source
 * that has a folder of its own (docs/source → docs/_generated), else inside
 * the docs folder (docs → docs/_generated; Sphinx reads none of it but the
 * README pages, which are orphans by design) — never at the repository root.
 */
function generatedFor(docs: string, base: string): string {
  const rel = base ? docs.slice(base.length + 1) : docs;
  return rel.includes('/') ? `${path.posix.dirname(docs)}/_generated` : `${docs}/_generated`;
}

/**
 * Where docpact starts a series of its own: `<docs>/adr`, unless that folder
 * holds decision records in a markup docpact does not read (a Sphinx
 * project's rST ADRs, listed by their own index.rst): a second ADR-0001 among
 * theirs, and an index.md that would be the same document as their index.rst,
 * would leave `adr new` nothing to list its ADRs in — or when it differs from
 * an existing folder only by case. Then `<docs>/decisions`, or the first free
 * folder of that name.
 */
function ownSeriesFolder(ctx: GenContext, docs: string, preferred = `${docs}/adr`): string {
  const theirs = new Set(findForeignSeries(ctx.root, ctx.base ?? '').map((f) => f.dir.toLowerCase()));
  const free = (dir: string) => !theirs.has(dir.toLowerCase()) && !exists(ctx.root, `${dir}/index.rst`) && !caseClash(ctx, dir);
  if (free(preferred)) return preferred;
  for (let n = 1; ; n++) {
    const dir = `${docs}/decisions${n === 1 ? '' : `-${n}`}`;
    if (free(dir)) return dir;
  }
}

/**
 * A folder whose path differs from an existing one only by case (`docs/adr`
 * beside the team's `docs/ADR`): one folder on macOS and Windows, where
 * docpact's files would land among the team's.
 */
function caseClash(ctx: GenContext, dir: string): boolean {
  const parts = dir.split('/');
  for (let i = 0; i < parts.length; i++) {
    const names = listDir(ctx.root, parts.slice(0, i).join('/') || '.');
    if (names.includes(parts[i])) continue;
    return names.some((n) => n.toLowerCase() === parts[i].toLowerCase());
  }
  return false;
}

/**
 * A first init adopts what the repository has: its Sphinx source folder or
 * MkDocs docs_dir, its ADR series (folder, naming, format, statuses) and the
 * labels its issue forms apply become the configuration.
 */
export function adoptedDefaults(ctx: GenContext): Record<string, unknown> {
  const base = ctx.base ?? '';
  const at = (p: string) => (base ? `${base}/${p}` : p);
  const { series: [series, ...more], sphinx, mkdocs: mkdocsFile, ignored } = adoptionOf(ctx);
  const mk = mkdocsFile ? findMkdocs((rel) => readText(ctx.root, rel), base) : null;
  // A package folder keeps docpact's docs tree; .github and docpact.yaml are at the git root.
  const paths: Record<string, string> = base ? { docs: at('docs/source'), adr: at('docs/source/adr'), generated: at('docs/_generated') } : {};
  const docs: Record<string, string> = {};
  if (sphinx) {
    paths.docs = sphinx.dir;
    paths.generated = generatedFor(sphinx.dir, base);
  } else if (mk) {
    if (!mk.docs) throw new DocpactError('config', `${mk.config} names a docs_dir outside the repository; docpact writes pages only inside it.`);
    paths.docs = mk.docs;
    paths.generated = `${mk.docs}/_generated`;
    Object.assign(docs, { engine: 'mkdocs', config: mk.config });
  }
  if (!sphinx && !mk) {
    // docpact's own tree, where the repository's .gitignore does not leave it out (a team's generated API docs in docs/source):
    // ignored pages would be in no clone, and a check there would pass on none.
    const tree = TREES.map(at).find((d) => !treeFiles(d).some(ignored));
    if (tree && tree !== at('docs/source')) Object.assign(paths, { docs: tree, adr: `${tree}/adr`, generated: generatedFor(tree, base) });
  }
  const adr: Record<string, unknown> = {};
  if (series) {
    paths.adr = series.dir;
    const settings = (x: FoundSeries) => ({
      format: x.format,
      pattern: x.pattern,
      digits: x.digits,
      first: x.first,
      ...(x.numbering === 'date' ? { numbering: x.numbering } : {}),
      statuses: x.statuses,
      ...(x.initial ? { initial: x.initial, superseded: x.superseded } : {}),
      index: x.index,
      ...(x.heading ? { heading: x.heading } : {}),
      ...(x.folders ? { folders: x.folders } : {}),
      ...(x.ownIndex ? { ownIndex: true } : {}),
      ...(x.frontMatter ? { frontMatter: x.frontMatter } : {}),
    });
    Object.assign(adr, settings(series));
    // Further series (log4brains packages, other folders of decisions) are configured one each.
    const names = new Set<string>();
    const extra = more.map((x) => {
      // A log4brains package by its name; a folder found by its content by the folder's own name (decision-record).
      let name = slugify(x.name ?? path.posix.basename(x.source === 'content' ? x.dir : path.posix.dirname(x.dir))) || 'series';
      while (names.has(name)) name += '-2';
      names.add(name);
      return { name, path: x.dir, ...settings(x) };
    });
    if (extra.length) adr.series = extra;
  } else {
    if (sphinx || mk) paths.adr = ownSeriesFolder(ctx, paths.docs);
    else {
      // No docs of its own: docpact's tree (docs/source, or the package's), its series where the configuration puts it.
      const preferred = paths.adr ?? 'docs/source/adr';
      const folder = ownSeriesFolder(ctx, paths.docs ?? 'docs/source', preferred);
      if (folder !== preferred) paths.adr = folder;
    }
    // Records docpact does not read (rST ADR-0001 … ADR-0007) are numbered too: docpact's series goes on after the
    // highest of them, so one number never names two records in the site ("ADR-0003" stays one decision).
    const after = findForeignSeries(ctx.root, base).reduce((hi, f) => Math.max(hi, f.highest), 0);
    if (after > 0) adr.first = after + 1;
  }
  // The labels the project's own forms apply: declared beside docpact's without a colour, so the labels job creates one the
  // repository lacks and never changes the team's colours.
  // A label with a control character cannot be one (it would land in YAML and shell commands): check names it.
  const own = [...new Set(findForms(ctx.root, '.github').flatMap((f) => f.labels))].filter((l) => !/[\x00-\x1f\x7f]/.test(l));
  return { version: 1, paths, ...(Object.keys(docs).length ? { docs } : {}), adr, ...(own.length ? { labels: { own } } : {}) };
}
