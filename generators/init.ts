/**
 * `docpact init [dir]`: bootstrap a docs-governed repository (preset "governed").
 *
 * Re-running is safe. For each file: identical → untouched; never written by
 * docpact or edited since → kept and reported as a conflict (exit 1) unless
 * --force; deleted since docpact wrote it → reported, restored only with
 * --force. Living pages (section indexes, the ADR index, the glossary) are
 * never re-rendered once they exist; init only adds what the configuration
 * newly asks for (toctree entries, index rows).
 */
import { renderGitattributes } from '../src/merge/files.js';
import { escapeHtml, escapeMyst } from '../src/text/markdown.js';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { CONFIG_FILE, parseConfig, renderConfig, validateConfig } from '../src/config/load.js';
import { LABEL_PART, PRESETS, PRESET_NAMES, REL_DIR_MESSAGE, isBranchName, isInstallSpec, isPackageDir, underPackage, type DocpactConfig, type PresetName } from '../src/config/schema.js';
import { DocpactError } from '../src/core/errors.js';
import type { Answers, GenContext, Generator } from '../src/core/generator.js';
import { LOCK_PATH, parseLock, type Lock } from '../src/core/lockfile.js';
import type { PlanBuilder } from '../src/core/plan.js';
import { adrId, parseAdr, toRecord } from '../src/adr/parse.js';
import { adrLinks, fileName, indexDocname, seriesConfigs, seriesOf } from '../src/adr/series.js';
import { graphvizEnabled, indexLayout, listAdrFiles, planIndex, renderIndexRegion } from '../src/adr/store.js';
import { SPHINX_DIRS, findBranch, findForms, findPrTemplate, findSeries, findSphinx, type FoundSeries, type FoundSphinx } from '../src/adopt/detect.js';
import { findGitRoot } from '../src/adopt/target.js';
import { addRootEntries, enableExtension, enableMyst, mystEnabled } from '../src/adopt/sphinx.js';
import { readYaml } from '../src/text/yaml.js';
import { seedGlossary } from '../src/docs/seed-glossary.js';
import { renderGlossary } from '../src/docs/glossary.js';
import { addToctreeEntry } from '../src/docs/toctree.js';
import { chooserConfig, issueForms } from '../src/github/forms.js';
import { DOCS_REQUIREMENTS, buildDir, defaultBranch, defaultSpec, docpactSource, governanceWorkflow, requirementsPath } from '../src/github/workflow.js';
import { shellWord } from '../src/text/quote.js';
import { readText } from '../src/io/fs.js';
import { contentHash } from '../src/text/hash.js';
import { isReservedName, prepareSlug, singleLine, slugify } from '../src/text/slug.js';
import { hasTemplate, render, templateSource, type TemplateSource } from '../src/templates/render.js';
import { VERSION } from '../src/version.js';

/** Docs sections init creates: key in the config, folder, kind template. */
const SECTIONS = [
  { key: 'concepts', dir: 'concepts', kind: 'concept' },
  { key: 'apps', dir: 'apps', kind: 'app' },
  { key: 'useCases', dir: 'use-cases', kind: 'use-case' },
] as const;

const FIRST_ADR = 'Record architecture decisions';

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

/** The config already in the target, if any: it supplies init's defaults on a re-run. */
function existingConfig(ctx: GenContext): DocpactConfig | undefined {
  const text = readText(ctx.root, CONFIG_FILE);
  return text === null ? undefined : parseConfig(text);
}

/** Comma-separated names; an empty list is allowed ("--concepts ''": none). "A, B," is fine. */
const names = (what: string) => (value: unknown) => (value as string[]).filter(Boolean).map((v) => singleLine(v, `${what} name`, 80));

/** The vocabulary questions: config key, flag, what one entry is called. */
const VOCABULARY = [
  { key: 'concepts', flag: 'concepts', what: 'concept', message: 'Concepts, one page each' },
  { key: 'apps', flag: 'apps', what: 'app', message: 'Apps, one page each' },
  { key: 'useCases', flag: 'use-cases', what: 'use case', message: 'Use cases, one page each' },
  { key: 'areas', flag: 'areas', what: 'area', message: 'Issue areas, for area:* labels' },
  { key: 'invariants', flag: 'invariants', what: 'invariant', message: 'Invariants, ticked in issue forms and PRs' },
] as const;
type VocabularyKey = (typeof VOCABULARY)[number]['key'];

const vocabularyOf = (c: DocpactConfig, key: VocabularyKey): string[] => (key === 'areas' ? c.labels.areas : c[key]);
const presetOf = (ctx: GenContext, a: Answers): PresetName => (a.preset as PresetName | undefined) ?? existingConfig(ctx)?.preset ?? 'governed';

export const init: Generator = {
  name: 'init',
  command: 'init',
  description: 'Bootstrap a docs-governed repository: issue forms, PR template, Sphinx docs, ADRs, chat guide.',
  usage: 'docpact init [dir] [options]',
  examples: [
    'docpact init --yes',
    'docpact init my-repo --project "Acme API" --concepts "Orders,Billing" --invariants "Orders are immutable" --yes',
    'docpact init --preset blank --concepts "" --apps "" --use-cases "" --yes',
    'docpact init --dry-run --yes',
  ],
  needsConfig: false,
  writesYaml: true,
  dirArgument: true,
  partial: true,
  questions: [
    {
      name: 'project',
      flag: 'project',
      kind: 'text',
      message: 'Project name',
      prompt: true,
      help: 'project name shown in the docs (default: the folder name)',
      default: (ctx) => existingConfig(ctx)?.project ?? (path.basename(ctx.base || ctx.root.dir) || PRESETS.governed.project),
      validate: (v) => singleLine(String(v), 'project name', 80),
    },
    {
      name: 'preset',
      flag: 'preset',
      kind: 'choice',
      message: 'Starting text: governed (the reference workflow and its vocabulary) or blank (neutral)',
      prompt: true,
      choices: () => [...PRESET_NAMES],
      help: 'governed: the reference vocabulary and text; blank: neutral text, your vocabulary (default: governed, or blank when you give any of --concepts --apps --use-cases --areas --invariants)',
      // Giving your own vocabulary means you do not want the reference's words around it.
      default: (ctx, a) => existingConfig(ctx)?.preset ?? (VOCABULARY.some((v) => a[v.key] !== undefined) ? 'blank' : 'governed'),
    },
    {
      name: 'package',
      flag: 'package',
      kind: 'text',
      message: 'Package directory (holds agents/prompts and agents/chats; "." for the repository root)',
      prompt: true,
      help: `package directory holding agents/ (default: ${PRESETS.governed.package} with the governed preset, "." with blank; in a monorepo folder: that folder)`,
      // In a monorepo the package folder itself holds agents/.
      default: (ctx, a) => existingConfig(ctx)?.package ?? (ctx.base || PRESETS[presetOf(ctx, a)].package),
      validate: (v) => {
        const dir = singleLine(String(v), 'package directory', 80);
        if (!isPackageDir(dir)) throw new DocpactError('input', `The package directory "${dir}" ${REL_DIR_MESSAGE}, or "." for the repository root.`);
        return dir;
      },
    },
    ...VOCABULARY.map((v) => ({
      name: v.key,
      flag: v.flag,
      kind: 'list' as const,
      message: `${v.message} (comma-separated; empty for none)`,
      prompt: true,
      help: `comma-separated ${v.what === 'area' ? 'areas for area:* labels' : `${v.what}s`}; "" for none (default: the preset's)`,
      default: (ctx: GenContext, a: Answers) => {
        const ex = existingConfig(ctx);
        return ex ? vocabularyOf(ex, v.key) : [...PRESETS[presetOf(ctx, a)][v.key]];
      },
      validate:
        v.key === 'areas'
          ? (value: unknown) =>
              names('area')(value).map((area) => {
                if (!LABEL_PART.test(area)) throw new DocpactError('input', `The area "${area}" cannot be a label: use letters, digits, ".", "_", "/" or "-".`);
                return area;
              })
          : names(v.what),
    })),
    {
      name: 'ciDocpact',
      flag: 'ci-docpact',
      kind: 'text',
      message: 'How CI installs docpact when package.json does not list it (npm spec, tarball or git URL)',
      prompt: true,
      help: `npm install spec CI runs when package.json does not list docpact (default: ${defaultSpec(VERSION)})`,
      default: (ctx) => existingConfig(ctx)?.ci.docpact ?? defaultSpec(VERSION),
      validate: (v) => {
        const spec = singleLine(String(v), 'install spec', 500);
        if (!isInstallSpec(spec)) throw new DocpactError('input', `"${spec}" is not an npm install spec: give one word such as "docpact@^0.2", a tarball URL or a git URL.`);
        return spec;
      },
    },
    {
      name: 'ciBranch',
      flag: 'ci-branch',
      kind: 'text',
      message: 'Default branch (CI runs on pushes to it)',
      prompt: true,
      help: 'branch whose pushes run the governance workflow (default: detected from git, else main)',
      default: (ctx) => existingConfig(ctx)?.ci.branch ?? defaultBranch(ctx.root.dir),
      validate: (v) => {
        const branch = singleLine(String(v), 'branch', 200);
        if (!isBranchName(branch)) throw new DocpactError('input', `"${branch}" is not a git branch name.`);
        return branch;
      },
    },
    {
      name: 'here',
      flag: 'here',
      kind: 'boolean',
      message: 'Make the folder a root of its own, even inside a git repository',
      help: 'govern [dir] on its own even when it is a folder inside a git repository (default: from the git root, where GitHub reads .github)',
      default: () => false,
    },
  ],
  plan: planInit,
};

/**
 * A first init adopts what the repository has: its Sphinx source folder and
 * its ADR series (folder, naming, format, statuses) become the configuration.
 */
function adoptedDefaults(ctx: GenContext): Record<string, unknown> {
  const base = ctx.base ?? '';
  const at = (p: string) => (base ? `${base}/${p}` : p);
  const [series, ...more] = findSeries(ctx.root, base);
  const sphinx = findSphinx(ctx.root, SPHINX_DIRS.map(at));
  // A package folder keeps docpact's docs tree; .github and docpact.yaml are at the git root.
  const paths: Record<string, string> = base ? { docs: at('docs/source'), adr: at('docs/source/adr'), generated: at('docs/_generated') } : {};
  if (sphinx) {
    paths.docs = sphinx.dir;
    // Generated references sit beside the Sphinx source, never inside it (Sphinx would read them as pages).
    paths.generated = path.posix.join(path.posix.dirname(sphinx.dir), '_generated');
  }
  const adr: Record<string, unknown> = {};
  if (series) {
    paths.adr = series.dir;
    const settings = (x: FoundSeries) => ({ format: x.format, pattern: x.pattern, digits: x.digits, first: x.first, statuses: x.statuses, index: x.index });
    Object.assign(adr, settings(series));
    // Further series (log4brains packages) are configured one per package.
    const names = new Set<string>();
    const extra = more.map((x) => {
      let name = slugify(x.name ?? path.posix.basename(path.posix.dirname(x.dir))) || 'series';
      while (names.has(name)) name += '-2';
      names.add(name);
      return { name, path: x.dir, ...settings(x) };
    });
    if (extra.length) adr.series = extra;
  } else if (sphinx) paths.adr = `${sphinx.dir}/adr`;
  return { version: 1, paths, adr };
}

function mergedConfig(ctx: GenContext, a: Answers): { config: DocpactConfig; changed: boolean } {
  const existing = existingConfig(ctx);
  const base = existing ?? validateConfig(adoptedDefaults(ctx));
  // Chats and prompts follow the package unless the config pinned them elsewhere.
  const paths: Partial<DocpactConfig['paths']> = { ...base.paths };
  for (const k of ['chats', 'prompts'] as const) if (paths[k] === underPackage(base.package, `agents/${k}`)) delete paths[k];
  const config = validateConfig({
    ...base,
    paths,
    preset: a.preset,
    project: a.project,
    package: a.package,
    concepts: a.concepts,
    apps: a.apps,
    useCases: a.useCases,
    invariants: a.invariants,
    labels: { ...base.labels, areas: a.areas },
    ci: { ...base.ci, docpact: a.ciDocpact, branch: a.ciBranch },
  });
  return { config, changed: !existing || !isDeepStrictEqual(existing, config) };
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

async function planInit(ctx: GenContext, a: Answers, plan: PlanBuilder): Promise<void> {
  // 1. Settle the configuration (existing docpact.yaml + answers).
  const { config, changed } = mergedConfig(ctx, a);
  for (const s of SECTIONS) for (const t of config[s.key]) await prepareSlug(t);
  const lock = parseLock(plan.original(LOCK_PATH));
  const src: TemplateSource = templateSource(ctx.root, config);
  const docs = config.paths.docs;
  const roles = { asker: config.roles[0], implementer: config.roles[1] };
  const pages = Object.fromEntries(SECTIONS.map((s) => [s.key, sectionPages(config, s.key, s.dir, s.kind)])) as Record<string, Page[]>;
  const data = {
    ...adrLinks(config),
    // User text lands in pages as literal text (inline Markdown only), never as live HTML or MyST.
    project: escapeMyst(config.project),
    package: config.package,
    date: ctx.date,
    docsDir: shellWord(docs),
    buildDir: shellWord(buildDir(config)),
    adrDir: config.paths.adr,
    generatedDir: config.paths.generated,
    chatsDir: config.paths.chats,
    promptsDir: config.paths.prompts,
    // Sphinx's HTML theme inserts the project name as HTML (the sidebar logo), so it is escaped for HTML first.
    pyProject: JSON.stringify(escapeHtml(config.project)),
    // The theme's footer inserts it as HTML too ("© 2026, Project.").
    pyCopyright: JSON.stringify(escapeHtml(`${ctx.date.slice(0, 4)}, ${config.project}`)),
    storagePlanes: pages.concepts.some((p) => p.slug === 'storage-planes'),
    types: config.labels.types.join('|'),
    areas: config.labels.areas.join('|'),
    sizes: config.labels.sizes.join('|'),
    extra: config.labels.extra.map((l) => `\`${l}\``).join(', '),
    roles: config.roles.join(', '),
    closers: orList(config.closers.map((c) => `the ${c}`)),
    invariants: config.invariants,
    invariantList: config.invariants.join(', '),
    ...roles,
  };
  // A docs page docpact would write as X.md is skipped when the project has X.rst: never two sources for one document.
  const otherSource = (rel: string) =>
    rel.startsWith(`${docs}/`) && rel.endsWith('.md') ? ['.rst', '.txt'].map((ext) => rel.replace(/\.md$/, ext)).find((f) => plan.original(f) !== null) : undefined;
  const file = (rel: string, template: string, content?: string) => {
    const other = otherSource(rel);
    if (other && plan.original(rel) === null) return plan.put({ path: rel, kind: 'skip', before: null, after: null, template, reason: `the project already has ${other}` });
    planTemplateFile(plan, lock, ctx.force, rel, template, content ?? render(src, template, data));
  };
  const found: string[] = [];
  plan.result.found = found;

  // 2. Configuration and GitHub files.
  if (changed) file(CONFIG_FILE, 'docpact.yaml', renderConfig(config));
  file('.docpact/.gitignore', 'docpact/gitignore', 'tmp/\n.lock\njournal.json\n');
  const gh = config.paths.github;
  const theirs = findForms(ctx.root, gh).filter((f) => !lock.has(f.file));
  for (const [name, content] of Object.entries(issueForms(config))) {
    const rel = `${gh}/ISSUE_TEMPLATE/${name}`;
    const kind = name.replace(/\.yaml$/, '');
    const formName = String((readYaml(content, rel) as { name?: string }).name ?? '');
    const same = theirs.find(
      (f) =>
        f.file !== rel &&
        (f.file.replace(/^.*\/|\.[^.]+$/g, '').toLowerCase() === kind ||
          f.name.toLowerCase() === formName.toLowerCase() ||
          f.type.toLowerCase() === kind ||
          f.labels.some((l) => l.toLowerCase() === `type:${kind}`)),
    );
    if (same) {
      plan.put({ path: rel, kind: 'skip', before: null, after: null, template: `github/ISSUE_TEMPLATE/${name}`, reason: `${same.file} covers it${same.name ? ` ("${same.name}")` : ''}` });
      continue;
    }
    file(rel, `github/ISSUE_TEMPLATE/${name}`, content);
  }
  if (theirs.length) found.push(`Issue forms: ${theirs.map((f) => f.file.replace(/^.*\//, '') + (f.name ? ` ("${f.name}")` : '')).join(', ')} — docpact adds only the kinds they do not cover.`);
  const chooser = ['config.yml', 'config.yaml'].map((n) => `${gh}/ISSUE_TEMPLATE/${n}`).find((f) => plan.original(f) !== null && !lock.has(f));
  if (chooser) plan.put({ path: `${gh}/ISSUE_TEMPLATE/config.yml`, kind: 'skip', before: null, after: null, reason: `${chooser} is the project's; kept` });
  else file(`${gh}/ISSUE_TEMPLATE/config.yml`, 'github/ISSUE_TEMPLATE/config.yml', chooserConfig());
  const pr = findPrTemplate(ctx.root, gh);
  if (pr && pr !== `${gh}/PULL_REQUEST_TEMPLATE.md`) {
    found.push(`Pull request template: ${pr} — docpact does not add its own.`);
    plan.put({ path: `${gh}/PULL_REQUEST_TEMPLATE.md`, kind: 'skip', before: null, after: null, template: 'github/PULL_REQUEST_TEMPLATE.md', reason: `${pr} is the project's template` });
  } else file(`${gh}/PULL_REQUEST_TEMPLATE.md`, 'github/PULL_REQUEST_TEMPLATE.md');
  file(`${gh}/workflows/governance.yml`, 'github/workflows/governance.yml', governanceWorkflow(config, docpactSource(plan.read('package.json'), (rel) => plan.read(rel) !== null), VERSION));
  living(plan, lock, ctx.force, '.gitattributes', 'gitattributes', () => renderGitattributes(config, null), (text) => renderGitattributes(config, text));

  // 3. The docs tree: docpact's own Sphinx project, or a minimal join of the project's.
  const conf = `${docs}/conf.py`;
  const joined = plan.original(conf) !== null && !lock.has(conf);
  if (joined) joinSphinx(ctx, plan, config, found);
  else {
    file(conf, 'docs/conf.py');
    file(`${docs}/_static/docpact.css`, 'docs/_static/docpact.css');
    file(`${docs}/index.md`, 'docs/index.md');
  }
  file(path.posix.join(path.posix.dirname(docs), '.gitignore'), 'docs/gitignore', '_build/\n');
  file(`${docs}/contributing.md`, 'docs/contributing.md');
  const requirements = requirementsPath(config);
  if (plan.original(requirements) !== null && !lock.has(requirements)) plan.put({ path: requirements, kind: 'skip', before: null, after: null, reason: "the project's own; CI installs it" });
  else file(requirements, 'docs/requirements.txt', DOCS_REQUIREMENTS);
  living(plan, lock, ctx.force, `${docs}/glossary.md`, 'docs/glossary.md', () => render(src, 'docs/glossary.md', { ...data, glossary: renderGlossary(seedGlossary(config.preset)) }));
  living(plan, lock, ctx.force, `${docs}/guides/index.md`, 'docs/guides/index.md', () => render(src, 'docs/guides/index.md', data));
  file(`${docs}/guides/getting-started.md`, 'docs/guides/getting-started.md');
  for (const s of SECTIONS) {
    const indexRel = `${docs}/${s.dir}/index.md`;
    const indexTpl = `docs/${s.dir}/index.md`;
    for (const p of pages[s.key]) file(`${docs}/${s.dir}/${p.slug}.md`, p.template, render(src, p.template, { ...data, title: escapeMyst(p.title) }));
    living(plan, lock, ctx.force, indexRel, indexTpl, () => render(src, indexTpl, { ...data, pages: pages[s.key] }), (text) =>
      pages[s.key].reduce((t, p) => addToctreeEntry(t, p.slug) ?? t, text),
    );
  }

  // 4. ADRs, per series: docpact's own gets its template and ADR-0001; an adopted series is continued as it is.
  for (const [i, sc] of seriesConfigs(config).entries()) planSeries(sc, i === 0);
  function planSeries(sc: DocpactConfig, main: boolean): void {
    const series = seriesOf(sc);
    const adr = series.dir;
    const files = listAdrFiles(ctx.root, sc);
    const onDisk = files.length;
    if (series.format === 'docpact' && main) {
      file(`${adr}/ADR-template.md`, 'docs/adr/ADR-template.md');
      const firstId = adrId(series.first, series.digits);
      const firstFile = fileName(series, series.first, slugify(FIRST_ADR));
      if (!files.length || plan.original(`${adr}/${firstFile}`) !== null || lock.has(`${adr}/${firstFile}`)) {
        file(`${adr}/${firstFile}`, 'docs/adr/ADR-0001.md', render(src, 'docs/adr/ADR-0001.md', { ...data, id: firstId, title: FIRST_ADR, deciders: data.roles }));
      }
      if (plan.read(`${adr}/${firstFile}`) !== null && !files.some((f) => f.file === firstFile)) files.unshift({ number: series.first, file: firstFile });
    }
    if (onDisk && !lock.has(series.index)) {
      const where = indexDocname(sc) === null ? 'outside the Sphinx source, so Sphinx does not build them' : 'built by Sphinx';
      found.push(`ADR series${series.name ? ` "${series.name}"` : ''}: ${adr} (${series.format}, ${series.pattern}, ${files.length} ADR${files.length === 1 ? '' : 's'}; ${where}) — docpact continues it; its index: ${series.index}.`);
    }
    living(plan, lock, ctx.force, series.index, 'docs/adr/index.md', () => render(src, 'docs/adr/index.md', { ...data, region: renderIndexRegion([], indexLayout(sc, (rel) => plan.read(rel))) }));
    if (plan.read(series.index) !== null) {
      const records = files.map((f) => toRecord(parseAdr(f.file, plan.read(`${adr}/${f.file}`) ?? '', series)));
      planIndex(plan, sc, records);
    }
  }

  // 5. Generated references and the chat coordination files.
  const generated = config.paths.generated;
  for (const [name, purpose] of Object.entries(PURPOSES[config.preset])) {
    file(`${generated}/${name}/README.md`, 'generated/README.md', render(src, 'generated/README.md', { name, purpose }));
  }
  file(`${config.paths.prompts}/AGENTS.md`, 'agents/AGENTS.md');
  file(`${config.paths.chats}/.gitkeep`, 'agents/gitkeep', '');

  // 6. Where GitHub and CI will look.
  const branch = config.ci.branch ?? findBranch(ctx.root);
  if (branch && branch !== 'main') found.push(`Default branch: ${branch} — the governance workflow runs on pushes to it (ci.branch in docpact.yaml).`);
  if (ctx.base) {
    found.push(`Git root: ${ctx.root.dir} — ${ctx.base} is a folder of this git repository, so docpact governs the repository from there (docpact.yaml, ${gh}/, .docpact/) and keeps ${ctx.base}'s docs, ADRs and agents in ${ctx.base}. --here makes ${ctx.base} a root of its own.`);
  } else {
    const gitRoot = findGitRoot(ctx.root.dir);
    if (gitRoot && gitRoot !== ctx.root.dir) {
      found.push(`Git root: ${gitRoot} — GitHub reads issue forms, the PR template and workflows only from .github there; move ${gh}/ to the git root after init, or run init there.`);
    }
  }
  if (!found.length) plan.result.found = undefined;

  plan.result.root = ctx.root.dir;
  plan.result.project = config.project;
}

/** A file init owns outright: compare with the lock to tell docpact's output from the user's. */
function planTemplateFile(plan: PlanBuilder, lock: Lock, force: boolean, rel: string, template: string, content: string, living = false): void {
  const cur = plan.original(rel);
  const entry = lock.get(rel);
  const op = { path: rel, template, ...(living ? { living } : {}) };
  if (cur === null) {
    if (entry && !force) plan.put({ ...op, kind: 'skip', before: null, after: content, reason: 'deleted since docpact wrote it; --force restores it' });
    else plan.put({ ...op, kind: 'create', before: null, after: content });
  } else if (lf(cur) === content) {
    plan.put({ ...op, kind: 'unchanged', before: cur, after: cur });
  } else if (entry && contentHash(cur) === entry.sha256) {
    // Written by docpact (perhaps by a later command, e.g. a supersede): keep it.
    plan.put({ ...op, kind: 'unchanged', before: cur, after: cur, template: entry.template });
  } else {
    // --force restores docpact's own files; a file docpact never wrote is the team's, and stays.
    if (entry) plan.put({ ...op, kind: 'conflict', before: cur, after: content, reason: 'edited since docpact wrote it; kept' });
    else plan.put({ ...op, kind: 'skip', before: cur, after: content, reason: 'exists, not written by docpact; kept', foreign: true });
  }
}

/** A page other commands keep editing: created once, then only updated in place. */
function living(plan: PlanBuilder, lock: Lock, force: boolean, rel: string, template: string, create: () => string, update?: (text: string) => string): void {
  const cur = plan.original(rel);
  if (cur === null) return planTemplateFile(plan, lock, force, rel, template, create(), true);
  plan.put({ path: rel, kind: 'modify', before: cur, after: update ? update(cur) : cur, template: lock.get(rel)?.template ?? template, living: true });
}

const lf = (t: string) => t.replace(/\r\n/g, '\n');

/**
 * Join the project's own Sphinx tree: docpact's sections go into the root
 * toctree, and MyST is enabled by a minimal, verified conf.py edit — or init
 * stops with the lines to add, having written nothing.
 */
function joinSphinx(ctx: GenContext, plan: PlanBuilder, config: DocpactConfig, found: string[]): void {
  const docs = config.paths.docs;
  const sphinx = findSphinx(ctx.root, [docs]) as FoundSphinx;
  const conf = plan.original(sphinx.conf) as string;
  const steps: string[] = [];
  let edited = conf;
  if (!mystEnabled(conf)) {
    const edit = enableMyst(conf);
    if (edit.text === null) {
      throw new DocpactError('config', `${sphinx.conf} does not enable MyST, and docpact will not rewrite a conf.py it did not write. Add these lines to it, then run "docpact init" again:`, edit.manual.map((l) => `  ${l}`));
    }
    edited = edit.text;
    steps.push('enables MyST in conf.py');
  }
  // The ADR relation graph needs sphinx.ext.graphviz: the same minimal, verified edit, but optional —
  // without it the index simply has no graph.
  if (!graphvizEnabled(edited)) {
    const edit = enableExtension(edited, 'sphinx.ext.graphviz');
    if (edit !== null && graphvizEnabled(edit)) {
      edited = edit;
      steps.push('enables sphinx.ext.graphviz (the ADR relation graph) in conf.py');
    } else found.push(`ADR relation graph: left out of the ADR index — docpact could not add sphinx.ext.graphviz to ${sphinx.conf} safely. Add extensions.append("sphinx.ext.graphviz") to it (and install Graphviz), then run "docpact check --fix".`);
  }
  if (edited !== conf) plan.put({ path: sphinx.conf, kind: 'modify', before: conf, after: edited, reason: steps.length > 1 ? 'enable MyST and sphinx.ext.graphviz' : steps[0].startsWith('enables MyST') ? 'enable MyST: add myst_parser' : 'enable sphinx.ext.graphviz' });
  const root = plan.original(sphinx.rootFile);
  const entries = ['guides/index', ...SECTIONS.map((s) => `${s.dir}/index`), ...(indexDocname(config) ? [indexDocname(config) as string] : []), 'contributing', 'glossary'];
  if (root === null) {
    throw new DocpactError('config', `${sphinx.conf} names the root document ${sphinx.rootFile}, which does not exist. Create it, then run "docpact init" again.`);
  }
  const next = addRootEntries(root, sphinx.rootFile, entries);
  if (next !== root) {
    plan.put({ path: sphinx.rootFile, kind: 'modify', before: root, after: next, reason: "add docpact's sections to the root toctree" });
    steps.push(`adds its sections to the toctree of ${sphinx.rootFile}`);
  }
  found.push(`Sphinx project: ${sphinx.conf} (root ${sphinx.rootFile}${sphinx.myst ? ', MyST on' : ', no MyST'}) — docpact joins it${steps.length ? ` and ${steps.join(' and ')}` : ''}.`);
}
