/**
 * MkDocs: plain Markdown pages as MkDocs builds them (Python-Markdown with
 * MkDocs' default extensions — no MyST roles, directives or toctrees),
 * under mkdocs.yml's `docs_dir`. A section index lists its pages as a list
 * of relative `.md` links; the site's navigation is mkdocs.yml's `nav` when
 * it has one — docpact adds its sections there by a minimal edit of the
 * text, verified by parsing the file again — else MkDocs lists every page
 * itself. Glossary terms are headings, so each one has an anchor to link.
 *
 * mkdocs.yml is the project's: it is read with the `yaml` library's
 * Document API (comments, layout and tags such as `!!python/name:` kept)
 * and never rewritten.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { Document, Node } from 'yaml';
import type { DocpactConfig } from '../../config/schema.js';
import { DocpactError } from '../../errors.js';
import { compareTerms, sortEntries, type GlossaryEntry } from '../glossary.js';
import { eolOf, escapeMarkdown } from '../../text/markdown.js';
import { shellWord } from '../../text/quote.js';
import { writeYaml, yamlLib } from '../../text/yaml.js';
import { arg, cannotEdit, navTitle, requirementsPath, type DocsEngine, type JoinEdit, type NavSection } from './types.js';

/** The versions `mkdocs build --strict` was tested with (Debian 12's MkDocs 1.4.2 on Python 3.11), admitting bug-fix releases only. */
export const MKDOCS_REQUIREMENTS = [
  '# Written by docpact: what the docs build installs (pip install -r), here and in CI.',
  '# Tested with MkDocs 1.4.2 on Python 3.11; any MkDocs 1.x, so a theme or plugin needing a later one fits.',
  '# Add the packages of the theme and plugins mkdocs.yml names (mkdocs-material for theme: material).',
  'mkdocs>=1.4.2,<2',
  '',
].join('\n');

/** Themes and plugins MkDocs ships; anything else mkdocs.yml names is a package the docs build must install. */
const BUILTIN_THEMES = new Set(['mkdocs', 'readthedocs']);
const BUILTIN_PLUGINS = new Set(['search']);
/** The package of a theme whose name is not its package's. */
const THEME_PACKAGES: Record<string, string> = { material: 'mkdocs-material' };

/**
 * What mkdocs.yml needs beyond MkDocs itself: its theme, plugins, Markdown
 * extensions outside Python-Markdown (pymdownx.* and others) and hooks.
 */
export function mkdocsNeeds(d: unknown): string[] {
  const o = (d && typeof d === 'object' ? d : {}) as { theme?: unknown; plugins?: unknown; markdown_extensions?: unknown; hooks?: unknown };
  const names = (v: unknown): string[] => (Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' ? [x] : x && typeof x === 'object' ? Object.keys(x) : [])) : v && typeof v === 'object' ? Object.keys(v) : []);
  const out: string[] = [];
  const theme = typeof o.theme === 'string' ? o.theme : (o.theme as { name?: unknown } | null)?.name;
  if (typeof theme === 'string' && !BUILTIN_THEMES.has(theme)) out.push(`the theme ${theme}${THEME_PACKAGES[theme] ? ` (${THEME_PACKAGES[theme]})` : ''}`);
  const plugins = names(o.plugins).filter((p) => !BUILTIN_PLUGINS.has(p));
  if (plugins.length) out.push(`the plugin${plugins.length === 1 ? '' : 's'} ${plugins.join(', ')}`);
  // pymdownx.* are one package's: named once.
  const extensions = [...new Set(names(o.markdown_extensions).map((e) => (e.startsWith('pymdownx.') ? 'pymdownx.* (pymdown-extensions)' : e)))].filter((e) => !/^(markdown\.extensions\.)?(abbr|admonition|attr_list|codehilite|def_list|extra|fenced_code|footnotes|legacy_attrs|legacy_em|md_in_html|meta|nl2br|sane_lists|smarty|tables|toc|wikilinks)$/.test(e));
  if (extensions.length) out.push(`the Markdown extension${extensions.length === 1 ? '' : 's'} ${extensions.join(', ')}`);
  if (o.hooks !== undefined) out.push("hooks (whatever they import)");
  return out;
}

const sh = (...words: string[]) => words.map(shellWord).join(' ');

/** Where mkdocs.yml lives: `docs.config`, else beside the docs folder (MkDocs' docs_dir defaults to "docs" next to it). */
const configFile = (c: DocpactConfig) => c.docs.config ?? path.posix.join(path.posix.dirname(c.paths.docs), 'mkdocs.yml');

/** mkdocs.yml parsed as a Document; null when it does not parse (a tag MkDocs resolves, like !ENV or !!python/name:, is kept as text). */
function parse(text: string): Document | null {
  const doc = yamlLib().parseDocument(text, { uniqueKeys: false });
  return doc.errors.length ? null : doc;
}

const data = (doc: Document) => doc.toJS({ maxAliasCount: 100 }) as unknown;

/** Every page path (relative to docs_dir) a nav names, in order; URLs and section titles are not pages. */
export function navPaths(nav: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(v) && !v.startsWith('/')) out.push(path.posix.normalize(v));
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(nav);
  return out;
}

/** The titles a nav gives its entries (the keys of its one-key mappings), at any depth. */
function navTitles(nav: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k), walk(x);
  };
  walk(nav);
  return out;
}

export interface FoundMkdocs {
  /** mkdocs.yml, repo-relative. */
  config: string;
  /** Its docs_dir, repo-relative (null when it leaves the repository). */
  docs: string | null;
  /** It has a nav (else MkDocs lists every page). */
  nav: boolean;
}

/** The MkDocs project in folder `base`: its mkdocs.yml and docs_dir (read, never run). */
export function findMkdocs(read: (rel: string) => string | null, base = ''): FoundMkdocs | null {
  for (const name of ['mkdocs.yml', 'mkdocs.yaml']) {
    const file = base ? `${base}/${name}` : name;
    const text = read(file);
    if (text === null) continue;
    const doc = parse(text);
    const d = (doc ? data(doc) : null) as { docs_dir?: unknown; nav?: unknown } | null;
    const dir = typeof d?.docs_dir === 'string' ? d.docs_dir : 'docs';
    const docs = path.posix.normalize(path.posix.join(base || '.', dir.replace(/\\/g, '/'))).replace(/\/$/, '');
    return { config: file, docs: docs === '.' || docs.startsWith('..') || path.posix.isAbsolute(dir) ? null : docs, nav: Array.isArray(d?.nav) };
  }
  return null;
}

/**
 * Append `items` to the block sequence at `at` (keys and indexes from the
 * document root) as new lines in its own indentation — every other byte
 * stays — and verify by parsing again that the file means exactly what it
 * meant, plus those items. Null when it cannot be done that way.
 */
export function appendToSeq(text: string, at: (string | number)[], items: unknown[]): string | null {
  const Y = yamlLib();
  const doc = parse(text);
  if (!doc) return null;
  const seq = doc.getIn(at, true) as Node | undefined;
  if (!Y.isSeq(seq) || seq.flow || !seq.items.length || !seq.range) return null;
  const lineStart = text.lastIndexOf('\n', seq.range[0] - 1) + 1;
  const lead = text.slice(lineStart, seq.range[0]);
  if (!/^ *$/.test(lead) || text[seq.range[0]] !== '-') return null;
  const eol = eolOf(text);
  const block = writeYaml(items, undefined, { indentSeq: seqIndented(text, seq) }).replace(/\n$/, '').split('\n').map((l) => lead + l);
  const end = seq.range[1];
  const glue = end > 0 && text[end - 1] === '\n' ? '' : eol;
  const next = text.slice(0, end) + glue + block.join(eol) + eol + text.slice(end + (glue && text.slice(end).startsWith(eol) ? eol.length : 0));
  // Read back: the same document with the items appended to that sequence, and nothing else.
  const want = data(doc) as Record<string, unknown>;
  const target = at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], want) as unknown[];
  target.push(...items);
  const got = parse(next);
  return got && JSON.stringify(data(got)) === JSON.stringify(want) ? next : null;
}

/**
 * How the file indents a sequence under a key of a sequence item: past the
 * key (`- Home:` / `    - About: …`, the yaml library's default) or at the
 * key's column (`- Home:` / `  - About: …`). The first nested sequence of
 * `seq` decides; without one, past the key.
 */
function seqIndented(text: string, seq: Node): boolean {
  const Y = yamlLib();
  const col = (at: number) => at - (text.lastIndexOf('\n', at - 1) + 1);
  let found: boolean | undefined;
  Y.visit(seq, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (found !== undefined || !key?.range || !Y.isSeq(value) || value.flow || !value.range) return;
      found = col(value.range[0]) > col(key.range[0]);
      return Y.visit.BREAK;
    },
  });
  return found ?? true;
}

/** The path (from the root) of the nav sequence that lists `page`, found by walking the parsed nav. */
function seqListing(nav: unknown, page: string, at: (string | number)[]): (string | number)[] | null {
  if (!Array.isArray(nav)) return null;
  for (const [i, item] of nav.entries()) {
    const value = item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length === 1 ? Object.values(item)[0] : item;
    if (typeof value === 'string' && path.posix.normalize(value) === page) return at;
    if (Array.isArray(value)) {
      const hit = seqListing(value, page, [...at, i, Object.keys(item as object)[0]]);
      if (hit) return hit;
    }
  }
  return null;
}

/** The nav entry for docpact's sections: a section per folder (its index, then its pages), a page for the others. */
const navItems = (sections: NavSection[]) => sections.map((s) => ({ [s.title]: s.pages ? [`${s.doc}.md`, ...s.pages.map((p) => `${p}.md`)] : `${s.doc}.md` }));

/** Python-Markdown's heading ids (the toc extension's default slugify), so a term links to its heading. */
export const headingId = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');

/** A section index's entry for a page beside it: `- [Title](slug.md)`. */
const LISTED = /^- \[.*\]\(([^()\s/]+)\.md\)\s*$/;

const TERM = /^## (.+?)\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Glossary terms: the H2 headings of the page (outside code blocks). */
function terms(text: string): { term: string; line: number }[] {
  const out: { term: string; line: number }[] = [];
  let fence: string | null = null;
  text.split(/\r?\n/).forEach((l, i) => {
    const f = FENCE.exec(l);
    if (f) fence = fence === null ? f[1] : l.trim().startsWith(fence) ? null : fence;
    else if (fence === null) {
      const m = TERM.exec(l);
      if (m) out.push({ term: m[1], line: i + 1 });
    }
  });
  return out;
}

function insertTerm(text: string, entry: GlossaryEntry, file: string): string {
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const existing = terms(text);
  const dup = existing.find((t) => t.term.toLowerCase() === entry.term.toLowerCase());
  if (dup) throw new DocpactError('input', `The glossary already defines "${dup.term}" (${file}:${dup.line}). Edit that entry instead.`);
  const block = [`## ${entry.term}`, '', entry.definition];
  const after = existing.find((t) => compareTerms(entry.term, t.term) < 0);
  if (after) lines.splice(after.line - 1, 0, ...block, '');
  else {
    let at = lines.length;
    while (at > 0 && lines[at - 1].trim() === '') at--;
    lines.splice(at, lines.length - at, ...(at ? [''] : []), ...block, '');
  }
  return lines.join(eol);
}

export const mkdocs: DocsEngine = {
  name: 'mkdocs',
  family: 'mkdocs',
  myst: false,
  configFile,
  escape: escapeMarkdown,
  listing: (pages) => pages.map((p) => `- [${escapeMarkdown(p.title)}](${p.slug}.md)`).join('\n'),
  addListed(text, page) {
    const lines = text.split(/\r?\n/);
    const item = LISTED;
    if (lines.some((l) => item.exec(l)?.[1] === page.slug)) return text;
    const eol = eolOf(text);
    const entry = mkdocs.listing([page]);
    let last = -1;
    lines.forEach((l, i) => item.test(l) && (last = i));
    if (last !== -1) lines.splice(last + 1, 0, entry);
    else {
      let at = lines.length;
      while (at > 0 && lines[at - 1].trim() === '') at--;
      lines.splice(at, lines.length - at, '', entry, '');
    }
    return lines.join(eol);
  },
  removeListed(text, line) {
    const lines = text.split(/\r?\n/);
    if (!LISTED.test(lines[line - 1] ?? '')) return null;
    lines.splice(line - 1, 1);
    return lines.join(eolOf(text));
  },
  xref: (text, target) => (target ? `[${text}](${target}.md)` : text),
  term: (term, glossary) => `[${term}](${glossary}.md#${headingId(term)})`,
  glossary: {
    render: (entries) => sortEntries(entries).map((e) => `## ${e.term}\n\n${e.definition}`).join('\n\n'),
    terms,
    insert: insertTerm,
  },
  excluded(c, read) {
    const text = read(configFile(c));
    return text === null || !/^exclude_docs\s*:/m.test(text) ? null : navPatterns(text, ['exclude_docs']);
  },
  rootDoc(c, read) {
    // MkDocs serves index.md as the home page, or README.md when there is no index.md.
    return ['index', 'README'].find((d) => read(`${c.paths.docs}/${d}.md`) !== null) ?? null;
  },
  join(c, read, sections) {
    const file = configFile(c);
    const text = read(file) ?? '';
    const doc = parse(text);
    const block = writeYaml([{ Governance: navItems(sections) }]).trimEnd().split('\n');
    const manual = [`add to the nav of ${file}:`, ...block.map((l) => `  ${l}`)];
    if (!doc) {
      if (/^nav\s*:/m.test(text)) throw cannotEdit(file, 'does not parse as YAML here', manual);
      return { edits: [], found: [`MkDocs project: ${file} (docs_dir ${c.paths.docs}) — docpact writes its pages there as Markdown MkDocs builds.`] };
    }
    // The docs job installs only docpact's requirements file (when the project has none of its own): say what else it needs.
    const requirements = requirementsPath(c);
    const needs = read(requirements) === null ? mkdocsNeeds(data(doc)) : [];
    const warnings = needs.length
      ? [`MkDocs: ${file} uses ${needs.join(', ')}, which ${requirements} (what the governance workflow's docs job installs) does not list, so that job fails until it does. Add their packages to ${requirements}.`]
      : [];
    const nav = (data(doc) as { nav?: unknown } | null)?.nav;
    if (nav === undefined || nav === null) {
      return { edits: [], warnings, found: [`MkDocs project: ${file} (docs_dir ${c.paths.docs}, no nav: MkDocs lists every page) — docpact writes its pages there as Markdown MkDocs builds.`] };
    }
    const listed = new Set(navPaths(nav));
    const titles = navTitles(nav);
    const todo = sections.filter((s) => !listed.has(`${s.doc}.md`)).map((s) => ({ ...s, title: navTitle(s, titles, [...listed]) }));
    const base = `MkDocs project: ${file} (docs_dir ${c.paths.docs}) — docpact writes its pages there as Markdown MkDocs builds`;
    if (!todo.length) return { edits: [], warnings, found: [`${base}; its nav lists them.`] };
    const item = { Governance: navItems(todo) };
    const after = Array.isArray(nav) ? appendToSeq(text, ['nav'], [item]) : null;
    if (after === null) throw cannotEdit(file, 'has a nav docpact cannot extend by a minimal edit it can verify (a flow sequence, an empty one, or YAML it does not read)', manual);
    const edit: JoinEdit = { path: file, before: text, after, reason: 'add docpact\'s sections to the nav' };
    return { edits: [edit], warnings, found: [`${base} and adds its sections to the nav (under "Governance").`] };
  },
  navAdd(c, read, section, doc) {
    const file = configFile(c);
    const text = read(file);
    const parsed = text === null ? null : parse(text);
    if (!parsed) return null;
    const nav = (data(parsed) as { nav?: unknown } | null)?.nav;
    if (!Array.isArray(nav) || navPaths(nav).includes(`${doc}.md`)) return null;
    const at = seqListing(nav, `${section}.md`, ['nav']);
    const after = at ? appendToSeq(text as string, at, [`${doc}.md`]) : null;
    return after === null ? null : { path: file, before: text as string, after, reason: `list ${doc}.md in the nav` };
  },
  build(c) {
    const file = configFile(c);
    const command = sh('mkdocs', 'build', '--strict', ...(file === 'mkdocs.yml' ? [] : ['--config-file', arg(file)]));
    return {
      command,
      requirements: MKDOCS_REQUIREMENTS,
      install: [{ name: 'Install MkDocs (tested versions)', run: sh('pip', 'install', '-r', arg(requirementsPath(c))) }],
      steps: [{ name: 'Build docs (warnings are errors)', run: sh('mkdocs', 'build', '--strict', '--config-file', arg(file)) }],
    };
  },
};

/**
 * The pages mkdocs.yml's nav lists (relative to docs_dir, with the line of
 * each entry), or null when the file has no nav (MkDocs then lists every
 * page) or does not parse.
 */
export function readNav(text: string): { page: string; line: number }[] | null {
  const Y = yamlLib();
  const counter = new Y.LineCounter();
  const doc = Y.parseDocument(text, { uniqueKeys: false, lineCounter: counter });
  if (doc.errors.length) return null;
  const nav = doc.get('nav', true) as Node | undefined;
  if (!nav || !Y.isSeq(nav)) return null;
  const out: { page: string; line: number }[] = [];
  Y.visit(nav, {
    Scalar(key, node) {
      // Values only: a section title or a page title is a key.
      if (key === 'key' || typeof node.value !== 'string' || !node.range) return;
      const page = navPaths(node.value)[0];
      if (page !== undefined) out.push({ page, line: counter.linePos(node.range[0]).line });
    },
  });
  return out;
}

/**
 * The pages (relative to docs_dir) mkdocs.yml's blocks of gitignore-style
 * patterns under `keys` name, as MkDocs reads them (pathspec): a pattern
 * without a slash matches at any depth, a leading "/" anchors it to
 * docs_dir, a trailing "/" names a folder, "!" takes a page back. Null when
 * there are none.
 */
function navPatterns(text: string, keys: string[]): ((page: string) => boolean) | null {
  const doc = yamlLib().parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) return null;
  const rules: { keep: boolean; match: (p: string) => boolean }[] = [];
  for (const key of keys) {
    const block = doc.get(key);
    if (typeof block !== 'string') continue;
    for (const raw of block.split('\n')) {
      let line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const keep = line.startsWith('!');
      if (keep) line = line.slice(1);
      const folder = line.endsWith('/');
      line = line.replace(/\/+$/, '');
      const glob = line.includes('/') ? line.replace(/^\//, '') : `**/${line}`;
      rules.push({ keep, match: picomatch(folder ? [`${glob}/**`] : [glob, `${glob}/**`], { dot: true }) });
    }
  }
  if (!rules.length) return null;
  // The last pattern that matches decides, as in .gitignore.
  return (page) => rules.reduce((off, r) => (r.match(page) ? !r.keep : off), false);
}

/**
 * The pages mkdocs.yml keeps out of the nav on purpose: `not_in_nav`
 * (MkDocs 1.5: built, listed nowhere, no note) and `exclude_docs` (not
 * built at all).
 */
export const offNav = (text: string) => navPatterns(text, ['not_in_nav', 'exclude_docs']);
