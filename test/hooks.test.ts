/**
 * The pre-commit hook definition: Debian's real pre-commit validates the
 * manifest, and its entry, run through this package's bin as pre-commit's
 * node language runs it, passes a clean repository and fails on a problem.
 * (Installing the hook through pre-commit takes minutes: npm install of the
 * whole repository, so the suite does not do it.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO, initRepo, read, run, tempRepo, write } from './helpers.js';

/** Debian's pre-commit, or null. In CI its absence is a failure, not a skip. */
function preCommit(): boolean {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env.CI) throw new Error('pre-commit is required in CI (apt-get install pre-commit)');
  return false;
}

describe('.pre-commit-hooks.yaml', () => {
  it.runIf(preCommit())('is a valid pre-commit manifest whose entry runs the docpact bin: passes clean, fails on a dead link', () => {
    const manifest = spawnSync('pre-commit', ['validate-manifest', path.join(REPO, '.pre-commit-hooks.yaml')], { encoding: 'utf8' });
    expect(manifest.status, manifest.stdout + manifest.stderr).toBe(0);
    const [hook] = parse(read(REPO, '.pre-commit-hooks.yaml'));
    expect(hook).toMatchObject({ id: 'docpact-check', language: 'node', pass_filenames: false });
    // pre-commit's node language installs this package and puts its bins on PATH: the entry's command is one of them.
    const [bin, ...args] = String(hook.entry).split(' ');
    const bins = JSON.parse(read(REPO, 'package.json')).bin as Record<string, string>;
    expect(Object.keys(bins)).toContain(bin);
    // pre-commit reads the tarball name from npm pack's stdout, which a prepack script's output would pollute:
    // with this repository's .npmrc, a package with a noisy prepack still prints only its tarball name.
    const pkg = tempRepo(false);
    write(pkg, 'package.json', JSON.stringify({ name: 'noisy', version: '1.0.0', scripts: { prepack: 'echo BANNER' } }));
    fs.copyFileSync(path.join(REPO, '.npmrc'), path.join(pkg, '.npmrc'));
    expect(spawnSync('npm', ['pack'], { cwd: pkg, encoding: 'utf8' }).stdout).toBe('noisy-1.0.0.tgz\n');

    const dir = initRepo();
    const entry = () => run(dir, args); // run() is `node bin/docpact.js …`, the bin the entry names
    expect(entry().code).toBe(0);
    write(dir, 'docs/source/guides/getting-started.md', '# Getting started\n\nSee [the old page](gone.md).\n');
    const broken = entry();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('docs/source/guides/getting-started.md:3: links/dead');
  });
});

describe("README's pre-commit configuration for today", () => {
  it.runIf(preCommit())('runs docpact check through the package installed in the repository: passes clean, fails on a dead link', () => {
    // The first .pre-commit-config.yaml block in the README is the one that works before a release.
    const readme = read(REPO, 'README.md');
    const block = /```yaml\n# \.pre-commit-config\.yaml[^\n]*\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const config = parse(block![1]);
    expect(config.repos[0].repo).toBe('local');
    const dir = initRepo();
    write(dir, '.pre-commit-config.yaml', block![1]);
    // docpact installed as a devDependency, as npm links it (package and bin).
    fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'docpact'));
    fs.symlinkSync('../docpact/bin/docpact.js', path.join(dir, 'node_modules', '.bin', 'docpact'));
    write(dir, '.gitignore', 'node_modules/\n');
    const env = { ...process.env, NO_COLOR: '1', PRE_COMMIT_HOME: path.join(dir, '.git', 'pre-commit-home') };
    const hook = () => {
      spawnSync('git', ['-C', dir, 'add', '-A']);
      return spawnSync('pre-commit', ['run', '--all-files'], { cwd: dir, encoding: 'utf8', env });
    };
    const clean = hook();
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    write(dir, 'docs/source/guides/getting-started.md', '# Getting started\n\nSee [the old page](gone.md).\n');
    const broken = hook();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('links/dead');
  });
});
