import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, afterEach } from 'vitest';

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

const GIT_ENV = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };

/** git in `dir`, with an author set; the result as spawnSync gives it (status, stdout, stderr). */
export const git = (dir: string, ...args: string[]) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });

/** Stage everything and commit; fails the test if git does. */
export function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  const r = git(dir, 'commit', '-q', '-m', message);
  if (r.status !== 0) throw new Error(r.stderr);
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
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/** Same, without waiting: for races. */
export function runAsync(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}

/** `args` plus --date DATE for commands that write a date (docs add, docs term, adr status and adr renumber take none). */
export function withDate(args: string[]): string[] {
  const undated = (args[0] === 'docs' && (args[1] === 'add' || args[1] === 'term')) || (args[0] === 'adr' && (args[1] === 'status' || args[1] === 'renumber'));
  return undated ? args : [...args, '--date', DATE];
}

/** docpact init --yes with a fixed date; fails the test if it does not exit 0. */
export function initRepo(args: string[] = []): string {
  const dir = tempRepo();
  const r = run(dir, ['init', '--yes', '--date', DATE, ...args]);
  if (r.code !== 0) throw new Error(`init failed (${r.code}): ${r.stderr}${r.stdout}`);
  return dir;
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

/** Debian's sphinx-build, or null. In CI its absence is a failure, not a skip. */
export function sphinxBuild(): string | null {
  const r = spawnSync('sphinx-build', ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return 'sphinx-build';
  if (process.env.CI) throw new Error('sphinx-build is required in CI (apt-get install python3-sphinx python3-myst-parser)');
  return null;
}

export function buildDocs(dir: string): Ran {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-html-'));
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
  for (const [s, input] of steps) {
    const r = run(dir, withDate(s), { input: input ?? '' });
    if (r.code !== 0) throw new Error(`${s.join(' ')} failed (${r.code}): ${r.stderr}`);
  }
}
