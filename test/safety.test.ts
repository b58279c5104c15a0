import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveRef } from '../src/adr/store.js';
import { DocpactError } from '../src/errors.js';
import { checkSlug } from '../src/text/slug.js';
import { BIN, DATE, REPO, binEnv, exists, ok, prepared, read, run, runAsync, snapshot, tempRepo, withDate } from './helpers.js';
import { decodeHtml, githubShows } from './render.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
/** The REFs that name ADR-0001: its number however padded, its id, its file name with or without .md. */
const EXACT_REF = /^(0*1|[Aa][Dd][Rr]-0*1|ADR-0001-record-architecture-decisions(\.md)?)$/;

/** Every path in a tree is a name Linux, macOS and Windows all accept. */
function portableNames(dir: string): string[] {
  const bad: string[] = [];
  for (const rel of snapshot(dir).keys()) {
    for (const part of rel.split('/')) {
      if (WINDOWS_RESERVED.test(part) || /[. ]$/.test(part) || /[<>:"\\|?*\x00-\x1f]/.test(part) || Buffer.byteLength(part) > 255) bad.push(rel);
    }
  }
  return bad;
}

/** A repo inside a sandbox folder, so writes outside the repo would show up. */
function sandboxed(): { sandbox: string; repo: string } {
  const sandbox = tempRepo(false);
  const repo = path.join(sandbox, 'repo');
  fs.mkdirSync(repo);
  const r = run(repo, ['init', '--yes', '--date', DATE]);
  if (r.code !== 0) throw new Error(r.stderr);
  return { sandbox, repo };
}

// The known-hostile values weigh as much as both random kinds together: a dozen runs try several of each.
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  { weight: 2, arbitrary: fc.constantFrom('../../etc/passwd', '..', '.', 'CON', 'nul.txt', 'a. ', 'x/../../y', '{{title}}', '--help', '-', '~', '$(rm -rf /)', '\u202e', ' lead', 'trail ') },
);
const argvSafe = (s: string) => !s.includes('\0');

/**
 * Run one command per generated value; it must either succeed and keep the
 * text exactly where it belongs, or exit 2 having changed nothing. Either way
 * nothing appears outside the repo, every YAML file parses, names are portable.
 */
function hostile(name: string, args: (v: string) => string[], kept: (repo: string, v: string, stdout: string) => void, runs = 12) {
  it(`${name}: exit 0 with the text kept exactly, or exit 2 with nothing written (property)`, () => {
    const { sandbox, repo } = sandboxed();
    fc.assert(
      fc.property(anyText.filter(argvSafe), (value) => {
        const before = snapshot(repo);
        const r = run(repo, [...withDate(args(value)), '--json']);
        expect(fs.readdirSync(sandbox)).toEqual(['repo']);
        if (r.code === 0) kept(repo, value, r.stdout);
        else {
          expect(r.code, r.stdout).toBe(2);
          // --json: the failure is the one object on stdout, with a message; nothing on stderr.
          expect(r.stderr).toBe('');
          expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/\S/) } });
          expect(snapshot(repo)).toEqual(before);
        }
      }),
      { numRuns: runs },
    );
    for (const rel of snapshot(repo).keys()) if (/\.ya?ml$/.test(rel)) expect(() => parse(read(repo, rel)), rel).not.toThrow();
    expect(portableNames(repo)).toEqual([]);
    expect(run(repo, ['check']).code).toBe(0);
  });
}

/** The line of a file that starts with `start` (exactly one). */
const lineOf = (text: string, start: string) => {
  const lines = text.split('\n').filter((l) => l.startsWith(start));
  expect(lines, start).toHaveLength(1);
  return lines[0];
};
/** The glossary line of the term whose definition is `definition` (on the line after it). */
const termLine = (repo: string, definition: string) => {
  const lines = read(repo, 'docs/source/glossary.md').split('\n');
  return lines[lines.findIndex((_, i) => lines[i + 1] === `  ${definition}`)];
};

// Text a user typed must show as typed where readers read it: the expected values come from a GFM renderer
// (test/render.ts), never from docpact's escaping. Terms and definitions are inline Markdown in the glossary.
describe('hostile input', () => {
  hostile('adr new --deciders', (v) => ['adr', 'new', 'Deciders test', `--deciders=${v}`], (repo, v, out) => {
    const adr = read(repo, JSON.parse(out).result.file);
    // No deciders ("" or blanks): the ADR has no Deciders line rather than an empty one.
    if (!v.trim()) return void expect(adr).not.toMatch(/^- Deciders:/m);
    expect(githubShows(lineOf(adr, '- Deciders: '), v.trim(), 'Deciders: ')).toEqual([]);
  });
  // REFs and slugs are decided by pure functions: many samples in-process (below), a few through the bin here.
  hostile('adr new --supersedes REF', (v) => ['adr', 'new', 'Ref test', `--supersedes=${v}`], (_repo, v, out) => {
    // Only an exact REF to ADR-0001 can succeed.
    expect(JSON.parse(out).result.supersedes).toEqual(['ADR-0001-record-architecture-decisions.md']);
    expect(v.trim()).toMatch(EXACT_REF);
  }, 4);
  hostile('adr status REF', (v) => ['adr', 'status', `--ref=${v}`, 'accepted'], (_repo, v) => {
    expect(v.trim()).toMatch(EXACT_REF);
  }, 4);
  hostile('chat new slug', (v) => ['chat', 'new', `--slug=${v}`, '--title', 'Slug test'], (repo, v) => {
    expect(v).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(exists(repo, `theory_api/agents/chats/${v}/meta.yaml`)).toBe(true);
  }, 4);
  hostile('chat new --title', (v) => ['chat', 'new', `t${Math.random().toString(36).slice(2, 8)}`, `--title=${v}`], (repo, v, out) => {
    const { slug, file } = JSON.parse(out).result;
    const meta = parse(read(repo, `theory_api/agents/chats/${slug}/meta.yaml`));
    expect(meta.title).toBe(v.trim());
    // The message's heading, as GitHub shows it: the title as typed (issue #27).
    expect(githubShows(read(repo, file).split('\n')[0], v.trim(), '001 — to engineer: ')).toEqual([]);
  });
  hostile('docs add title', (v) => ['docs', 'add', 'concept', `--title=${v}`], (repo, v, out) => {
    const h1 = read(repo, JSON.parse(out).result.file).split('\n')[0];
    expect(h1.startsWith('# ')).toBe(true);
    expect(githubShows(h1, v.trim())).toEqual([]);
  });
  hostile('docs add --slug', (v) => ['docs', 'add', 'guide', 'Slug page', `--slug=${v}`], (repo, v) => {
    expect(exists(repo, `docs/source/guides/${v}.md`)).toBe(true);
  }, 4);
  // Each sample's definition names it, so its term's line can be found among the others.
  const defines = (v: string) => `Defines ${createHash('sha256').update(v).digest('hex').slice(0, 12)}.`;
  hostile('docs term', (v) => ['docs', 'term', `--term=${v}`, '--definition', defines(v)], (repo, v) => {
    expect(githubShows(`Term: ${termLine(repo, defines(v))}`, v.trim(), 'Term: ')).toEqual([]);
  });
  hostile('docs term definition', (v) => ['docs', 'term', `T${Math.random().toString(36).slice(2, 8)}`, `--definition=${v}`], (repo, v, out) => {
    const lines = read(repo, 'docs/source/glossary.md').split('\n');
    const definition = lines[lines.indexOf(JSON.parse(out).result.term) + 1];
    expect(definition.startsWith('  ')).toBe(true);
    expect(githubShows(`Definition: ${definition.trim()}`, v.trim(), 'Definition: ')).toEqual([]);
  });
});

describe('one-line text that would read differently than it is', () => {
  it('refuses a bidirectional override or isolate in a title, term, definition or name, as in a body: exit 2, naming it, nothing written', () => {
    const dir = repo();
    const before = snapshot(dir);
    const rlo = 'Use \u202eLQSgerP\u202c here';
    for (const args of [
      ['adr', 'new', rlo],
      ['adr', 'new', 'Fine title', '--deciders', 'ann, \u2066bob\u2069'],
      ['docs', 'term', 'Le\u202ease', 'A grant.'],
      ['docs', 'term', 'Tenancy', 'A \u202dgrant.'],
      ['docs', 'add', 'concept', rlo],
      ['chat', 'new', 'leases', '--title', rlo, '--as', 'architect'],
      ['init', '--project', rlo, '--preset', 'blank'],
    ]) {
      const r = run(dir, [...(args[0] === 'docs' ? args : withDate(args)), '--yes']);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/U\+(202E|2066|202D)/);
      expect(snapshot(dir), args.join(' ')).toEqual(before);
    }
  });
});

describe('file modes', () => {
  it('keeps a file executable when it edits it: an ADR it supersedes and the index it rewrites keep their mode', () => {
    const repo = tempRepo();
    ok(run(repo, ['init', '--yes', '--date', DATE]));
    const adr = 'docs/source/adr/ADR-0001-record-architecture-decisions.md';
    const index = 'docs/source/adr/index.md';
    for (const f of [adr, index]) fs.chmodSync(path.join(repo, f), 0o755);
    ok(run(repo, ['adr', 'new', 'Mode test', '--supersedes', '1', '--date', DATE]));
    expect(read(repo, adr)).toMatch(/Superseded by/);
    for (const f of [adr, index]) expect((fs.statSync(path.join(repo, f)).mode & 0o777).toString(8), f).toBe('755');
    // A new file gets the usual mode, not the one of a file it replaced elsewhere.
    expect((fs.statSync(path.join(repo, 'docs/source/adr/ADR-0002-mode-test.md')).mode & 0o111).toString(8)).toBe('0');
  });
});

describe('REFs and slugs, in-process (the pure functions the commands call)', () => {
  const files = [{ number: 1, file: 'ADR-0001-record-architecture-decisions.md' }];
  it('a REF resolves only when it names the ADR exactly; anything else is an input error listing candidates (property)', () => {
    fc.assert(
      fc.property(anyText, (v) => {
        let got;
        try {
          got = resolveRef(v, files, 4);
        } catch (err) {
          expect(err).toBeInstanceOf(DocpactError);
          expect((err as DocpactError).exitCode).toBe(2);
          return;
        }
        expect(got).toEqual(files[0]);
        expect(v.trim()).toMatch(EXACT_REF);
      }),
      { numRuns: 400 },
    );
  });
  it('a slug is accepted only as lowercase words joined by single dashes, at most 60 characters, not a reserved name (property)', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^[a-z0-9-]{1,70}$/)), (v) => {
        const valid = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length <= 60 && !WINDOWS_RESERVED.test(v);
        if (valid) expect(checkSlug(v)).toBe(v);
        else expect(() => checkSlug(v)).toThrow(DocpactError);
      }),
      { numRuns: 400, examples: [['con'], ['lpt1'], ['a--b'], ['-a'], ['a'.repeat(61)], ['storage-leases']] },
    );
  });
});

describe('hostile project names', () => {
  it('init --project: the H1 keeps the name exactly and conf.py stays valid Python, or exit 2 (property)', () => {
    const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0);
    fc.assert(
      fc.property(anyText.filter(argvSafe), (name) => {
        const sandbox = tempRepo(false);
        const repo = path.join(sandbox, 'repo');
        const r = run(sandbox, ['init', 'repo', `--project=${name}`, '--yes', '--date', DATE]);
        if (r.code !== 0) {
          expect(r.code, r.stderr).toBe(2);
          expect(fs.readdirSync(sandbox)).toEqual([]);
          return;
        }
        expect(fs.readdirSync(sandbox)).toEqual(['repo']);
        const h1 = read(repo, 'docs/source/index.md').split('\n')[0];
        expect(h1.startsWith('# ')).toBe(true);
        expect(githubShows(h1, name.trim())).toEqual([]);
        expect(parse(read(repo, 'docpact.yaml')).project).toBe(name.trim());
        if (python) {
          const py = spawnSync(python, ['-c', 'import ast,sys; t=ast.parse(open(sys.argv[1], encoding="utf-8").read()); print([n.value.value for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id=="project"][0], end="")', path.join(repo, 'docs/source/conf.py')], { encoding: 'utf8' });
          expect(py.status, py.stderr).toBe(0);
          // Sphinx's theme inserts it as HTML: no markup of its own, and its references read as the name.
          expect(py.stdout).not.toMatch(/[<>]/);
          expect(decodeHtml(py.stdout)).toBe(name.trim());
        }
      }),
      { numRuns: 10 },
    );
  });
});

describe('crash safety', () => {
  const planted = prepared((dir) => void ok(run(dir, ['adr', 'new', 'Old', '--date', DATE])));
  const supersede = (dir: string, crashAt: string) =>
    run(dir, ['adr', 'new', 'New', '--supersedes', '2', '--date', DATE], { env: { DOCPACT_CRASH_AT: crashAt } });

  it('rolls a plan killed half-way forward on the next command, leaving no truncated file', () => {
    const dir = planted();
    const r = supersede(dir, 'move:1'); // after the new ADR landed, before the old one changed
    expect(r.code).not.toBe(0);
    expect(exists(dir, '.docpact/journal.json')).toBe(true);
    // No file is truncated: everything on disk is either the old or the new complete content.
    expect(read(dir, 'docs/source/adr/ADR-0003-new.md')).toMatch(/## Alternatives\n[\s\S]*\n$/);
    const list = run(dir, ['adr', 'list', '--json']); // a read-only command completes the interrupted plan
    expect(list.code).toBe(0);
    expect(exists(dir, '.docpact/journal.json')).toBe(false);
    expect(fs.readdirSync(path.join(dir, '.docpact/tmp'))).toEqual([]);
    expect(read(dir, 'docs/source/adr/ADR-0002-old.md')).toContain('- Status: Superseded');
    expect(run(dir, ['check']).code).toBe(0);
    expect(run(dir, ['adr', 'new', 'After', '--date', DATE]).code).toBe(0);
  });

  it('leaves the repo as it was when killed before the journal is written', () => {
    const dir = planted();
    const old = read(dir, 'docs/source/adr/ADR-0002-old.md');
    expect(supersede(dir, 'before-journal').code).not.toBe(0);
    const r = run(dir, ['adr', 'new', 'Next', '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, '.docpact/tmp'))).toEqual([]);
    expect(read(dir, 'docs/source/adr/ADR-0002-old.md')).toBe(old);
    expect(exists(dir, 'docs/source/adr/ADR-0003-new.md')).toBe(false);
    expect(exists(dir, 'docs/source/adr/ADR-0003-next.md')).toBe(true);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('takes over the lock of a process that died holding it, or a lock holding no token', () => {
    const dir = planted();
    const lock = path.join(dir, '.docpact/.lock');
    for (const [i, stale] of [`999999@${os.hostname()}#0123456789abcdef`, '{"pid":1,"host":"x"}'].entries()) {
      fs.writeFileSync(lock, stale);
      const r = run(dir, ['adr', 'new', `Despite the stale lock ${i}`, '--date', DATE]);
      expect(r.code, r.stderr).toBe(0);
      expect(exists(dir, '.docpact/.lock')).toBe(false);
    }
  });

  it('does not wait out a lock from another host (e.g. one committed to the repository): check reads, writers say what to do', () => {
    const dir = planted();
    fs.writeFileSync(path.join(dir, '.docpact/.lock'), '4242@build-box-7#0123456789abcdef');
    // With the default 60 s timeout, either of these would hang the test if it waited.
    const env = { DOCPACT_LOCK_TIMEOUT_MS: '600000' };
    expect(run(dir, ['check'], { env }).code).toBe(0);
    const w = run(dir, ['adr', 'new', 'Blocked', '--date', DATE], { env });
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/\.docpact\/\.lock names a docpact run on another host \(4242@build-box-7\).*delete \.docpact\/\.lock/);
    expect(exists(dir, 'docs/source/adr/ADR-0003-blocked.md')).toBe(false);
  });

  it('refuses a DOCPACT_LOCK_TIMEOUT_MS that is not a number of milliseconds, before it could wait forever on a held lock', () => {
    const dir = planted();
    // A live local holder (this test's process): a writer waits for it until the timeout — which "abc" made endless.
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    fs.writeFileSync(path.join(dir, '.docpact/.lock'), `${process.pid}@${os.hostname()}#0123456789abcdef/${boot}/${started}`);
    const before = snapshot(dir);
    for (const value of ['abc', '-5', 'Infinity']) {
      const env = { DOCPACT_LOCK_TIMEOUT_MS: value };
      for (const args of [['adr', 'new', 'Waits', '--date', DATE], ['check'], ['mcp', '--as', 'engineer']]) {
        const r = run(dir, args, { env, timeout: 20_000 });
        expect(r.code, `${value} ${args[0]}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/DOCPACT_LOCK_TIMEOUT_MS must be a whole number of milliseconds \(0 or more\)/);
        // The default it names is this command's: 15 s for the server's writes, 60 s for the CLI.
        expect(r.stderr).toContain(`default of ${args[0] === 'mcp' ? 15 : 60} s`);
      }
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('races', () => {
  it('leaves a repo that checks clean after parallel adr new, chat reply and docs term', async () => {
    const dir = repo();
    for (let i = 0; i < 4; i++) ok(run(dir, ['chat', 'new', `busy-${i}`, '--date', DATE]));
    const jobs = [
      ...Array.from({ length: 6 }, (_, i) => ['adr', 'new', `Race ${i}`]),
      ...Array.from({ length: 4 }, (_, i) => ['chat', 'reply', `busy-${i}`, '--as', 'engineer']),
      ...Array.from({ length: 4 }, (_, i) => ['docs', 'term', `Race term ${i}`, 'Defined in a race.']),
    ];
    const results = await Promise.all(jobs.map((j) => runAsync(dir, withDate(j))));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const check = run(dir, ['check']);
    expect(check.stdout + check.stderr).toMatch(/no problems \(7 ADRs, 4 threads,/);
    for (let i = 0; i < 4; i++) expect(parse(read(dir, `theory_api/agents/chats/busy-${i}/meta.yaml`)).messages).toHaveLength(2);
  });
});

describe('without a terminal', () => {
  /** Run with stdin an open pipe that never closes: a prompt would hang until the timeout. */
  const noTty = (cwd: string, args: string[]) =>
    new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
      const start = Date.now();
      const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: binEnv() });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, ms: Date.now() - start });
      });
    });

  it('exits 2 listing every missing flag, and never waits for input', async () => {
    const dir = repo();
    ok(run(dir, ['chat', 'new', 'x', '--date', DATE]));
    const cases: [string[], RegExp[]][] = [
      [['adr', 'new'], [/<title> or --title/]],
      [['adr', 'status'], [/<ref> or --ref/, /<status> or --status/]],
      [['docs', 'add'], [/<kind> or --kind/, /<title> or --title/]],
      [['docs', 'term'], [/<term> or --term/, /<definition> or --definition/]],
      [['chat', 'new'], [/<slug> or --slug/]],
      [['chat', 'close', 'x'], [/--as/]],
    ];
    for (const [args, flags] of cases) {
      const before = snapshot(dir);
      const r = await noTty(dir, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.ms).toBeLessThan(10_000);
      for (const f of flags) expect(r.stderr, args.join(' ')).toMatch(f);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('bootstraps with defaults when nothing is required', async () => {
    const dir = tempRepo();
    const r = await noTty(dir, ['init', '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    expect(exists(dir, 'docpact.yaml')).toBe(true);
  });
});

describe('start-up discipline', () => {
  it('never loads plop or inquirer on read-only or non-interactive paths', () => {
    const dir = repo();
    const hook = path.join(REPO, 'test', 'fixtures', 'forbid-plop.mjs');
    const guarded = (args: string[]) => run(dir, args, { env: { NODE_OPTIONS: `--import=${hook}` } });
    for (const args of [['check'], ['adr', 'list'], ['chat', 'list'], ['adr', 'new', 'Quick', '--date', DATE], ['docs', 'term', 'Fast', 'Quick.'], ['--help']]) {
      const r = guarded(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/forbidden import/);
    }
    // The guard itself works.
    const direct = run(dir, ['--version'], { env: { NODE_OPTIONS: `--import=${hook} --import=node-plop` } });
    expect(direct.stderr).toMatch(/forbidden import: node-plop/);
    // And it knows the prompts bundled into dist/ (Inquirer's packages), required as the CLI requires them.
    const bundled = path.join(REPO, 'dist', 'vendor', 'inquirer.cjs');
    expect(fs.existsSync(bundled)).toBe(true);
    const required = run(dir, ['--version'], { env: { NODE_OPTIONS: `--import=${hook} --import=data:text/javascript,${encodeURIComponent(`import{createRequire}from'node:module';createRequire(${JSON.stringify(bundled)})(${JSON.stringify(bundled)});`)}` } });
    expect(required.stderr).toMatch(/forbidden import: .*inquirer\.cjs/);
    const compiled = run(dir, ['--version'], { env: { NODE_OPTIONS: `--import=${hook} --import=data:text/javascript,${encodeURIComponent(`import vm from'node:vm';new vm.Script('0',{filename:${JSON.stringify(bundled)}});`)}` } });
    expect(compiled.stderr).toMatch(/forbidden import: .*inquirer\.cjs/);
  });

  // bin/docpact.js compiles dist/cli.cjs with V8's code cache: the one thing docpact writes outside a repository.
  const build = () => /^\/\/ docpact build ([0-9a-f]{16})\n/.exec(fs.readFileSync(path.join(REPO, 'dist', 'cli.cjs'), 'utf8'))![1];
  const cacheFiles = (xdg: string) => (fs.existsSync(path.join(xdg, 'docpact')) ? fs.readdirSync(path.join(xdg, 'docpact')).sort() : []);

  it('keeps its compiled code only in the user cache folder, private, read only by the build that wrote it; DOCPACT_NO_CODE_CACHE=1 keeps none', () => {
    const { sandbox, repo: dir } = sandboxed();
    const xdg = tempRepo(false);
    const before = snapshot(sandbox);
    const first = ok(run(dir, ['adr', 'list'], { env: { XDG_CACHE_HOME: xdg } }));
    const file = path.join(xdg, 'docpact', `cli-${build()}-adr-list.v8`);
    expect(cacheFiles(xdg)).toContain(path.basename(file));
    for (const f of cacheFiles(xdg)) {
      expect(f).toMatch(new RegExp(`^cli-${build()}-(adr-list|vendor\\.[\\w-]+)\\.v8$`));
      expect(fs.statSync(path.join(xdg, 'docpact', f)).mode & 0o777).toBe(0o600);
    }
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(snapshot(sandbox)).toEqual(before);
    // A cache V8 refuses (not bytecode of this source and this V8) is compiled from source and replaced,
    // docpact's own and a library's (sync writes YAML with the yaml library, bundled in dist/vendor/).
    ok(run(dir, ['sync'], { env: { XDG_CACHE_HOME: xdg } }));
    const library = path.join(xdg, 'docpact', `cli-${build()}-vendor.yaml.v8`);
    for (const f of [file, library]) fs.writeFileSync(f, 'not bytecode');
    expect(ok(run(dir, ['adr', 'list'], { env: { XDG_CACHE_HOME: xdg } })).stdout).toBe(first.stdout);
    ok(run(dir, ['sync'], { env: { XDG_CACHE_HOME: xdg } }));
    for (const f of [file, library]) expect(fs.readFileSync(f, 'latin1')).not.toBe('not bytecode');
    const none = tempRepo(false);
    expect(ok(run(dir, ['adr', 'list'], { env: { XDG_CACHE_HOME: none, DOCPACT_NO_CODE_CACHE: '1' } })).stdout).toBe(first.stdout);
    expect(cacheFiles(none)).toEqual([]);
    // A relative cache folder would be inside whatever folder the command runs in: never there (see below).
    expect(ok(run(dir, ['adr', 'list'], { env: { XDG_CACHE_HOME: 'cache', HOME: none } })).stdout).toBe(first.stdout);
    expect([...snapshot(sandbox).keys()].filter((f) => f.endsWith('.v8') || !f.startsWith('repo/') || f.startsWith('repo/cache/'))).toEqual([]);
  });

  it('takes a relative XDG_CACHE_HOME as unset, as the XDG spec says: the cache goes to ~/.cache/docpact, never into the folder the command runs in', () => {
    const { sandbox, repo: dir } = sandboxed();
    const home = tempRepo(false);
    for (const relative of ['cache', './cache', '.']) {
      fs.rmSync(path.join(home, '.cache'), { recursive: true, force: true });
      ok(run(dir, ['adr', 'list'], { env: { XDG_CACHE_HOME: relative, HOME: home } }));
      expect(cacheFiles(path.join(home, '.cache')), relative).toContain(`cli-${build()}-adr-list.v8`);
    }
    expect([...snapshot(sandbox).keys()].filter((f) => f.endsWith('.v8') || f.startsWith('repo/cache/'))).toEqual([]);
  });

  it('keeps a cache per command, written by a run that went through: not by adr list for adr new, nor by its help or a usage error', () => {
    const dir = repo();
    const xdg = tempRepo(false);
    const own = () => cacheFiles(xdg).filter((f) => !f.includes('-vendor.'));
    ok(run(dir, ['adr', 'list'], { env: { XDG_CACHE_HOME: xdg } }));
    ok(run(dir, ['adr', 'new', '--help'], { env: { XDG_CACHE_HOME: xdg } }));
    expect(run(dir, ['adr', 'new'], { env: { XDG_CACHE_HOME: xdg } }).code).toBe(2);
    expect(own()).toEqual([`cli-${build()}-adr-list.v8`]);
    ok(run(dir, ['adr', 'new', 'Cached', '--date', DATE], { env: { XDG_CACHE_HOME: xdg } }));
    expect(own()).toEqual([`cli-${build()}-adr-list.v8`, `cli-${build()}-adr-new.v8`]);
    const stamp = fs.statSync(path.join(xdg, 'docpact', `cli-${build()}-adr-new.v8`)).mtimeMs;
    ok(run(dir, ['adr', 'new', 'Cached again', '--date', DATE], { env: { XDG_CACHE_HOME: xdg } }));
    expect(fs.statSync(path.join(xdg, 'docpact', `cli-${build()}-adr-new.v8`)).mtimeMs).toBe(stamp);
    ok(run(tempRepo(false), ['init', 'fresh', '--yes', '--date', DATE], { env: { XDG_CACHE_HOME: xdg } }));
    expect(run(dir, ['adr', 'nwe'], { env: { XDG_CACHE_HOME: xdg } }).code).toBe(2);
    expect(run(dir, ['nosuch'], { env: { XDG_CACHE_HOME: xdg } }).code).toBe(2);
    expect(own()).toEqual([`cli-${build()}-adr-list.v8`, `cli-${build()}-adr-new.v8`, `cli-${build()}-init.v8`]);
  });

  it('answers a check with nothing changed without compiling the whole CLI, and runs the full check through it (its own cache, replaced when refused) when something changed', () => {
    const dir = repo();
    const xdg = tempRepo(false);
    const env = { XDG_CACHE_HOME: xdg, DOCPACT_CACHE_SETTLE_MS: '0', CI: '' };
    // A compile of dist/cli.cjs (bin/docpact.js compiles each bundle with vm.Script, named by its file) fails loudly.
    const forbid = `--import=data:text/javascript,${encodeURIComponent("import vm from'node:vm';const S=vm.Script;vm.Script=class extends S{constructor(c,o){if(/[\\/]dist[\\/]cli\\.cjs$/.test(o?.filename??''))throw new Error('compiled the whole CLI: '+o.filename);super(c,o)}};")}`;
    const first = run(dir, ['check', '--json'], { env });
    expect(first.code).toBe(0);
    expect(exists(dir, '.docpact/cache/check-verdict.txt')).toBe(true);
    const replayed = run(dir, ['check', '--json'], { env: { ...env, NODE_OPTIONS: forbid } });
    expect(replayed).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
    const whole = path.join(xdg, 'docpact', `cli-${build()}-full.check.v8`);
    expect(fs.statSync(whole).mode & 0o777).toBe(0o600);
    // Something changed: the full check runs, in the whole CLI (the hook proves it is compiled), with what --no-cache prints.
    fs.appendFileSync(path.join(dir, 'docs/source/index.md'), '\n[gone](nowhere.md)\n');
    fs.writeFileSync(whole, 'not bytecode');
    expect(run(dir, ['check'], { env: { ...env, NODE_OPTIONS: forbid } }).stderr).toContain('compiled the whole CLI');
    const full = run(dir, ['check'], { env });
    expect(full.code).toBe(1);
    expect(full.stdout).toBe(run(dir, ['check', '--no-cache']).stdout);
    expect(full.stdout).toContain('nowhere.md');
    expect(fs.readFileSync(whole, 'latin1')).not.toBe('not bytecode');
  });

  it('keeps the caches of the four builds that wrote one last: two installs used in turn do not remove each other\'s', () => {
    const dir = repo();
    const xdg = tempRepo(false);
    fs.mkdirSync(path.join(xdg, 'docpact'), { mode: 0o700 });
    const others = ['1111111111111111', '2222222222222222', '3333333333333333', '4444444444444444'];
    others.forEach((b, i) => {
      for (const word of ['adr', 'check']) {
        const f = path.join(xdg, 'docpact', `cli-${b}-${word}.v8`);
        fs.writeFileSync(f, 'bytecode of another build');
        const hoursAgo = new Date(Date.now() - (i + 1) * 3_600_000);
        fs.utimesSync(f, hoursAgo, hoursAgo);
      }
    });
    fs.writeFileSync(path.join(xdg, 'docpact', 'notes.txt'), 'not a cache');
    ok(run(dir, ['adr', 'list'], { env: { XDG_CACHE_HOME: xdg } }));
    // This build and the three others written last; the oldest build's caches are gone, anything else stays.
    expect(cacheFiles(xdg)).toContain(`cli-${build()}-adr-list.v8`);
    expect(cacheFiles(xdg).filter((f) => !f.startsWith(`cli-${build()}-`))).toEqual([...others.slice(0, 3).flatMap((b) => [`cli-${b}-adr.v8`, `cli-${b}-check.v8`]), 'notes.txt'].sort());
  });
});
