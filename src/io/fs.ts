/**
 * The file-system seam. Every read and write docpact makes goes through here,
 * always relative to a target root, so "never read or write outside the
 * root" is enforced in one place. The repository is untrusted input: any
 * path in it may be a symlink, a FIFO, a loop, or be swapped while we run.
 *
 * - Reads open the file first (non-blocking, so a FIFO cannot hang us), then
 *   check what was actually opened: a regular file whose real path is inside
 *   the root. Checking the open descriptor leaves no check-then-use gap.
 * - Writes go through a directory descriptor opened component by component
 *   and verified to lie inside the root and outside `.git`; on Linux the
 *   rename/link then addresses that very directory (/proc/self/fd/N/name),
 *   so swapping a folder for a symlink mid-run cannot redirect the write.
 * - Nothing is ever written under `.git`.
 *
 * Everything is synchronous on purpose: docpact is a short-lived CLI that
 * touches a handful of files, and sync calls keep plan/apply linear.
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
function relabel(err: unknown, rel: string): unknown {
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

const isGit = (part: string) => part.toLowerCase() === '.git';

/** The segments of a repo-relative path; refuses absolute paths, `..`, NUL, and (for writes) `.git`. */
function segments(rel: string, forWrite: boolean): string[] {
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

const within = (root: Root, real: string) => real === root.dir || real.startsWith(root.dir + path.sep);
const inGit = (root: Root, real: string) => {
  if (!within(root, real) || real === root.dir) return false;
  return isGit(real.slice(root.dir.length + 1).split(path.sep)[0]);
};

const PROC_FD = process.platform === 'linux' && fs.existsSync('/proc/self/fd');
/** A path naming exactly what `fd` refers to (Linux), else the real path at this moment. */
const fdPath = (fd: number, abs: string) => (PROC_FD ? `/proc/self/fd/${fd}` : fs.realpathSync(abs));
/** Where `fd` really is. */
const realOf = (fd: number, abs: string) => (PROC_FD ? fs.readlinkSync(`/proc/self/fd/${fd}`) : fs.realpathSync(abs));

/** Report a refusal to a lenient root (check), or throw it. */
function refuse(root: Root, err: Refused): void {
  if (!root.refused) throw err;
  root.refused(err.rel, err.message);
}

const outsideMessage = (rel: string, real: string) => `Refusing to read ${rel}: it is a symbolic link that leads outside the repository (${real}).`;
const loopMessage = (rel: string) => `Refusing to read ${rel}: it is a symbolic link loop.`;
const specialMessage = (rel: string) =>
  `Refusing to read ${rel}: it is not a regular file (a FIFO, socket or device). Replace it with a regular file.`;

/** The absolute path of `rel`, or null when a lenient root refuses it (a strict root throws). */
function insideOrRefused(root: Root, rel: string): string | null {
  try {
    return inside(root, rel);
  } catch (err) {
    if (err instanceof Refused) return refuse(root, err), null;
    throw err;
  }
}

/**
 * Open a repo file for reading: the descriptor, or null when it is absent
 * (or refused on a lenient root). A folder where a file should be is a
 * config error.
 */
function openFile(root: Root, rel: string): number | null {
  return openFileStat(root, rel)?.fd ?? null;
}

/** `openFile`, with the descriptor's stats (so a reader needs no second fstat). */
function openFileStat(root: Root, rel: string): { fd: number; st: fs.Stats } | null {
  root.trace?.(rel, 'file');
  const abs = insideOrRefused(root, rel);
  if (abs === null) return null;
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return null;
    if (isCode(err, 'ELOOP')) return refuse(root, new Refused(rel, loopMessage(rel))), null;
    throw relabel(err, rel);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new DocpactError('config', `${rel} is a folder where docpact expects a file; move it aside and run again.`);
    if (!st.isFile()) throw new Refused(rel, specialMessage(rel));
    const real = realOf(fd, abs);
    if (!within(root, real)) throw new Refused(rel, outsideMessage(rel, real));
    return { fd, st };
  } catch (err) {
    fs.closeSync(fd);
    if (err instanceof Refused) return refuse(root, err), null;
    throw err;
  }
}

/** Largest file docpact reads from a repository (a 100,000-ADR index is a few MB). */
export const MAX_READ = 64 * 1024 * 1024;

function readFd(fd: number, rel: string, size: number): string {
  if (size > MAX_READ) throw new DocpactError('config', `${rel} is larger than ${MAX_READ / 1024 / 1024} MiB; docpact does not read files that large.`);
  return fs.readFileSync(fd, 'utf8');
}

/** Read a UTF-8 file, or null when it does not exist. */
export function readText(root: Root, rel: string): string | null {
  return readStamped(root, rel)?.text ?? null;
}

/** Read a file's bytes (what seals hash), or null when it does not exist; the same checks as readText. */
export function readBytes(root: Root, rel: string): Buffer | null {
  const opened = openFileStat(root, rel);
  if (opened === null) return null;
  const { fd, st } = opened;
  try {
    if (st.size > MAX_READ) throw new DocpactError('config', `${rel} is larger than ${MAX_READ / 1024 / 1024} MiB; docpact does not read files that large.`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A file's size and modification time, to tell cheaply whether it changed since it was read. */
export type Stamp = string;
const stampOfStats = (st: fs.Stats): Stamp => `${st.size}:${st.mtimeMs}`;

/** Read a UTF-8 file with its stamp, or null when it does not exist. */
export function readStamped(root: Root, rel: string): { text: string; stamp: Stamp } | null {
  const got = readWithStats(root, rel);
  return got && { text: got.text, stamp: got.stamp };
}

/**
 * `readStamped`, with the stats of the descriptor it read from (taken before
 * the read): machine-local caches key on them (src/io/cache.ts).
 */
export function readWithStats(root: Root, rel: string): { text: string; stamp: Stamp; stats: fs.Stats } | null {
  const opened = openFileStat(root, rel);
  if (opened === null) return null;
  const { fd, st } = opened;
  try {
    return { text: readFd(fd, rel, st.size), stamp: stampOfStats(st), stats: st };
  } finally {
    fs.closeSync(fd);
  }
}

/** The current stamp of a file, or null when it does not exist. */
export function stampOf(root: Root, rel: string): Stamp | null {
  const fd = openFile(root, rel);
  if (fd === null) return null;
  try {
    return stampOfStats(fs.fstatSync(fd));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A cheap stamp of a path, one lstat and no open (a link is stamped as the
 * link): for in-process memos that re-read through `readStamped` — which
 * applies every rule — whenever it changes. Null when absent.
 */
export function quickStamp(root: Root, rel: string): Stamp | null {
  const st = fs.lstatSync(inside(root, rel), { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : null;
}

/**
 * Open a repo folder for listing, verified to be inside the root: a path to
 * list and a closer, or null when absent (or refused on a lenient root).
 */
function openListing(root: Root, rel: string): { at: string; close(): void } | null {
  root.trace?.(rel, 'dir');
  // The root itself may be listed (init searches it for ADR series); every other path goes through the checks.
  const abs = rel === '.' ? root.dir : insideOrRefused(root, rel);
  if (abs === null) return null;
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NONBLOCK);
  } catch (err) {
    if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return null;
    if (isCode(err, 'ELOOP')) return refuse(root, new Refused(rel, loopMessage(rel))), null;
    throw relabel(err, rel);
  }
  try {
    const real = realOf(fd, abs);
    if (!within(root, real)) throw new Refused(rel, outsideMessage(rel, real));
    return { at: fdPath(fd, abs), close: () => fs.closeSync(fd) };
  } catch (err) {
    fs.closeSync(fd);
    if (err instanceof Refused) return refuse(root, err), null;
    throw err;
  }
}

function readDir<T>(root: Root, rel: string, empty: T, read: (at: string) => T): T {
  const dir = openListing(root, rel);
  if (!dir) return empty;
  try {
    return read(dir.at);
  } catch (err) {
    throw relabel(err, rel);
  } finally {
    dir.close();
  }
}

/**
 * Names in a directory (files and folders), or [] when it does not exist.
 * `onFile` gets each regular file's lstat (taken inside the verified folder)
 * unless `known(name)` says it was seen already; `onOther` each entry that
 * is neither a file nor a folder (a link, a FIFO).
 */
export function listDir(
  root: Root,
  rel: string,
  onFile?: (name: string, st: fs.Stats) => void,
  known?: (name: string) => boolean,
  onOther?: (name: string) => void,
): string[] {
  return readDir(root, rel, [] as string[], (at) => {
    if (!onFile && !onOther) return fs.readdirSync(at);
    const entries = fs.readdirSync(at, { withFileTypes: true });
    for (const e of entries) {
      if (e.isFile()) {
        if (onFile && !known?.(e.name)) statEntry(at, e.name, onFile);
      } else if (!e.isDirectory()) onOther?.(e.name);
    }
    return entries.map((e) => e.name);
  });
}

/** lstat of an entry of a folder opened by `readDir` (never follows it); gone meanwhile is fine. */
function statEntry(at: string, name: string, onFile: (name: string, st: fs.Stats) => void): void {
  const st = fs.lstatSync(`${at}/${name}`, { throwIfNoEntry: false });
  if (st) onFile(name, st);
}

/** Subdirectories of a directory (real folders, not links), or [] when it does not exist. */
export function listSubdirs(root: Root, rel: string): string[] {
  return readDir(root, rel, [] as string[], (at) =>
    fs
      .readdirSync(at, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
  );
}

/** A folder's regular files and subfolders (links and other entries left out), or both empty when it does not exist. */
export function listEntries(root: Root, rel: string): { files: string[]; dirs: string[] } {
  return readDir(root, rel, { files: [] as string[], dirs: [] as string[] }, (at) => {
    const out = { files: [] as string[], dirs: [] as string[] };
    for (const e of fs.readdirSync(at, { withFileTypes: true })) {
      if (e.isFile()) out.files.push(e.name);
      else if (e.isDirectory()) out.dirs.push(e.name);
    }
    return out;
  });
}

/**
 * Every regular file below a directory (links are not followed), as
 * repo-relative POSIX paths, sorted; `onFile` gets each one's lstat, and
 * `onOther` each entry that is neither a file nor a folder (a link, a FIFO).
 */
export function walkFiles(
  root: Root,
  rel: string,
  skip: (name: string) => boolean = () => false,
  onFile?: (file: string, st: fs.Stats) => void,
  onOther?: (path: string) => void,
): string[] {
  const out: string[] = [];
  const visit = (dirRel: string) => {
    const dirs: string[] = [];
    readDir(root, dirRel, null, (at) => {
      for (const e of fs.readdirSync(at, { withFileTypes: true })) {
        if (skip(e.name)) continue;
        const child = `${dirRel}/${e.name}`;
        if (e.isDirectory()) dirs.push(child);
        else if (e.isFile()) {
          out.push(child);
          if (onFile) statEntry(at, e.name, (_, st) => onFile(child, st));
        } else onOther?.(child);
      }
      return null;
    });
    dirs.forEach(visit);
  };
  visit(rel);
  return out.sort();
}

/** Whether anything (even a dangling link) is at a path; never follows the last component. */
export function exists(root: Root, rel: string): boolean {
  root.trace?.(rel, 'path');
  try {
    fs.lstatSync(inside(root, rel));
    return true;
  } catch (err) {
    if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return false;
    throw relabel(err, rel);
  }
}

// ---------------------------------------------------------------------------
// Writing: used only by core/apply.ts, io/journal.ts and io/mutex.ts.

export const STATE_DIR = '.docpact';
export const TMP_DIR = `${STATE_DIR}/tmp`;
/** Where sync keeps the merge base of each generated file (src/core/lock-update.ts `basePath`). */
export const BASE_DIR = `${STATE_DIR}/base`;

/** A folder opened for writing: `at(name)` addresses an entry in exactly that folder. */
export interface WriteDir {
  at(name: string): string;
  close(): void;
}

/**
 * Open (creating if asked) a repo folder for writing, one component at a
 * time, each verified to be inside the root and outside `.git`. `strict`
 * also refuses any symlink on the way (docpact's own state folder).
 */
export function openWriteDir(root: Root, rel: string, create: boolean, strict = false): WriteDir | null {
  const parts = rel === '' ? [] : segments(rel, true);
  // The root itself is the user's choice (init may create it), not repository content.
  if (create && !fs.existsSync(root.dir)) fs.mkdirSync(root.dir, { recursive: true });
  let fd = fs.openSync(root.dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  let abs = root.dir;
  try {
    if (realOf(fd, abs) !== root.dir) throw new Refused(rel, `Refusing to write: the repository folder ${root.dir} moved while docpact ran.`);
    for (let i = 0; i < parts.length; i++) {
      const here = parts.slice(0, i + 1).join('/');
      const name = `${fdPath(fd, abs)}/${parts[i]}`;
      const nextAbs = path.join(abs, parts[i]);
      let next: number;
      try {
        next = fs.openSync(name, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NONBLOCK | (strict ? fs.constants.O_NOFOLLOW : 0));
      } catch (err) {
        if (isCode(err, 'ENOENT') && create) {
          try {
            fs.mkdirSync(name);
          } catch (mkErr) {
            if (!isCode(mkErr, 'EEXIST')) throw relabel(mkErr, here);
          }
          i--; // open what was just created (or what appeared meanwhile)
          continue;
        }
        if (isCode(err, 'ENOENT')) return fs.closeSync(fd), null;
        if (isCode(err, 'ELOOP') || isCode(err, 'ENOTDIR')) {
          const link = (() => {
            try {
              return fs.lstatSync(name).isSymbolicLink();
            } catch {
              return false;
            }
          })();
          if (link && strict) throw new Refused(here, `Refusing to use ${here}: it is a symbolic link. docpact keeps its state there and never follows links in it; delete the link.`);
          if (link) throw new Refused(here, `Refusing to write under ${here}: it is a symbolic link loop.`);
          throw new Refused(here, `Refusing to write under ${here}: it is not a folder.`);
        }
        throw relabel(err, here);
      }
      fs.closeSync(fd);
      fd = next;
      abs = nextAbs;
      const real = realOf(fd, abs);
      if (!within(root, real)) throw new Refused(here, `Refusing to write under ${here}: it is a symbolic link that leads outside the repository (${real}).`);
      if (inGit(root, real)) throw new Refused(here, `Refusing to write under ${here}: it leads into .git, which docpact never writes.`);
      if (strict && real !== path.join(root.dir, ...parts.slice(0, i + 1))) {
        throw new Refused(here, `Refusing to use ${here}: it is reached through a symbolic link. docpact keeps its state there and never follows links in it.`);
      }
    }
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  const base = fdPath(fd, abs);
  return { at: (name) => `${base}/${name}`, close: () => fs.closeSync(fd) };
}

function withWriteDir<T>(root: Root, rel: string, strict: boolean, fn: (dir: WriteDir) => T): T {
  const dir = openWriteDir(root, rel, true, strict) as WriteDir;
  try {
    return fn(dir);
  } finally {
    dir.close();
  }
}

const parentOf = (rel: string) => {
  const parts = segments(rel, true);
  return { dir: parts.slice(0, -1).join('/'), name: parts[parts.length - 1] };
};

export function ensureDir(root: Root, rel: string): void {
  openWriteDir(root, rel, true, rel === STATE_DIR || rel.startsWith(`${STATE_DIR}/`))?.close();
}

/** Create the folder a file will be written into (refusals surface here, before anything changes). */
export function ensureParent(root: Root, rel: string): void {
  ensureDir(root, parentOf(rel).dir);
}

/**
 * The identity of a file docpact wrote: device, inode and change time (ns).
 * A file checked out by git, or copied, cannot carry the identity of one
 * docpact created, which is how recovery knows a journal is its own.
 */
export interface Identity {
  dev: string;
  ino: string;
  ctime: string;
}
const identityOf = (st: fs.BigIntStats): Identity => ({ dev: String(st.dev), ino: String(st.ino), ctime: String(st.ctimeNs) });

/** The lstat of a repo path (never following the last component), or null. */
export function lstatOf(root: Root, rel: string): fs.BigIntStats | null {
  const { dir, name } = parentOf(rel);
  const d = openWriteDir(root, dir, false, rel.startsWith(`${STATE_DIR}/`));
  if (!d) return null;
  try {
    return fs.lstatSync(d.at(name), { bigint: true });
  } catch (err) {
    if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return null;
    throw relabel(err, rel);
  } finally {
    d.close();
  }
}

/** Temp names docpact generates; nothing else in its temp folder is ever touched. */
export const TEMP_NAME = /^(\d+)-[0-9a-z]+-[0-9a-z]{8}\.(tmp|bak|own)$/;
const tempName = (kind: 'tmp' | 'bak' | 'own') =>
  `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}.${kind}`;

/** Write content to a fresh temp file under `.docpact/tmp/`; its repo-relative path and identity. */
export function writeTemp(root: Root, content: string | Iterable<string>, kind: 'tmp' | 'own' = 'tmp'): { rel: string; id: Identity } {
  return withWriteDir(root, TMP_DIR, true, (dir) => {
    const name = tempName(kind);
    const fd = fs.openSync(dir.at(name), fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
    try {
      // In pieces, a large cache is written without first becoming one large string.
      if (typeof content === 'string') fs.writeFileSync(fd, content);
      else for (const piece of content) fs.writeFileSync(fd, piece);
      return { rel: `${TMP_DIR}/${name}`, id: identityOf(fs.fstatSync(fd, { bigint: true })) };
    } finally {
      fs.closeSync(fd);
    }
  });
}

/** Keep the current file at `rel` as a hard link in the temp folder (for rollback); null when absent. */
export function backup(root: Root, rel: string): { rel: string; id: Identity } | null {
  const { dir, name } = parentOf(rel);
  const from = openWriteDir(root, dir, false);
  if (!from) return null;
  try {
    return withWriteDir(root, TMP_DIR, true, (tmp) => {
      const bak = tempName('bak');
      try {
        fs.linkSync(from.at(name), tmp.at(bak));
      } catch (err) {
        if (isCode(err, 'ENOENT')) return null;
        throw relabel(err, rel);
      }
      return { rel: `${TMP_DIR}/${bak}`, id: identityOf(fs.lstatSync(tmp.at(bak), { bigint: true })) };
    });
  } finally {
    from.close();
  }
}

/**
 * Atomically move a file docpact owns (a temp, or a backup) onto its target.
 * `exclusive` links instead of renaming, so an existing target is never
 * replaced (EEXIST). A target that is a symlink is refused.
 */
export function commitTemp(root: Root, fromRel: string, targetRel: string, exclusive: boolean): void {
  const from = parentOf(fromRel);
  const to = parentOf(targetRel);
  withWriteDir(root, from.dir, from.dir === TMP_DIR, (src) =>
    withWriteDir(root, to.dir, false, (dst) => {
      try {
        if (fs.lstatSync(dst.at(to.name)).isSymbolicLink()) {
          throw new Refused(targetRel, `Refusing to write ${targetRel}: it is a symbolic link. Replace it with a regular file first.`);
        }
      } catch (err) {
        if (!isCode(err, 'ENOENT')) throw relabel(err, targetRel);
      }
      try {
        if (exclusive) {
          fs.linkSync(src.at(from.name), dst.at(to.name));
          fs.unlinkSync(src.at(from.name));
        } else {
          fs.renameSync(src.at(from.name), dst.at(to.name));
        }
      } catch (err) {
        throw relabel(err, targetRel);
      }
    }),
  );
}

/** Write a small file atomically (temp + rename). */
export function writeAtomic(root: Root, rel: string, content: string | Iterable<string>): void {
  commitTemp(root, writeTemp(root, content).rel, rel, false);
}

/** Remove a file (never following a link at the last component); absent is fine. */
export function removeFile(root: Root, rel: string): void {
  const { dir, name } = parentOf(rel);
  const d = openWriteDir(root, dir, false, rel.startsWith(`${STATE_DIR}/`));
  if (!d) return;
  try {
    fs.unlinkSync(d.at(name));
  } catch (err) {
    if (!isCode(err, 'ENOENT')) throw relabel(err, rel);
  } finally {
    d.close();
  }
}

/**
 * Remove leftover temp files (after a crash, once the journal is settled):
 * only regular files with names docpact generates, in its own temp folder,
 * which must be a real folder, never a link.
 */
export function clearTemps(root: Root): void {
  const d = openWriteDir(root, TMP_DIR, false, true);
  if (!d) return;
  try {
    for (const name of fs.readdirSync(d.at('.'))) {
      const m = TEMP_NAME.exec(name);
      // ".own" temps belong to processes waiting for the lock: only a dead one's are leftovers.
      if (!m || (m[2] === 'own' && alive(Number(m[1])))) continue;
      if (fs.lstatSync(d.at(name)).isFile()) fs.unlinkSync(d.at(name));
    }
  } finally {
    d.close();
  }
}

/** Whether a process with this pid runs on this machine. */
export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return !isCode(err, 'ESRCH');
  }
}

/**
 * Exclusive creation of a small file, complete before it appears (written
 * to a temp, then hard-linked into place); false when something is already there.
 */
export function createExclusive(root: Root, rel: string, content: string): boolean {
  const tmp = writeTemp(root, content, 'own').rel;
  try {
    commitTemp(root, tmp, rel, true);
    return true;
  } catch (err) {
    if (isCode(err, 'EEXIST')) return false;
    throw err;
  } finally {
    removeFile(root, tmp);
  }
}

/** Largest --body-file docpact accepts. */
export const MAX_USER_TEXT = 1024 * 1024;

/**
 * Read a file the user points at (a --body-file), relative to where they ran
 * docpact; "-" reads standard input. Only UTF-8 text up to MAX_USER_TEXT.
 */
export function readUserText(file: string, what: string): string {
  const chunks: Buffer[] = [];
  let total = 0;
  let fd: number | undefined;
  try {
    fd = file === '-' ? 0 : fs.openSync(path.resolve(file), 'r');
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if (isCode(err, 'EAGAIN')) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // a non-blocking stdin: wait for more
          continue;
        }
        if (isCode(err, 'EOF')) break;
        throw err;
      }
      if (n === 0) break;
      total += n;
      if (total > MAX_USER_TEXT) throw new DocpactError('input', `The ${what} "${file}" is larger than ${MAX_USER_TEXT / 1024 / 1024} MiB, the most docpact accepts.`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch (err) {
    if (err instanceof DocpactError) throw err;
    const reason = isCode(err, 'ENOENT') ? 'no such file' : isCode(err, 'EISDIR') ? 'it is a directory' : (err as Error).message;
    throw new DocpactError('input', `Cannot read the ${what} "${file}": ${reason}.`);
  } finally {
    if (fd !== undefined && fd !== 0) fs.closeSync(fd);
  }
  return decodeUserText(Buffer.concat(chunks), `The ${what} "${file}"`);
}

/** Strict UTF-8 decoding: invalid bytes are refused, never replaced with U+FFFD. */
export function decodeUserText(buf: Buffer, what: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new DocpactError('input', `${what} is not UTF-8 text.`);
  }
  if (text.includes('\0')) throw new DocpactError('input', `${what} is not UTF-8 text.`);
  return text;
}
