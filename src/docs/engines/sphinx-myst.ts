/**
 * Sphinx with MyST pages — docpact's own docs tree, and a joined project
 * whose root document is Markdown. Pages use MyST: a section index lists its
 * pages in a `{toctree}`, cross-references are `{doc}` roles, glossary terms
 * `{term}` roles in a `{glossary}` block. Joining a project edits its
 * conf.py (src/docs/engines/sphinx-conf.ts) and adds docpact's sections to
 * the root document's toctree. sphinx-rst.ts differs only in that root.
 */
import type { DocpactConfig } from '../../config/schema.js';
import { glossaryTerms, insertTerm, renderGlossary } from '../glossary.js';
import { addToctreeEntry, findRstToctrees, findToctrees, removeToctreeEntry } from '../toctree.js';
import { eolOf, escapeMyst } from '../../text/markdown.js';
import { shellWord } from '../../text/quote.js';
import { SITE_EXTENSION, SITE_EXTENSION_FILE, addExtensionLine, extensionEnabled, rootDocOf, sphinxExcluded } from './sphinx-conf.js';
import { enableExtension, enableMyst, loadSiteExtension, sphinxNeeds } from './sphinx-conf-edit.js';
import { arg, cannotEdit, navTitle, requirementsPath, type DocsBuild, type DocsEngine, type EngineName, type Join, type JoinEdit, type NavSection } from './types.js';

/**
 * The docs build's Python requirements: the versions `sphinx-build -W` was
 * tested with (Debian 12: Sphinx 5.3.0, myst-parser 0.18.1, docutils 0.19 on
 * Python 3.11), as ranges that admit only their bug-fix releases.
 */
export const SPHINX_REQUIREMENTS = [
  '# Written by docpact: what the docs build installs (pip install -r), here and in CI.',
  '# Tested with Sphinx 5.3.0, myst-parser 0.18.1 and docutils 0.19 on Python 3.11.',
  'sphinx>=5.3,<5.4',
  'myst-parser>=0.18.1,<0.19',
  'docutils>=0.19,<0.20',
  '',
].join('\n');

/** Where the Sphinx build writes: beside the docs source, never inside it. */
export const buildDir = (c: DocpactConfig) => `${c.paths.docs.includes('/') ? c.paths.docs.replace(/\/[^/]+$/, '') : '.'}/_build/html`;

const sh = (...words: string[]) => words.map(shellWord).join(' ');

/** Add `entries` to a MyST root document's first toctree, or a new toctree at its end. */
function addMdRoot(text: string, entries: string[]): string {
  const eol = eolOf(text);
  if (!findToctrees(text).length) {
    const block = ['```{toctree}', ':maxdepth: 2', ':caption: Governance', '', ...entries, '```'];
    return text.replace(/\s*$/, '') + eol + eol + block.join(eol) + eol;
  }
  return entries.reduce((t, e) => addToctreeEntry(t, e) ?? t, text);
}

/** The Sphinx engine whose root document is a `.md` or `.rst` file, with a toctree `addRoot` extends. */
export function sphinxEngine(name: EngineName, rootExt: '.md' | '.rst', addRoot: (text: string, entries: string[]) => string): DocsEngine {
  const engine: DocsEngine = {
    name,
    family: 'sphinx',
    myst: true,
    configFile: (c) => c.docs.config ?? `${c.paths.docs}/conf.py`,
    escape: escapeMyst,
    listing: (pages) => ['```{toctree}', ':maxdepth: 1', '', ...pages.map((p) => p.slug), '```'].join('\n'),
    addListed: (text, page) => addToctreeEntry(text, page.slug),
    removeListed: removeToctreeEntry,
    xref: (text, target) => (target ? `{doc}\`${text} <${target}>\`` : text),
    term: (term) => `{term}\`${term}\``,
    glossary: { render: renderGlossary, terms: glossaryTerms, insert: insertTerm },
    excluded: (c, read) => sphinxExcluded(read(engine.configFile(c)) ?? ''),
    rootDoc(c, read) {
      // conf.py is the repository's: only a plain docname is ever written into a page, never markup.
      const named = rootDocOf(read(engine.configFile(c)) ?? '');
      return /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/.test(named) ? named : 'index';
    },
    join: (c, read, sections) => joinSphinx(engine, rootExt, addRoot, c, read, sections),
    navAdd: () => null,
    build(c): DocsBuild {
      return {
        command: sh('sphinx-build', '-W', '-b', 'html', arg(c.paths.docs), arg(buildDir(c))),
        requirements: SPHINX_REQUIREMENTS,
        install: [{ name: 'Install Sphinx (tested versions)', run: sh('pip', 'install', '-r', arg(requirementsPath(c))) }],
        steps: [
          { name: 'Install Graphviz (draws the ADR relation graph)', run: 'sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends graphviz' },
          { name: 'Build docs (warnings are errors)', run: sh('sphinx-build', '-W', '-b', 'html', arg(c.paths.docs), arg(buildDir(c))) },
        ],
      };
    },
  };
  return engine;
}

export const sphinxMyst = sphinxEngine('sphinx-myst', '.md', addMdRoot);

/**
 * Join the project's own Sphinx tree: MyST is enabled by a minimal, verified
 * conf.py edit (or switched from recommonmark), sphinx.ext.graphviz too when
 * that can be done safely (the ADR relation graph; optional), and docpact's
 * sections go into the root toctree. When MyST cannot be enabled safely,
 * init stops with the lines to change, having written nothing.
 */
function joinSphinx(engine: DocsEngine, rootExt: string, addRoot: (text: string, entries: string[]) => string, c: DocpactConfig, read: (rel: string) => string | null, sections: NavSection[]): Join {
  const confFile = engine.configFile(c);
  const conf = read(confFile) as string;
  const found: string[] = [];
  const edits: JoinEdit[] = [];
  const myst = enableMyst(conf);
  if (myst.text === null) {
    const why = /recommonmark/.test(myst.manual.join('\n')) ? 'parses Markdown with recommonmark, which docpact switches to MyST only by one edit it can verify' : 'does not enable MyST';
    throw cannotEdit(confFile, why, myst.manual);
  }
  let edited = myst.text;
  const steps = [...myst.steps];
  found.push(...myst.notes.map((n) => `MyST notes: ${n}.`));
  // The ADR relation graph needs sphinx.ext.graphviz: the same minimal, verified edit, but optional —
  // without it the index simply has no graph.
  if (!extensionEnabled(edited, 'sphinx.ext.graphviz')) {
    const edit = enableExtension(edited, 'sphinx.ext.graphviz');
    if (edit !== null) {
      edited = edit;
      steps.push('enables sphinx.ext.graphviz (the ADR relation graph) in conf.py');
    } else found.push(`ADR relation graph: left out of the ADR index — docpact could not add sphinx.ext.graphviz to ${confFile} safely. Add ${addExtensionLine('sphinx.ext.graphviz')} to it (and install Graphviz), then run "docpact check --fix".`);
  }
  // docpact's extension: GitHub shows the ADR index without MyST (the site reads it from a comment), badges, graph links
  // in every builder. Optional too: without it the index shows its toctree and graph directives on GitHub.
  if (!extensionEnabled(edited, SITE_EXTENSION)) {
    const edit = loadSiteExtension(edited);
    if (edit !== null) {
      edited = edit;
      steps.push(`loads docpact's Sphinx extension (${SITE_EXTENSION_FILE} beside it) in conf.py`);
    } else found.push(`docpact's Sphinx extension: not loaded — docpact could not add it to ${confFile} safely, so GitHub shows the ADR index's toctree and graph directives as text. Add ${addExtensionLine(SITE_EXTENSION)} and put the _ext folder beside ${confFile} on sys.path to load it.`);
  }
  // Every heading a project-wide label: docpact's pages bring headings others have too (Steps, Context).
  const warnings: string[] = [];
  if (extensionEnabled(conf, 'sphinx.ext.autosectionlabel') && !/^autosectionlabel_prefix_document\s*=\s*True\b/m.test(conf)) {
    warnings.push(...labelClashes(c, read, sections));
    found.push(
      `Section labels: ${confFile} labels every section by its heading alone (sphinx.ext.autosectionlabel without autosectionlabel_prefix_document), so a heading docpact's pages share with another page (Steps, Context, …) is a duplicate label, as the project's own repeated headings are; autosectionlabel_prefix_document = True makes every label unique.`,
    );
  }
  // The docs job installs only docpact's requirements file (when the project has none of its own): say what else the build needs.
  const requirements = requirementsPath(c);
  const needs = read(requirements) === null ? sphinxNeeds(edited) : [];
  if (needs.length) {
    warnings.push(`Sphinx: ${confFile} uses ${needs.join(' and ')}, which ${requirements} (what the governance workflow's docs job installs) does not list, so that job fails until it does. Add their packages to ${requirements}.`);
  }
  if (edited !== conf) edits.push({ path: confFile, before: conf, after: edited, reason: steps.map((s) => s.replace(/ in conf\.py$/, '')).join('; ') });
  const docs = c.paths.docs;
  const rootName = rootDocOf(conf);
  const rootFile = [rootExt, '.rst', '.md', '.txt'].map((ext) => `${docs}/${rootName}${ext}`).find((f) => read(f) !== null);
  if (!rootFile) throw cannotEdit(confFile, `names the root document ${docs}/${rootName}, which does not exist`, [`create ${docs}/${rootName}.rst (or .md)`]);
  const root = read(rootFile) as string;
  // A section whose name the root toctree already lists (the project's own Contributing page) gets an explicit title of its own.
  const lines = root.split(/\r?\n/);
  const entries = (rootFile.endsWith('.rst') ? findRstToctrees(root) : findToctrees(root)).flatMap((t) => t.entries);
  const titles = entries.flatMap((e) => /^\s*(.*?)\s*<[^<>]+>\s*$/.exec(lines[e.line - 1])?.[1] ?? []);
  const next = addRoot(
    root,
    sections.map((s) => {
      const title = navTitle(s, titles, entries.map((e) => e.target));
      return title === s.title ? s.doc : `${title} <${s.doc}>`;
    }),
  );
  if (next !== root) {
    edits.push({ path: rootFile, before: root, after: next, reason: "add docpact's sections to the root toctree" });
    steps.push(`adds its sections to the toctree of ${rootFile}`);
  }
  found.unshift(`Sphinx project: ${confFile} (root ${rootFile}${/["']myst_(?:parser|nb)["']/.test(conf.replace(/#[^\n]*/g, '')) ? ', MyST on' : ', no MyST'}) — docpact joins it${steps.length ? ` and ${steps.join(' and ')}` : ''}.`);
  return { edits, found, warnings };
}

/**
 * docpact's section pages whose heading label (autosectionlabel, no document
 * prefix: the heading, lower-cased) is the name of one of the project's own
 * documents at the docs root: a MyST link naming that document (`[](concepts)`)
 * then has two targets, and Sphinx may send it to docpact's page.
 */
function labelClashes(c: DocpactConfig, read: (rel: string) => string | null, sections: NavSection[]): string[] {
  const out: string[] = [];
  for (const s of sections) {
    const label = s.title.toLowerCase().replace(/\s+/g, ' ');
    const theirs = ['.md', '.rst', '.txt'].map((ext) => `${c.paths.docs}/${label}${ext}`).find((f) => read(f) !== null);
    if (!theirs || s.doc === label) continue;
    out.push(
      `Section label "${label}": the heading "${s.title}" of docpact's ${c.paths.docs}/${s.doc}.md gets the label "${label}" (sphinx.ext.autosectionlabel), which is also the name of your page ${theirs}, so a MyST link [](${label}) to your page becomes ambiguous and Sphinx may send it to docpact's page ("more than one target found"). ` +
        `Retitle docpact's page (its heading; sync keeps your edit), or link your page as {doc}\`${label}\`.`,
    );
  }
  return out;
}
