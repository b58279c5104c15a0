/**
 * A cloned repository is untrusted input (issue #11): committed state files,
 * symlinks, FIFOs and racing writers must never make docpact execute, read or
 * write outside the repository, or half-apply a plan.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, DATE, binEnv, commitAll, copyOf, edit, exists, git, initRepo, ok, oneLine, prepared, read, run, runAsync, snapshot, sphinxBuild, tempRepo, write } from './helpers.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const ADR = 'docs/source/adr';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Commit everything (ignored files too) and clone it next to a canary folder. */
function cloneOf(origin: string): string {
  commitAll(origin, 'trap', true);
  const clone = path.join(tempRepo(false), 'clone');
  execFileSync('git', ['clone', '-q', origin, clone]);
  return clone;
}

describe('a committed journal', () => {
  it('is never acted on: no move into .git, no file moved, one line and exit 2', () => {
    const origin = repo();
    // The trap: temps named as docpact names them, moves into .git, and identities copied from the attacker's own files.
    const payload = '[core]\n\trepositoryformatversion = 0\n\tfsmonitor = "touch PWNED; false"\n';
    write(origin, '.docpact/tmp/1234-abc-aaaaaaaa.tmp', payload);
    write(origin, '.docpact/tmp/1234-abc-bbbbbbbb.tmp', '#!/bin/sh\ntouch PWNED\n');
    const id = (rel: string) => {
      const st = fs.statSync(path.join(origin, rel), { bigint: true });
      return { dev: String(st.dev), ino: String(st.ino), ctime: String(st.ctimeNs) };
    };
    write(
      origin,
      '.docpact/journal.json',
      JSON.stringify({
        phase: 'forward',
        moves: [
          { tmp: '.docpact/tmp/1234-abc-aaaaaaaa.tmp', target: '.git/config', exclusive: false, id: id('.docpact/tmp/1234-abc-aaaaaaaa.tmp') },
          { tmp: '.docpact/tmp/1234-abc-bbbbbbbb.tmp', target: '.git/hooks/pre-commit', exclusive: true, id: id('.docpact/tmp/1234-abc-bbbbbbbb.tmp') },
        ],
      }),
    );
    const clone = cloneOf(origin);
    const gitConfig = read(clone, '.git/config');
    const before = snapshot(clone);
    for (const args of [['check'], ['adr', 'list'], ['chat', 'list'], ['adr', 'new', 'X', '--date', DATE], ['check', '--fix']]) {
      const r = run(clone, args);
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/journal\.json was not written by docpact on this machine/);
    }
    // The old format (moving a tracked file) is refused the same way.
    write(clone, '.docpact/journal.json', JSON.stringify({ moves: [{ tmp: 'docpact.yaml', target: '.git/config', exclusive: false }] }));
    expect(run(clone, ['adr', 'list']).code).toBe(2);
    write(clone, '.docpact/journal.json', read(origin, '.docpact/journal.json'));
    git(clone, 'status', '--short');
    expect(exists(clone, 'PWNED')).toBe(false);
    expect(read(clone, '.git/config')).toBe(gitConfig);
    expect(exists(clone, '.git/hooks/pre-commit')).toBe(false);
    const shas = (m: ReturnType<typeof snapshot>) => [...m].map(([k, v]) => `${k} ${v.sha}`);
    expect(shas(snapshot(clone))).toEqual(shas(before));
  });

  it('refuses paths.* that point into .git, and names unknown keys', () => {
    const dir = repo();
    const config = read(dir, 'docpact.yaml');
    write(dir, 'docpact.yaml', config.replace('generated: docs/_generated', 'generated: .git/hooks').replace('docs: docs/source', 'docs: "docs/source; curl x | sh"') + 'bogus: 1\n__proto__: {}\n');
    const hooks = fs.readdirSync(path.join(dir, '.git/hooks'));
    const r = run(dir, ['check', '--fix']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/paths\.generated: must be a folder inside the repository.*no "\.git"/);
    expect(r.stdout).toMatch(/paths\.docs: must be a folder/);
    expect(r.stdout).toMatch(/bogus: unknown key/);
    expect(r.stdout).toMatch(/__proto__: unknown key/);
    expect(fs.readdirSync(path.join(dir, '.git/hooks'))).toEqual(hooks);
  });
});

describe('the repo lock', () => {
  it('is taken over atomically when its holder dies: 32 queued writers, distinct numbers, no crash', async () => {
    const dir = repo();
    for (let round = 0; round < 2; round++) {
      // A holder stopped right after journaling its plan, while holding the lock.
      const holder = spawn(process.execPath, [BIN, 'adr', 'new', `Holder ${round}`, '--date', DATE], { cwd: dir, env: binEnv({ DOCPACT_STOP_AT: 'move:0' }), stdio: 'ignore' });
      const exited = new Promise((r) => holder.on('exit', r));
      const state = () => fs.readFileSync(`/proc/${holder.pid}/stat`, 'utf8').split(') ')[1]?.[0];
      while (state() !== 'T') await sleep(20);
      const writers = Array.from({ length: 32 }, (_, i) => runAsync(dir, ['adr', 'new', `Writer ${round} ${i}`, '--date', DATE]));
      await sleep(2500); // let them queue on the lock
      holder.kill('SIGKILL');
      await exited;
      const results = await Promise.all(writers);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
    }
    const numbers = fs.readdirSync(path.join(dir, ADR)).filter((f) => /^ADR-\d{4}-/.test(f)).map((f) => f.slice(4, 8));
    expect(numbers).toHaveLength(1 + 2 * 33);
    expect(new Set(numbers).size).toBe(numbers.length);
    const check = run(dir, ['check']);
    expect(check.code, check.stdout).toBe(0);
  }, 240_000);
});

describe('symlinks and special files on read', () => {
  it('refuses template overrides that lead outside, and reports bad form files in check', () => {
    const sandbox = tempRepo(false);
    const dir = path.join(sandbox, 'repo');
    fs.mkdirSync(dir);
    expect(run(dir, ['init', '--yes', '--date', DATE]).code).toBe(0);
    const before = snapshot(dir);
    // One overridden template is a link to /etc/passwd.
    fs.mkdirSync(path.join(dir, '.docpact/templates/docs/adr'), { recursive: true });
    fs.symlinkSync('/etc/passwd', path.join(dir, '.docpact/templates/docs/adr/adr.md.hbs'));
    let r = run(dir, ['adr', 'new', 'Leak', '--date', DATE]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/adr\.md\.hbs: it is a symbolic link that leads outside the repository/);
    // The whole override folder is a link to an outside folder.
    fs.rmSync(path.join(dir, '.docpact/templates'), { recursive: true });
    fs.mkdirSync(path.join(sandbox, 'outside/docs/adr'), { recursive: true });
    fs.writeFileSync(path.join(sandbox, 'outside/docs/adr/adr.md.hbs'), 'SECRET {{title}}\n');
    fs.symlinkSync(path.join(sandbox, 'outside'), path.join(dir, '.docpact/templates'));
    r = run(dir, ['adr', 'new', 'Leak', '--date', DATE]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    fs.rmSync(path.join(dir, '.docpact/templates'));
    const after = snapshot(dir);
    after.delete('.docpact/.gitignore');
    before.delete('.docpact/.gitignore');
    expect([...after.keys()]).toEqual([...before.keys()]);
    // check: a link out, a loop and a FIFO among the issue forms are problems, not leaks, hangs or crashes.
    const forms = path.join(dir, '.github/ISSUE_TEMPLATE');
    fs.symlinkSync('/etc/passwd', path.join(forms, 'evil.yaml'));
    fs.symlinkSync('loop.yaml', path.join(forms, 'loop.yaml'));
    execFileSync('mkfifo', [path.join(forms, 'pipe.yaml')]);
    r = run(dir, ['check']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(/root:/);
    expect(r.stdout.split('\n').filter((l) => l.includes('repo/unsafe-path:')).sort()).toEqual([
      '.github/ISSUE_TEMPLATE/evil.yaml:1: repo/unsafe-path: docpact does not read this file: it is a symbolic link that leads outside the repository (/etc/passwd).',
      '.github/ISSUE_TEMPLATE/loop.yaml:1: repo/unsafe-path: docpact does not read this file: it is a symbolic link loop.',
      '.github/ISSUE_TEMPLATE/pipe.yaml:1: repo/unsafe-path: docpact does not read this file: it is not a regular file (a FIFO, socket or device). Replace it with a regular file.',
    ]);
    expect(fs.readdirSync(sandbox).sort()).toEqual(['outside', 'repo']);
  });
  it('refuses a link into .git on read, as one out of the repository: a template override leading to .git/config is not rendered', () => {
    const dir = repo();
    git(dir, 'remote', 'add', 'origin', 'https://user:SECRET_TOKEN@example.com/x.git');
    fs.mkdirSync(path.join(dir, '.docpact/templates/docs/adr'), { recursive: true });
    fs.symlinkSync('../../../../.git/config', path.join(dir, '.docpact/templates/docs/adr/adr.md.hbs'));
    const before = snapshot(dir);
    const r = run(dir, ['adr', 'new', 'Leak', '--date', DATE]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/adr\.md\.hbs: it is a symbolic link that leads into \.git \(\.git\/config\)/);
    expect(snapshot(dir)).toEqual(before);
    const c = run(dir, ['check']);
    expect(c.stdout + c.stderr).not.toMatch(/SECRET_TOKEN/);
    expect(c.stdout).toMatch(/adr\.md\.hbs:1: repo\/unsafe-path: docpact does not read this file: it is a symbolic link that leads into \.git/);
  });
  it('reads a page\'s headings for a "page:Heading" link in one pass, whatever a heading line holds', () => {
    const dir = repo();
    edit(dir, 'docs/source/conf.py', (t) => `${t.replace('extensions = ["myst_parser", ', 'extensions = ["myst_parser", "sphinx.ext.autosectionlabel", ')}autosectionlabel_prefix_document = True\n`);
    // A heading of 60,000 " #" pairs before its last word: the closing-sequence pattern tried every end of it from every start.
    write(dir, 'docs/source/guides/long.md', `# Long${' #'.repeat(60_000)}x\n\n## Short\n`);
    edit(dir, 'docs/source/guides/index.md', (t) => `${t}\nSee [short](<guides/long:Short>) and [gone](<guides/long:Gone>).\n`);
    const started = Date.now();
    const r = run(dir, ['check', '--no-cache']);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.stdout).toContain('names a section label its page does not have');
    expect(r.stdout).toContain('guides/long:Gone');
    expect(r.stdout).not.toContain('guides/long:Short');
  });

  it('refuses a link into the .git folder of a repository cloned inside this one (vendor/lib/.git/config) as one into .git', () => {
    const dir = repo();
    fs.mkdirSync(path.join(dir, 'vendor/lib/.git'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'vendor/lib/.git/config'), '[remote "origin"]\n\turl = https://user:SECRET_TOKEN@example.com/lib.git\n');
    fs.symlinkSync('../../../vendor/lib/.git/config', path.join(dir, 'docs/source/guides/lib.md'));
    const r = run(dir, ['check']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/SECRET_TOKEN/);
    expect(r.stdout).toContain('docs/source/guides/lib.md:1: repo/unsafe-path: docpact does not read this file: it is a symbolic link that leads into .git (vendor/lib/.git/config), which docpact never reads.');
  });
  it('reports a docs page or folder that is a link out of the repository or into .git, or a FIFO, which the docs build would publish or hang on', () => {
    const sandbox = tempRepo(false);
    fs.mkdirSync(path.join(sandbox, 'outside'));
    fs.writeFileSync(path.join(sandbox, 'outside/secret.md'), '# Secret\n\nSECRET [x](nowhere.md)\n');
    const dir = repo();
    // Sphinx and MkDocs follow links and publish what they lead to; a FIFO holds sphinx-build for ever.
    fs.symlinkSync(path.join(sandbox, 'outside/secret.md'), path.join(dir, 'docs/source/guides/evil.md'));
    fs.symlinkSync(path.join(sandbox, 'outside'), path.join(dir, 'docs/source/concepts/evil'));
    fs.symlinkSync('../../../.git/config', path.join(dir, 'docs/source/guides/git.md'));
    fs.symlinkSync('loop.md', path.join(dir, 'docs/source/guides/loop.md'));
    execFileSync('mkfifo', [path.join(dir, 'docs/source/guides/pipe.md')]);
    // A link to a page inside the repository is a common way to publish the README: not a problem.
    fs.symlinkSync('../../../README.md', path.join(dir, 'docs/source/guides/readme.md'));
    write(dir, 'README.md', '# Readme\n');
    const env = { DOCPACT_CACHE_SETTLE_MS: '0' };
    const expected = [
      'docs/source/concepts/evil:1: repo/unsafe-path: docpact does not read this file: it is a symbolic link that leads outside the repository (' + fs.realpathSync(path.join(sandbox, 'outside')) + ').',
      'docs/source/guides/evil.md:1: repo/unsafe-path: docpact does not read this file: it is a symbolic link that leads outside the repository (' + fs.realpathSync(path.join(sandbox, 'outside/secret.md')) + ').',
      'docs/source/guides/git.md:1: repo/unsafe-path: docpact does not read this file: it is a symbolic link that leads into .git (.git/config), which docpact never reads.',
      'docs/source/guides/loop.md:1: repo/unsafe-path: docpact does not read this file: it is a symbolic link loop.',
      'docs/source/guides/pipe.md:1: repo/unsafe-path: docpact does not read this file: it is not a regular file (a FIFO, socket or device). Replace it with a regular file.',
    ];
    for (const args of [['check'], ['check', '--no-cache'], ['check']]) {
      const r = run(dir, args, { env });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).not.toMatch(/SECRET|nowhere/);
      expect(r.stdout.split('\n').filter((l) => l.includes('repo/unsafe-path:')).sort()).toEqual(expected);
    }
    // Never accepted: a baseline does not take them in, so check neither passes nor calls the entry unused.
    expect(run(dir, ['check', '--update-baseline'], { env }).code).toBe(1);
    expect(read(dir, '.docpact/baseline.json')).not.toMatch(/unsafe-path/);
    const after = run(dir, ['check'], { env });
    expect(after.code).toBe(1);
    expect(after.stdout).not.toMatch(/baseline\/unused/);
    expect(after.stdout.split('\n').filter((l) => l.includes('repo/unsafe-path:')).sort()).toEqual(expected);
    fs.rmSync(path.join(dir, '.docpact/baseline.json'));
    // Nor do check.severity or check.ignore: a setting that would demote it says so, rather than doing nothing.
    const config = read(dir, 'docpact.yaml');
    for (const settings of ['check:\n  severity:\n    repo/unsafe-path: warning\n', 'check:\n  ignore:\n    - rule: repo/unsafe-path\n      reason: ours\n']) {
      write(dir, 'docpact.yaml', `${config}${settings}`);
      const demoted = run(dir, ['check'], { env });
      expect(demoted.code, demoted.stdout).toBe(1);
      expect(demoted.stdout).toMatch(/config\/schema: check\.(severity\.repo\/unsafe-path|ignore\.0\.rule): repo\/unsafe-path is never accepted/);
    }
    write(dir, 'docpact.yaml', config);
    // A clean run remembered, then a link added: the replay meets it too.
    for (const f of ['guides/evil.md', 'concepts/evil', 'guides/git.md', 'guides/loop.md', 'guides/pipe.md']) fs.rmSync(path.join(dir, 'docs/source', f));
    ok(run(dir, ['check'], { env }));
    ok(run(dir, ['check'], { env }));
    fs.symlinkSync(path.join(sandbox, 'outside/secret.md'), path.join(dir, 'docs/source/guides/evil.md'));
    const r = run(dir, ['check'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(expected[1]);
  });
});

describe('the temp folder', () => {
  it('is never followed: a .docpact/tmp link into the repo is refused and nothing there is deleted', () => {
    const dir = repo();
    fs.rmSync(path.join(dir, '.docpact/tmp'), { recursive: true, force: true });
    const before = snapshot(dir);
    fs.symlinkSync('../docs/source/adr', path.join(dir, '.docpact/tmp'));
    const r = run(dir, ['adr', 'new', 'Wipe', '--date', DATE]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/\.docpact\/tmp: it is a symbolic link/);
    fs.unlinkSync(path.join(dir, '.docpact/tmp'));
    expect(snapshot(dir)).toEqual(before);
    // A real temp folder: only files with docpact's temp names are swept, never other files or links.
    fs.mkdirSync(path.join(dir, '.docpact/tmp'));
    write(dir, '.docpact/tmp/notes.txt', 'mine\n');
    fs.symlinkSync('../../docs/source/adr/index.md', path.join(dir, '.docpact/tmp/1-a-aaaaaaaa.tmp'));
    expect(run(dir, ['adr', 'new', 'Sweep', '--date', DATE]).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, '.docpact/tmp')).sort()).toEqual(['1-a-aaaaaaaa.tmp', 'notes.txt']);
    expect(exists(dir, `${ADR}/index.md`)).toBe(true);
  });
});

describe('a failure part-way through apply', () => {
  it('ends with nothing applied, and says so: EPERM, EXDEV and ENOSPC injected at every move', () => {
    const dir = repo();
    expect(run(dir, ['adr', 'new', 'Old', '--date', DATE]).code).toBe(0);
    const args = ['adr', 'new', 'New', '--supersedes', '2', '--date', DATE];
    const plan = JSON.parse(run(dir, [...args, '--dry-run', '--json']).stdout);
    const moves = plan.files.filter((f: { action: string }) => f.action === 'create' || f.action === 'modify').length;
    expect(moves).toBeGreaterThanOrEqual(4);
    const shas = () => [...snapshot(dir)].map(([k, v]) => `${k} ${v.sha}`);
    const before = shas();
    for (let i = 0; i < moves; i++) {
      for (const code of ['EPERM', 'EXDEV', 'ENOSPC']) {
        const r = run(dir, args, { env: { DOCPACT_FAIL_AT: `move:${i}:${code}` } });
        expect(r.code, `move ${i} ${code}: ${r.stderr}`).toBe(2);
        oneLine(r.stderr);
        expect(r.stderr).toMatch(new RegExp(`^docpact: Nothing was changed: .*\\(${code}\\)`));
        if (i > 0) expect(r.stderr).toMatch(/docpact undid the \d+ files? it had already changed/);
        expect(shas(), `move ${i} ${code}`).toEqual(before);
        expect(fs.readdirSync(path.join(dir, '.docpact/tmp'))).toEqual([]);
      }
    }
    // A crash, then a recovery whose roll-forward fails: it is rolled back instead, and the user is told.
    expect(run(dir, args, { env: { DOCPACT_CRASH_AT: 'move:2' } }).code).not.toBe(0);
    const r = run(dir, ['adr', 'list'], { env: { DOCPACT_FAIL_AT: 'recover-move:2:EPERM' } });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/interrupted docpact run could not be completed .*EPERM.*undid it: none of its changes remain/);
    expect(shas()).toEqual(before);
    expect(run(dir, ['check']).code).toBe(0);
    expect(run(dir, args).code).toBe(0);
  }, 240_000);
});

describe('a folder swapped for a link while docpact writes', () => {
  it('never leads a write outside the repository', async () => {
    const sandbox = tempRepo(false);
    const dir = path.join(sandbox, 'repo');
    fs.mkdirSync(dir);
    expect(run(dir, ['init', '--yes', '--date', DATE]).code).toBe(0);
    fs.mkdirSync(path.join(sandbox, 'outside'));
    const adr = path.join(dir, ADR);
    const swapper = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const [adr, out] = process.argv.slice(1);
         for (;;) { try { fs.renameSync(adr, adr + '.real'); fs.symlinkSync(out, adr); fs.unlinkSync(adr); fs.renameSync(adr + '.real', adr); } catch {} }`,
        adr,
        path.join(sandbox, 'outside'),
      ],
      { stdio: 'ignore' },
    );
    try {
      for (let i = 0; i < 12; i++) {
        const r = await runAsync(dir, ['adr', 'new', `Swap ${i}`, '--date', DATE]);
        expect([0, 1, 2], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/unexpected error/);
      }
    } finally {
      swapper.kill('SIGKILL');
    }
    expect(fs.readdirSync(path.join(sandbox, 'outside'))).toEqual([]);
  }, 240_000);
});

describe('a file swapped for a link while check reads', () => {
  // check opens each file relative to its already-verified folder without following a link (src/io/read.ts);
  // a file that became a link between the walk and the read must take the checked way, never be read through.
  it('never reads what a link outside the repository leads to', async () => {
    const sandbox = tempRepo(false);
    const dir = path.join(sandbox, 'repo');
    fs.mkdirSync(dir);
    ok(run(dir, ['init', '--yes', '--date', DATE]));
    const outside = path.join(sandbox, 'secret.md');
    fs.writeFileSync(outside, '# Secret\n\n[x](OUTSIDE-SECRET-TARGET.md)\n');
    const page = path.join(dir, 'docs/source/glossary.md');
    const swapper = spawn(
      process.execPath,
      [
        '-e',
        // The page is always there: a file, then (renamed over it) a link out, then the file again.
        `const fs = require('fs'); const [page, out] = process.argv.slice(1); const text = fs.readFileSync(page);
         for (;;) { try { fs.symlinkSync(out, page + '.lnk'); fs.renameSync(page + '.lnk', page); fs.writeFileSync(page + '.new', text); fs.renameSync(page + '.new', page); } catch {} }`,
        page,
        outside,
      ],
      { stdio: 'ignore' },
    );
    const seen = new Set<string>();
    try {
      for (let i = 0; i < 24; i++) {
        const r = await runAsync(dir, ['check', '--no-cache', '--json']);
        expect([0, 1, 2], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/unexpected error/);
        expect(r.stdout).not.toContain('OUTSIDE-SECRET-TARGET');
        for (const m of r.stdout.matchAll(/"rule":\s*"([^"]+)"/g)) seen.add(m[1]);
      }
    } finally {
      swapper.kill('SIGKILL');
    }
    // Whatever a run met — the link, a missing page, the page — nothing of the file outside was ever read.
    for (const rule of seen) expect(['repo/unsafe-path', 'docs/missing-entry', 'links/dead', 'docs/orphan']).toContain(rule);
  }, 240_000);
});

describe('special files and environment errors', () => {
  it('refuses a FIFO wherever a file is expected, at once, without keeping the lock', { timeout: 240_000 }, () => {
    const base = repo();
    expect(run(base, ['chat', 'new', 'talk', '--date', DATE]).code).toBe(0);
    const cases: [string, string[]][] = [
      ['docpact.yaml', ['check']],
      ['docs/source/glossary.md', ['docs', 'term', 'Lease', 'A permission.']],
      [`${ADR}/ADR-0001-record-architecture-decisions.md`, ['adr', 'list']],
      [`${ADR}/ADR-0001-record-architecture-decisions.md`, ['adr', 'new', 'X', '--supersedes', '1']],
      ['theory_api/agents/chats/talk/meta.yaml', ['chat', 'reply', 'talk', '--as', 'engineer']],
      ['.docpact/lock.yaml', ['adr', 'new', 'X']],
      ['.docpact/journal.json', ['adr', 'list']],
      ['.docpact/.lock', ['adr', 'new', 'X']],
      ['.docpact/templates/docs/adr/adr.md.hbs', ['adr', 'new', 'X']],
    ];
    for (const [fifo, args] of cases) {
      const dir = copyOf(base);
      fs.mkdirSync(path.dirname(path.join(dir, fifo)), { recursive: true });
      fs.rmSync(path.join(dir, fifo), { force: true });
      execFileSync('mkfifo', [path.join(dir, fifo)]);
      const r = run(dir, args, { env: { DOCPACT_LOCK_TIMEOUT_MS: '20000' } });
      expect(r.code, `${fifo}: ${r.stderr}`).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/not a regular file/);
      if (fifo !== '.docpact/.lock') expect(exists(dir, '.docpact/.lock'), fifo).toBe(false);
    }
  });

  it('gives one line for a folder named like an ADR, a long path, bad dates, bad UTF-8 and endless input; a closed stdout ends quietly', () => {
    const dir = repo();
    fs.mkdirSync(path.join(dir, ADR, 'ADR-0005-folder.md'));
    for (const args of [['adr', 'new', 'X'], ['adr', 'list'], ['check']]) {
      const r = run(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/ADR-0005-folder\.md is a folder where docpact expects a file/);
    }
    fs.rmdirSync(path.join(dir, ADR, 'ADR-0005-folder.md'));
    const config = read(dir, 'docpact.yaml');
    write(dir, 'docpact.yaml', config.replace('adr: docs/source/adr', `adr: docs/${'a'.repeat(300)}`));
    let r = run(dir, ['adr', 'new', 'X']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/paths\.adr: must be a folder inside the repository/);
    write(dir, 'docpact.yaml', config);
    for (const date of ['', '2026-02-30', '2026-13-01', '26-1-1']) {
      r = run(dir, ['adr', 'new', 'X', '--date', date]);
      expect(r.code, date).toBe(2);
      expect(r.stderr).toMatch(/--date must be a calendar date as YYYY-MM-DD/);
    }
    const sh = (script: string) => spawnSyncShell(dir, script);
    r = sh(`"${process.execPath}" "${BIN}" adr new $'bad \\xff title'`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Argument 3 is not valid UTF-8 text/);
    r = run(dir, ['chat', 'new', 'zero', '--body-file', '/dev/zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/larger than 1 MiB/);
    // Enough problems to fill the pipe: the reader stops after one line.
    for (let i = 0; i < 1000; i++) write(dir, `docs/source/guides/stray-${i}.md`, `# Stray ${i}\n`);
    for (let i = 0; i < 3; i++) {
      r = sh(`"${process.execPath}" "${BIN}" check 2>err.txt | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat err.txt`);
      expect(r.stdout.trim()).toBe('1');
    }
    fs.rmSync(path.join(dir, 'err.txt'));
  }, 240_000);

  it('check reads a consistent state while writers apply: no false problems', async () => {
    const dir = repo();
    const writers = Array.from({ length: 8 }, (_, i) => runAsync(dir, ['adr', 'new', `Burst ${i}`, '--date', DATE]));
    const checks: Promise<{ code: number; stdout: string }>[] = [];
    for (let i = 0; i < 6; i++) {
      checks.push(runAsync(dir, ['check']));
      await sleep(150);
    }
    for (const r of await Promise.all(writers)) expect(r.code).toBe(0);
    for (const r of await Promise.all(checks)) expect(r.code, r.stdout).toBe(0);
  }, 240_000);
});

function spawnSyncShell(cwd: string, script: string) {
  const res = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

describe('user text in the built site', () => {
  it('keeps inline Markdown but never live HTML or MyST roles (real sphinx-build)', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const dir = initRepo(['--project', 'Acme <b>API</b> {sub}']);
    const title = 'Use <script>alert(1)</script> {download}`/etc/passwd` *fast* `{code}`';
    for (const args of [
      ['adr', 'new', title, '--deciders', '<img src=x onerror=alert(1)>, bob'],
      ['docs', 'term', '{download}`/etc/passwd`', 'A <b>bold</b> [x](javascript:alert(1)) *claim*.'],
      ['docs', 'add', 'concept', 'Page {download}`/etc/passwd` <i>'],
    ]) {
      const r = run(dir, args[0] === 'adr' ? [...args, '--date', DATE] : args);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(JSON.parse(run(dir, ['adr', 'list', '--json']).stdout).adrs[1].title).toBe(title);
    expect(run(dir, ['check']).code).toBe(0);
    const html = tempRepo(false);
    const b = spawnSync('sphinx-build', ['-W', '-q', '-b', 'html', path.join(dir, 'docs/source'), html], { encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
    expect(exists(html, '_downloads')).toBe(false);
    const pages = [...snapshot(html).keys()].filter((f) => f.endsWith('.html')).map((f) => read(html, f)).join('\n');
    const live = /.{0,80}(<script>alert|<img src=x|<b>bold|<b>API|href="javascript|<i>).{0,40}/.exec(pages);
    expect(live?.[0]).toBeUndefined();
    expect(pages).toMatch(/<em>fast<\/em>/);
    expect(pages).toMatch(/<em>claim<\/em>/);
    expect(pages).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  }, 240_000);
});

describe('a hostile repository', () => {
  it('cannot make any command touch .git or a sibling folder, hang, or crash', () => {
    const sandbox = tempRepo(false);
    const origin = path.join(sandbox, 'origin');
    fs.mkdirSync(origin);
    git(origin, 'init', '-q');
    expect(run(origin, ['init', '--yes', '--date', DATE]).code).toBe(0);
    expect(run(origin, ['chat', 'new', 'talk', '--date', DATE]).code).toBe(0);
    const canary = path.join(sandbox, 'canary');
    fs.mkdirSync(path.join(canary, 'docs/adr'), { recursive: true });
    fs.writeFileSync(path.join(canary, 'secret.txt'), 'SECRET\n');
    fs.writeFileSync(path.join(canary, 'docs/adr/adr.md.hbs'), 'SECRET {{title}}\n');
    const link = (target: string, rel: string) => {
      fs.rmSync(path.join(origin, rel), { recursive: true, force: true });
      fs.mkdirSync(path.dirname(path.join(origin, rel)), { recursive: true });
      fs.symlinkSync(target, path.join(origin, rel));
    };
    // The traps (FIFOs are made after cloning: git does not carry them).
    write(origin, '.docpact/tmp/1234-abc-aaaaaaaa.tmp', '[core]\n\tfsmonitor = "touch PWNED; false"\n');
    write(origin, '.docpact/journal.json', JSON.stringify({ phase: 'forward', moves: [{ tmp: '.docpact/tmp/1234-abc-aaaaaaaa.tmp', target: '.git/config', exclusive: false, id: { dev: '1', ino: '1', ctime: '1' } }] }));
    link(path.join(canary, 'secret.txt'), '.github/ISSUE_TEMPLATE/evil.yaml');
    link('loop.yaml', '.github/ISSUE_TEMPLATE/loop.yaml');
    link(path.join(canary, 'secret.txt'), '.docpact/templates/docs/kinds/concept.md.hbs');
    link(canary, '.docpact/templates/docs/adr');
    link(canary, 'docs/source/guides/outside');
    link(path.join(canary, 'secret.txt'), 'docs/source/adr/ADR-0007-leak.md');
    fs.mkdirSync(path.join(origin, 'docs/source/adr/ADR-0009-folder.md/x'), { recursive: true });
    write(origin, 'docs/source/adr/ADR-0009-folder.md/x/keep', '');
    write(origin, 'docs/source/adr/ADR-0008-role.md', '# ADR-0008 — {download}`/etc/passwd`\n');
    const clone = path.join(sandbox, 'clone');
    commitAll(origin, 'traps', true);
    execFileSync('git', ['clone', '-q', origin, clone]);
    execFileSync('mkfifo', [path.join(clone, 'docs/source/glossary.md.fifo')]);
    fs.rmSync(path.join(clone, 'docs/source/glossary.md'));
    fs.renameSync(path.join(clone, 'docs/source/glossary.md.fifo'), path.join(clone, 'docs/source/glossary.md'));
    execFileSync('mkfifo', [path.join(clone, '.github/ISSUE_TEMPLATE/pipe.yaml')]);
    fs.rmSync(path.join(clone, '.docpact/tmp'), { recursive: true, force: true });
    fs.symlinkSync('../docs/source/adr', path.join(clone, '.docpact/tmp'));

    const tree = (dir: string) => [...snapshot(dir)].map(([k, v]) => `${k} ${v.sha}`);
    const gitFiles = (dir: string) => {
      const out: string[] = [];
      const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
          const r = path.join(rel, e.name);
          if (e.isDirectory()) walk(r);
          else if (e.isFile()) out.push(`${r} ${fs.readFileSync(path.join(dir, r)).length}`);
        }
      };
      walk('.git');
      return out.sort();
    };
    const canaryBefore = tree(canary);
    const gitBefore = gitFiles(clone);
    const commands = [
      ['check'],
      ['check', '--json'],
      ['adr', 'list'],
      ['chat', 'list'],
      ['check', '--fix'],
      ['adr', 'new', 'Hostile', '--date', DATE],
      ['adr', 'new', 'Hostile', '--supersedes', '7', '--date', DATE],
      ['adr', 'status', '1', 'accepted'],
      ['chat', 'new', 'probe', '--date', DATE],
      ['chat', 'reply', 'talk', '--as', 'engineer', '--date', DATE],
      ['chat', 'close', 'talk', '--as', 'architect', '--date', DATE],
      ['docs', 'add', 'concept', 'Probe'],
      ['docs', 'term', 'Probe', 'A probe.'],
      ['init', '--yes', '--date', DATE],
      ['init', '--yes', '--force', '--date', DATE],
      ['adr', 'new', 'Dry', '--dry-run', '--date', DATE],
    ];
    const codes: string[] = [];
    const sweep = () => {
      for (const args of commands) {
        const r = run(clone, args, { env: { DOCPACT_LOCK_TIMEOUT_MS: '5000' } });
        codes.push(`${args.join(' ')} → ${r.code}`);
        expect([0, 1, 2], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
        expect(r.stdout + r.stderr).not.toMatch(/SECRET|root:x:|unexpected error|\n\s+at /);
      }
    };
    sweep();
    // Told that the journal is not its own, the user deletes it; every other trap is still there.
    fs.rmSync(path.join(clone, '.docpact/journal.json'));
    sweep();
    expect(codes.filter((c) => c.endsWith('→ 0')).length, codes.join('\n')).toBeGreaterThan(0);
    expect(tree(canary)).toEqual(canaryBefore);
    expect(gitFiles(clone)).toEqual(gitBefore);
    expect(exists(clone, 'PWNED')).toBe(false);
    expect(fs.readdirSync(sandbox).sort()).toEqual(['canary', 'clone', 'origin']);
  }, 300_000);
});

describe('the machine-local caches of docpact.yaml and the lock', () => {
  // Caches are written only for files unchanged for a while; the seam spares the test the wait.
  const env = { DOCPACT_CACHE_SETTLE_MS: '0' };
  const deciders = (dir: string, file: string) => read(dir, `docs/source/adr/${file}`).match(/^- Deciders: (.*)$/m)?.[1];

  it('never trust a committed cache: a fork’s forged cache is not used in a fresh clone, also for a MADR series', () => {
    const dir = repo();
    ok(run(dir, ['adr', 'new', 'One', '--date', DATE], { env }));
    const cache = JSON.parse(read(dir, '.docpact/cache/config.json'));
    expect(cache.config.roles).toEqual(['architect', 'engineer']);
    expect(exists(dir, '.docpact/cache/lock.json')).toBe(true);

    // A fork commits a forged cache (its own, genuine stamp and build, other roles); a fresh clone must not use it.
    write(dir, '.docpact/cache/config.json', JSON.stringify({ ...cache, config: { ...cache.config, roles: ['mallory', 'eve'] } }));
    git(dir, 'add', '-A');
    git(dir, 'add', '-f', '.docpact/cache/config.json', '.docpact/cache/lock.json');
    git(dir, 'commit', '-qm', 'fork');
    const clone = path.join(tempRepo(false), 'clone');
    execFileSync('git', ['clone', '-q', dir, clone]);
    ok(run(clone, ['adr', 'new', 'Two', '--date', DATE], { env }));
    expect(deciders(clone, 'ADR-0003-two.md')).toBe('architect, engineer');

    // A MADR series read from a cached configuration: its front matter (YAML) is still read.
    edit(clone, 'docpact.yaml', (t) => t.replace(/^adr:\n/m, 'adr:\n  series:\n    - name: dec\n      path: docs/source/decisions\n      format: madr4\n'));
    ok(run(clone, ['sync'], { env }));
    ok(run(clone, ['adr', 'new', 'First', '--series', 'dec', '--date', DATE], { env }));
    ok(run(clone, ['adr', 'new', 'Second', '--series', 'dec', '--supersedes', '1', '--date', DATE], { env }));
    expect(read(clone, 'docs/source/decisions/0001-first.md')).toMatch(/^status: "superseded by \[ADR-0002\]/m);
  });

  it('see every change to docpact.yaml: one of the same size and modification time, and a broken one after a cached run', () => {
    const dir = repo();
    ok(run(dir, ['adr', 'new', 'One', '--date', DATE], { env }));
    expect(exists(dir, '.docpact/cache/config.json')).toBe(true);
    // Same size and modification time, other roles: the change time still tells, and the new roles are used.
    const before = fs.statSync(path.join(dir, 'docpact.yaml'));
    edit(dir, 'docpact.yaml', (t) => t.replace('  - architect\n', '  - developer\n'));
    fs.utimesSync(path.join(dir, 'docpact.yaml'), before.atime, before.mtime);
    expect(fs.statSync(path.join(dir, 'docpact.yaml')).size).toBe(before.size);
    ok(run(dir, ['adr', 'new', 'Three', '--date', DATE], { env }));
    expect(deciders(dir, 'ADR-0003-three.md')).toBe('developer, engineer');

    // A broken docpact.yaml after a cached run: the same error as without a cache, nothing written.
    edit(dir, 'docpact.yaml', (t) => t.replace('version: 1', 'version: [1'));
    const broken = run(dir, ['adr', 'new', 'Four', '--date', DATE], { env });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/docpact\.yaml is not valid YAML \(line \d+\)/);
    expect(exists(dir, 'docs/source/adr/ADR-0004-four.md')).toBe(false);
  });
});
