/**
 * Declared generators (`generated:` in docpact.yaml): the repository's own
 * commands that write its generated references. They run the repository's
 * code, like `make`, so only `docpact generate` runs them — never check,
 * sync, gate or the MCP server — and each command is announced before it
 * runs.
 *
 * `checkGenerators` runs them in a scratch copy of the tracked files
 * (src/io/scratch.ts) and compares every output with the file in the
 * repository: an output that differs, is not committed, or is no longer
 * written is `generate/drift`. The working tree is never touched.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { GeneratedEntry } from '../config/schema.js';
import { LOCK_PATH, parseLock } from '../core/lockfile.js';
import { DocpactError } from '../errors.js';
import { GitReader } from '../git/read.js';
import { readText, type Root } from '../io/fs.js';
import { copyToScratch, filesBelow, readBytes, removeScratch, runShell, type Output } from '../io/scratch.js';
import type { GateProblem } from './rules.js';
import { baseOf } from './generated.js';

export { selectGenerators, writesInto } from './generated.js';

export interface Ran {
  /** The generator that failed, and how; absent when all succeeded. */
  failed?: { name: string; status: number | null; signal: string | null; error?: string };
  /** What each generator that ran printed, by name (only when captured). */
  output?: Record<string, string>;
}

/**
 * Run the generators in order, in `cwd` (the docpact root, or its place in a
 * scratch copy), announcing each command first; stop at the first failure.
 */
export function runGenerators(entries: GeneratedEntry[], cwd: string, announce: (e: GeneratedEntry) => void, output: Output): Ran {
  const printed: Record<string, string> = {};
  const captured = () => (output === 'capture' ? { output: printed } : {});
  for (const e of entries) {
    announce(e);
    const r = runShell(e.run, cwd, output);
    if (r.output !== undefined) printed[e.name] = r.output;
    if (r.status !== 0) return { failed: { name: e.name, status: r.status, signal: r.signal, ...(r.error ? { error: r.error } : {}) }, ...captured() };
  }
  return captured();
}

/** "exit 3", "the signal SIGKILL", or why it could not start. */
export const howFailed = (f: NonNullable<Ran['failed']>) => (f.error ? `could not start: ${f.error}` : f.signal ? `was ended by ${f.signal}` : `exited with status ${f.status}`);

export interface GenerateCheck extends Ran {
  /** Every output matches: what the generators write now is what the repository holds. */
  ok: boolean;
  generators: string[];
  /** Outputs compared. */
  outputs: number;
  problems: GateProblem[];
  /** Untracked files among the generators' inputs: not in the scratch copy, so the check ran without them. */
  untracked: string[];
}

/** The files the lock says docpact generated (none when the lock cannot be read). */
function docpactFiles(root: Root): Set<string> {
  try {
    return new Set(parseLock(readText(root, LOCK_PATH)).keys());
  } catch (err) {
    if (err instanceof DocpactError) return new Set();
    throw err;
  }
}

const sameText = (a: Buffer, b: Buffer) => a.equals(b) || a.toString('latin1').replace(/\r\n/g, '\n') === b.toString('latin1').replace(/\r\n/g, '\n');

/**
 * Run `entries` in a scratch copy of the tracked files and compare their
 * outputs with the repository's (line endings aside: a Windows checkout is
 * not drift). The copy is removed whatever happens.
 */
export function checkGenerators(root: Root, entries: GeneratedEntry[], announce: (e: GeneratedEntry) => void, output: Output): GenerateCheck {
  const git = GitReader.open(root, 'generate --check');
  const prefix = git.rootPrefix;
  const top = git.top;
  const tracked = git.trackedFiles();
  // Paths relative to the docpact root, for the globs of docpact.yaml.
  const local = (p: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : null);
  const isInput = picomatch(entries.flatMap((e) => e.inputs ?? []), { dot: true });
  const untracked = entries.some((e) => e.inputs) ? git.untrackedFiles().map(local).filter((p): p is string => p !== null && isInput(p)) : [];
  const outputOf = entries.map((e) => ({ entry: e, match: picomatch(e.outputs, { dot: true }) }));
  // A file docpact writes itself (a folder's README.md) is docpact's, never a generator's output, even when a glob covers it.
  const docpacts = docpactFiles(root);
  const owner = (rel: string) => (docpacts.has(rel) ? undefined : outputOf.find((o) => o.match(rel))?.entry);
  const committed = new Map<string, Buffer | null>();
  for (const f of tracked) {
    const rel = local(f.path);
    if (rel !== null && owner(rel)) committed.set(rel, readBytes(top, f.path));
  }
  const scratch = copyToScratch(top, tracked);
  try {
    const at = path.join(scratch, prefix);
    const ran = runGenerators(entries, at, announce, output);
    const base = { generators: entries.map((e) => e.name), untracked, ...(ran.output ? { output: ran.output } : {}) };
    if (ran.failed) return { ok: false, ...base, outputs: 0, problems: [], failed: ran.failed };
    const now = new Map<string, Buffer | null>();
    for (const folder of new Set(entries.flatMap((e) => e.outputs.map(baseOf)))) {
      for (const rel of filesBelow(at, folder)) if (owner(rel)) now.set(rel, readBytes(at, rel));
    }
    const problems: GateProblem[] = [];
    const names = [...new Set([...committed.keys(), ...now.keys()])].sort();
    for (const rel of names) {
      const e = owner(rel) as GeneratedEntry;
      const before = committed.get(rel) ?? null;
      const after = now.get(rel) ?? null;
      const again = `run "docpact generate ${e.name}" and commit the result`;
      let message: string | null = null;
      if (before && after && !sameText(before, after)) message = `differs from what generator "${e.name}" (${e.run}) writes from the committed sources; ${again}`;
      else if (!before && after) message = `generator "${e.name}" writes this file, but the repository does not have it committed; ${again}`;
      else if (before && !after) message = `is committed, but generator "${e.name}" no longer writes it; delete it, or ${again}`;
      if (message) problems.push({ file: rel, line: 1, rule: 'generate/drift', severity: 'error', message });
    }
    return { ok: !problems.length, ...base, outputs: names.length, problems };
  } finally {
    removeScratch(scratch);
  }
}
