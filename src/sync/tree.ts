/**
 * The generated tree: every file init writes and sync keeps in step, rendered
 * from a configuration and the templates (overrides, then the preset's, then
 * the built-ins), in this repository. What the project already has decides
 * what the tree leaves to it (issue #12): a form of its own covering a kind,
 * its own chooser, PR template or docs requirements, a `.rst` page, its own
 * Sphinx project. Pure apart from reading through `repo`; `init`, `sync` and
 * `check` (rule `sync/due`) share it.
 */
import path from 'node:path';
import type { DocpactConfig, PresetName } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import type { Lock } from '../core/lockfile.js';
import { adrId } from '../adr/parse.js';
import { DEFAULT_HEADINGS, indexDocname, seriesConfigs, seriesOf } from '../adr/series.js';
import { indexLayout, listAdrFiles, renderIndexRegion } from '../adr/store.js';
import { findForms, findLegacyTemplate, findPrTemplate } from '../adopt/detect.js';
import { engineOf, engineTemplateData, requirementsPath, siteIndexDocname, type DocsEngine } from '../docs/engines/index.js';
import { buildDir } from '../docs/engines/sphinx-myst.js';
import { SITE_EXTENSION, SITE_EXTENSION_FILE, extensionEnabled } from '../docs/engines/sphinx-conf.js';
import { linkOtherSources } from '../docs/links.js';
import { seedGlossary } from '../docs/seed-glossary.js';
import { LEGACY_TEMPLATE, chooserConfig, issueForms, templateKinds } from '../github/forms.js';
import { renderPrettierignore } from './prettierignore.js';
import { FIRST_ADR, firstAdrFile } from './first-adr.js';
import { READTHEDOCS_FILES, docpactSource, governanceWorkflow, mcpServer, readTheDocs } from '../github/workflow.js';
import { markedSection, withMcpServer, withSection } from '../adopt/agents.js';
import { labelsPath, renderLabels } from '../github/labels.js';
import { renderMakefile } from '../github/makefile.js';
import { writesInto } from '../gate/generated.js';
import type { Root } from '../io/fs.js';
import { renderGitattributes } from '../merge/files.js';
import { codeSpan, escapeHtml } from '../text/markdown.js';
import { shellWord } from '../text/quote.js';
import { isReservedName, prepareSlug, slugify } from '../text/slug.js';
import { readYaml } from '../text/yaml.js';
import { hasTemplate, render, templateSource, templateVersion, type TemplateSource } from '../templates/render.js';
import { VERSION } from '../version.js';

/** Docs sections with one page per configured entry: key in the config, folder, kind template. */
export const SECTIONS = [
  { key: 'concepts', dir: 'concepts', kind: 'concept', title: 'Concepts' },
  { key: 'apps', dir: 'apps', kind: 'app', title: 'Apps' },
  { key: 'useCases', dir: 'use-cases', kind: 'use-case', title: 'Use cases' },
] as const;

export { FIRST_ADR, firstAdrFile } from './first-adr.js';

/** What the tree reads: the repository as the plan would leave it (or as check sees it). */
export interface TreeRepo {
  root: Root;
  read(rel: string): string | null;
  /** How many ADRs a series has (its folder is listed otherwise): a caller that listed it already says. */
  adrCount?(series: DocpactConfig): number;
}

export interface Desired {
  path: string;
  /** Template id recorded in the lock. */
  template: string;
  /** The rendering. */
  content: string;
  /** docpact's version, or "override:<sha>" when the repo overrides the template. */
  version: string;
  /**
   * A living page (section index, glossary, ADR index, ADR-0001) is created
   * from its template once; after that other commands edit it, and sync only
   * applies `update` (e.g. toctree entries for new pages).
   */
  living?: boolean;
  update?: (text: string) => string;
  /** The project's own file covers this one: not written, and why. */
  covered?: string;
  /** Where an earlier docpact wrote this file: sync moves it here, with your edits (src/sync/plan.ts). */
  was?: string;
}

export interface Tree {
  files: Desired[];
  /** What the tree adopted from the project, for init to say first. */
  found: string[];
}

interface Page {
  title: string;
  slug: string;
  template: string;
}

function sectionPages(config: DocpactConfig, key: (typeof SECTIONS)[number]['key'], dir: string, kind: string): Page[] {
  const seen = new Map<string, string>();
  return config[key].map((title) => {
    const slug = slugify(title);
    if (!slug || slug === 'index' || isReservedName(slug)) {
      throw new DocpactError('input', `Cannot make a page name from "${title}" in ${dir}; rename it in docpact.yaml or the ${key} flag.`);
    }
    if (seen.has(slug)) throw new DocpactError('input', `"${seen.get(slug)}" and "${title}" would both be ${dir}/${slug}.md; rename one.`);
    seen.set(slug, title);
    // Only the governed preset has pages written for the reference vocabulary.
    const specific = `docs/${dir}/${slug}.md`;
    return { title, slug, template: config.preset === 'governed' && hasTemplate(specific) ? specific : `docs/kinds/${kind}.md` };
  });
}

const orList = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/** What each folder of generated references holds, in the preset's words. */
const PURPOSES: Record<PresetName, Record<string, string>> = {
  governed: {
    registry: 'They describe tool specs, prompts and schemas from the registry.',
    diagrams: 'They hold entity, lifecycle and sequence diagrams.',
    examples: 'They hold worked examples extracted from tests and fixtures.',
  },
  blank: {
    registry: 'They list what the code declares: schemas, commands, endpoints and settings.',
    diagrams: 'They hold entity, lifecycle and sequence diagrams.',
    examples: 'They hold worked examples extracted from tests and fixtures.',
  },
};

/** Everything templates may use, derived from the configuration (`year`: the docs' copyright year). */
function templateData(config: DocpactConfig, engine: DocsEngine, date: string, year: string, concepts: Page[]) {
  return {
    // User text lands in pages as literal text (inline Markdown only), never as live HTML, MyST or links.
    project: engine.escape(config.project),
    package: config.package,
    date,
    docsDir: shellWord(config.paths.docs),
    requirements: shellWord(requirementsPath(config)),
    buildDir: shellWord(buildDir(config)),
    adrDir: config.paths.adr,
    generatedDir: config.paths.generated,
    chatsDir: config.paths.chats,
    promptsDir: config.paths.prompts,
    // Text for every builder (Sphinx escapes html_title itself; LaTeX, EPUB and man read these as text).
    pyProject: JSON.stringify(config.project),
    pyCopyright: JSON.stringify(`${year}, ${config.project}`),
    // The HTML theme (alabaster) inserts the project (the sidebar logo) and the copyright (the footer) as
    // HTML: its pages get them escaped through html_context, only when escaping changes them.
    htmlContext: escapeHtml(`${year}, ${config.project}`) === `${year}, ${config.project}` ? '' : `{"project": ${JSON.stringify(escapeHtml(config.project))}, "copyright": ${JSON.stringify(escapeHtml(`${year}, ${config.project}`))}}`,
    // The manual page: a file name from the project's name, a title naming what it is.
    manName: JSON.stringify(config.project.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'docs'),
    manTitle: JSON.stringify(`${config.project} documentation`),
    storagePlanes: concepts.some((p) => p.slug === 'storage-planes'),
    types: config.labels.types.join('|'),
    areas: config.labels.areas.join('|'),
    sizes: config.labels.sizes.join('|'),
    extra: config.labels.extra.map((l) => `\`${l}\``).join(', '),
    roles: config.roles.join(', '),
    closers: orList(config.closers.map((c) => `the ${c}`)),
    invariants: config.invariants.map((i) => engine.escape(i)),
    invariantList: config.invariants.map((i) => engine.escape(i)).join(', '),
    asker: config.roles[0],
    implementer: config.roles[1],
    generators: (config.generated ?? []).map((g) => g.name).join(', '),
    gates: (config.gates ?? []).length,
  };
}

/** Non-ASCII page titles need the transliterator loaded before the tree is built. */
export async function prepareTree(config: DocpactConfig): Promise<void> {
  for (const s of SECTIONS) for (const t of config[s.key]) await prepareSlug(t);
}

/**
 * The docs are the project's own (init joined them): an MkDocs site, or a
 * Sphinx project whose conf.py docpact did not write — docpact writes
 * neither the configuration nor the root page there.
 */
export const joinedDocs = (repo: TreeRepo, config: DocpactConfig, lock: Lock) => {
  if (config.docs.engine !== 'sphinx') return true;
  const conf = engineOf(config).configFile(config);
  return repo.read(conf) !== null && !lock.has(conf);
};

/**
 * Every file the configuration asks for in this repository, rendered. The
 * lock tells docpact's own files from the project's; docpact.yaml itself is
 * not here (it is the input: init writes it).
 */
export function desiredTree(repo: TreeRepo, config: DocpactConfig, date: string, lock: Lock): Tree {
  const src: TemplateSource = templateSource(repo.root, config);
  const pages = Object.fromEntries(SECTIONS.map((s) => [s.key, sectionPages(config, s.key, s.dir, s.kind)])) as Record<(typeof SECTIONS)[number]['key'], Page[]>;
  const docs = config.paths.docs;
  const engine = engineOf(config, repo.read);
  // The copyright year is the year the docs began: kept from docpact's conf.py, so a new year is not a change.
  const conf = (engine.family === 'sphinx' && repo.read(engine.configFile(config))) || '';
  const year = /^copyright = "(\d{4}),/m.exec(conf)?.[1] ?? date.slice(0, 4);
  // A joined project's root document may not be "index" (master_doc = "contents"): pages link the one the engine builds.
  const data = { ...templateData(config, engine, date, year, pages.concepts), ...engineTemplateData(engine, config, repo.read) };
  const files: Desired[] = [];
  const found: string[] = [];
  const theirs = (rel: string) => repo.read(rel) !== null && !lock.has(rel);
  // A docs page docpact would write as X.md is left out when the project has X.rst: never two sources for one document.
  const otherSource = (rel: string) =>
    rel.startsWith(`${docs}/`) && rel.endsWith('.md') && repo.read(rel) === null ? ['.rst', '.txt'].map((ext) => rel.replace(/\.md$/, ext)).find((f) => repo.read(f) !== null) : undefined;
  const file = (rel: string, template: string, content?: string, extra?: Pick<Desired, 'living' | 'update' | 'covered' | 'was'>) => {
    const other = otherSource(rel);
    files.push({
      path: rel,
      template,
      // A docs page links the project's X.rst where docpact writes no X.md beside it.
      content: content ?? (rel.startsWith(`${docs}/`) && rel.endsWith('.md') ? linkOtherSources(render(src, template, data), rel, repo.read) : render(src, template, data)),
      version: templateVersion(src, template),
      ...extra,
      ...(other ? { covered: `the project already has ${other}` } : {}),
    });
  };

  // 1. GitHub files, unless the project's own cover them.
  file('.docpact/.gitignore', 'docpact/gitignore', 'tmp/\n.lock\njournal.json\n');
  const gh = config.paths.github;
  // One template per kind in the chooser: a form or Markdown template of the project's own covers its kind, whatever its name.
  const forms = findForms(repo.root, gh).filter((f) => !lock.has(f.file));
  for (const [name, content] of Object.entries(issueForms(config))) {
    const rel = `${gh}/ISSUE_TEMPLATE/${name}`;
    const kind = name.replace(/\.yaml$/, '');
    const formName = String((readYaml(content, rel) as { name?: string }).name ?? '');
    const same = forms.find((f) => f.file !== rel && (f.name.toLowerCase() === formName.toLowerCase() || templateKinds(f).includes(kind)));
    file(rel, `github/ISSUE_TEMPLATE/${name}`, content, same ? { covered: `${same.file} covers it${same.name ? ` ("${same.name}")` : ''}` } : undefined);
  }
  if (forms.length) found.push(`Issue templates: ${forms.map((f) => f.file.replace(/^.*\//, '') + (f.name ? ` ("${f.name}")` : '')).join(', ')} — docpact adds only the kinds they do not cover.`);
  const legacy = findLegacyTemplate(repo.root, gh);
  if (legacy) found.push(`Legacy issue template: ${legacy} — ${LEGACY_TEMPLATE}.`);
  const chooser = ['config.yml', 'config.yaml'].map((n) => `${gh}/ISSUE_TEMPLATE/${n}`).find(theirs);
  // Issue templates of the project's own without a chooser allow blank issues (GitHub's default): docpact keeps that, and says so.
  const chooserRel = `${gh}/ISSUE_TEMPLATE/config.yml`;
  const blankAllowed = !chooser && forms.length > 0 && !lock.has(chooserRel);
  const keptChooser = chooser
    ? { covered: `${chooser} is the project's; kept` }
    : blankAllowed
      ? { covered: `blank issues stay allowed, as they were: the project's issue templates have no config.yml; write one with "blank_issues_enabled: false" to require a template` }
      : undefined;
  file(chooserRel, 'github/ISSUE_TEMPLATE/config.yml', chooserConfig(), keptChooser);
  const pr = findPrTemplate(repo.root, gh);
  const ownPr = pr && pr !== `${gh}/PULL_REQUEST_TEMPLATE.md` ? pr : null;
  if (ownPr) found.push(`Pull request template: ${ownPr} — docpact does not add its own.`);
  file(`${gh}/PULL_REQUEST_TEMPLATE.md`, 'github/PULL_REQUEST_TEMPLATE.md', undefined, ownPr ? { covered: `${ownPr} is the project's template` } : undefined);
  const source = docpactSource(repo.read('package.json'), (rel) => repo.read(rel) !== null);
  file(`${gh}/workflows/governance.yml`, 'github/workflows/governance.yml', governanceWorkflow(config, source, VERSION));
  const labels = labelsPath(config);
  file(labels, 'github/labels.yml', renderLabels(config), theirs(labels) ? { covered: "the project's own labels.yml; kept" } : undefined);
  // make docs, as the workflow and the contributing guide name it; a Makefile of the project's own is never touched.
  const makefile = ['Makefile', 'makefile', 'GNUmakefile'].find(theirs);
  file('Makefile', 'Makefile', renderMakefile(config, source, VERSION), makefile ? { covered: `${makefile} is the project's own; kept` } : undefined);
  // The merge driver's attributes: the project's own lines are kept, docpact's are added when missing.
  file('.gitattributes', 'gitattributes', renderGitattributes(config, null), { living: true, update: (text) => renderGitattributes(config, text) });
  // Prettier's: generated and sealed files are not reformatted (the project's own lines kept, as above).
  file('.prettierignore', 'prettierignore', renderPrettierignore(config, null), { living: true, update: (text) => renderPrettierignore(config, text) });

  // 2. The docs tree: docpact's own Sphinx project, or pages in the project's (init joins it), in its engine's syntax.
  if (!joinedDocs(repo, config, lock)) {
    file(`${docs}/conf.py`, 'docs/conf.py');
    file(`${docs}/_static/docpact.css`, 'docs/_static/docpact.css');
    file(`${docs}/_ext/docpact_sphinx.py`, 'docs/_ext/docpact_sphinx.py');
    file(`${docs}/index.md`, 'docs/index.md');
  } else if (engine.family === 'sphinx') {
    // A joined conf.py that loads docpact's extension (init's edit) finds it beside itself.
    const conf = engine.configFile(config);
    if (extensionEnabled(repo.read(conf) ?? '', SITE_EXTENSION)) file(path.posix.join(path.posix.dirname(conf), SITE_EXTENSION_FILE), 'docs/_ext/docpact_sphinx.py');
  }
  // Sphinx builds beside its source (_build/); MkDocs' site folder is the project's to ignore.
  if (engine.family === 'sphinx') file(path.posix.join(path.posix.dirname(docs), '.gitignore'), 'docs/gitignore', '_build/\n');
  file(`${docs}/contributing.md`, 'docs/contributing.md');
  const requirements = requirementsPath(config);
  file(requirements, 'docs/requirements.txt', engine.build(config).requirements, theirs(requirements) ? { covered: "the project's own; CI installs it" } : undefined);
  // Read the Docs builds Sphinx from .readthedocs.yaml (a project with its own keeps it).
  const rtd = READTHEDOCS_FILES.find(theirs);
  if (engine.family === 'sphinx') file('.readthedocs.yaml', 'readthedocs.yaml', readTheDocs(config, engine.configFile(config)), rtd ? { covered: `${rtd} is the project's` } : undefined);
  file(`${docs}/glossary.md`, 'docs/glossary.md', render(src, 'docs/glossary.md', { ...data, glossary: engine.glossary.render(seedGlossary(config.preset)) }), { living: true });
  const guides = [{ slug: 'getting-started', title: 'Getting started' }];
  file(`${docs}/guides/index.md`, 'docs/guides/index.md', render(src, 'docs/guides/index.md', { ...data, listing: engine.listing(guides) }), { living: true });
  file(`${docs}/guides/getting-started.md`, 'docs/guides/getting-started.md');
  for (const s of SECTIONS) {
    for (const p of pages[s.key]) file(`${docs}/${s.dir}/${p.slug}.md`, p.template, render(src, p.template, { ...data, title: engine.escape(p.title) }));
    file(`${docs}/${s.dir}/index.md`, `docs/${s.dir}/index.md`, render(src, `docs/${s.dir}/index.md`, { ...data, pages: pages[s.key], listing: engine.listing(pages[s.key]) }), {
      living: true,
      update: (text) => pages[s.key].reduce((t, p) => engine.addListed(t, p) ?? t, text),
    });
  }

  // 3. ADRs, per series: docpact's own gets its template and a first ADR; an adopted series is continued as it is.
  for (const [i, sc] of seriesConfigs(config).entries()) {
    const series = seriesOf(sc);
    const adr = series.dir;
    const onDisk = repo.adrCount ? repo.adrCount(sc) : listAdrFiles(repo.root, sc).length;
    if (series.format === 'docpact' && i === 0) {
      file(`${adr}/ADR-template.md`, 'docs/adr/ADR-template.md');
      const first = firstAdrFile(sc);
      if (!onDisk || repo.read(`${adr}/${first}`) !== null || lock.has(`${adr}/${first}`)) {
        const id = adrId(series.first, series.digits);
        file(`${adr}/${first}`, 'docs/adr/ADR-0001.md', render(src, 'docs/adr/ADR-0001.md', { ...data, id, title: FIRST_ADR, deciders: data.roles }), { living: true });
      }
    }
    if (onDisk && !lock.has(series.index)) {
      const own = series.ownIndex ? " (the project's own page, kept as it is; docpact generates only the index data)" : '';
      const tool = engine.family === 'mkdocs' ? 'MkDocs' : 'Sphinx';
      const where =
        indexDocname(sc) === null
          ? `outside the ${tool === 'Sphinx' ? 'Sphinx source' : 'MkDocs docs_dir'}, so ${tool} does not build them`
          : siteIndexDocname(sc, repo.read) === null
            ? `left out by ${engine.configFile(config)} (${tool === 'Sphinx' ? 'exclude_patterns' : 'exclude_docs'}), so ${tool} does not build them`
            : `built by ${tool}`;
      const heading = series.heading === DEFAULT_HEADINGS[series.format] ? '' : `headings "# ${series.heading.replace('{title}', '<title>')}", `;
      const older = series.folders.length ? `, older ones in ${series.folders.map((f) => `${f}/`).join(', ')}` : '';
      found.push(`ADR series${series.name ? ` "${series.name}"` : ''}: ${adr} (${series.format}, ${series.pattern}, ${heading}${onDisk} ADR${onDisk === 1 ? '' : 's'}${older}; ${where}) — docpact continues it; its index: ${series.index}${own}.`);
    }
    if (!series.ownIndex) file(series.index, 'docs/adr/index.md', render(src, 'docs/adr/index.md', { ...data, region: renderIndexRegion([], indexLayout(sc, (rel) => repo.read(rel))) }), { living: true });
  }

  // 4. Generated references and the chat coordination files.
  for (const [name, purpose] of Object.entries(PURPOSES[config.preset])) {
    const folder = `${config.paths.generated}/${name}`;
    // The README says what is true: which declared generator writes the folder, if any.
    const generators = (config.generated ?? []).filter((g) => writesInto(g, folder)).map((g) => ({ name: g.name, run: codeSpan(g.run) }));
    // Inside the docs source (docs/_generated beside docs/index.rst) the page is an orphan by design: in no toctree or nav.
    const orphan = config.paths.generated.startsWith(`${docs}/`);
    const content = render(src, 'generated/README.md', { name, purpose, generators, orphan });
    // MkDocs publishes every .md under docs_dir as a page, and 1.4 cannot leave one out: there the note is README, a file.
    if (!orphan || engine.family !== 'mkdocs') file(`${folder}/README.md`, 'generated/README.md', content);
    else if (theirs(`${folder}/README.md`)) file(`${folder}/README`, 'generated/README.md', content, { covered: `the project's own ${folder}/README.md` });
    else file(`${folder}/README`, 'generated/README.md', content, { was: `${folder}/README.md` });
  }
  file(`${config.paths.prompts}/AGENTS.md`, 'agents/AGENTS.md');
  file(`${config.paths.chats}/.gitkeep`, 'agents/gitkeep', '');

  // 5. Where agents look (agents.md, Claude Code): the root AGENTS.md — or docpact's marked section in the
  // project's own —, CLAUDE.md importing it, and .mcp.json registering the MCP server (an entry added to the project's).
  const section = render(src, 'agents/root.md', data);
  file('AGENTS.md', 'agents/root.md', `# AGENTS.md\n\n${markedSection(section)}`, { living: true, update: (text) => withSection(text, section) });
  file('CLAUDE.md', 'agents/claude.md', '# CLAUDE.md\n\nThe instructions for agents in this repository are in AGENTS.md:\n\n@AGENTS.md\n');
  const server = mcpServer(config, source, VERSION);
  file('.mcp.json', 'agents/mcp.json', `${JSON.stringify({ mcpServers: { docpact: server } }, null, 2)}\n`, { living: true, update: (text) => withMcpServer(text, server) });
  return { files, found };
}
