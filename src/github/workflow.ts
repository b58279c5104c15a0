/**
 * The governance workflow (`.github/workflows/governance.yml`) and the docs
 * requirements it installs, as data in one place: which triggers, how the
 * job gets docpact, and the docs build its docs engine runs (src/docs/engines/).
 * Other commands extend `workflowData` rather than editing YAML text.
 */
import { gitSync } from '../git/run.js';
import { isBranchName, type DocpactConfig } from '../config/schema.js';
import { arg, engineOf, requirementsPath } from '../docs/engines/index.js';
import { writeYaml } from '../text/yaml.js';
import { shellWord } from '../text/quote.js';
import { labelsPath } from './labels.js';

/** How the repository has docpact, detected by init from its package.json. */
export interface DocpactSource {
  /** package.json lists docpact in dependencies or devDependencies. */
  local: boolean;
  /** A package-lock.json or npm-shrinkwrap.json exists, so `npm ci` can install exactly. */
  lockfile: boolean;
}

/**
 * Read from the repository's package.json (untrusted: anything unparsable
 * means "not listed") and whether an npm lock file exists.
 */
export function docpactSource(packageJson: string | null, exists: (rel: string) => boolean): DocpactSource {
  let pkg: unknown;
  try {
    pkg = packageJson === null ? null : JSON.parse(packageJson);
  } catch {
    pkg = null;
  }
  const lists = (key: string) => {
    const deps = (pkg as Record<string, unknown> | null)?.[key];
    return typeof deps === 'object' && deps !== null && Object.hasOwn(deps, 'docpact');
  };
  return { local: lists('dependencies') || lists('devDependencies'), lockfile: exists('package-lock.json') || exists('npm-shrinkwrap.json') };
}

/**
 * The repository's default branch: origin's HEAD, else git's
 * init.defaultBranch, else the current branch, else "main". Read-only git
 * plumbing (no hooks, no index), and any failure falls through.
 */
export function defaultBranch(dir: string): string {
  const git = (...args: string[]) => {
    const r = gitSync(['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    return r.status === 0 ? String(r.stdout).trim() : '';
  };
  const candidates = [git('symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD').replace(/^origin\//, ''), git('config', '--get', 'init.defaultBranch'), git('symbolic-ref', '-q', '--short', 'HEAD')];
  return candidates.find((b) => b && isBranchName(b)) ?? 'main';
}

/** `docpact@^<major>.<minor>`: what a repository gets when it names no install spec. */
export const defaultSpec = (version: string) => `docpact@^${version.split('.').slice(0, 2).join('.')}`;

/**
 * Whether docpact is on the npm registry. Not yet: set this to true in the
 * release that publishes it, and the registry spec needs no warning.
 */
export const ON_NPM = false;

/**
 * The install spec names docpact on the npm registry (package.json does not
 * list it, and the spec is no tarball or git URL) while docpact is not
 * published there: whatever the registry holds under that name is not docpact.
 */
const unpublished = (spec: string, source: DocpactSource) => !ON_NPM && !source.local && /^docpact(@|$)/.test(spec);

/**
 * What to tell the user when the workflow installs docpact from the registry
 * (package.json does not list it, and ci.docpact is a registry spec), while
 * docpact is not published there: the check job would fail on the first push.
 */
export function registryWarning(c: DocpactConfig, source: DocpactSource, version: string): string | undefined {
  const spec = c.ci.docpact ?? defaultSpec(version);
  if (!unpublished(spec, source)) return undefined;
  return (
    `the governance workflow installs ${spec} from the npm registry, where docpact is not published yet, so its check job fails until it is. ` +
    `Either install docpact from a tarball inside the repository (mkdir -p vendor && cp path/to/docpact-${version}.tgz vendor/ && ` +
    `npm install --save-dev ./vendor/docpact-${version}.tgz, commit vendor/ and the lock file, then run docpact sync: the workflow then runs npm ci), ` +
    'or name a tarball or git URL CI can reach: docpact init --ci-docpact <url>.'
  );
}

/** The Python the docs job sets up (the docs builds were tested on Debian 12's 3.11). */
export const DOCS_PYTHON = '3.11';

const sh = (...words: string[]) => words.map(shellWord).join(' ');

/** A branch name as an Actions filter pattern: *, ?, +, [, ], \ and a leading ! are pattern syntax, so escape them. */
export const branchPattern = (branch: string) => branch.replace(/[*?+[\]\\]|^!/g, '\\$&');

/**
 * The labels job's script: `gh label create NAME --color C --description D
 * --force` for each entry of labels.yml (ARGV[0]), stopping at the first
 * failure. An entry without a colour (labels.own, or one added by hand) is
 * the team's label: created (grey) only when the repository lacks it (by
 * name in any case, as GitHub compares them), never changed, so the team's
 * colour and description stay. Each field is taken as the text labels.yml
 * holds (Psych's parse tree, not its values): YAML 1.1 would make a name
 * written by hand as `on`, `yes`, `0123`, `1e3` or `null` true, 83, 1000.0
 * or nil.
 */
export const LABELS_SCRIPT =
  'have = IO.popen(%w[gh label list --limit 100000 --json name --jq .[].name], &:read).lines.map { |x| x.chomp.downcase }; raise "gh label list failed" unless $?.success?; ' +
  'd = YAML.parse_file(ARGV[0]); r = d && d.root; ' +
  '(r.is_a?(Psych::Nodes::Sequence) ? r.children : []).each { |m| next unless m.is_a?(Psych::Nodes::Mapping); ' +
  'l = m.children.each_slice(2).to_h { |k, v| [k.respond_to?(:value) ? k.value : nil, v.respond_to?(:value) ? v.value : nil] }; n = l.fetch("name").to_s; c = l["color"].to_s; next if c.empty? && have.include?(n.downcase); system("gh", "label", "create", n, "--color", c.empty? ? "ededed" : c, "--description", l.fetch("description", "").to_s, "--force", exception: true) }';

/** The steps that make `docpact` runnable, and the command that runs it. */
export function getDocpact(c: DocpactConfig, source: DocpactSource, version: string): { steps: object[]; run: (...args: string[]) => string } {
  if (source.local) {
    return {
      steps: [{ name: 'Install dependencies', run: source.lockfile ? 'npm ci' : 'npm install --no-audit --no-fund' }],
      run: (...args) => sh('./node_modules/.bin/docpact', ...args),
    };
  }
  const spec = c.ci.docpact ?? defaultSpec(version);
  return { steps: [], run: (...args) => sh('npx', '--yes', `--package=${spec}`, '--', 'docpact', ...args) };
}

/** The workflow as data. */
export function workflowData(c: DocpactConfig, source: DocpactSource, version: string) {
  const docpact = getDocpact(c, source, version);
  // Fresh objects for each job: a shared one would be written as a YAML anchor and alias.
  const setup = () => [{ uses: 'actions/setup-node@v7', with: { 'node-version': '26' } }, ...structuredClone(docpact.steps)];
  // Declared generators are checked beside the docs build: their outputs must be what they write now (run in a scratch copy).
  const build = engineOf(c).build(c);
  const generated = c.generated?.length ? [...setup(), { name: 'Generated references match their generators', run: docpact.run('generate', '--check') }] : [];
  return {
    name: 'governance',
    on: { pull_request: null, push: { branches: [branchPattern(c.ci.branch ?? 'main')] } },
    permissions: { contents: 'read' },
    jobs: {
      check: {
        'runs-on': 'ubuntu-latest',
        steps: [
          // Full history: on pull requests, check --base reads the merge base with the target branch through git.
          { uses: 'actions/checkout@v7', with: { 'fetch-depth': 0 } },
          ...setup(),
          { name: 'docpact check', if: "github.event_name != 'pull_request'", run: docpact.run('check') },
          {
            name: 'docpact check against the target branch',
            if: "github.event_name == 'pull_request'",
            // The branch name reaches the shell as data (an environment variable), never as script text.
            env: { BASE_REF: '${{ github.base_ref }}' },
            run: `${docpact.run('check', '--base')} "origin/$BASE_REF"`,
          },
        ],
      },
      docs: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v7' },
          { uses: 'actions/setup-python@v7', with: { 'python-version': DOCS_PYTHON } },
          // The docs engine's own steps: install the tested versions, check declared generators, build with warnings as errors.
          ...build.install,
          ...generated,
          ...build.steps,
        ],
      },
      // The merge criteria of the pull request: the diff against the target branch and the PR's body, read from the event file.
      gate: {
        if: "github.event_name == 'pull_request'",
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v7', with: { 'fetch-depth': 0 } },
          ...setup(),
          {
            name: 'docpact gate (merge criteria)',
            // The branch name and the event file reach the shell as data; the PR's title and body are read from the file, never placed in the script.
            env: { BASE_REF: '${{ github.base_ref }}' },
            run: `${docpact.run('gate', '--base')} "origin/$BASE_REF" --event "$GITHUB_EVENT_PATH"`,
          },
        ],
      },
      // GitHub drops a label a form applies when the repository lacks it: create or update docpact's labels, and create
      // the team's (no colour in labels.yml) where missing; labels.yml read with Ruby's Psych, which the runner image ships.
      labels: {
        if: "github.event_name == 'push'",
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', issues: 'write' },
        steps: [
          { uses: 'actions/checkout@v7' },
          {
            name: `Create or update the labels of ${labelsPath(c)}`,
            env: { GH_TOKEN: '${{ github.token }}', GH_REPO: '${{ github.repository }}' },
            run: `ruby -ryaml -e ${shellWord(LABELS_SCRIPT)} ${arg(labelsPath(c))}`,
          },
        ],
      },
    },
  };
}

export function governanceWorkflow(c: DocpactConfig, source: DocpactSource, version: string): string {
  const header = '# Written by docpact. Runs the repository checks and the strict docs build on every change, the merge criteria on pull requests, and keeps the labels.\n';
  return header + writeYaml(workflowData(c, source, version));
}

/**
 * Read the Docs' configuration (`.readthedocs.yaml`): the docs job's build
 * as Read the Docs runs it — the same Python, the tested requirements,
 * Graphviz from the build image's packages, warnings as errors.
 */
export function readTheDocsData(c: DocpactConfig, conf: string) {
  return {
    version: 2,
    build: { os: 'ubuntu-24.04', tools: { python: DOCS_PYTHON }, apt_packages: ['graphviz'] },
    sphinx: { configuration: conf, fail_on_warning: true },
    python: { install: [{ requirements: requirementsPath(c) }] },
  };
}

/** `.readthedocs.yaml` for a Sphinx site whose configuration is `conf` (conf.py's path). */
export function readTheDocs(c: DocpactConfig, conf: string): string {
  return `# Written by docpact: how Read the Docs builds these docs (https://docs.readthedocs.io/en/stable/config-file/v2.html).\n${writeYaml(readTheDocsData(c, conf))}`;
}

/** The names Read the Docs reads its configuration from: a project with one of them keeps its own. */
export const READTHEDOCS_FILES = ['.readthedocs.yaml', '.readthedocs.yml', 'readthedocs.yaml', 'readthedocs.yml'];

/**
 * How an MCP host (Claude Code's project-scoped .mcp.json) starts docpact's
 * server, found the way the workflow finds docpact: the repository's own
 * install through npx (which runs the local bin, never downloading), else the
 * install spec CI uses. The role is the implementing one: the agent is the
 * engineer of the workflow.
 */
export function mcpServer(c: DocpactConfig, source: DocpactSource, version: string): { command: string; args: string[] } {
  const serve = ['docpact', 'mcp', '--as', c.roles[1]];
  const spec = c.ci.docpact ?? defaultSpec(version);
  // An agent host starts the server unattended: it must never fetch a registry name docpact does not own yet.
  if (source.local || unpublished(spec, source)) return { command: 'npx', args: ['--no-install', ...serve] };
  return { command: 'npx', args: ['--yes', `--package=${spec}`, '--', ...serve] };
}

/**
 * What to tell the user when .mcp.json cannot name the registry (docpact is
 * not published there): its entry runs an installed docpact only, so the
 * agent host needs one installed where it runs.
 */
export function mcpWarning(c: DocpactConfig, source: DocpactSource, version: string): string | undefined {
  const spec = c.ci.docpact ?? defaultSpec(version);
  if (!unpublished(spec, source)) return undefined;
  return (
    `.mcp.json starts docpact's MCP server with "npx --no-install docpact", which runs the docpact installed in the repository's node_modules or globally, and never fetches ${spec} from the npm registry, where docpact is not published yet (whatever is published under that name would run in your agent host). ` +
    `Install docpact where the agent host runs (npm install -g path/to/docpact-${version}.tgz, or as a devDependency as above), or give a tarball or git URL: docpact init --ci-docpact <url>.`
  );
}
