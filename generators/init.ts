/**
 * `docpact init [dir]`: bootstrap a docs-governed repository, or, on a
 * re-run, take new answers into docpact.yaml and then do what `docpact sync`
 * does (src/sync/): every generated file follows the configuration, files
 * the user edited are merged, files the user deleted stay deleted, files
 * docpact did not write are never replaced.
 *
 * A first init adopts what the repository has (src/adopt/): its Sphinx
 * project (joined here, before the sync plan), its ADR series, forms and PR
 * template (left to the project by the tree, src/sync/tree.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { CONFIG_FILE, parseConfig, renderConfig, validateConfig } from '../src/config/load.js';
import { LABEL_PART, PRESETS, PRESET_NAMES, REL_DIR_MESSAGE, isBranchName, isInstallSpec, isPackageDir, underPackage, type DocpactConfig, type PresetName } from '../src/config/schema.js';
import { DocpactError } from '../src/errors.js';
import type { Answers, GenContext, Generator } from '../src/core/generator.js';
import { BASE_DIR, LOCK_PATH, basePath, parseLock } from '../src/core/lockfile.js';
import { ignoredByGit } from '../src/git/run.js';
import { BASELINE_PATH } from '../src/check/suppress.js';
import { PlanBuilder } from '../src/core/plan.js';
import { adrId, seriesConfigs, seriesOf } from '../src/adr/series.js';
import { findForeignSeries, gitlabSigns, jekyllSourceOf } from '../src/adopt/detect.js';
import { findUnadopted } from '../src/adopt/unadopted.js';
import { adoptedDefaults, hasOwnDocs, rootSeries } from '../src/adopt/defaults.js';
import { findGitRoot } from '../src/adopt/target.js';
import { engineOf, siteIndexDocname, type NavSection } from '../src/docs/engines/index.js';
import { extensionEnabled } from '../src/docs/engines/sphinx-conf.js';
import { READTHEDOCS_FILES, defaultBranch, defaultSpec, docpactSource, mcpWarning, registryWarning } from '../src/github/workflow.js';
import { STATE_DIR, readText } from '../src/io/fs.js';
import { DRIVER_CONFIG } from '../src/merge/files.js';
import { shellWord } from '../src/text/quote.js';
import { prepareSlug, singleLine, slugify } from '../src/text/slug.js';
import { editYaml, readYaml } from '../src/text/yaml.js';
import { planSync } from '../src/sync/plan.js';
import { SECTIONS, joinedDocs, prepareTree } from '../src/sync/tree.js';
import { VERSION } from '../src/version.js';

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
  description: 'Bootstrap a docs-governed repository: issue forms, PR template, docs (Sphinx, or the Sphinx or MkDocs site it has), ADRs, chat guide.',
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
  // The target folder, or the git root above a package (adopt/target.ts; loaded by init only, start-up matters).
  target: async (cwd, given) => (await import('../src/adopt/target.js')).initTarget(cwd, given.here === true),
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
      help: 'governed: the reference vocabulary and text; blank: neutral text, your vocabulary (default: governed; blank in a repository that already has docs or ADRs, or when you give any of --concepts --apps --use-cases --areas --invariants)',
      // Giving your own vocabulary means you do not want the reference's words around it.
      // So does a repository that already has docs or ADRs: the reference's world, ledger and storage planes are not its words.
      default: (ctx, a) => existingConfig(ctx)?.preset ?? (VOCABULARY.some((v) => a[v.key] !== undefined) || hasOwnDocs(ctx) ? 'blank' : 'governed'),
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
 * docpact.yaml with the answers: written whole for a new repository (what it
 * adopted, plus the answers); on a re-run, only the keys whose answer changed
 * are edited, in place, so the user's comments and layout survive.
 */
function settleConfig(ctx: GenContext, a: Answers, plan: PlanBuilder): DocpactConfig {
  const text = plan.original(CONFIG_FILE);
  if (text === null) {
    const base = validateConfig(adoptedDefaults(ctx));
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
    plan.put({ path: CONFIG_FILE, kind: 'create', before: null, after: renderConfig(config), template: 'docpact.yaml' });
    return config;
  }
  const ex = parseConfig(text);
  const edits: [string[], unknown][] = [];
  for (const key of ['project', 'preset', 'package'] as const) if (a[key] !== ex[key]) edits.push([[key], a[key]]);
  if (a.package !== ex.package) {
    // Chats and prompts follow the package unless docpact.yaml pinned them elsewhere.
    for (const k of ['chats', 'prompts'] as const) {
      if (ex.paths[k] === underPackage(ex.package, `agents/${k}`)) edits.push([['paths', k], underPackage(String(a.package), `agents/${k}`)]);
    }
  }
  for (const v of VOCABULARY) {
    const now = a[v.key] as string[];
    if (!isDeepStrictEqual(now, vocabularyOf(ex, v.key))) edits.push([v.key === 'areas' ? ['labels', 'areas'] : [v.key], now]);
  }
  if (a.ciDocpact !== ex.ci.docpact) edits.push([['ci', 'docpact'], a.ciDocpact]);
  if (a.ciBranch !== ex.ci.branch) edits.push([['ci', 'branch'], a.ciBranch]);
  if (!edits.length) return ex;
  const next = editYaml(text, edits);
  plan.write(CONFIG_FILE, next);
  plan.notes.push(`Updated ${CONFIG_FILE}: ${edits.map(([p]) => p.join('.')).join(', ')}.`);
  return parseConfig(next);
}

async function planInit(ctx: GenContext, a: Answers, plan: PlanBuilder): Promise<void> {
  // 1. The configuration: existing docpact.yaml + answers (a new one's commented examples name the apps' pages).
  for (const app of (a.apps as string[] | undefined) ?? []) await prepareSlug(app);
  const first = plan.original(CONFIG_FILE) === null;
  const config = settleConfig(ctx, a, plan);
  const found: string[] = [];
  // 2. Docs of the project's own are joined (conf.py and the root page, or mkdocs.yml, are its own).
  const joinedSite = joinedDocs({ root: ctx.root, read: (rel) => plan.original(rel) }, config, parseLock(plan.original(LOCK_PATH)));
  if (joinedSite) {
    await prepareTree(config); // the nav names each page, by its slug
    joinDocs(plan, config, found);
  }
  // 3. Everything it generates, exactly as `docpact sync` would.
  found.unshift(...(await planSync(ctx.root, config, plan, { force: ctx.force, date: ctx.date })));

  // A Jekyll site (GitHub Pages) around docpact's own docs tree would publish its pages as they are: said, with the exclude line.
  if (first && !joinedSite) jekyllWarning(ctx, config, plan);

  // Decision records in a markup docpact does not read (AsciiDoc, rST) are named, not silently passed over.
  if (first) {
    for (const f of findForeignSeries(ctx.root, ctx.base ?? '')) {
      const what = f.bare ? `${f.count} file${f.count === 1 ? '' : 's'} named by their number alone, 0001.md` : `${f.count} ${f.ext} file${f.count === 1 ? '' : 's'}`;
      const why = f.bare ? 'docpact reads ADRs named by a number and a title (0001-title.md)' : 'docpact reads Markdown ADRs only';
      found.push(`ADRs docpact does not read: ${f.dir} (${what}) — ${why}, so it neither lists nor checks these; its ADR series is ${config.paths.adr}${config.adr.first > Math.max(1, f.highest) ? `, numbered from ${adrId(config.adr.first, config.adr.digits)} on, after theirs` : ''}.`);
    }
  }
  // Numbered records that look like decisions but are no series docpact adopted (Y-statements; a decisions folder's
  // files with no Status or Decision section): one line each, which folder and why, rather than nothing.
  if (first) {
    const adopted = seriesConfigs(config).flatMap((sc) => {
      const s = seriesOf(sc);
      return [s.dir, ...s.folders.map((f) => `${s.dir}/${f}`)];
    });
    for (const u of findUnadopted(ctx.root, ctx.base ?? '', adopted)) {
      const why =
        u.kind === 'y-statements'
          ? 'they are Y-statements ("In the context of …, we decided for …"), which have no status for docpact to read, list or check'
          : 'they do not read as decision records (no Status, Decision or Considered Options section, no "# ADR 1" heading)';
      found.push(`Not adopted: ${u.dir} (${u.count} numbered Markdown files) — ${why}; docpact leaves them as they are, and its ADR series is ${config.paths.adr}.`);
    }
  }
  // An adopted series whose ADRs all carry front-matter keys (a nav script's `number:`): new ADRs get them, and docpact's
  // index page beside them lacks them, so a script that reads every .md file there as an ADR stumbles on it: said.
  if (first) {
    for (const sc of seriesConfigs(config)) {
      const s = seriesOf(sc);
      if (!s.frontMatter?.length || s.ownIndex || path.posix.dirname(s.index) !== s.dir) continue;
      plan.warnings.push(`${s.index} is docpact's index page among the ADRs of ${s.dir}, which all carry the front-matter keys ${s.frontMatter.join(', ')} (new ADRs get them too); the index page has none of them, so tooling that reads every .md file there as an ADR must skip it (or set adr.index to a page elsewhere in ${CONFIG_FILE}).`);
    }
  }
  // A package of a monorepo joins the repository's series: said, since its own folder then gets no ADRs.
  const joined = first ? rootSeries(ctx) : null;
  if (joined && ctx.base) {
    const why = joined.source === 'content' ? 'found at the git root' : `named by ${joined.source} at the git root`;
    found.push(`ADRs of the repository: ${joined.dir} (${why}) — ${ctx.base} has none of its own, so its decisions join that series (paths.adr); docpact starts no second series in ${ctx.base}.`);
  }
  // 4. Where GitHub and CI will look.
  const gh = config.paths.github;
  const branch = config.ci.branch;
  if (branch && branch !== 'main') found.push(`Default branch: ${branch} — the governance workflow runs on pushes to it (ci.branch in docpact.yaml).`);
  if (ctx.base) {
    found.push(`Git root: ${ctx.root.dir} — ${ctx.base} is a folder of this git repository, so docpact governs the repository from there (docpact.yaml, ${gh}/, .docpact/) and keeps ${ctx.base}'s ${joined ? 'docs' : 'docs, ADRs'} and agents in ${ctx.base}. --here makes ${ctx.base} a root of its own.`);
  } else {
    const gitRoot = findGitRoot(ctx.root.dir);
    if (gitRoot && gitRoot !== ctx.root.dir) {
      found.push(`Git root: ${gitRoot} — GitHub reads issue forms, the PR template and workflows only from .github there; move ${gh}/ to the git root after init, or run init there.`);
    }
  }
  // A GitLab project gets the GitHub files all the same (the gate is the same check): said, with the way to leave them out.
  const gitlab = first ? gitlabSigns(ctx.root, gh) : [];
  if (gitlab.length) {
    plan.warnings.push(
      `This looks like a GitLab project (${gitlab.join(', ')}): init added GitHub's issue forms, pull request template, labels and governance workflow under ${gh}/, which GitLab does not read. To leave them out, delete them (rm -r ${shellWord(gh)}): sync keeps a file you deleted deleted (--force restores it). For the same gate on GitLab, run docpact check in a .gitlab-ci.yml job.`,
    );
  }
  // CI gets docpact from the registry only once it is published there; until then .mcp.json, which an agent host
  // starts unattended, runs an installed docpact only, and init says so for both.
  const source = docpactSource(plan.original('package.json'), (rel) => plan.original(rel) !== null);
  for (const warning of [registryWarning(config, source, VERSION), mcpWarning(config, source, VERSION)]) if (warning) plan.warnings.push(warning);
  if (found.length) plan.result.found = found;
  plan.result.root = ctx.root.dir;
  plan.result.project = config.project;
  // 5. A first init says what comes next (a re-run has nothing new to say).
  if (first) nextSteps(plan, config);
  // 6. A first init accepts the problems the repository already had (a dead link in an old ADR) into the baseline, as
  //    "docpact check --update-baseline" would: check passes on day one, and the baseline names every one of them.
  if (first && plan.original(BASELINE_PATH) === null) await acceptExisting(ctx, config, plan);
}

/**
 * GitHub Pages builds a folder with a Jekyll `_config.yml` (docs/, say) and
 * publishes every Markdown page in it but folders starting with "_" or ".":
 * docpact's Sphinx pages there would go online as they are, their MyST
 * directives shown as text. Init names them and the exclude line to add;
 * the project's _config.yml is not edited.
 */
function jekyllWarning(ctx: GenContext, config: DocpactConfig, plan: PlanBuilder): void {
  const site = jekyllSourceOf(ctx.root, config.paths.docs);
  if (site === null) return;
  const under = (p: string) => (site ? (p.startsWith(`${site}/`) ? p.slice(site.length + 1) : null) : p);
  const tops = new Set<string>();
  for (const op of plan.build().ops) {
    const rel = op.kind === 'create' && op.path.endsWith('.md') ? under(op.path) : null;
    const top = rel?.split('/')[0];
    if (top && !/^[_.]/.test(top)) tops.add(top);
  }
  if (!tops.size) return;
  const cfg = site ? `${site}/_config.yml` : '_config.yml';
  const list = [...tops].sort().join(', ');
  plan.warnings.push(`${cfg} makes ${site || 'the repository'} a Jekyll site (GitHub Pages), which publishes every Markdown page in it: docpact's pages in ${list} would be published as they are (MyST directives shown as text). ${/^exclude:/m.test(readText(ctx.root, cfg) ?? '') ? `Add ${list} to the exclude: list of ${cfg}` : `Add to ${cfg}:  exclude: [${list}]`}  (docpact does not edit it), or build docpact's docs elsewhere (paths.docs).`);
}

/**
 * The steps after a first init: commit exactly what it wrote (its top-level
 * files and folders, and .docpact where the lock goes), check, register the
 * merge driver, then the first ADR and the first thread.
 */
function nextSteps(plan: PlanBuilder, config: DocpactConfig): void {
  const written = plan.build().ops.filter((op) => op.kind === 'create' || op.kind === 'modify').map((op) => op.path);
  const tops = new Set([...written.map((p) => p.split('/')[0]), STATE_DIR]);
  // A .gitignore that leaves out what init wrote (a whitelist ignoring "*"): git add refuses those by name and skips them in
  // folders, and a clone without docpact.yaml or the lock is not governed. They are added with -f, and init says which.
  // The merge bases are written with the plan: asked by their names, and added as their folder (it holds nothing else).
  const hits = ignoredByGit(plan.root.dir, [...new Set([...written, LOCK_PATH, ...written.map(basePath)])]);
  const ignored = [...new Set(hits.map((p) => (p.startsWith(`${BASE_DIR}/`) ? BASE_DIR : p)))];
  if (ignored.length) {
    plan.warnings.push(`The repository's .gitignore ignores ${ignored.length} file${ignored.length === 1 ? '' : 's'} init wrote, which git add leaves out (and CI cannot check a clone without docpact.yaml): ${ignored.join(', ')}. The commit step below adds them with -f; or un-ignore them in .gitignore.`);
  }
  const force = ignored.length ? `git add -f ${ignored.map(shellWord).join(' ')} && ` : '';
  const steps = [
    `${force}git add ${[...tops].map(shellWord).join(' ')} && git commit -m "Govern this repository with docpact"`,
    'docpact check   # what CI and the git hooks run; fix what it reports',
    `${DRIVER_CONFIG}   # once per clone: merges do not stop on derived files`,
    'docpact adr new "<title>"   # record a decision (the next number)',
    `docpact chat new <slug> --title "<question>"   # open a thread: the ${config.roles[0]} asks, the ${config.roles[1]} replies`,
  ];
  plan.result.nextSteps = steps.map((s) => s.replace(/\s+#.*$/, ''));
  plan.notes.push('', 'Next steps:', ...steps.map((s, i) => `  ${i + 1}. ${s}`));
}

/** After init is applied: check the repository as it now is, and write what fails into the baseline (init says so). */
async function acceptExisting(ctx: GenContext, config: DocpactConfig, plan: PlanBuilder): Promise<void> {
  const [{ cachedReader, runCheck }, { prepareSyncCheck }, { failing }, { renderBaseline }, { applyPlan }] = await Promise.all([
    import('../src/check/index.js'),
    import('../src/check/rules/sync.js'),
    import('../src/check/problem.js'),
    import('../src/check/suppress.js'),
    import('../src/core/apply.js'),
  ]);
  await prepareSyncCheck(config);
  plan.afterApply.push(() => {
    // As check reads it: a file it may not read is a problem to report later, not the end of init.
    const refused = new Map<string, string>();
    const root = { dir: ctx.root.dir, refused: (rel: string, message: string) => void refused.set(rel, message.replace(/^Refusing to read \S+: /, '')) };
    const accepted = runCheck({ root, config, read: cachedReader(root) }, { baseline: false }).problems.filter(failing);
    // What no baseline accepts (repo/unsafe-path) makes check fail from day one: said here, each with what to do.
    for (const [rel, why] of refused) {
      plan.warnings.push(`${rel}: docpact does not read this file (${why.replace(/\.$/, '')}); check reports it as repo/unsafe-path, which no baseline accepts, so check fails until you remove it or make it a file (or a link) inside the repository.`);
    }
    if (!accepted.length) return;
    const write = new PlanBuilder(ctx.root);
    write.write(BASELINE_PATH, renderBaseline(accepted));
    applyPlan(ctx.root, write.build(), {});
    const byRule = new Map<string, number>();
    for (const p of accepted) byRule.set(p.rule, (byRule.get(p.rule) ?? 0) + 1);
    const rules = [...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ');
    // Said before the next steps, whose "docpact check" it makes pass.
    const next = plan.notes.indexOf('Next steps:');
    plan.notes.splice(next === -1 ? plan.notes.length : next - 1, 0,
      `Baseline: ${accepted.length} problem${accepted.length === 1 ? '' : 's'} the repository already had ${accepted.length === 1 ? 'is' : 'are'} accepted in ${BASELINE_PATH} (${rules}), so docpact check passes; ` +
        'the file names each one. Fix them at your pace: "docpact check --update-baseline" drops the ones that are gone.',
    );
  });
}

/** The project's own Read the Docs configuration when its build installs no Graphviz (build.apt_packages), else null. */
function rtdWithoutGraphviz(read: (rel: string) => string | null): string | null {
  const file = READTHEDOCS_FILES.find((f) => read(f) !== null);
  if (!file) return null;
  let data: unknown;
  try {
    data = readYaml(read(file) as string, file);
  } catch {
    return null; // Read the Docs reports its own unreadable configuration.
  }
  const apt = (data as { build?: { apt_packages?: unknown } } | null)?.build?.apt_packages;
  return Array.isArray(apt) && apt.some((p) => String(p).trim() === 'graphviz') ? null : file;
}

/**
 * Join the project's own docs: its engine's minimal, verified edits (conf.py
 * and the root toctree; mkdocs.yml's nav) — or init stops with the lines to
 * change, having written nothing.
 */
function joinDocs(plan: PlanBuilder, config: DocpactConfig, found: string[]): void {
  const read = (rel: string) => plan.original(rel);
  const engine = engineOf(config, read);
  // An ADR index the site does not build (outside the source, or left out by exclude_patterns) gets no toctree entry.
  const adr = siteIndexDocname(config, read);
  const sections: NavSection[] = [
    { title: 'Guides', doc: 'guides/index', pages: ['guides/getting-started'] },
    ...SECTIONS.map((s) => ({ title: s.title, doc: `${s.dir}/index`, pages: config[s.key].map((t) => `${s.dir}/${slugify(t)}`) })),
    ...(adr ? [{ title: 'Architecture decisions', doc: adr }] : []),
    // The change workflow: listed under a title of its own where the site has a Contributing page already.
    { title: 'Contributing', doc: 'contributing', alt: 'Change workflow' },
    { title: 'Glossary', doc: 'glossary' },
  ];
  const join = engine.join(config, read, sections);
  for (const e of join.edits) plan.put({ path: e.path, kind: 'modify', before: e.before, after: e.after, reason: e.reason });
  found.push(...join.found);
  plan.warnings.push(...(join.warnings ?? []));
  // The project's own Read the Docs build must have Graphviz once conf.py draws the ADR graph with it.
  if (join.edits.some((e) => extensionEnabled(e.after, 'sphinx.ext.graphviz') && !extensionEnabled(e.before, 'sphinx.ext.graphviz'))) {
    const missing = rtdWithoutGraphviz(read);
    if (missing) {
      plan.warnings.push(
        `Read the Docs: ${missing} installs no Graphviz, and init enables sphinx.ext.graphviz (the ADR relation graph), so Read the Docs cannot draw the graph ("dot command 'dot' cannot be run", an error with fail_on_warning). ` +
          `Add under its build: (which needs os:) the line   apt_packages: [graphviz]`,
      );
    }
  }
}
