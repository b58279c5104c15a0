/**
 * Docs tree: every toctree (or nav) entry exists, every page is reachable
 * from the root — Sphinx: through toctrees from the root document; MkDocs:
 * listed in mkdocs.yml's nav (every page, without one) or linked from a page
 * that is.
 */
import path from 'node:path';
import { engineOf } from '../../docs/engines/index.js';
import { offNav, readNav } from '../../docs/engines/mkdocs.js';
import { mystEnabled, rootDocOf, sphinxExcluded } from '../../docs/engines/sphinx-conf.js';
import { LOCK_PATH, parseLock, type Lock } from '../../core/lockfile.js';
import { DocpactError } from '../../errors.js';
import { findLinks, isExternal, linkPath } from '../../docs/links.js';
import { findRstToctrees, findToctrees, globToRegex } from '../../docs/toctree.js';
import { seriesConfigs } from '../../adr/series.js';
import { INDEX_START, adrIndexPage } from '../../adr/store.js';
import { factsOf, problem, type Problem, type Repo } from '../problem.js';
import { own } from '../facts.js';
import { decodedLossily, type Root } from '../../io/fs.js';

export interface DocsTree {
  /** Docname (path without .md / .rst, relative to the source dir) → repo-relative file. */
  pages: Map<string, string>;
  /** The root document's docname (conf.py's root_doc / master_doc, else index); for MkDocs "" stands for the nav. */
  rootDoc: string;
  /** Docnames with more than one source file (index.md and index.rst). */
  duplicates: string[];
  /** conf.py, when the project's own (not written by docpact): orphans are then checked only in docpact's sections. */
  foreignConf: string | null;
  /** Pages Sphinx would not build: Markdown without MyST enabled. */
  unbuilt: string[];
  /** Pages that are not valid UTF-8. */
  notUtf8: string[];
  /** Pages holding a generated ADR index region (docpact:adr-index markers). */
  adrIndexes: string[];
  /** Docname → docnames it lists in toctrees (MkDocs: links to), with the entry's line; a page that lists none has no entry. */
  links: Map<string, { target: string; line: number; raw: string }[]>;
  orphanOk: Set<string>;
  /** MkDocs: the nav's entries that name no page, with their line in mkdocs.yml. */
  navMissing: { file: string; line: number; page: string }[];
}

/** What a page says about the tree: whether it is valid UTF-8, an orphan by choice, and its toctrees. */
interface PageFacts {
  bad: boolean;
  orphan: boolean;
  /** Holds a generated ADR index region. */
  index?: boolean;
  trees: { glob: boolean; entries: { target: string; line: number }[] }[];
}

const PLAIN: PageFacts = { bad: false, orphan: false, trees: [] };

/** A page's facts; 0 for the common page that has none to tell (keeps the cache small). */
function pageFacts(file: string, text: string | null, mkdocs: boolean, root: Root): PageFacts | 0 {
  const t = text ?? '';
  const rst = file.endsWith('.rst');
  const trees = mkdocs ? pageLinks(t) : t.includes(rst ? 'toctree::' : '{toctree}') ? (rst ? findRstToctrees(t) : findToctrees(t)) : [];
  const bad = decodedLossily(root, file, text);
  const orphan = t.startsWith('---') && /^---\r?\n(?:[\s\S]*?\r?\n)?orphan:\s*true\s*\r?\n[\s\S]*?---/.test(t);
  const index = t.includes(INDEX_START);
  if (!bad && !orphan && !trees.length && !index) return 0;
  return { bad, orphan, ...(index ? { index } : {}), trees: trees.map((tree) => ({ glob: tree.glob, entries: tree.entries.map((e) => ({ target: own(e.target), line: e.line })) })) };
}

/** MkDocs: a page's relative links to other Markdown pages, read like one toctree (targets relative to the page). */
function pageLinks(text: string): PageFacts['trees'] {
  // Links in docpact's generated regions count too: the ADR index reaches its ADRs through its table.
  const unmarked = text.includes('<!-- docpact:') ? text.replace(/<!-- docpact:[\w-]+:(?:start|end) -->/g, (m) => ' '.repeat(m.length)) : text;
  const entries = findLinks(unmarked)
    .filter((l) => (l.kind === 'markdown' || l.kind === 'definition') && !isExternal(l.target) && !l.target.startsWith('/') && linkPath(l.target).endsWith('.md'))
    .map((l) => ({ target: linkPath(l.target), line: l.line }));
  return entries.length ? [{ glob: false, entries }] : [];
}

/** A page's facts as the rule remembers them, and the kind they are remembered under (MkDocs pages: their links). */
export const pageFact = (file: string, mkdocs: boolean, root: Root) => (text: string | null) => pageFacts(file, text, mkdocs, root);
export const pageKind = (mkdocs: boolean) => (mkdocs ? 'page-links' : 'page');

/** A toctree entry that is a URL, and a page's extension in one (patterns made once, not per entry of 100,000). */
const URL_LIKE = /^[a-z]+:\/\//i;
const PAGE_EXT = /\.(md|rst)$/;

/** Every page of the docs tree with its toctree links (each page's facts derived once, or remembered: src/check/facts.ts). */
export function readDocsTree(repo: Repo): DocsTree {
  const { config, read } = repo;
  const facts = factsOf(repo);
  const src = config.paths.docs;
  const mkdocs = config.docs.engine === 'mkdocs';
  // MkDocs builds every file but dot-files; Sphinx skips its build and static folders too.
  const files = facts.walk(src, (name) => name.startsWith('.') || (!mkdocs && (name === '_build' || name === '_static' || name === '_templates')));
  const pages = new Map<string, string>();
  const duplicates: string[] = [];
  const notUtf8: string[] = [];
  const adrIndexes: string[] = [];
  const confFile = engineOf(config).configFile(config);
  const conf = read(confFile);
  // Files conf.py's exclude_patterns leave out are no pages of the site (Sphinx reads none of them).
  const excluded = mkdocs || conf === null ? null : sphinxExcluded(conf);
  for (const f of files) {
    // A page's extension: Markdown, or (Sphinx) reStructuredText.
    const ext = f.endsWith('.md') ? 3 : !mkdocs && f.endsWith('.rst') ? 4 : 0;
    if (!ext || excluded?.(f.slice(src.length + 1))) continue;
    const doc = f.slice(src.length + 1, -ext);
    if (pages.has(doc)) duplicates.push(doc);
    else pages.set(doc, f);
  }
  const rootDoc = mkdocs ? '' : rootDocOf(conf ?? '');
  const lock = parseLockSafe(read(LOCK_PATH));
  const foreignConf = conf !== null && !lock.has(confFile) ? confFile : null;
  const unbuilt = !mkdocs && conf !== null && !mystEnabled(conf) ? [...pages.values()].filter((f) => f.endsWith('.md')) : [];
  const links = new Map<string, { target: string; line: number; raw: string }[]>();
  const orphanOk = new Set<string>();
  const navMissing: DocsTree['navMissing'] = [];
  if (mkdocs) {
    // The nav is the root's listing; without one, MkDocs lists every page itself.
    const nav = conf === null ? null : readNav(conf);
    // A folder in the nav (mkdocs-literate-nav, awesome-pages: "Decisions: decisions/") lists every page under it.
    const listed = (n: { page: string; line: number }) =>
      n.page.endsWith('/') ? [...pages.keys()].filter((d) => d.startsWith(n.page)).map((d) => ({ target: d, line: n.line, raw: `${d}.md` })) : [{ target: n.page.replace(/\.md$/, ''), line: n.line, raw: n.page }];
    const entries = nav ? nav.flatMap(listed) : [...pages.keys()].map((d) => ({ target: d, line: 1, raw: d }));
    links.set('', entries.filter((e) => e.raw.endsWith('.md') || !nav));
    for (const n of nav ?? []) if (n.page.endsWith('.md') && !pages.has(n.page.slice(0, -3))) navMissing.push({ file: confFile, line: n.line, page: `${src}/${n.page}` });
    // Pages mkdocs.yml keeps out of the nav on purpose (not_in_nav, exclude_docs) are no orphans.
    const off = conf === null ? null : offNav(conf);
    if (off) for (const doc of pages.keys()) if (off(`${doc}.md`)) orphanOk.add(doc);
  }
  for (const [doc, file] of pages) {
    const page = facts.of(file, pageKind(mkdocs), pageFact(file, mkdocs, repo.root)) || PLAIN;
    if (page.bad) notUtf8.push(file);
    if (page.index) adrIndexes.push(file);
    if (page.orphan) orphanOk.add(doc);
    // Only pages that list others have entries (100,000 ADR pages list none).
    if (!page.trees.length) continue;
    const entries: { target: string; line: number; raw: string }[] = [];
    links.set(doc, entries);
    const here = path.posix.dirname(doc);
    for (const tree of page.trees) {
      for (const e of tree.entries) {
        if (e.target === 'self' || URL_LIKE.test(e.target)) continue;
        const clean = e.target.replace(PAGE_EXT, '');
        const resolved = clean.startsWith('/') ? clean.slice(1) : resolveIn(here, clean);
        if (tree.glob && /[*?]/.test(resolved)) {
          const re = globToRegex(resolved);
          for (const d of pages.keys()) if (d !== doc && re.test(d)) entries.push({ target: d, line: e.line, raw: e.target });
        } else entries.push({ target: resolved, line: e.line, raw: e.target });
      }
    }
  }
  return { pages, links, orphanOk, rootDoc, duplicates, foreignConf, unbuilt, notUtf8, adrIndexes, navMissing };
}

/**
 * A toctree entry's docname, relative to the folder `dir` of the page that
 * lists it: `path.posix.join` (which normalises), without its cost for the
 * common entries — a plain name, or one behind leading "../" (a range page
 * lists 100 ADRs as "../ADR-…") — and by `path.posix` itself for any other.
 */
function resolveIn(dir: string, target: string): string {
  let d = dir;
  let t = target;
  // The page's folder a plain docname's (no "." in it, no empty segment), or path.posix decides.
  if (dir.includes('.') ? dir !== '.' : dir.includes('//') || dir.startsWith('/') || dir.endsWith('/')) return path.posix.join(dir, target);
  while (t.startsWith('../') && d !== '.') {
    t = t.slice(3);
    const cut = d.lastIndexOf('/');
    d = cut === -1 ? '.' : d.slice(0, cut);
  }
  const plain = t !== '' && t !== '.' && t !== '..' && !t.includes('./') && !t.includes('//') && !t.endsWith('/') && !t.endsWith('/.') && !t.endsWith('/..') && !t.startsWith('/');
  return plain ? (d === '.' ? t : `${d}/${t}`) : path.posix.join(dir, target);
}

/** The lock, or an empty one when it cannot be read (check reports that as config/schema). */
export function parseLockSafe(text: string | null): Lock {
  try {
    return parseLock(text);
  } catch (err) {
    if (err instanceof DocpactError) return new Map();
    throw err;
  }
}

export function checkDocs(repo: Repo, tree: DocsTree): Problem[] {
  const out: Problem[] = [];
  for (const m of tree.navMissing) out.push(problem(m.file, m.line, 'docs/missing-entry', `nav entry names no page (${m.page}); MkDocs --strict fails on it. Restore the page, or delete the entry`));
  // MkDocs pages link their pages: a dead one is links/dead, not a toctree entry.
  if (repo.config.docs.engine !== 'mkdocs') for (const [doc, entries] of tree.links) {
    // reStructuredText pages are the team's (their toctrees may name generated API pages).
    if (!tree.pages.get(doc)?.endsWith('.md')) continue;
    for (const e of entries) {
      if (!tree.pages.has(e.target)) {
        const page = `${repo.config.paths.docs}/${e.target}.md`;
        out.push(problem(tree.pages.get(doc) as string, e.line, 'docs/missing-entry', `toctree entry "${e.raw}" names no page (${page}); restore the page, or delete the entry ("docpact check --fix" does that for pages docpact generated)`));
      }
    }
  }
  for (const doc of tree.duplicates) {
    out.push(problem(tree.pages.get(doc) as string, 1, 'docs/duplicate-source', `"${doc}" has more than one source file; Sphinx reads only one of them. Keep one.`));
  }
  // An index page no series names (adr.index) is a leftover of a move: the site would publish two.
  const owned = seriesConfigs(repo.config).map(adrIndexPage);
  for (const file of tree.adrIndexes) {
    if (owned.includes(file)) continue;
    out.push(
      problem(
        file,
        1,
        'adr/orphan-index',
        `holds a generated ADR index, but no ADR series has this page as its index (adr.index is ${owned.join(', ')}); delete it and the toctree entries that name it, or set adr.index to it`,
      ),
    );
  }
  for (const file of tree.notUtf8) out.push(problem(file, 1, 'docs/encoding', 'not valid UTF-8; Sphinx rejects the file. Re-save it as UTF-8.'));
  if (tree.unbuilt.length) {
    out.push(
      problem(`${repo.config.paths.docs}/conf.py`, 1, 'docs/not-built', `Sphinx would not build ${tree.unbuilt.length} Markdown page${tree.unbuilt.length === 1 ? '' : 's'} (such as ${tree.unbuilt[0]}): conf.py does not enable myst_parser. Add "myst_parser" to extensions.`),
    );
  }
  const governed = governedPages(repo, tree);
  for (const doc of unreachable(tree)) {
    if (!governed(doc)) continue;
    const how = repo.config.docs.engine === 'mkdocs' ? 'neither the nav nor a page it lists links this page; link it from its section index' : 'no toctree reaches this page; list it in its section index (or add "orphan: true" front matter)';
    out.push(problem(tree.pages.get(doc) as string, 1, 'docs/orphan', how));
  }
  return out;
}

/**
 * Pages whose reachability docpact answers for: all of them in docpact's own
 * Sphinx project; in a project docpact joined, only its sections, the ADR
 * folder and the pages it wrote — the team's hand-written pages are theirs.
 */
function governedPages({ config, read }: Repo, tree: DocsTree): (doc: string) => boolean {
  if (!tree.foreignConf) return (doc) => tree.pages.get(doc)?.endsWith('.md') ?? false;
  const lock = parseLockSafe(read(LOCK_PATH));
  const docs = config.paths.docs;
  const adr = config.paths.adr.startsWith(`${docs}/`) ? config.paths.adr.slice(docs.length + 1) : null;
  const sections = ['guides', 'concepts', 'apps', 'use-cases', ...(adr ? [adr] : [])];
  return (doc) => {
    const file = tree.pages.get(doc) as string;
    return file.endsWith('.md') && (lock.has(file) || sections.some((s) => doc.startsWith(`${s}/`)));
  };
}

/** Pages no toctree chain from the root document reaches. */
export function unreachable(tree: DocsTree): string[] {
  const seen = new Set<string>([tree.rootDoc]);
  const queue = [tree.rootDoc];
  // A read cursor, not queue.shift(): shifting 100,000 entries is quadratic.
  for (let next = 0; next < queue.length; next++) {
    for (const e of tree.links.get(queue[next]) ?? []) {
      if (!seen.has(e.target) && tree.pages.has(e.target)) {
        seen.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return [...tree.pages.keys()].filter((d) => !seen.has(d) && !tree.orphanOk.has(d)).sort();
}

/** Toctree entries naming pages that are gone, per listing page (for --fix). */
export function missingEntries(repo: Repo, tree: DocsTree): { file: string; line: number; page: string }[] {
  const out: { file: string; line: number; page: string }[] = [];
  for (const [doc, entries] of tree.links) {
    // MkDocs' nav (the "" root) lives in mkdocs.yml, the project's file: reported, never fixed.
    if (!tree.pages.has(doc)) continue;
    for (const e of entries) if (!tree.pages.has(e.target)) out.push({ file: tree.pages.get(doc) as string, line: e.line, page: `${repo.config.paths.docs}/${e.target}.md` });
  }
  return out;
}
