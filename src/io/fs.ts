/**
 * The file-system seam. Every read and write docpact makes goes through here,
 * always relative to a target root, so "never write outside the root" is
 * enforced in one place.
 *
 * Everything is synchronous on purpose: docpact is a short-lived CLI that
 * touches a handful of files, and sync calls keep start-up and plan/apply
 * simple and fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocpactError } from '../core/errors.js';

/** A repository root, resolved through symlinks once. */
export interface Root {
  /** Absolute, real path of the target directory. */
  readonly dir: string;
}

export function openRoot(dir: string): Root {
  const abs = path.resolve(dir);
  let real = abs;
  try {
    real = fs.realpathSync(abs);
  } catch {
    // Does not exist yet (init into a new folder): it is created on apply.
    return { dir: real };
  }
  if (!fs.statSync(real).isDirectory()) throw new DocpactError('input', `${abs} is a file, not a folder. Point docpact at the repository folder.`);
  return { dir: real };
}

/**
 * For reads: true when `err` means "not there" (missing, or a file where a
 * folder should be), so the caller returns its empty value; a folder where a
 * file should be is a config error; anything else is rethrown.
 */
function absent(err: unknown, rel: string): true {
  if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return true;
  if (isCode(err, 'EISDIR')) throw new DocpactError('config', `${rel} is a folder where docpact expects a file; move it aside and run again.`);
  throw err;
}

/** Node's file-system error codes that mean "the environment said no", not "docpact has a bug". */
const ENVIRONMENT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENOTDIR: 'part of the path is a file, not a folder',
};

/** A one-line explanation for an environment error, or undefined for anything else. */
export function explainIoError(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  const reason = e && typeof e.code === 'string' ? ENVIRONMENT[e.code] : undefined;
  if (!reason) return undefined;
  return `cannot ${e.syscall ?? 'access'} ${e.path ?? 'a file'}: ${reason} (${e.code}). Fix that and run the command again.`;
}

/**
 * Turn a repo-relative POSIX path into an absolute path inside the root.
 * Rejects absolute paths, `..` segments and NUL bytes; with `forWrite`, also
 * refuses any existing path component that is a symlink leading out of the
 * root, and a target that is itself a symlink.
 */
export function inside(root: Root, rel: string, forWrite = false): string {
  if (rel.includes('\0') || path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) {
    throw new DocpactError('input', `Refusing path "${rel}": it must be relative to the repository.`);
  }
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..') || parts.length === 0) {
    throw new DocpactError('input', `Refusing path "${rel}": it would leave the repository.`);
  }
  const abs = path.join(root.dir, ...parts);
  if (forWrite) checkNoEscapingLinks(root, parts);
  return abs;
}

function checkNoEscapingLinks(root: Root, parts: string[]): void {
  let cur = root.dir;
  for (let i = 0; i < parts.length; i++) {
    cur = path.join(cur, parts[i]);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(cur);
    } catch {
      return; // the rest does not exist yet; it will be created as plain dirs
    }
    if (!st.isSymbolicLink()) continue;
    const rel = parts.slice(0, i + 1).join('/');
    if (i === parts.length - 1) {
      throw new DocpactError('input', `Refusing to write ${rel}: it is a symbolic link. Replace it with a regular file first.`);
    }
    const target = fs.realpathSync(cur);
    if (target !== root.dir && !target.startsWith(root.dir + path.sep)) {
      throw new DocpactError('input', `Refusing to write under ${rel}: it is a symbolic link that leads outside the repository (${target}).`);
    }
  }
}

/** Read a UTF-8 file, or null when it does not exist. */
export function readText(root: Root, rel: string): string | null {
  try {
    return fs.readFileSync(inside(root, rel), 'utf8');
  } catch (err) {
    absent(err, rel);
    return null;
  }
}

/** A file's size and modification time, to tell cheaply whether it changed since it was read. */
export type Stamp = string;
const stampOfStats = (st: fs.Stats): Stamp => `${st.size}:${st.mtimeMs}`;

/** Read a UTF-8 file with its stamp, or null when it does not exist. */
export function readStamped(root: Root, rel: string): { text: string; stamp: Stamp } | null {
  let fd: number;
  try {
    fd = fs.openSync(inside(root, rel), 'r');
  } catch (err) {
    absent(err, rel);
    return null;
  }
  try {
    const stamp = stampOfStats(fs.fstatSync(fd));
    return { text: fs.readFileSync(fd, 'utf8'), stamp };
  } finally {
    fs.closeSync(fd);
  }
}

/** The current stamp of a file, or null when it does not exist. */
export function stampOf(root: Root, rel: string): Stamp | null {
  try {
    return stampOfStats(fs.statSync(inside(root, rel)));
  } catch (err) {
    absent(err, rel);
    return null;
  }
}

/** Names in a directory (files and folders), or [] when it does not exist. */
export function listDir(root: Root, rel: string): string[] {
  try {
    return fs.readdirSync(inside(root, rel));
  } catch (err) {
    absent(err, rel);
    return [];
  }
}

/** Subdirectories of a directory, or [] when it does not exist. */
export function listSubdirs(root: Root, rel: string): string[] {
  try {
    return fs
      .readdirSync(inside(root, rel), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (err) {
    absent(err, rel);
    return [];
  }
}

/** Every file below a directory, as repo-relative POSIX paths, sorted. */
export function walkFiles(root: Root, rel: string, skip: (name: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const visit = (dirRel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(inside(root, dirRel), { withFileTypes: true });
    } catch (err) {
      absent(err, dirRel);
      return;
    }
    for (const e of entries) {
      if (skip(e.name)) continue;
      const child = `${dirRel}/${e.name}`;
      if (e.isDirectory()) visit(child);
      else if (e.isFile()) out.push(child);
    }
  };
  visit(rel);
  return out.sort();
}

export function exists(root: Root, rel: string): boolean {
  return fs.existsSync(inside(root, rel));
}

export function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

// ---------------------------------------------------------------------------
// Writing: used only by core/apply.ts and io/mutex.ts.

export const STATE_DIR = '.docpact';
const TMP_DIR = `${STATE_DIR}/tmp`;

export function ensureDir(root: Root, rel: string): void {
  fs.mkdirSync(inside(root, rel, true), { recursive: true });
}

/** Create the folder a file will be written into (refusals surface here, before anything changes). */
export function ensureParent(root: Root, rel: string): void {
  fs.mkdirSync(path.dirname(inside(root, rel, true)), { recursive: true });
}

/** Write content to a fresh temp file under `.docpact/tmp/`; return its repo-relative path. */
export function writeTemp(root: Root, content: string): string {
  ensureDir(root, TMP_DIR);
  const name = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const rel = `${TMP_DIR}/${name}`;
  fs.writeFileSync(inside(root, rel, true), content, { flag: 'wx' });
  return rel;
}

/**
 * Atomically move a temp file onto its target. `exclusive` links instead of
 * renaming, so an existing target is never replaced (EEXIST).
 */
export function commitTemp(root: Root, tmpRel: string, targetRel: string, exclusive: boolean): void {
  const tmp = inside(root, tmpRel);
  const target = inside(root, targetRel, true);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (exclusive) {
    fs.linkSync(tmp, target);
    fs.unlinkSync(tmp);
  } else {
    fs.renameSync(tmp, target);
  }
}

/** Write a small file atomically (temp + rename). */
export function writeAtomic(root: Root, rel: string, content: string): void {
  commitTemp(root, writeTemp(root, content), rel, false);
}

export function removeFile(root: Root, rel: string): void {
  try {
    fs.unlinkSync(inside(root, rel, true));
  } catch (err) {
    if (!isCode(err, 'ENOENT')) throw err;
  }
}

/** Remove every leftover temp file (after a crash, once the journal is settled). */
export function clearTemps(root: Root): void {
  for (const name of listDir(root, TMP_DIR)) removeFile(root, `${TMP_DIR}/${name}`);
}

/** Exclusive creation of a small file; false when it already exists. */
export function createExclusive(root: Root, rel: string, content: string): boolean {
  try {
    fs.writeFileSync(inside(root, rel, true), content, { flag: 'wx' });
    return true;
  } catch (err) {
    if (isCode(err, 'EEXIST')) return false;
    throw err;
  }
}

/**
 * Read a file the user points at (a --body-file), relative to where they ran
 * docpact; "-" reads standard input. Only text is accepted.
 */
export function readUserText(file: string, what: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file === '-' ? 0 : path.resolve(file));
  } catch (err) {
    const reason = isCode(err, 'ENOENT') ? 'no such file' : isCode(err, 'EISDIR') ? 'it is a directory' : (err as Error).message;
    throw new DocpactError('input', `Cannot read the ${what} "${file}": ${reason}.`);
  }
  const text = buf.toString('utf8');
  if (text.includes('\0') || text.includes('\uFFFD')) throw new DocpactError('input', `The ${what} "${file}" is not UTF-8 text.`);
  return text;
}
