/**
 * Machine-local caches in `.docpact/cache/` (the folder ignores itself for
 * git with its own `.gitignore`). A cache is only ever a shortcut: missing,
 * damaged, written by another docpact or for another configuration, it is
 * ignored and rebuilt, and what it answers is keyed by file stamps that a
 * committed copy cannot carry (see `stampOfStats`).
 */
import fs from 'node:fs';
import { STATE_DIR, TMP_DIR, ensureDir, exists, inside, readText, writeAtomic, type Root } from './fs.js';
import { BUILD } from '../version.js';

export const CACHE_DIR = `${STATE_DIR}/cache`;

/**
 * A file's identity and version as this machine's kernel reports it: inode,
 * size, modification and change time. A checkout, a copy or an edit gives a
 * new inode or change time, which no file in a repository can predict, so a
 * cache entry committed by someone else never matches.
 */
export const stampOfStats = (st: fs.Stats): string => `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;

/**
 * Whether a file's stamp is old enough to trust later: one changed within the
 * last two seconds could change again within the same clock tick, keeping its
 * stamp with new content (git's "racily clean" files). Those are re-read.
 */
export const settled = (st: fs.Stats, now = Date.now()): boolean => now - Math.max(st.mtimeMs, st.ctimeMs) > SETTLE_MS;

/**
 * Paths stat'ed ahead of a run (the replay of check's last verdict), regular
 * files and folders apart: each path, and four numbers each (inode, size,
 * modification and change time), kept as numbers rather than 100,000 Stats
 * objects.
 */
export interface Taken {
  files: { rels: string[]; nums: ArrayLike<number> };
  folders: { rels: string[]; nums: ArrayLike<number> };
}

/** The lstat of the `i`th path of `taken`, as much of it as a stamp needs. */
export const takenStats = (taken: Taken['files'], i: number, dir: boolean): fs.Stats => {
  const n = taken.nums;
  return { isFile: () => !dir, isDirectory: () => dir, ino: n[4 * i], size: n[4 * i + 1], mtimeMs: n[4 * i + 2], ctimeMs: n[4 * i + 3] } as fs.Stats;
};

/** Two seconds; `DOCPACT_CACHE_SETTLE_MS` is a test seam (tests must not sleep to get a cache written). */
export const SETTLE_MS = ((ms) => (Number.isFinite(ms) && ms >= 0 ? ms : 2000))(Number(process.env.DOCPACT_CACHE_SETTLE_MS ?? NaN));

/**
 * The stamps of some of a folder's files (one lstat each, never following a
 * link) as numbers, four a file (inode, size, modification and change time;
 * what `stampOfStats` says, without building 10,000 strings), for a cache
 * keyed by them; null when one is not a regular file, is gone, or is not
 * settled yet: what such files summarize must be derived again, never
 * remembered. `taken` gives the lstat a walk of this run already made of a
 * file, when it did.
 */
export function settledStamps(root: Root, dir: string, names: string[], now = Date.now(), taken?: (name: string) => fs.Stats | undefined): Float64Array | null {
  // The root itself is a series' folder where ADRs sit at the top (log4brains' adrFolder: .).
  const at = dir === '.' ? root.dir : inside(root, dir);
  const out = new Float64Array(names.length * 4);
  let i = 0;
  for (const name of names) {
    // `taken`: an lstat this run already made (a walk), else one now.
    const st = taken?.(name) ?? fs.lstatSync(`${at}/${name}`, { throwIfNoEntry: false });
    if (!st?.isFile() || !settled(st, now)) return null;
    out[i++] = st.ino;
    out[i++] = st.size;
    out[i++] = st.mtimeMs;
    out[i++] = st.ctimeMs;
  }
  return out;
}

/** A cache's text, or null when it is absent or cannot be read. */
export function readCacheText(root: Root, name: string): string | null {
  try {
    // Not an input of what the cache answers: read without the root's trace.
    return readText({ dir: root.dir }, `${CACHE_DIR}/${name}`);
  } catch {
    return null;
  }
}

/** A cache's content, or null when it is absent or damaged. */
export function readCache<T>(root: Root, name: string): T | null {
  try {
    const data = JSON.parse(readCacheText(root, name) ?? 'null') as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as T) : null;
  } catch {
    return null;
  }
}

/**
 * Create the cache folder (and the temp folder writes pass through) ahead of
 * a reader that will write a cache: creating them changes `.docpact`, which a
 * consistent read takes for a writer and answers by reading again.
 */
export function prepareCache(root: Root): void {
  try {
    ensureDir({ dir: root.dir }, TMP_DIR);
    ensureDir({ dir: root.dir }, CACHE_DIR);
  } catch {
    // A read-only checkout runs without caches.
  }
}

/** Write a cache (a value, or its JSON text in pieces); best effort (a read-only checkout simply runs without it). */
export function writeCache(root: Root, name: string, data: unknown, pieces?: Iterable<string>): void {
  root = { dir: root.dir };
  try {
    ensureDir(root, CACHE_DIR);
    if (!exists(root, `${CACHE_DIR}/.gitignore`)) writeAtomic(root, `${CACHE_DIR}/.gitignore`, '# Written by docpact: a machine-local cache, never committed.\n*\n');
    writeAtomic(root, `${CACHE_DIR}/${name}`, pieces ?? `${JSON.stringify(data)}\n`);
  } catch {
    // Only a shortcut: the next run works without it.
  }
}

/**
 * Fields derived from one file (docpact.yaml, the lock), kept in cache
 * `name` beside that file's stamp and docpact's build, for as long as the
 * file keeps the stamp of `stats` (the descriptor it was read from): `hit`
 * when the cache answers, else `keep` to store the fields derived now (a
 * generator calls it once its plan is applied). A file not yet settled gets
 * neither.
 */
export function fileCache<T extends object>(root: Root, name: string, stats: fs.Stats | undefined): { hit?: Partial<T>; keep?: (value: T) => void } {
  const stamp = stats && settled(stats) ? stampOfStats(stats) : undefined;
  if (!stamp) return {};
  const kept = readCache<Partial<T> & { build?: unknown; stamp?: unknown }>(root, name);
  if (kept && kept.build === BUILD && kept.stamp === stamp) return { hit: kept };
  return { keep: (value) => writeCache(root, name, { build: BUILD, stamp, ...value }) };
}

/** How a cached answer used a path: read it (`file`), listed it (`dir`), tested it for existence (`path`), or passed through it (`up`). */
export type InputKind = 'file' | 'dir' | 'path' | 'up';

/**
 * A path's stamp as an input of a cached answer: "absent", or what is there
 * (a file's or a listed folder's full stamp; for a path only tested, or a
 * folder passed through, its kind and inode); null when it cannot be part
 * of one: reached through or being a symbolic link where content counts, of
 * another kind than used, or changed after `before` (not settled). `keep`
 * gets the lstat of a file read or a folder listed that gives a stamp.
 */
export function inputStamp(root: Root, kind: InputKind, rel: string, before = Infinity, keep?: (st: fs.Stats) => void): string | null {
  return stampOfInput(inputStat(root, rel), kind, before, keep);
}

/** An input's lstat (never following a link), or undefined when nothing is there. */
export const inputStat = (root: Root, rel: string): fs.Stats | undefined => fs.lstatSync(rel === '.' ? root.dir : `${root.dir}/${rel}`, { throwIfNoEntry: false });

/** `inputStamp` of what `inputStat` found. */
export function stampOfInput(st: fs.Stats | undefined, kind: InputKind, before = Infinity, keep?: (st: fs.Stats) => void): string | null {
  if (!st) return 'absent';
  if (st.isSymbolicLink()) return kind === 'path' ? `link:${st.ino}` : null;
  if (kind === 'up') return st.isDirectory() ? `up:${st.ino}` : null;
  if (kind === 'path') return `${st.isDirectory() ? 'dir' : 'file'}:${st.ino}`;
  if (kind === 'dir' ? !st.isDirectory() : !st.isFile()) return null;
  if (Math.max(st.mtimeMs, st.ctimeMs) > before) return null;
  keep?.(st);
  return stampOfStats(st);
}

/**
 * Whether `stampOfInput` gives `st` its full stamp (`stampOfStats`): a file
 * read that is a regular file, or a folder listed that is a folder (never a
 * link), not changed after `before`.
 */
export const fullStamp = (st: fs.Stats | undefined, kind: InputKind, before: number): st is fs.Stats =>
  !!st && (kind === 'dir' ? st.isDirectory() : kind === 'file' && st.isFile()) && Math.max(st.mtimeMs, st.ctimeMs) <= before;

/**
 * Whether `text` from `from` to `to` is `stampOfStats(st)`, compared as four
 * numbers: a replay compares 100,000 stamps, and writing a stamp's times
 * as text costs more than the lstat's own JavaScript.
 */
export function isStampOf(st: fs.Stats, text: string, from: number, to: number): boolean {
  const a = isIntegerAt(text, from, st.ino);
  const b = a === -1 ? -1 : isIntegerAt(text, a + 1, st.size);
  const c = b === -1 ? -1 : text.indexOf(':', b + 1);
  // The times are fractions: read as JavaScript writes them. None empty (the unary plus reads "" as 0); a fifth field makes the last one NaN.
  return c > b + 1 && c + 1 < to && +text.slice(b + 1, c) === st.mtimeMs && +text.slice(c + 1, to) === st.ctimeMs;
}

/** Where the ":" after the digits at `from` is, when they are `n` (read digit by digit, or by the unary plus past 15 digits, where doubles round); else -1. */
function isIntegerAt(text: string, from: number, n: number): number {
  let v = 0;
  let i = from;
  for (let d = text.charCodeAt(i) - 48; d >= 0 && d <= 9; d = text.charCodeAt(++i) - 48) v = v * 10 + d;
  return i > from && text.charCodeAt(i) === 58 && (i - from <= 15 ? v : +text.slice(from, i)) === n ? i : -1;
}

/**
 * Whether the nearest existing folder above `rel` has not changed since
 * `before` (nothing was added or removed there): an absent path, or one only
 * tested, has no time of its own, so its folder's says whether it came or
 * went while it was looked at.
 */
export function quietFolder(root: Root, rel: string, before: number, memo = new Map<string, boolean>()): boolean {
  const cut = rel.lastIndexOf('/');
  const dir = cut === -1 ? '.' : rel.slice(0, cut);
  let quiet = memo.get(dir);
  if (quiet === undefined) {
    const st = fs.lstatSync(dir === '.' ? root.dir : `${root.dir}/${dir}`, { throwIfNoEntry: false });
    quiet = st ? st.isDirectory() && Math.max(st.mtimeMs, st.ctimeMs) <= before : dir !== '.' && quietFolder(root, dir, before, memo);
    memo.set(dir, quiet);
  }
  return quiet;
}
