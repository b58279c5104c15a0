/**
 * Every git call docpact makes. The `.git` may be someone else's (an
 * archive, a CI cache), so its config is untrusted input: each call runs
 * with the settings that would execute a program or reach the network
 * switched off — no fsmonitor, no hooks, no transport of any kind (a
 * partial clone's promisor remote is never fetched from, so its
 * core.sshCommand, credential helper or askpass never run), no pager. The
 * system and global config stay: they are the machine's and the user's
 * (and may hold safe.directory, which keeps git from reading a repository
 * another user owns).
 */
import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';
import { createRequire } from 'node:module';

/** node:child_process (with net and dgram) costs ~4 ms to load: loaded at the first git call, not by every command that might make one. */
let childProcess: typeof import('node:child_process') | undefined;

const SAFE_ARGS = [
  ...['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'protocol.allow=never', 'core.sshCommand=false', 'core.askPass=', 'credential.helper=', 'core.pager=cat'].flatMap((c) => ['-c', c]),
  '--no-optional-locks',
];

/**
 * GIT_ALLOW_PROTOCOL="" allows no transport, whatever protocol.<name>.allow
 * the repository sets; GIT_NO_LAZY_FETCH (git 2.44+) skips even trying.
 */
const SAFE_ENV = { GIT_NO_LAZY_FETCH: '1', GIT_ALLOW_PROTOCOL: '', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' };

/** Run git with the repository's executing settings off. */
export function gitSync(args: string[], options: SpawnSyncOptions = {}): SpawnSyncReturns<string | Buffer> {
  childProcess ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return childProcess.spawnSync('git', [...SAFE_ARGS, ...args], { ...options, env: { ...process.env, ...options.env, ...SAFE_ENV } });
}

/**
 * Which of these repo-relative paths the repository's ignore rules leave out
 * of `git add` (tracked files never are): [] outside git or when git cannot
 * tell. The rules are read, never run.
 */
export function ignoredByGit(dir: string, paths: string[]): string[] {
  if (!paths.length) return [];
  const r = gitSync(['check-ignore', '--stdin', '-z'], { cwd: dir, input: `${paths.join('\0')}\0`, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0 || typeof r.stdout !== 'string') return [];
  return r.stdout.split('\0').filter(Boolean);
}

/**
 * `ignoredByGit` one path at a time, each answer remembered: the first
 * question also asks `ahead` (paths likely asked next), in the same git call,
 * so a caller with a few questions spawns git once.
 */
export function ignoredOracle(dir: string, ahead: string[] = []): (rel: string) => boolean {
  const known = new Map<string, boolean>();
  let pending = ahead;
  return (rel) => {
    let hit = known.get(rel);
    if (hit === undefined) {
      const ask = [...new Set([rel, ...pending])].filter((p) => !known.has(p));
      pending = [];
      const ignored = new Set(ignoredByGit(dir, ask));
      for (const p of ask) known.set(p, ignored.has(p));
      hit = ignored.has(rel);
    }
    return hit;
  };
}
