// The governance workflow init writes: GitHub's own workflow parser and
// actionlint accept it, it gets docpact the way the repository has it, its
// push trigger follows the default branch, and its shell lines mean what
// they say. The docs job installs docs/requirements.txt, which admits the
// Sphinx that the docs-build tests use.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { workflowProblems } from './consumers.js';
import { DATE, initRepo, mkdocsBin, read, run, snapshot, sphinxBuild, tempRepo, write } from './helpers.js';

const WORKFLOW = '.github/workflows/governance.yml';

function init(dir: string, args: string[] = []) {
  const r = run(dir, ['init', '--yes', '--date', DATE, ...args]);
  expect(r.code, r.stderr).toBe(0);
  const text = read(dir, WORKFLOW);
  return { text, wf: parse(text), config: parse(read(dir, 'docpact.yaml')) };
}

const steps = (wf: any, job: string): { name?: string; run?: string; uses?: string }[] => wf.jobs[job].steps;
const runLine = (wf: any, job: string, name: string) => steps(wf, job).find((s) => s.name === name)?.run as string;

/** The words a POSIX shell makes of a command line (bash parses it; nothing runs). */
function argv(line: string): string[] {
  return execFileSync('bash', ['-c', `set -- ${line}; printf '%s\\0' "$@"`], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('the governance workflow', () => {
  it('passes GitHub’s workflow parser and actionlint, and fetches docpact by the default spec on the current branch', async () => {
    const dir = tempRepo();
    execFileSync('git', ['-C', dir, 'symbolic-ref', 'HEAD', 'refs/heads/trunk']);
    const { text, wf, config } = init(dir);
    expect(await workflowProblems(text)).toEqual([]);
    expect(config.ci).toEqual({ docpact: expect.stringMatching(/^docpact@\^\d+\.\d+$/), branch: 'trunk' });
    expect(wf.on).toEqual({ pull_request: null, push: { branches: ['trunk'] } });
    expect(argv(runLine(wf, 'check', 'docpact check'))).toEqual(['npx', '--yes', `--package=${config.ci.docpact}`, '--', 'docpact', 'check']);
    // On pull requests: check --base against the target branch, with the full history it needs; the branch name is data.
    expect(steps(wf, 'check')[0]).toEqual({ uses: 'actions/checkout@v7', with: { 'fetch-depth': 0 } });
    const pr = steps(wf, 'check').find((s) => s.name === 'docpact check against the target branch') as Record<string, any>;
    expect(pr).toMatchObject({ if: "github.event_name == 'pull_request'", env: { BASE_REF: '${{ github.base_ref }}' } });
    expect(execFileSync('bash', ['-c', `set -- ${pr.run}; printf '%s\\0' "$@"`], { encoding: 'utf8', env: { ...process.env, BASE_REF: 'main; id' } }).split('\0').slice(0, -1)).toEqual(['npx', '--yes', `--package=${config.ci.docpact}`, '--', 'docpact', 'check', '--base', 'origin/main; id']);
    // The docs job installs the requirements init wrote, then builds strictly.
    expect(read(dir, 'docs/requirements.txt')).toMatch(/^sphinx>=5\.3,<5\.4$/m);
    expect(argv(runLine(wf, 'docs', 'Install Sphinx (tested versions)'))).toEqual(['pip', 'install', '-r', 'docs/requirements.txt']);
    expect(argv(runLine(wf, 'docs', 'Build docs (warnings are errors)'))).toEqual(['sphinx-build', '-W', '-b', 'html', 'docs/source', 'docs/_build/html']);
  });

  it('runs on the Node.js Active LTS with the current majors of the actions it uses (December 2026)', () => {
    const { wf } = init(tempRepo());
    const uses = Object.values(wf.jobs as Record<string, { steps: { uses?: string }[] }>).flatMap((j) => j.steps.map((s) => s.uses).filter(Boolean));
    // actions/checkout, setup-node and setup-python v7 (July 2026, node24 runtime); Node.js 26 is the Active LTS since
    // 2026-10-28 (Node 20 reached its end of life in April 2026).
    expect([...new Set(uses)].sort()).toEqual(['actions/checkout@v7', 'actions/setup-node@v7', 'actions/setup-python@v7']);
    expect(steps(wf, 'check').find((s) => s.uses === 'actions/setup-node@v7')).toEqual({ uses: 'actions/setup-node@v7', with: { 'node-version': '26' } });
  });

  it('is rejected by the linters when it is broken, so the check above can fail', async () => {
    const dir = tempRepo();
    const { text } = init(dir);
    const problems = await workflowProblems(text.replace('pull_request:', 'pull_reqest:').replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    bogus: 1'));
    expect(problems.join('\n')).toMatch(/parser: .*pull_reqest/);
    expect(problems.join('\n')).toMatch(/actionlint \d+: .*bogus/);
  });

  it('runs the local bin after npm ci when package.json lists docpact', async () => {
    const dir = tempRepo();
    write(dir, 'package.json', JSON.stringify({ name: 'x', devDependencies: { docpact: '^0.1.0' } }));
    write(dir, 'package-lock.json', '{}');
    const { text, wf } = init(dir);
    expect(await workflowProblems(text)).toEqual([]);
    expect(steps(wf, 'check').map((s) => s.run).filter(Boolean)).toEqual(['npm ci', './node_modules/.bin/docpact check', './node_modules/.bin/docpact check --base "origin/$BASE_REF"']);
    // Without a lock file, npm ci would fail: install instead.
    const bare = tempRepo();
    write(bare, 'package.json', JSON.stringify({ dependencies: { docpact: 'file:../docpact-0.1.0.tgz' } }));
    expect(init(bare).wf.jobs.check.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(['npm install --no-audit --no-fund', './node_modules/.bin/docpact check', './node_modules/.bin/docpact check --base "origin/$BASE_REF"']);
  });

  it('follows origin’s HEAD, then init.defaultBranch, and takes --ci-branch and --ci-docpact, quoted for the shell and the trigger filter', async () => {
    const dir = tempRepo();
    execFileSync('git', ['-C', dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop']);
    execFileSync('git', ['-C', dir, 'config', 'init.defaultBranch', 'stable']);
    expect(init(dir).config.ci.branch).toBe('develop');
    const other = tempRepo();
    execFileSync('git', ['-C', other, 'config', 'init.defaultBranch', 'stable']);
    expect(init(other).config.ci.branch).toBe('stable');

    const spec = "https://example.org/it's/docpact-0.2.0.tgz#sha=1&x=$HOME;`id`";
    const { text, wf, config } = init(tempRepo(), ['--ci-branch', '!release+1', `--ci-docpact=${spec}`]);
    expect(await workflowProblems(text)).toEqual([]);
    expect(config.ci).toEqual({ docpact: spec, branch: '!release+1' });
    // A leading "!" and "+" are filter-pattern syntax in Actions: escaped, the pattern matches the branch name itself.
    expect(wf.on.push.branches).toEqual(['\\!release\\+1']);
    expect(argv(runLine(wf, 'check', 'docpact check'))).toEqual(['npx', '--yes', `--package=${spec}`, '--', 'docpact', 'check']);
  });

  it('refuses a branch or install spec it cannot use, changing nothing', () => {
    const dir = tempRepo();
    const before = snapshot(dir);
    for (const [flag, value, message] of [
      ['--ci-branch', 'a..b', /is not a git branch name/],
      ['--ci-docpact', 'docpact @1', /is not an npm install spec/],
    ] as const) {
      const r = run(dir, ['init', '--yes', flag, value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('pins docs requirements that admit the Sphinx, MyST and docutils the docs-build tests use', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const dir = tempRepo();
    init(dir);
    expectAdmitted('sphinx-build', read(dir, 'docs/requirements.txt'), ['sphinx', 'myst-parser', 'docutils']);
  });

  it('pins, for an MkDocs site, the MkDocs the docs-build tests use', (ctx) => {
    if (!mkdocsBin()) return ctx.skip();
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Pins\n');
    write(dir, 'docs/index.md', '# Pins\n');
    init(dir);
    expectAdmitted('mkdocs', read(dir, 'docs-requirements.txt'), ['mkdocs']);
  });
});

const GATED = `
gates:
  - paths: ["src/storage/**"]
    require: adr
generated:
  - name: registry
    run: python3 scripts/export.py
    outputs: ["docs/_generated/registry/**"]
`;

describe('the workflow with gates and generators', () => {
  it('runs docpact gate on pull requests with the event file, generate --check in the docs job when generators are declared, and still passes both linters', async () => {
    const plain = initRepo();
    const before = parse(read(plain, WORKFLOW));
    expect(steps(before, 'docs').map((s) => s.run ?? '').join('\n')).not.toContain('generate');
    expect(before.jobs.gate.if).toBe("github.event_name == 'pull_request'");

    const dir = initRepo();
    write(dir, 'docpact.yaml', read(dir, 'docpact.yaml') + GATED);
    expect(run(dir, ['sync']).code).toBe(0);
    const text = read(dir, WORKFLOW);
    expect(await workflowProblems(text)).toEqual([]);
    // No YAML anchors or aliases: GitHub read none until 2025, and GitHub Enterprise Server may still not.
    expect(text).not.toMatch(/^[\s-]*[&*][\w-]+\s*$|: [&*][\w-]+/m);
    const wf = parse(text);
    const gate = wf.jobs.gate;
    expect(gate.steps[0]).toEqual({ uses: 'actions/checkout@v7', with: { 'fetch-depth': 0 } });
    const step = gate.steps.find((s: { name?: string }) => s.name === 'docpact gate (merge criteria)');
    // The branch name and the event path reach the shell as data; a PR's title or body never appears in the script.
    expect(step.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(text).not.toMatch(/github\.event\.pull_request\.(title|body)/);
    const words = execFileSync('bash', ['-c', `set -- ${step.run}; printf '%s\\0' "$@"`], { encoding: 'utf8', env: { ...process.env, BASE_REF: 'main; id', GITHUB_EVENT_PATH: '/tmp/event $(id).json' } }).split('\0').slice(0, -1);
    expect(words.slice(-5)).toEqual(['gate', '--base', 'origin/main; id', '--event', '/tmp/event $(id).json']);
    const docs = steps(wf, 'docs').map((s) => s.run ?? '');
    const generate = docs.findIndex((r) => /docpact generate --check$/.test(r));
    expect(generate).toBeGreaterThan(-1);
    expect(generate).toBeLessThan(docs.findIndex((r) => r.startsWith('sphinx-build')));
  });
});

describe('the Makefile', () => {
  it('is written when the repository has none: make docs checks generated files, then builds strictly; make check runs check', (ctx) => {
    const dir = initRepo();
    const make = spawnSync('make', ['-n', 'docs', 'check'], { cwd: dir, encoding: 'utf8' });
    if (make.error) {
      if (process.env.CI) throw new Error('make is required in CI (apt-get install make)');
      return ctx.skip();
    }
    expect(make.status, make.stderr).toBe(0);
    const [generate, build, check, ...rest] = make.stdout.trim().split('\n').map(argv);
    expect(rest).toEqual([]);
    expect(generate.slice(-3)).toEqual(['docpact', 'generate', '--check']);
    expect(build).toEqual(['sphinx-build', '-W', '-b', 'html', 'docs/source', 'docs/_build/html']);
    expect(check.slice(-2)).toEqual(['docpact', 'check']);
  });

  it('is never written over a Makefile of the project’s own', () => {
    const dir = tempRepo();
    write(dir, 'Makefile', 'all:\n\techo ours\n');
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'Makefile')).toBe('all:\n\techo ours\n');
    expect(run(dir, ['sync', '--force']).code).toBe(0);
    expect(read(dir, 'Makefile')).toBe('all:\n\techo ours\n');
  });
});

describe('docpact.yaml as init writes it', () => {
  it('carries commented gates and generators tied to the project’s apps and invariants, which parse once uncommented', () => {
    const dir = initRepo(['--apps', 'Billing API,Ledger', '--invariants', 'Money is integer cents,Orders are immutable']);
    const text = read(dir, 'docpact.yaml');
    expect(text).toMatch(/^# gates:$/m);
    expect(text).toContain('docs/source/apps/billing-api.md');
    expect(text).toContain('Money is integer cents');
    expect(text).toMatch(/^# generated:$/m);
    const block = (key: string) => {
      const lines = text.split('\n');
      const start = lines.indexOf(`# ${key}:`);
      const out = [];
      for (let i = start; i < lines.length && /^# ( |[a-z]+:$)/.test(lines[i]) && (i === start || lines[i].startsWith('#  ')); i++) out.push(lines[i].slice(2));
      return out.join('\n');
    };
    write(dir, 'docpact.yaml', `${text}\n${block('gates')}\n${block('generated')}\n`);
    const r = run(dir, ['check']);
    expect(r.stdout + r.stderr).not.toContain('config/schema');
    const config = parse(read(dir, 'docpact.yaml'));
    expect(config.gates.length).toBeGreaterThan(1);
    expect(config.gates).toEqual(expect.arrayContaining([expect.objectContaining({ require: 'adr' }), expect.objectContaining({ require: 'docs', docs: ['docs/source/apps/billing-api.md'] })]));
    expect(config.generated[0]).toMatchObject({ name: expect.any(String), run: expect.any(String), outputs: [expect.stringContaining('docs/_generated/')] });
  });
});

/** Every requirement (named `names`, in order) admits the version installed for the Python that runs `bin` (its #! line). */
function expectAdmitted(bin: string, requirements: string, names: string[]): void {
  const file = execFileSync('bash', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim();
  const python = fs.readFileSync(file, 'utf8').split('\n')[0].replace(/^#!\s*/, '').split(' ');
  const reqs = requirements.split('\n').filter((l) => l && !l.startsWith('#'));
  expect(reqs.map((r) => r.split(/[<>=]/)[0])).toEqual(names);
  for (const req of reqs) {
    const [name, ...specs] = req.split(/,|(?=[<>]=?)/).map((s) => s.trim()).filter(Boolean);
    const pkg = name.replace(/[<>=].*/, '');
    const r = spawnSync(python[0], [...python.slice(1), '-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(pkg)}))`], { encoding: 'utf8' });
    const installed = r.stdout.trim().split('.').map(Number);
    for (const spec of [name.slice(pkg.length), ...specs].filter(Boolean)) {
      const [, op, want] = /^([<>]=?)(.+)$/.exec(spec) as RegExpExecArray;
      const cmp = compare(installed, want.split('.').map(Number));
      expect({ req, installed: r.stdout.trim(), ok: { '>=': cmp >= 0, '<': cmp < 0, '>': cmp > 0, '<=': cmp <= 0 }[op] }).toEqual({ req, installed: r.stdout.trim(), ok: true });
    }
  }
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
