import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADR_CONTENT, BIN, buildDocs, commitAll, copyOf, edit, git, gitRun, initRepo, keepForFile, ok, read, run, snapshot, sphinxBuild, withDate, write } from './helpers.js';

const ADR = 'docs/source/adr';
const CHATS = 'theory_api/agents/chats';
const step = (dir: string, args: string[]) => ok(run(dir, withDate(args)));
const json = (dir: string, args: string[]) => {
  const r = run(dir, ['check', '--json', ...args]);
  return { code: r.code, problems: JSON.parse(r.stdout).problems as Record<string, any>[], stderr: r.stderr };
};

/** main and feature each add ADR-0003 and a guide; the guide on feature links to its ADR. */
function twoBranches(): { dir: string; main: string } {
  const dir = initRepo();
  const main = git(dir, 'symbolic-ref', '--short', 'HEAD').trim();
  step(dir, ['adr', 'new', 'Record storage', '--status', 'Accepted', ...ADR_CONTENT]);
  commitAll(dir, 'init');
  git(dir, 'checkout', '-q', '-b', 'feature');
  step(dir, ['adr', 'new', 'Use SQLite', ...ADR_CONTENT]);
  step(dir, ['docs', 'add', 'guide', 'Storage']);
  edit(dir, 'docs/source/guides/storage.md', (t) => `${t}\nDecided in [ADR-0003](../adr/ADR-0003-use-sqlite.md#decision) ({doc}\`../adr/ADR-0003-use-sqlite\`).\n`);
  commitAll(dir, 'feature: SQLite');
  git(dir, 'checkout', '-q', main);
  step(dir, ['adr', 'new', 'Use Kafka', ...ADR_CONTENT]);
  step(dir, ['docs', 'add', 'guide', 'Events']);
  commitAll(dir, 'main: Kafka');
  return { dir, main };
}

describe('two branches that both add ADRs and docs pages', () => {
  // Made once; each test works on a copy.
  let made: { dir: string; main: string };
  beforeAll(() => {
    made = twoBranches();
    keepForFile(made.dir);
  });
  const branches = () => ({ dir: copyOf(made.dir), main: made.main });

  it('check --base names the collision, adr renumber resolves it, check --fix the derived files; then check and sphinx-build -W pass', () => {
    const { dir, main } = branches();
    // 1. CI on the pull request: the feature branch compared with main.
    git(dir, 'checkout', '-q', 'feature');
    let r = json(dir, ['--base', main]);
    expect(r.code).toBe(1);
    expect(r.problems).toEqual([
      expect.objectContaining({ file: `${ADR}/ADR-0003-use-sqlite.md`, rule: 'base/adr-number', message: expect.stringContaining('Run: docpact adr renumber ADR-0003-use-sqlite.md 4') }),
    ]);

    // 2. A real merge: git stops on the derived files.
    git(dir, 'checkout', '-q', main);
    const merge = gitRun(dir, 'merge', 'feature');
    expect(merge.code).not.toBe(0);
    expect(merge.stdout).toContain(`CONFLICT (content): Merge conflict in ${ADR}/index.md`);
    r = json(dir, ['--base', main]);
    const collision = r.problems.find((p) => p.rule === 'base/adr-number');
    expect(collision?.message).toContain('docpact adr renumber ADR-0003-use-sqlite.md 4');
    expect(r.problems.map((p) => p.rule)).toContain('merge/conflict');

    // 3. The command it names: the file, its heading, the links and the index move to ADR-0004 at once.
    const command = (collision?.message as string).split('Run: docpact ')[1].split(' ');
    const before = snapshot(dir);
    const dry = run(dir, [...command, '--dry-run']);
    expect(dry.stdout).toContain(`would delete  ${ADR}/ADR-0003-use-sqlite.md`);
    expect(snapshot(dir)).toEqual(before);
    ok(run(dir, command));
    expect(fs.existsSync(path.join(dir, ADR, 'ADR-0003-use-sqlite.md'))).toBe(false);
    expect(read(dir, `${ADR}/ADR-0004-use-sqlite.md`)).toMatch(/^# ADR-0004 — Use SQLite\n/);
    expect(read(dir, 'docs/source/guides/storage.md')).toContain('Decided in [ADR-0004](../adr/ADR-0004-use-sqlite.md#decision) ({doc}`../adr/ADR-0004-use-sqlite`).');

    // 4. check --fix resolves what is left in derived files (the guides toctree keeps both pages); check is clean.
    const fixed = run(dir, ['check', '--fix']);
    expect(fixed.stderr).toContain('fixed  docs/source/guides/index.md');
    expect(read(dir, 'docs/source/guides/index.md')).toMatch(/\nevents\nstorage\n```/);
    const clean = run(dir, ['check', '--base', main]);
    expect(clean.stdout).toContain('no problems');
    expect(clean.code).toBe(0);
    for (const f of ['docs/source/adr/index.md', 'docs/_generated/adr/index/0000-0099.json', 'docs/source/guides/index.md', '.docpact/lock.yaml']) expect(read(dir, f)).not.toMatch(/^<{7}/m);
    if (sphinxBuild()) expect(buildDocs(dir)).toMatchObject({ code: 0 });
    commitAll(dir, 'merge feature');
    expect(run(dir, ['check']).code).toBe(0);
  }, 180_000);

  it('with the merge driver registered (the .gitattributes lines come from init), git merge resolves the derived files but stops on the one real decision, two ADR-0003s, naming the command', () => {
    const { dir: withDriver } = branches();
    expect(read(withDriver, '.gitattributes')).toContain('docs/source/**/index.md merge=docpact');
    git(withDriver, 'config', 'merge.docpact.driver', `"${process.execPath}" "${BIN}" merge-driver -- %O %A %B %P`);
    const merged = gitRun(withDriver, 'merge', '-q', '--no-edit', 'feature');
    expect(merged.code).not.toBe(0);
    expect(merged.stderr).toContain('ADR-0003 was added on both sides (ours: ADR-0003-use-kafka.md, theirs: ADR-0003-use-sqlite.md)');
    expect(merged.stderr).toContain('docpact adr renumber ADR-0003-use-sqlite.md');
    expect(git(withDriver, 'diff', '--name-only', '--diff-filter=U').trim().split('\n')).toEqual(['docs/_generated/adr/index/0000-0099.json']);
    expect(read(withDriver, 'docs/source/guides/index.md')).toMatch(/\nevents\nstorage\n```/);
    ok(run(withDriver, ['adr', 'renumber', 'ADR-0003-use-sqlite.md']));
    run(withDriver, ['check', '--fix']);
    expect(run(withDriver, ['check']).code).toBe(0);
    commitAll(withDriver, 'merge feature');
  }, 180_000);
});

describe('the merge driver, past the first range and where it cannot run', () => {
  it('routes the range pages of a series past 100 ADRs to the driver, so a merge does not stop on them', () => {
    const dir = initRepo();
    const main = git(dir, 'symbolic-ref', '--short', 'HEAD').trim();
    for (let n = 2; n <= 160; n++) {
      const id = `ADR-${String(n).padStart(4, '0')}`;
      write(dir, `${ADR}/${id}-decision-${n}.md`, `# ${id} — Decision ${n}\n\n- Status: Proposed\n- Date: 2026-01-01\n- Deciders: us\n\n## Context\n\n## Decision\n\n## Consequences\n\n## Alternatives\n`);
    }
    run(dir, ['check', '--fix']);
    expect(run(dir, ['check']).code).toBe(0);
    expect(read(dir, '.gitattributes')).toContain(`${ADR}/by-number/*.md merge=docpact`);
    git(dir, 'config', 'merge.docpact.driver', `"${process.execPath}" "${BIN}" merge-driver -- %O %A %B %P`);
    commitAll(dir, 'init');
    git(dir, 'checkout', '-q', '-b', 'feature');
    ok(run(dir, ['adr', 'status', '151', 'accepted']));
    commitAll(dir, 'feature');
    git(dir, 'checkout', '-q', main);
    ok(run(dir, ['adr', 'status', '150', 'accepted']));
    commitAll(dir, 'main');
    const merged = gitRun(dir, 'merge', '-q', '--no-edit', 'feature');
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(read(dir, `${ADR}/by-number/0100-0199.md`)).not.toMatch(/^<{7}/m);
    run(dir, ['check', '--fix']);
    expect(run(dir, ['check']).code).toBe(0);
    expect(read(dir, `${ADR}/by-number/0100-0199.md`)).toMatch(/ADR-0151-decision-151\.md\) \| Decision 151 \| Accepted/);
  }, 180_000);

  it('check --fix merges what a driver that could not run left as our side only (docpact not installed there)', () => {
    const dir = initRepo();
    const main = git(dir, 'symbolic-ref', '--short', 'HEAD').trim();
    // The registration the README gives never falls back to fetching a package named docpact.
    expect(read(dir, '.gitattributes')).toContain('npx --no-install docpact merge-driver');
    git(dir, 'config', 'merge.docpact.driver', `"${process.execPath}" "${path.join(dir, 'node_modules/.bin/docpact')}" merge-driver -- %O %A %B %P`);
    commitAll(dir, 'init');
    git(dir, 'checkout', '-q', '-b', 'feature');
    ok(run(dir, ['docs', 'add', 'guide', 'Storage']));
    commitAll(dir, 'feature');
    git(dir, 'checkout', '-q', main);
    ok(run(dir, ['docs', 'add', 'guide', 'Events']));
    commitAll(dir, 'main');
    const merged = gitRun(dir, 'merge', '-q', '--no-edit', 'feature');
    expect(merged.code).not.toBe(0);
    // git kept our side, without markers: the feature's toctree entry is not there.
    expect(read(dir, 'docs/source/guides/index.md')).not.toMatch(/storage/);
    const fixed = run(dir, ['check', '--fix']);
    expect(fixed.stderr).toContain('fixed  docs/source/guides/index.md');
    expect(read(dir, 'docs/source/guides/index.md')).toMatch(/\nevents\nstorage\n```/);
    expect(read(dir, '.docpact/lock.yaml')).toContain('path: docs/source/guides/storage.md');
    expect(run(dir, ['check']).code).toBe(0);
  }, 120_000);
});

describe('two branches that both add an ADR to a second series', () => {
  it('check --base gives the renumber command with --series, and following it resolves the collision', () => {
    const dir = initRepo();
    const main = git(dir, 'symbolic-ref', '--short', 'HEAD').trim();
    edit(dir, 'docpact.yaml', (t) => t.replace('  first: 1\n', '  first: 1\n  series:\n    - name: web\n      path: docs/source/web-decisions\n      format: madr4\n'));
    fs.mkdirSync(path.join(dir, 'docs/source/web-decisions'));
    ok(run(dir, ['sync']));
    step(dir, ['adr', 'new', 'Use Vite', '--series', 'web']);
    commitAll(dir, 'web series');
    git(dir, 'checkout', '-q', '-b', 'feature');
    step(dir, ['adr', 'new', 'Use Rollup', '--series', 'web']);
    commitAll(dir, 'feature: Rollup');
    git(dir, 'checkout', '-q', main);
    step(dir, ['adr', 'new', 'Use esbuild', '--series', 'web']);
    commitAll(dir, 'main: esbuild');
    git(dir, 'checkout', '-q', 'feature');

    const r = json(dir, ['--base', main]);
    expect(r.code).toBe(1);
    const collision = r.problems.find((p) => p.rule === 'base/adr-number');
    expect(collision).toMatchObject({ file: 'docs/source/web-decisions/0002-use-rollup.md' });
    expect(collision?.message).toMatch(/Run: docpact adr renumber 0002-use-rollup\.md 3 --series web$/);
    // The advice, followed as given, moves the web series' ADR (the main series has no such file).
    ok(run(dir, (collision?.message as string).split('Run: docpact ')[1].split(' ')));
    expect(fs.readdirSync(path.join(dir, 'docs/source/web-decisions')).filter((f) => /^\d{4}-/.test(f)).sort()).toEqual(['0001-use-vite.md', '0003-use-rollup.md']);
    expect(json(dir, ['--base', main]).problems.filter((p) => p.rule.startsWith('base/'))).toEqual([]);
  });
});

describe('check --base compares with history, through git', () => {
  it('catches an edited sealed message even with meta.yaml recomputed, and closure and Decision edits', () => {
    const dir = initRepo();
    const main = git(dir, 'symbolic-ref', '--short', 'HEAD').trim();
    step(dir, ['chat', 'new', 'leases', '--title', 'Leases?']);
    step(dir, ['chat', 'reply', 'leases', '--as', 'engineer']);
    step(dir, ['chat', 'new', 'done', '--title', 'Done']);
    step(dir, ['chat', 'reply', 'done', '--as', 'engineer']);
    write(dir, '.git/decision.md', 'We keep leases per facet.\n');
    step(dir, ['chat', 'close', 'done', '--as', 'architect', '--body-file', '.git/decision.md']);
    step(dir, ['adr', 'new', 'Use Postgres', '--status', 'Accepted', ...ADR_CONTENT]);
    commitAll(dir, 'history');
    git(dir, 'checkout', '-q', '-b', 'rewrite');

    // Edit sealed message 1 and recompute its hash and the chain, as someone hiding the edit would.
    const thread = `${CHATS}/leases`;
    edit(dir, `${thread}/001-to-engineer.md`, (t) => `${t}\nAlso: we always wanted leases.\n`);
    const meta = parse(read(dir, `${thread}/meta.yaml`));
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    meta.messages[0].sha256 = sha(read(dir, `${thread}/001-to-engineer.md`));
    meta.messages[0].chain = sha(meta.messages[0].sha256);
    write(dir, `${thread}/meta.yaml`, stringify(meta));
    edit(dir, `${CHATS}/done/DECISION.md`, (t) => `${t}\nActually, the other way round.\n`);
    edit(dir, `${ADR}/ADR-0002-use-postgres.md`, (t) => t.replace('## Decision\n\n', '## Decision\n\nUse MySQL instead.\n\n'));
    commitAll(dir, 'rewrite history');

    expect(run(dir, ['check']).code).toBe(0); // a snapshot alone cannot tell
    const r = json(dir, ['--base', main]);
    expect(r.code).toBe(1);
    // (The "done" thread's messages are the unedited template: chat/unedited warnings, not this test's concern.)
    r.problems = r.problems.filter((p) => p.rule !== 'chat/unedited');
    expect(r.problems.map((p) => `${p.rule} ${p.file} ${p.severity}`)).toEqual([
      `base/decision-edit ${ADR}/ADR-0002-use-postgres.md warning`,
      `base/closure ${CHATS}/done/DECISION.md error`,
      `base/sealed-edit ${thread}/001-to-engineer.md error`,
    ]);
    expect(r.problems[2].message).toMatch(/message 1 was sealed at .* and changed since/);
    expect(r.problems[0].message).toContain('--supersedes 2');

    // Usage errors: an unknown ref, and no git repository.
    const unknown = run(dir, ['check', '--base', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--base no-such-branch: git knows no such branch, tag or commit here.');
    const plain = copyOf(dir, { filter: (src) => !/[\\/]\.git$/.test(src) });
    const outside = run(plain, ['check', '--base', main]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('check --base needs a git repository');
  }, 180_000);
});
