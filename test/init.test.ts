import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formRules } from '../src/github/rules.js';
import { explainIoError } from '../src/io/fs.js';
import { chooserSchema as chooser, issueFormSchema as forms, markdownProblems, sharedSchemaFile } from './consumers.js';
import { spawnSync } from 'node:child_process';
import { BIN, DATE, REPO, buildDocs, exists, ok, prepared, read, run, snapshot, sphinxBuild, tempRepo, write } from './helpers.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const SPEC_TREE = [
  'docpact.yaml',
  '.docpact/lock.yaml',
  '.github/ISSUE_TEMPLATE/feature.yaml',
  '.github/ISSUE_TEMPLATE/bug.yaml',
  '.github/ISSUE_TEMPLATE/chore.yaml',
  '.github/ISSUE_TEMPLATE/docs.yaml',
  '.github/ISSUE_TEMPLATE/config.yml',
  '.github/PULL_REQUEST_TEMPLATE.md',
  '.github/workflows/governance.yml',
  'docs/source/conf.py',
  'docs/source/index.md',
  'docs/source/guides/getting-started.md',
  'docs/source/concepts/index.md',
  'docs/source/concepts/world-plan-ledger.md',
  'docs/source/concepts/predicates.md',
  'docs/source/concepts/facets-paths.md',
  'docs/source/concepts/registry-adapters.md',
  'docs/source/concepts/agents-cognition.md',
  'docs/source/concepts/storage-planes.md',
  'docs/source/apps/index.md',
  'docs/source/apps/storage.md',
  'docs/source/apps/core.md',
  'docs/source/use-cases/index.md',
  'docs/source/use-cases/media.md',
  'docs/source/use-cases/ci-cd.md',
  'docs/source/use-cases/real-time-facetime.md',
  'docs/source/adr/index.md',
  'docs/source/adr/ADR-template.md',
  'docs/source/adr/ADR-0001-record-architecture-decisions.md',
  'docs/source/contributing.md',
  'docs/source/glossary.md',
  'docs/_generated/registry/README.md',
  'docs/_generated/diagrams/README.md',
  'docs/_generated/examples/README.md',
  'docs/_generated/adr/index/0000-0099.json',
  'docs/_generated/diagrams/adr-relations.dot',
  'docs/source/_static/docpact.css',
  'theory_api/agents/prompts/AGENTS.md',
  'theory_api/agents/chats/.gitkeep',
];

describe('docpact init', () => {
  it('writes the whole governed tree of SPEC §3 with --yes', () => {
    const dir = repo();
    for (const rel of SPEC_TREE) expect(exists(dir, rel), rel).toBe(true);
    const lock = parse(read(dir, '.docpact/lock.yaml'));
    expect(lock.files.map((f: { path: string }) => f.path)).toContain('docs/source/index.md');
    expect(read(dir, 'docs/source/concepts/storage-planes.md')).toMatch(/TruthStore[\s\S]*ArtifactStore[\s\S]*StreamBus[\s\S]*Scratch/);
    expect(read(dir, 'docs/source/concepts/storage-planes.md')).toMatch(/[Nn]ever conflate/);
    expect(read(dir, 'theory_api/agents/prompts/AGENTS.md')).toMatch(/DECISION\.md/);
    expect(read(dir, 'docs/source/adr/ADR-0001-record-architecture-decisions.md')).toMatch(/^# ADR-0001 — Record architecture decisions$/m);
  });

  it('builds with sphinx-build -W and zero warnings', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const dir = repo();
    const r = buildDocs(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('writes issue forms that pass the GitHub form schema and GitHub’s extra rules', () => {
    const dir = repo();
    for (const kind of ['feature', 'bug', 'chore', 'docs']) {
      const form = parse(read(dir, `.github/ISSUE_TEMPLATE/${kind}.yaml`));
      expect(forms(form), `${kind}: ${JSON.stringify(forms.errors)}`).toBe(true);
      expect(formRules(form)).toEqual([]);
      expect(form.labels).toContain(`type:${kind}`);
      const ids = form.body.map((b: { id?: string }) => b.id);
      for (const id of ['problem', 'goal', 'invariants', 'adr-needed', 'acceptance', 'out-of-scope', 'implementation', 'area', 'size']) expect(ids).toContain(id);
    }
    const config = parse(read(dir, '.github/ISSUE_TEMPLATE/config.yml'));
    expect(chooser(config), JSON.stringify(chooser.errors)).toBe(true);
    expect(config.blank_issues_enabled).toBe(false);
  });

  it('writes Markdown that markdownlint accepts (default rules, no line length)', () => {
    const dir = repo();
    expect(markdownProblems(dir)).toEqual([]);
  });

  it('changes no byte when run a second time', () => {
    const dir = repo();
    const before = snapshot(dir);
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already up to date/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps an edited file on a later run, even with --force; without a merge base, reports a conflict (exit 1) that --force resolves', () => {
    const dir = repo();
    const rel = 'docs/source/contributing.md';
    const edited = `${read(dir, rel)}\nOur own rule.\n`;
    write(dir, rel, edited);
    expect(run(dir, ['init', '--yes', '--force', '--date', DATE]).code).toBe(0);
    expect(read(dir, rel)).toBe(edited);
    // As after an older docpact: no merge base kept, and the rendering changes (a new area).
    fs.rmSync(path.join(dir, '.docpact/base/docs%2Fsource%2Fcontributing.md'));
    const r = run(dir, ['init', '--yes', '--areas', 'world,payments', '--date', DATE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/conflict\s+docs\/source\/contributing\.md\s+\(edited, and no merge base/);
    expect(r.stderr).toMatch(/--force/);
    expect(read(dir, rel)).toBe(edited);
    // --force restores docpact's version.
    expect(run(dir, ['init', '--yes', '--force', '--date', DATE]).code).toBe(0);
    expect(read(dir, rel)).toMatch(/world\|payments/);
    expect(read(dir, rel)).not.toMatch(/Our own rule/);
  });

  it('reports a file the user deleted instead of silently restoring it', () => {
    const dir = repo();
    fs.rmSync(path.join(dir, '.github/ISSUE_TEMPLATE/chore.yaml'));
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/skipped\s+\.github\/ISSUE_TEMPLATE\/chore\.yaml\s+\(deleted/);
    expect(exists(dir, '.github/ISSUE_TEMPLATE/chore.yaml')).toBe(false);
    ok(run(dir, ['init', '--yes', '--force', '--date', DATE]));
    expect(exists(dir, '.github/ISSUE_TEMPLATE/chore.yaml')).toBe(true);
  });

  it('writes nothing with --dry-run and shows diffs for modifications', () => {
    const dir = tempRepo();
    const r = run(dir, ['init', '--yes', '--dry-run', '--date', DATE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/would create\s+docs\/source\/index\.md/);
    expect(fs.readdirSync(dir)).toEqual(['.git']);

    const governed = repo();
    const before = snapshot(governed);
    const d = run(governed, ['init', '--yes', '--dry-run', '--areas', 'world,payments', '--date', DATE]);
    expect(d.stdout).toMatch(/^- {4}- planner$/m);
    expect(d.stdout).toMatch(/^\+ {8}- payments$/m);
    expect(snapshot(governed)).toEqual(before);
  });

  it('takes the vocabulary from flags and keeps user text literal', () => {
    const dir = tempRepo();
    const r = run(dir, ['init', '--yes', '--date', DATE, '--project', 'Acme {{x}} & "Co"', '--package', 'acme', '--concepts', 'Orders, Billing', '--apps', 'Api', '--use-cases', 'Checkout', '--areas', 'orders,billing']);
    expect(r.code, r.stderr).toBe(0);
    // Literal in Markdown (MyST substitutions escaped); text in conf.py, escaped only where the HTML theme inserts it as HTML.
    expect(read(dir, 'docs/source/index.md').split('\n')[0]).toBe('# Acme \\{\\{x\\}\\} & "Co"');
    expect(read(dir, 'docs/source/conf.py')).toContain('project = "Acme {{x}} & \\"Co\\""');
    expect(read(dir, 'docs/source/conf.py')).toContain('html_context = {"project": "Acme {{x}} &amp; &quot;Co&quot;"');
    expect(exists(dir, 'docs/source/concepts/orders.md')).toBe(true);
    expect(read(dir, 'docs/source/concepts/index.md')).toMatch(/\norders\nbilling\n/);
    expect(exists(dir, 'acme/agents/prompts/AGENTS.md')).toBe(true);
    expect(parse(read(dir, '.github/ISSUE_TEMPLATE/bug.yaml')).body.find((b: { id: string }) => b.id === 'area').attributes.options).toEqual(['orders', 'billing']);
  });

  it('initialises the folder named as its argument: its own root outside git or with --here, else a package governed from the git root', () => {
    const plain = tempRepo(false);
    expect(run(plain, ['init', 'nested/site', '--yes', '--date', DATE]).code).toBe(0);
    expect(exists(plain, 'nested/site/docpact.yaml')).toBe(true);
    expect(exists(plain, 'docpact.yaml')).toBe(false);

    const dir = tempRepo();
    const r = run(dir, ['init', 'packages/api', '--yes', '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^found\s+Git root: .* packages\/api is a folder of this git repository/m);
    // GitHub reads .github only at the git root; the package keeps its docs and agents.
    expect(exists(dir, '.github/workflows/governance.yml')).toBe(true);
    expect(exists(dir, 'packages/api/.github')).toBe(false);
    expect(read(dir, 'docpact.yaml')).toMatch(/^project: api\npackage: packages\/api\npaths:\n  docs: packages\/api\/docs\/source\n/m);
    expect(read(dir, '.github/workflows/governance.yml')).toContain('sphinx-build -W -b html packages/api/docs/source');
    // Commands run from the package folder find the repository's docpact.yaml.
    expect(run(dir, ['adr', 'new', 'Use Postgres', '-C', 'packages/api']).code).toBe(0);
    expect(exists(dir, 'packages/api/docs/source/adr/ADR-0002-use-postgres.md')).toBe(true);
    expect(run(dir, ['check', '-C', 'packages/api']).code).toBe(0);
    // A second package: one docpact.yaml per repository, so init says how, and writes nothing.
    const second = run(dir, ['init', 'packages/web', '--yes']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already governed by its docpact\.yaml[\s\S]*adr\.series[\s\S]*--here/);
    expect(exists(dir, 'packages/web')).toBe(false);
    expect(run(dir, ['init', 'packages/web', '--here', '--yes', '--date', DATE]).code).toBe(0);
    expect(exists(dir, 'packages/web/docpact.yaml')).toBe(true);
  });

  it('uses a template override from .docpact/templates', () => {
    const dir = tempRepo();
    write(dir, '.docpact/templates/docs/contributing.md.hbs', '# How we work at {{project}}\n');
    expect(run(dir, ['init', '--yes', '--project', 'Zed', '--date', DATE]).code).toBe(0);
    expect(read(dir, 'docs/source/contributing.md')).toBe('# How we work at Zed\n');
  });

  it('refuses an invalid docpact.yaml with exit 2, naming each bad key', () => {
    const dir = repo();
    write(dir, 'docpact.yaml', 'version: 1\nadr:\n  digits: "four"\npaths:\n  docs: ../outside\n');
    const r = run(dir, ['init', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/adr\.digits/);
    expect(r.stderr).toMatch(/paths\.docs/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    write(dir, 'docpact.yaml', 'version: 1\nproject: [unclosed\n');
    const y = run(dir, ['init', '--yes']);
    expect(y.code).toBe(2);
    expect(y.stderr).toMatch(/not valid YAML/);
  });

  it('never writes through a symlink that leads out of the repo', () => {
    const outside = tempRepo(false);
    const dir = tempRepo();
    fs.symlinkSync(outside, path.join(dir, 'docs'));
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link that leads outside/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('never writes through a folder link out of the repo that it did not read first (a new chat thread)', () => {
    const outside = tempRepo(false);
    const dir = repo();
    fs.rmSync(path.join(dir, 'theory_api/agents/chats'), { recursive: true });
    fs.symlinkSync(outside, path.join(dir, 'theory_api/agents/chats'));
    const r = run(dir, ['chat', 'new', 'talk', '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^docpact: Refusing to write under theory_api\/agents\/chats: it is a symbolic link that leads outside the repository/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});

describe('the CLI surface', () => {
  it('shows usage and an example for --help on every command', () => {
    const dir = tempRepo();
    const top = run(dir, ['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+(?: [a-z]+)?) {2,}/gm)].map((m) => m[1]);
    expect(commands).toContain('init');
    for (const c of commands) {
      const r = run(dir, [...c.split(' '), '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/^Usage: docpact /);
      expect(r.stdout, c).toMatch(/Examples:\n {2}docpact /);
    }
  });

  it('rejects a bad flag with exit 2 and one line', () => {
    const dir = tempRepo();
    const r = run(dir, ['init', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Unknown option --frobnicate/);
    expect(run(dir, ['frobnicate']).code).toBe(2);
    expect(run(dir, ['init', '--date', '2026-02-30', '--yes']).code).toBe(2);
  });

  it('vendors the same GitHub schemas as the shared reference', (ctx) => {
    const names = ['github-issue-forms.json', 'github-issue-config.json'];
    const shared = names.map(sharedSchemaFile);
    // Without the reference there is nothing to compare with (a vendored copy equals itself): say so, do not pass.
    if (shared.includes(null)) return ctx.skip(`${path.join(REPO, '..', 'shared', 'reference')} is absent: nothing to compare the vendored schemas with`);
    names.forEach((name, i) => expect(JSON.parse(read(REPO, `schemas/${name}`)), name).toEqual(JSON.parse(fs.readFileSync(shared[i] as string, 'utf8'))));
  });

  it('lists a group’s subcommands, and treats a missing subcommand as a usage error', () => {
    const dir = tempRepo();
    const group = run(dir, ['adr']);
    expect(group.code).toBe(2);
    expect(group.stdout).toMatch(/docpact adr new/);
    expect(run(dir, ['adr', '--help']).code).toBe(0);
    const typo = run(dir, ['adr', 'nwe']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Unknown command "docpact adr nwe"\. Did you mean "docpact adr new"\?/);
  });

  it('says where to start when run outside a governed repo', () => {
    const dir = tempRepo();
    for (const args of [['adr', 'new', 'X'], ['check'], ['chat', 'list']]) {
      const r = run(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/No docpact\.yaml .* Run "docpact init"/);
    }
  });

  it('check --fix --dry-run shows what it would fix and writes nothing; --quiet prints nothing when clean', () => {
    const dir = repo();
    write(dir, 'docs/source/adr/index.md', read(dir, 'docs/source/adr/index.md').replace('| Accepted |', '| Proposed |'));
    const before = snapshot(dir);
    const r = run(dir, ['check', '--fix', '--dry-run']);
    expect(r.stderr).toContain('would fix  docs/source/adr/index.md');
    expect(snapshot(dir)).toEqual(before);
    expect(run(dir, ['check', '--fix', '--quiet']).code).toBe(0);
    const quiet = run(dir, ['check', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
  });

  it('explains file-system refusals in one line instead of a stack trace', () => {
    const dir = repo();
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const target = run(dir, ['init', 'a-file', '--yes']);
    expect(target.code).toBe(2);
    expect(target.stderr.trim()).toBe(`docpact: ${file} is a file, not a folder. Point docpact at the repository folder.`);
    // The chats folder replaced by a file: the write is refused by the OS, and said so plainly.
    fs.rmSync(path.join(dir, 'theory_api/agents/chats'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'theory_api/agents/chats'), '');
    const chat = run(dir, ['chat', 'new', 'blocked']);
    expect(chat.code).toBe(2);
    expect(chat.stderr).toMatch(/^docpact: Refusing to write under theory_api\/agents\/chats: it is not a folder\./);
    expect(chat.stderr).not.toMatch(/\n\s+at /);
    expect(exists(dir, '.docpact/journal.json')).toBe(false); // refused before anything changed
    expect(fs.readdirSync(path.join(dir, '.docpact/tmp'))).toEqual([]);
    expect(explainIoError(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'open', path: '/p' }))).toBe('cannot open /p: permission denied (EACCES). Fix that and run the command again.');
    expect(explainIoError(new Error('other'))).toBeUndefined();
  });

  it('colours output only on a terminal, and never with --no-color or NO_COLOR', (ctx) => {
    // `script` (util-linux) gives the command a real pseudo-terminal.
    if (spawnSync('script', ['--version']).status !== 0) {
      if (process.env.CI) throw new Error('script (util-linux) is required in CI: it gives the command a real terminal');
      return ctx.skip();
    }
    const dir = repo();
    // A user's terminal: no CI (Node itself turns colour off under CI=true), no colour overrides.
    const { NO_COLOR: _n, FORCE_COLOR: _f, CI: _ci, ...plain } = process.env;
    const onTty = (cmd: string, env: Record<string, string> = {}) =>
      spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...plain, ...env } }).stdout;
    const term = (name: string, extra = '') => `${process.execPath} ${BIN} docs term ${name} 'Defined.' --yes ${extra}`;
    expect(onTty(term('Alpha'))).toMatch(/\x1b\[33mmodified/);
    expect(onTty(term('Beta', '--no-color'))).not.toMatch(/\x1b\[/);
    expect(onTty(term('Gamma'), { NO_COLOR: '1' })).not.toMatch(/\x1b\[/);
  });

  it('prints the version', () => {
    const pkg = JSON.parse(read(REPO, 'package.json'));
    expect(run(tempRepo(), ['--version']).stdout.trim()).toBe(pkg.version);
  });
});

describe('init and the npm registry', () => {
  it('says when the workflow would install docpact from the registry, where it is not published yet, and how to avoid it', () => {
    const dir = repo();
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    const fresh = tempRepo();
    const first = run(fresh, ['init', '--yes', '--date', DATE]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/warning: the governance workflow installs docpact@\^\d+\.\d+ from the npm registry, where docpact is not published yet/);
    expect(first.stderr).toMatch(/npm install --save-dev \.\/vendor\/docpact-/);
    expect(first.stderr).toMatch(/--ci-docpact/);
    expect(r.stderr).toMatch(/not published yet/); // a re-run says it again
    // A repository that lists docpact in package.json, or names a URL CI can reach, is not warned.
    const listed = tempRepo();
    write(listed, 'package.json', JSON.stringify({ devDependencies: { docpact: 'file:vendor/docpact-0.1.0.tgz' } }));
    expect(run(listed, ['init', '--yes', '--date', DATE]).stderr).not.toMatch(/not published/);
    const url = tempRepo();
    expect(run(url, ['init', '--yes', '--date', DATE, '--ci-docpact', 'https://example.org/docpact-0.1.0.tgz']).stderr).not.toMatch(/not published/);
  });
});

describe('after init', () => {
  it('prints the next steps: what to commit (exactly what it wrote), how to check, the first ADR and thread', () => {
    const dir = tempRepo();
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code).toBe(0);
    const steps = r.stdout.slice(r.stdout.indexOf('Next steps'));
    expect(steps).toMatch(/^Next steps/);
    const add = /git add (.+) && git commit -m "Govern this repository with docpact"/.exec(steps);
    expect(add).not.toBeNull();
    expect(steps).toContain('docpact check');
    expect(steps).toContain('docpact adr new "<title>"');
    expect(steps).toContain('docpact chat new <slug> --title "<question>"');
    expect(steps).toContain('git config merge.docpact.driver');
    // Following the commit step leaves nothing init wrote uncommitted.
    const git = (...a: string[]) => spawnSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...a], { encoding: 'utf8' });
    expect(git('add', ...add![1].split(' ')).status).toBe(0);
    expect(git('commit', '-q', '-m', 'Govern this repository with docpact').status).toBe(0);
    expect(git('status', '--porcelain').stdout).toBe('');
    // A re-run has nothing new to say; --json carries the steps for scripts.
    expect(run(dir, ['init', '--yes', '--date', DATE]).stdout).not.toContain('Next steps');
    const json = JSON.parse(run(tempRepo(), ['init', '--yes', '--date', DATE, '--json']).stdout);
    expect(json.result.nextSteps).toEqual(expect.arrayContaining([expect.stringContaining('docpact check')]));
  });
});

describe('a .gitignore that ignores what init writes', () => {
  it('says which files it wrote git would leave out, and the commit step adds them all (bomctl ignores everything but a whitelist)', () => {
    const dir = tempRepo();
    write(dir, '.gitignore', '*\n!*/\n!.gitignore\n!.github/**\n!docs/**\n');
    const r = run(dir, ['init', '--yes', '--date', DATE, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const warning = (out.warnings as string[]).find((w) => /\.gitignore/.test(w));
    expect(warning).toMatch(/docpact\.yaml/);
    expect(warning).toMatch(/\.docpact\/lock\.yaml/);
    expect(warning).not.toMatch(/docs\//);
    // Following the commit step as printed commits every file init wrote: a clone of it is governed.
    const commit = spawnSync('bash', ['-c', out.result.nextSteps[0]], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' } });
    expect(commit.status, commit.stderr).toBe(0);
    const tracked = spawnSync('git', ['-C', dir, 'ls-files'], { encoding: 'utf8' }).stdout.split('\n');
    for (const f of ['docpact.yaml', '.docpact/lock.yaml', 'AGENTS.md', '.github/workflows/governance.yml']) expect(tracked, f).toContain(f);
  });
});

describe('.prettierignore', () => {
  it('keeps prettier off what docpact generates and seals: written by init, kept by sync, the project’s own lines kept', () => {
    const dir = tempRepo();
    write(dir, '.prettierignore', 'dist/\n');
    expect(run(dir, ['init', '--yes', '--date', DATE]).code).toBe(0);
    expect(run(dir, ['chat', 'new', 'leases', '--date', DATE]).code).toBe(0);
    const text = read(dir, '.prettierignore');
    expect(text.startsWith('dist/\n')).toBe(true);
    // Read as prettier reads it (gitignore rules), through git's own matcher.
    const ignored = (rel: string) => spawnSync('git', ['-C', dir, '-c', 'core.excludesFile=.prettierignore', 'check-ignore', '--no-index', '-q', rel]).status === 0;
    for (const rel of ['docs/_generated/adr/index/0000-0099.json', 'docs/_generated/diagrams/adr-relations.dot', '.docpact/lock.yaml', 'theory_api/agents/chats/leases/001-to-engineer.md', 'theory_api/agents/chats/leases/meta.yaml', 'docs/source/adr/index.md', 'docs/source/adr/by-number/0100-0199.md', 'dist/x.js']) {
      expect(ignored(rel), rel).toBe(true);
    }
    for (const rel of ['docs/source/guides/getting-started.md', 'docs/source/adr/ADR-0001-record-architecture-decisions.md', 'README.md']) expect(ignored(rel), rel).toBe(false);
    // A docpact line removed is put back by sync; the project's lines stay.
    write(dir, '.prettierignore', text.replace('docs/_generated/\n', '').concat('coverage/\n'));
    expect(run(dir, ['sync']).code).toBe(0);
    const synced = read(dir, '.prettierignore');
    expect(synced).toContain('docs/_generated/\n');
    expect(synced).toContain('coverage/\n');
    expect(synced.startsWith('dist/\n')).toBe(true);
  });
});

describe('docpact init in a GitLab project', () => {
  const gitlab = (dir: string) => {
    write(dir, '.gitlab/merge_request_templates/Default.md', '## What\n\n## Why\n');
    write(dir, '.gitlab-ci.yml', 'test:\n  script: make test\n');
  };

  it('says that the .github files it adds are GitHub’s, which GitLab does not read, and how to leave them out; deleted, they stay out', () => {
    const dir = tempRepo();
    gitlab(dir);
    const r = run(dir, ['init', '--yes', '--json', '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const note = (out.warnings as string[]).find((w) => w.includes('GitLab'));
    expect(note).toMatch(/^This looks like a GitLab project \(\.gitlab-ci\.yml, \.gitlab\/merge_request_templates\): init added GitHub's issue forms, pull request template, labels and governance workflow under \.github\/, which GitLab does not read\./);
    expect(note).toContain('rm -r .github');
    expect(exists(dir, '.github/workflows/governance.yml')).toBe(true);
    // Without --json too, on stderr.
    const again = tempRepo();
    gitlab(again);
    expect(ok(run(again, ['init', '--yes', '--date', DATE])).stderr).toContain('This looks like a GitLab project');

    // The way out the note names: delete them; sync and check keep them out.
    fs.rmSync(path.join(dir, '.github'), { recursive: true });
    const sync = ok(run(dir, ['sync']));
    expect(sync.stdout).toMatch(/^skipped\s+\.github\/workflows\/governance\.yml\s+\(deleted since docpact wrote it/m);
    expect(exists(dir, '.github')).toBe(false);
    expect(ok(run(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('says nothing of GitLab where the project has a .github folder of its own (mirrored to both)', () => {
    const dir = tempRepo();
    gitlab(dir);
    write(dir, '.github/CODEOWNERS', '* @team\n');
    const out = JSON.parse(ok(run(dir, ['init', '--yes', '--json', '--date', DATE])).stdout);
    expect((out.warnings as string[]).filter((w) => w.includes('GitLab'))).toEqual([]);
  });
});

describe('docpact init and git check-ignore', () => {
  it('asks git what .gitignore leaves out once per init: the ADR folder’s index page and the places for docpact’s docs tree in one call, shared by the questions and the plan', () => {
    const dir = tempRepo();
    write(dir, 'doc/adr/0001-record-architecture-decisions.md', '# 1. Record architecture decisions\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need records.\n\n## Decision\n\nWe keep them.\n\n## Consequences\n\nSome.\n');
    write(dir, 'doc/adr/0002-use-go.md', '# 2. Use Go\n\nDate: 2024-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nA build.\n\n## Decision\n\nGo.\n\n## Consequences\n\nOne toolchain.\n');
    // A git that logs each check-ignore question (the paths asked on standard input) and then runs the real one.
    const bin = tempRepo(false);
    const log = path.join(bin, 'asked.log');
    const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    write(bin, 'git', `#!/bin/sh\ncase " $* " in *" check-ignore "*) t=$(mktemp); cat > "$t"; tr '\\000' ' ' < "$t" >> "${log}"; echo >> "${log}"; exec "${real}" "$@" < "$t";; esac\nexec "${real}" "$@"\n`);
    fs.chmodSync(path.join(bin, 'git'), 0o755);
    ok(run(dir, ['init', '--yes', '--date', DATE], { env: { PATH: `${bin}:${process.env.PATH}` } }));
    const asked = read(bin, 'asked.log').trim().split('\n');
    // The adoption's questions (init's last one asks about every file it wrote, docpact.yaml among them).
    const adoption = asked.filter((q) => !q.includes('docpact.yaml'));
    // Once per run: the questions' defaults (the preset) and the plan share one adoption.
    expect(adoption).toHaveLength(1);
    for (const q of adoption) expect(q.split(' ').filter(Boolean).sort()).toEqual(['doc/adr/index.md', 'docs/governance/conf.py', 'docs/governance/index.md', 'docs/source/conf.py', 'docs/source/index.md', 'governance/source/conf.py', 'governance/source/index.md']);
    expect(read(dir, 'docpact.yaml')).toMatch(/^ {2}docs: docs\/source$/m);
  });
});
