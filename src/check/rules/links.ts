/**
 * Dead links: relative Markdown links, `{doc}` and `{ref}` targets that do
 * not resolve, in docs pages, the ADRs of every series and chat messages —
 * the class of error that fails `sphinx-build -W` (or `mkdocs build
 * --strict`, which reads no roles and checks only links to files inside its
 * docs_dir, with an extension). Toctree entries are
 * `docs/missing-entry`. A dead link in a sealed chat message cannot be fixed
 * (the message must not change), so it is a warning there.
 */
import path from 'node:path';
import type { DocpactConfig } from '../../config/schema.js';
import { adrFilesIn, seriesListing } from '../../adr/store.js';
import { adrId, seriesOf } from '../../adr/series.js';
import { closingTrimmed } from '../../text/markdown.js';
import { editDistance } from '../../text/suggest.js';
import { findLabels, findLinks, isExternal, linkPath, resolveDoc, resolveLink } from '../../docs/links.js';
import { exists } from '../../io/fs.js';
import type { ChatScan } from './chat.js';
import { factsOf, problem, type Problem, type Repo } from '../problem.js';
import type { DocsTree } from './docs.js';
import { NONE } from '../facts.js';

/** How many lines a leading YAML front matter block takes (0 without one). */
function frontMatterLines(text: string): number {
  if (!/^(?:\uFEFF)?---\r?\n/.test(text)) return 0;
  const lines = text.split('\n');
  const end = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\r?$/.test(l));
  return end === -1 ? 0 : end + 1;
}

/** Sphinx's own labels, always defined. */
const BUILTIN_LABELS = ['genindex', 'modindex', 'search'];

/** A file's links, as the rule remembers them. */
export const linksFact = (text: string | null) => {
  const links = text ? findLinks(text) : [];
  // Most files link nothing: they share one empty list (a pass without a cache holds each file's until checkLinks).
  if (!links.length) return NONE as never as ReturnType<typeof findLinks>;
  const after = frontMatterLines(text as string);
  return links.filter((l) => l.line > after).map(({ kind, target, line }) => ({ kind, target, line }));
};

/**
 * A page's labels ({ref} targets), as the rule remembers them. Every label
 * `findLabels` reads is written with ")=", ":name:" or ".. _": a page holding
 * none (100,000 ADRs) is not searched line by line.
 */
export const labelsFact = (text: string | null) => (text !== null && (text.includes(')=') || text.includes(':name:') || text.includes('.. _')) ? findLabels(text) : (NONE as never as string[]));

/** `proved`: generated pages just proved equal to their rendering (their links are docpact's own): not read again. */
export function checkLinks(repo: Repo, series: DocpactConfig[], tree: DocsTree, chats: Pick<ChatScan, 'sealed' | 'pages'>, proved: Set<string> = new Set()): Problem[] {
  const { root, config, read } = repo;
  const facts = factsOf(repo);
  const docs = config.paths.docs;
  const listings = new Map<string, Set<string>>();
  const listing = (dir: string) => {
    let names = listings.get(dir);
    if (!names) listings.set(dir, (names = new Set(facts.list(dir))));
    return names;
  };
  const fileExists = (rel: string): boolean => {
    if (rel === '') return true;
    const dir = path.posix.dirname(rel);
    return dir === '.' ? exists(root, rel) : listing(dir).has(path.posix.basename(rel));
  };
  let labels: Set<string> | null = null;
  const labelSet = () => (labels ??= new Set([...BUILTIN_LABELS, ...[...tree.pages.values()].filter((f) => f.endsWith('.md')).flatMap((f) => facts.of(f, 'labels', labelsFact))]));
  const mkdocs = config.docs.engine === 'mkdocs';
  const confText = mkdocs ? '' : (read(`${docs}/conf.py`) ?? '');
  const sectionLabels = confText.includes('autosectionlabel');
  const prefixed = /^autosectionlabel_prefix_document\s*=\s*True\b/m.test(confText);
  /** autosectionlabel's "docname:Heading" label (with autosectionlabel_prefix_document; recommonmark and MyST links name it): the page exists and has that heading. */
  const sectionLabel = (target: string): boolean | null => {
    const m = prefixed ? /^([^:#?]+):(.+)$/.exec(linkPath(target)) : null;
    if (!m || !tree.pages.has(m[1].replace(/^\//, ''))) return null;
    const heading = m[2].trim().toLowerCase();
    const page = tree.pages.get(m[1].replace(/^\//, '')) as string;
    return facts.of(page, 'headings', (text) => [...(text ?? '').matchAll(/^#{1,6}[ \t]+(.+)$/gm)].map((h) => closingTrimmed(h[1]).trim().toLowerCase())).includes(heading);
  };

  // 1. Which files, and whether each is rendered by Sphinx (its docname) and sealed.
  const chatPages = new Set(chats.pages);
  const files: { file: string; doc: string | null; sealed: boolean }[] = [];
  for (const [doc, file] of tree.pages) if (file.endsWith('.md') && !chatPages.has(file) && !proved.has(file)) files.push({ file, doc, sealed: false });
  for (const c of series) {
    const dir = c.paths.adr;
    if (!dir.startsWith(`${docs}/`)) for (const f of adrFilesIn(seriesListing(seriesOf(c), (d) => facts.list(d)), c)) files.push({ file: `${dir}/${f.file}`, doc: null, sealed: false });
  }
  for (const file of chats.pages) {
    const doc = file.startsWith(`${docs}/`) ? file.slice(docs.length + 1, -3) : null;
    files.push({ file, doc, sealed: chats.sealed.has(file) });
  }

  // 2. Each link against the tree.
  const out: Problem[] = [];
  for (const { file, doc, sealed } of files) {
    // YAML front matter is metadata: neither Sphinx nor MkDocs renders a link written there (a MADR comment, a relation).
    const links = facts.of(file, 'links', linksFact);
    for (const link of links) {
      let dead: string | null = null;
      // MkDocs renders roles as text: only Markdown links are links there.
      if (mkdocs && doc !== null && (link.kind === 'ref' || link.kind === 'doc')) continue;
      if (link.kind === 'ref') {
        if (doc === null || sectionLabels || link.target.includes(':')) continue;
        if (!labelSet().has(link.target.toLowerCase())) dead = `{ref} target "${link.target}" is not a label defined in the docs (add "(${link.target})=" above the heading)`;
      } else if (link.kind === 'doc') {
        if (doc === null) continue;
        const name = resolveDoc(doc, link.target);
        if (!tree.pages.has(name)) dead = `{doc} target "${link.target}" names no page (${docs}/${name}.md)${hint(`${docs}/${name}.md`)}`;
      } else {
        if (isExternal(link.target)) continue;
        const label = doc !== null && sectionLabels ? sectionLabel(link.target) : null;
        if (label === true) continue;
        // MkDocs ignores absolute paths and checks only targets with an extension.
        if (mkdocs && doc !== null && (linkPath(link.target).startsWith('/') || !path.posix.extname(linkPath(link.target)))) continue;
        const rel = label === false ? null : resolveLink(file, link.target, docs);
        if (label === false) dead = `link target "${link.target}" names a section label its page does not have (autosectionlabel makes one per heading)`;
        else if (rel === null) continue;
        else if (mkdocs && doc !== null) {
          if (rel.startsWith(`${docs}/`) && fileExists(rel)) continue;
          dead = rel.startsWith(`${docs}/`) ? `link target "${link.target}" does not exist (${rel})${hint(rel)}` : `link target "${link.target}" is outside the MkDocs docs_dir (${docs}), so MkDocs cannot link it (${rel}); link its repository URL instead, or move it under ${docs}`;
        } else if (fileExists(rel)) {
          // MyST reads a .md target as a page of the project; one outside the Sphinx source is not one.
          if (doc === null || !rel.endsWith('.md') || rel.startsWith(`${docs}/`)) continue;
          dead = `link target "${link.target}" is outside the Sphinx source (${docs}), so Sphinx cannot link it (${rel}); link its repository URL instead, or move it under ${docs}`;
        } else {
          // MyST also resolves an extension-less target as a page or a label.
          const bare = linkPath(link.target);
          if (doc !== null && !path.posix.extname(bare) && (tree.pages.has(resolveDoc(doc, bare)) || labelSet().has(bare.toLowerCase()))) continue;
          dead = `link target "${link.target}" does not exist (${rel})${hint(rel)}`;
        }
      }
      if (dead === null) continue;
      out.push(sealed ? problem(file, link.line, 'links/dead', `${dead}; the message is sealed, so correct it in a new message`, 'warning') : problem(file, link.line, 'links/dead', dead));
    }
  }
  return out;

  /**
   * Where a linked ADR went: the file of its series with the link's slug
   * (renumbered, or numbered twice and fixed), else the file with the link's
   * number whose slug is close to the link's (retitled by hand); else none —
   * another ADR that merely shares the number is not the one meant.
   */
  function hint(rel: string): string {
    const dir = path.posix.dirname(rel);
    for (const c of series) {
      const s = seriesOf(c);
      if (s.dir !== dir) continue;
      const m = s.re.exec(path.posix.basename(rel));
      if (!m) continue;
      const name = s.name ? `${s.name} ` : '';
      const files = [...listing(dir)].flatMap((n) => {
        const f = s.re.exec(n);
        return f ? [{ n, number: Number(f[1]), slug: f[2] }] : [];
      });
      const bySlug = files.filter((f) => f.slug.toLowerCase() === m[2].toLowerCase()).sort((a, b) => a.number - b.number);
      if (bySlug.length) return `; "${m[2]}" is now ${bySlug.map((f) => `${name}${adrId(f.number, s.digits)} (${f.n})`).join(', ')}`;
      const now = files.filter((f) => f.number === Number(m[1]) && closeSlugs(f.slug, m[2])).map((f) => f.n).sort();
      return now.length ? `; ${name}ADR-${m[1]} is now ${now.join(', ')}` : '';
    }
    return '';
  }
}

/** Slugs of one ADR before and after a retitling: a few letters apart, or sharing half the longer words of the old one ("use", "and" do not count). */
function closeSlugs(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (editDistance(x, y) <= Math.max(2, Math.floor(y.length / 4))) return true;
  const long = (t: string) => t.split(/[-_]+/).filter((w) => w.length > 3);
  const words = new Set(long(x));
  const old = long(y);
  return old.length > 0 && old.filter((w) => words.has(w)).length * 2 >= old.length;
}
