import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export const REPO = path.resolve(import.meta.dirname, '..');
export const BIN = path.join(REPO, 'bin', 'docpact.js');
export const DATE = '2026-11-23';

const made: string[] = [];
const kept: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
afterAll(() => {
  for (const d of kept.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Keep a directory made in beforeAll until the file's tests are done. */
export function keepForFile(dir: string): string {
  made.splice(made.indexOf(dir), 1);
  kept.push(dir);
  return dir;
}

/** A fresh temp directory (a git repo) removed after the test. */
export function tempRepo(git = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-test-'));
  made.push(dir);
  if (git) execFileSync('git', ['init', '-q', dir]);
  return fs.realpathSync(dir);
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  /** What ran, for messages (the bin's arguments, or the command line). */
  args?: string[];
}

/**
 * The environment the bin runs in: no colour, and without NODE_EXTRA_CA_CERTS,
 * which Node parses at every start-up (about a third of a bare start) although
 * docpact never opens a network connection. The suite spawns the bin
 * thousands of times.
 */
export function binEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Run the built bin with stdin closed (no TTY), as CI and hooks do; killed after `timeout` ms (code -1). */
export function run(cwd: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeout?: number } = {}): Ran {
  const res = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: binEnv(opts.env),
    timeout: opts.timeout ?? 60_000,
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, args };
}

/**
 * A setup step that must succeed: returns `r` when it exited 0, else throws
 * with what ran, its exit code, stdout and stderr, so a broken step fails
 * where it broke instead of hiding behind a later assertion.
 *
 * @example ok(run(dir, ['adr', 'new', 'X', '--date', DATE]))
 */
export function ok(r: Ran): Ran {
  if (r.code !== 0) throw new Error(`${r.args ? `docpact ${r.args.join(' ')}` : 'command'} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

/** Same, without waiting: for races. */
export function runAsync(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, args }));
  });
}

/** `args` plus --date DATE for commands that take one (docs add, docs term, adr status, adr renumber, check and the readers take none). */
export function withDate(args: string[]): string[] {
  const undated =
    args[0] === 'check' ||
    args[1] === 'list' ||
    args[1] === 'show' ||
    args[1] === 'inbox' ||
    (args[0] === 'docs' && (args[1] === 'add' || args[1] === 'term')) ||
    (args[0] === 'adr' && (args[1] === 'status' || args[1] === 'renumber'));
  return undated || args.includes('--date') ? args : [...args, '--date', DATE];
}

/** docpact run with the fixed date (`withDate`), required to exit 0: the adoption tests' step. */
export const must = (dir: string, args: string[]) => ok(run(dir, withDate(args)));

/** An accepted Nygard (adr-tools) record numbered `n`, dated January `year`: what the adoption tests' teams keep. */
export const nygard = (n: number, title: string, year = 2026) =>
  `# ${n}. ${title}\n\nDate: ${year}-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;

/** docpact init --yes with a fixed date; fails the test if it does not exit 0. */
export function initRepo(args: string[] = []): string {
  const dir = tempRepo();
  ok(run(dir, ['init', '--yes', '--date', DATE, ...args]));
  return dir;
}

/** A copy of a repository (its .git too) in a fresh temp folder, removed after the test. */
export function copyOf(dir: string, opts: { preserveTimestamps?: boolean; filter?: (src: string) => boolean } = {}): string {
  const copy = tempRepo(false);
  fs.cpSync(dir, copy, { recursive: true, ...opts });
  return copy;
}

/**
 * A repository prepared once for the whole test file and copied for each
 * test: `docpact init` (and `setup`) run once in beforeAll instead of once
 * per test. Call at the top of a file or describe block; the returned
 * function gives a fresh copy.
 *
 * @example const repo = prepared(); it('…', () => { const dir = repo(); … });
 */
export function prepared(setup: (dir: string) => void = () => {}, initArgs: string[] = []): () => string {
  let template: string | undefined;
  beforeAll(() => {
    template = keepForFile(initRepo(initArgs));
    setup(template);
  });
  return () => {
    if (!template) throw new Error('prepared(): the template is made in beforeAll; call the returned function inside a test');
    return copyOf(template);
  };
}

/** One of test/fixtures/adopt/NAME copied into a fresh git repository. */
export function fixtureRepo(name: string): string {
  const dir = tempRepo();
  fs.cpSync(path.join(REPO, 'test/fixtures/adopt', name), dir, { recursive: true });
  return dir;
}

/** A fixture repository adopted by `docpact init --yes`. */
export function adopted(name: string): string {
  const dir = fixtureRepo(name);
  ok(run(dir, ['init', '--yes', '--date', DATE]));
  return dir;
}

const GIT_ENV = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };

/** git in `dir`; throws with its output unless it exits 0. */
export function git(dir: string, ...args: string[]): string {
  const res = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')} exited ${res.status}\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

/** git in `dir`, its exit code and output returned (for a step expected to fail, such as a conflicting merge). */
export function gitRun(dir: string, ...args: string[]): Ran {
  const res = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, args: ['git', ...args] };
}

/** Stage everything (ignored files too with `force`) and commit. */
export function commitAll(dir: string, message: string, force = false): void {
  git(dir, 'add', '-A', ...(force ? ['-f'] : []));
  git(dir, 'commit', '-q', '-m', message);
}

/** Every file under dir (except .git and .docpact/cache) → sha256 and mtime. */
export function snapshot(dir: string): Map<string, { sha: string; mtimeMs: number }> {
  const out = new Map<string, { sha: string; mtimeMs: number }>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      // Machine-local caches are shortcuts, not content (git ignores them too).
      if (e.name === '.git' || r === '.docpact/cache') continue;
      if (e.isDirectory()) walk(r);
      else {
        const full = path.join(dir, r);
        out.set(r, { sha: createHash('sha256').update(fs.readFileSync(full)).digest('hex'), mtimeMs: fs.statSync(full).mtimeMs });
      }
    }
  };
  walk('');
  return out;
}

export const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
export const write = (dir: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
export const exists = (dir: string, rel: string) => fs.existsSync(path.join(dir, rel));

/** Rewrite a file through `fn`; throws when `fn` changes nothing (a setup edit that did not apply). */
export function edit(dir: string, rel: string, fn: (text: string) => string): void {
  const before = read(dir, rel);
  const after = fn(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing: the text it looks for is not there`);
  write(dir, rel, after);
}

/** Edit a file in place keeping its size and modification time (only its change time tells). */
export function editInPlace(dir: string, rel: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const abs = path.join(dir, rel);
  const st = fs.statSync(abs);
  const text = fs.readFileSync(abs, 'utf8');
  expect(text).toContain(from);
  const fd = fs.openSync(abs, 'r+');
  fs.writeSync(fd, text.replace(from, to), 0, 'utf8');
  fs.closeSync(fd);
  fs.utimesSync(abs, st.atimeMs / 1000, st.mtimeMs / 1000);
  const now = fs.statSync(abs);
  expect([now.size, now.mtimeMs]).toEqual([st.size, st.mtimeMs]);
}

/** Rewrite a YAML file through `fn` on its data (written back as YAML 1.1-safe YAML). */
export function editYaml(dir: string, rel: string, fn: (data: any) => void): void {
  const data = parseYaml(read(dir, rel));
  fn(data);
  write(dir, rel, stringifyYaml(data, { compat: 'yaml-1.1' }));
}

/** Exactly one line on stderr, docpact's, and no stack trace. */
export function oneLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  if (lines.length !== 1 || !lines[0].startsWith('docpact: ') || /\n\s+at /.test(stderr)) throw new Error(`expected one "docpact: …" line on stderr, got:\n${stderr}`);
}

/** Debian's sphinx-build, or null. In CI its absence is a failure, not a skip. */
export function sphinxBuild(): string | null {
  const r = spawnSync('sphinx-build', ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return 'sphinx-build';
  if (process.env.CI) throw new Error('sphinx-build is required in CI (apt-get install python3-sphinx python3-myst-parser)');
  return null;
}

/** Debian's mkdocs (/usr/bin/mkdocs), or null. In CI its absence is a failure, not a skip. */
export function mkdocsBin(): string | null {
  const r = spawnSync('mkdocs', ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return 'mkdocs';
  if (process.env.CI) throw new Error('mkdocs is required in CI (apt-get install mkdocs)');
  return null;
}

/** mkdocs build --strict of the site whose mkdocs.yml is in `dir`, into a temp folder. */
export function buildMkdocs(dir: string): Ran & { site: string } {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-site-'));
  made.push(site);
  const res = spawnSync('mkdocs', ['build', '--strict', '--quiet', '--config-file', path.join(dir, 'mkdocs.yml'), '--site-dir', site], { encoding: 'utf8' });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr, site };
}

/**
 * The warnings sphinx-build reports for the Sphinx source `src` of `dir`
 * (keep going, every warning; paths relative to the source), sorted: for
 * comparing a project's build before and after docpact joins it.
 */
export function sphinxWarnings(dir: string, src: string): { code: number; warnings: string[] } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-html-'));
  made.push(out);
  const res = spawnSync('sphinx-build', ['-W', '--keep-going', '-q', '-b', 'html', path.join(dir, src), out], { encoding: 'utf8' });
  const warnings = (res.stderr ?? '')
    .split('\n')
    .filter((l) => /\b(?:WARNING|ERROR)\b|error:/.test(l))
    .map((l) => l.split(path.join(dir, src) + path.sep).join(''))
    .sort();
  return { code: res.status ?? -1, warnings };
}

/** sphinx-build -W of the repository's docs/source, into `out` (default: a temp folder removed after the test). */
export function buildDocs(dir: string, out = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-html-'))): Ran {
  made.push(out);
  const res = spawnSync('sphinx-build', ['-W', '--keep-going', '-q', '-b', 'html', path.join(dir, 'docs/source'), out], { encoding: 'utf8' });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/** All Markdown files docpact wrote in a repo. */
export function markdownFiles(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((f) => f.endsWith('.md')).map((f) => path.join(dir, f));
}

/** A message from the architect with its template's sections. */
export const ASK_BODY = '## Ask\n\nDo we need leases per facet?\n\n## Context\n\nSee the storage concept page.\n\n## Done when\n\nA plan with its gates.\n';
/** A message from the engineer with the eleven sections of its template. */
export const REPLY_BODY = [
  ['STATUS', 'Leases per facet fit.'],
  ['OBSERVATIONS', 'Read the storage concept page and ADR-0001.'],
  ['DEPRECATIONS & WARNINGS', 'none'],
  ['ANALYSIS', 'One writer per facet keeps the ledger linear.'],
  ['GATES', '- [x] Docs parity'],
  ['PLAN', '1. Add the lease table.'],
  ['CHANGESETS', 'none yet'],
  ['DOCS', 'concepts/storage.md'],
  ['SMOKE', 'npm test'],
  ['RISKS', 'Clock skew: leases carry a margin.'],
  ['ASKS', 'none'],
]
  .map(([h, t]) => `## ${h}\n\n${t}\n`)
  .join('\n');
/** ADR content for `adr new`: every section written. */
export const ADR_CONTENT = ['--context', 'Orders need transactions.', '--decision', 'We use Postgres.', '--consequences', 'Operations run a database.', '--alternatives', 'SQLite: one writer only.'];

/** Every generator, in a realistic order: what a governed repo looks like after some weeks. */
export function everyGenerator(dir: string): void {
  // Messages that get sealed are written (--body-file -); the last message of an open thread may still be the template.
  const ask = ['--body-file', '-', ASK_BODY] as const;
  const reply = ['--body-file', '-', REPLY_BODY] as const;
  const steps: [string[], string?][] = [
    [['docs', 'add', 'guide', 'Replay the ledger']],
    [['docs', 'add', 'concept', 'Leases & locks']],
    [['docs', 'add', 'app', 'Billing {{api}}']],
    [['docs', 'add', 'use-case', 'Podcast ingest — «live»']],
    [['docs', 'term', 'Quorum', 'The minimum number of votes a decision needs.']],
    [['docs', 'term', 'abort', 'To stop a transition before it settles.']],
    [['adr', 'new', 'Use Postgres for the TruthStore', '--status', 'Accepted', ...ADR_CONTENT]],
    [['adr', 'new', 'Lease world paths per facet | v2 *draft*', '--supersedes', '2', '--amends', '1', ...ADR_CONTENT]],
    [['adr', 'status', '3', 'accepted']],
    [['chat', 'new', 'storage-leases', '--title', 'Leases per facet?', '--as', 'architect', ask[0], ask[1]], ask[2]],
    [['chat', 'reply', 'storage-leases', '--as', 'engineer', reply[0], reply[1]], reply[2]],
    [['chat', 'reply', 'storage-leases', '--as', 'architect', ask[0], ask[1]], ask[2]],
    [['chat', 'close', 'storage-leases', '--as', 'architect', '--summary', '--body-file', '-'], 'Leases per facet, renewed by the writer.\n'],
    [['chat', 'new', 'open-question', '--title', 'Still open', ask[0], ask[1]], ask[2]],
    [['chat', 'reply', 'open-question', '--as', 'engineer']],
    [['chat', 'new', 'fresh-ask', '--title', 'Just asked']],
  ];
  for (const [s, input] of steps) ok(run(dir, withDate(s), { input: input ?? '' }));
}

/** Run init; every file that existed before is byte-identical afterwards except `edited`, which must change. */
export function initKeeping(dir: string, edited: string[] = [], args: string[] = []): string {
  const before = snapshot(dir);
  const r = run(dir, ['init', '--yes', '--date', DATE, ...args]);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  const after = snapshot(dir);
  for (const [file, { sha }] of before) {
    if (edited.includes(file)) expect(after.get(file)?.sha, `${file} should carry the planned edit`).not.toBe(sha);
    else expect(after.get(file)?.sha, `${file} must stay byte-identical`).toBe(sha);
  }
  for (const file of edited) expect(r.stdout, `the plan names ${file}`).toMatch(new RegExp(`modified\\s+${file.replace(/[.]/g, '\\.')}`));
  return r.stdout;
}

/** A step that must succeed (dated where the command takes a date); its stdout. */
export const mustPass = (dir: string, args: string[]): string => ok(run(dir, withDate(args))).stdout;

/** An ADR as `adr list --json` lists it. */
export interface ListedAdr {
  id: string;
  file: string;
  title: string;
  status: string;
  date: string;
  supersedes: string[];
  supersededBy: string[];
  amends: string[];
  amendedBy: string[];
}
/** The ADRs `adr list --json` lists (`args`: its filters). */
export const adrList = (dir: string, args: string[] = []): ListedAdr[] => JSON.parse(ok(run(dir, ['adr', 'list', '--json', ...args])).stdout).adrs;

/** check's problems of rules starting with `prefix`, as "file:line: rule: message". */
export function checkProblems(dir: string, prefix = ''): string[] {
  const all = JSON.parse(run(dir, ['check', '--json']).stdout).problems as { file: string; line: number; rule: string; message: string }[];
  return all.filter((p) => p.rule.startsWith(prefix)).map((p) => `${p.file}:${p.line}: ${p.rule}: ${p.message}`);
}

/**
 * A seeded random integer below `n`, the same sequence every run, for property
 * tests: a 32-bit LCG whose high bits are taken (the low bits of an LCG modulo
 * a power of two repeat with a short period).
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0), Math.floor((state / 2 ** 32) * n));
}

/** Caches on and files settled at once, outside CI: the warm-check tests' environment. */
export const WARM = { DOCPACT_CACHE_SETTLE_MS: '0', CI: '' };

/** A `check --json` run's problems as "rule file" lines. */
export const rules = (r: { stdout: string }) => (JSON.parse(r.stdout).problems as { rule: string; file: string }[]).map((p) => `${p.rule} ${p.file}`);
