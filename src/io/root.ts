/**
 * The repository root and the rules every path obeys (a room of the
 * file-system seam, src/io/fs.ts): a root is resolved through symlinks once;
 * a repo-relative path is never absolute, never holds `..` or NUL, and (for
 * writes) never enters `.git`; what a descriptor really is, is asked of the
 * kernel (`/proc/self/fd/N` on Linux), never of the path that opened it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocpactError } from '../errors.js';

/** A repository root, resolved through symlinks once. */
export interface Root {
  /** Absolute, real path of the target directory. */
  readonly dir: string;
  /**
   * When set (by `check`), a refused read is reported here and the read
   * behaves as if the file were absent, so one bad file is a problem in the
   * report rather than the end of the run.
   */
  readonly refused?: (rel: string, message: string) => void;
  /**
   * When set (by `check`), told every path read (`file`), listed (`dir`) or
   * tested for existence (`path`): the inputs a verdict depends on.
   */
  readonly trace?: (rel: string, kind: 'file' | 'dir' | 'path') => void;
  /**
   * When set (by `check`, for one pass over the tree), verified folders kept
   * open: a file is then opened relative to its folder's descriptor, and a
   * folder listed twice is opened and verified once (src/io/list.ts).
   */
  readonly folders?: Folders;
}

/** Verified folder descriptors kept open for a while (src/io/list.ts implements it). */
export interface Folders {
  /** The open, verified descriptor of a repo folder, or null when it is absent or refused (the caller then takes the path way). */
  fd(root: Root, rel: string): number | null;
  close(): void;
}

export function openRoot(dir: string): Root {
  const abs = path.resolve(dir);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    // Does not exist yet (init into a new folder): it is created on apply. Its
    // real path is its nearest existing ancestor's, plus the missing names.
    let base = path.dirname(abs);
    const rest = [path.basename(abs)];
    for (;;) {
      try {
        return { dir: path.join(fs.realpathSync(base), ...rest) };
      } catch {
        if (path.dirname(base) === base) return { dir: abs };
        rest.unshift(path.basename(base));
        base = path.dirname(base);
      }
    }
  }
  if (!fs.statSync(real).isDirectory()) throw new DocpactError('input', `${abs} is a file, not a folder. Point docpact at the repository folder.`);
  return { dir: real };
}

/** A read or write docpact refuses because of what the repository holds at that path. */
export class Refused extends DocpactError {
  constructor(
    readonly rel: string,
    message: string,
  ) {
    super('input', message);
  }
}

/** Node's file-system error codes that mean "the environment said no", not "docpact has a bug". */
const ENVIRONMENT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOTDIR: 'part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENAMETOOLONG: 'the name is too long for the file system',
  ELOOP: 'too many levels of symbolic links',
  EXDEV: 'it would move a file across file systems',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EIO: 'input/output error',
  EFBIG: 'the file is too large',
  EEXIST: 'something is already there',
  ENOENT: 'no such file or folder',
  ENOTEMPTY: 'the folder is not empty',
};

/** A one-line explanation for an environment error, or undefined for anything else. */
export function explainIoError(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  const reason = e && typeof e.code === 'string' ? ENVIRONMENT[e.code] : undefined;
  if (!reason) return undefined;
  return `cannot ${e.syscall ?? 'access'} ${e.path ?? 'a file'}: ${reason} (${e.code}). Fix that and run the command again.`;
}

/** Give an error the repo-relative path the user knows, not a /proc/self/fd path. */
export function relabel(err: unknown, rel: string): unknown {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    e.path = rel;
    delete e.dest;
  }
  return err;
}

export function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

export const isGit = (part: string) => part.toLowerCase() === '.git';

/** The segments of a repo-relative path; refuses absolute paths, `..`, NUL, and (for writes) `.git`. */
export function segments(rel: string, forWrite: boolean): string[] {
  if (rel.includes('\0') || path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) {
    throw new Refused(rel, `Refusing path "${rel}": it must be relative to the repository.`);
  }
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..') || parts.length === 0) {
    throw new Refused(rel, `Refusing path "${rel}": it would leave the repository.`);
  }
  if (forWrite && parts.some(isGit)) throw new Refused(rel, `Refusing to write ${rel}: docpact never writes inside .git.`);
  return parts;
}

/** Turn a repo-relative POSIX path into an absolute path inside the root (syntax only). */
export function inside(root: Root, rel: string, forWrite = false): string {
  return path.join(root.dir, ...segments(rel, forWrite));
}

export const within = (root: Root, real: string) => real === root.dir || real.startsWith(root.dir + path.sep);
export const inGit = (root: Root, real: string) => {
  if (!within(root, real) || real === root.dir) return false;
  // Any .git on the way: the repository's own, or that of a repository cloned inside it (vendor/lib/.git/config holds its remote's credentials too).
  return real.slice(root.dir.length + 1).split(path.sep).some(isGit);
};

export const PROC_FD = process.platform === 'linux' && fs.existsSync('/proc/self/fd');
/** A path the fast ways may take (a file or folder opened relative to its verified folder): plain names below the root, nothing to normalise or refuse. */
export const PLAIN_PATH = /^(?!\.{1,2}(?:\/|$))(?:[^/\\\0:]+\/(?!\.{1,2}(?:\/|$)))*[^/\\\0:]+$/;
/** A path naming exactly what `fd` refers to (Linux), else the real path at this moment. */
export const fdPath = (fd: number, abs: string) => (PROC_FD ? `/proc/self/fd/${fd}` : fs.realpathSync(abs));
/** Where `fd` really is. */
export const realOf = (fd: number, abs: string) => (PROC_FD ? fs.readlinkSync(`/proc/self/fd/${fd}`) : fs.realpathSync(abs));

/** Report a refusal to a lenient root (check), or throw it. */
export function refuse(root: Root, err: Refused): void {
  if (!root.refused) throw err;
  root.refused(err.rel, err.message);
}

export const outsideMessage = (rel: string, real: string) => `Refusing to read ${rel}: it is a symbolic link that leads outside the repository (${real}).`;
export const gitMessage = (root: Root, rel: string, real: string) =>
  `Refusing to read ${rel}: it is a symbolic link that leads into .git (${path.relative(root.dir, real).split(path.sep).join('/')}), which docpact never reads.`;
export const loopMessage = (rel: string) => `Refusing to read ${rel}: it is a symbolic link loop.`;
export const specialMessage = (rel: string) =>
  `Refusing to read ${rel}: it is not a regular file (a FIFO, socket or device). Replace it with a regular file.`;

/** The absolute path of `rel`, or null when a lenient root refuses it (a strict root throws). */
export function insideOrRefused(root: Root, rel: string): string | null {
  try {
    return inside(root, rel);
  } catch (err) {
    if (err instanceof Refused) return refuse(root, err), null;
    throw err;
  }
}
