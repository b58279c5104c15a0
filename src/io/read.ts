/**
 * Reading repository files (a room of the file-system seam, src/io/fs.ts).
 * A file is opened first — non-blocking, so a FIFO cannot hang us — and
 * then what was actually opened is checked: a regular file whose real path
 * is inside the root. Checking the open descriptor leaves no
 * check-then-use gap. Inside one pass over the tree (`Root.folders`), a file
 * is opened relative to its already-verified folder without following a
 * link, which needs no per-file real-path check; a link takes the path way.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { DocpactError } from '../errors.js';
import { PLAIN_PATH, Refused, gitMessage, inGit, inside, insideOrRefused, isCode, loopMessage, outsideMessage, realOf, refuse, relabel, specialMessage, within, type Folders, type Root } from './root.js';

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
  return (root.folders && openInFolder(root, root.folders, rel)) || openByPath(root, rel);
}


/**
 * The fast way, inside one pass over the tree: the file opened relative to
 * its folder's verified descriptor (`/proc/self/fd/N/name`) without
 * following a link, so no per-file real-path check is needed — the folder is
 * inside the root and the file is a plain entry of it. `undefined` sends the
 * read the path way: a link (which may lead anywhere), a folder that is
 * absent or refused, a path that needs normalising.
 */
function openInFolder(root: Root, folders: Folders, rel: string): { fd: number; st: fs.Stats } | null | undefined {
  if (!PLAIN_PATH.test(rel)) return undefined;
  const slash = rel.lastIndexOf('/');
  // Refusals are not reported here: the path way meets them again and reports them as it always did.
  const dirFd = folders.fd({ dir: root.dir, refused: () => {} }, slash === -1 ? '.' : rel.slice(0, slash));
  if (dirFd === null) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(`/proc/self/fd/${dirFd}/${rel.slice(slash + 1)}`, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (err) {
    if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return null;
    return undefined; // ELOOP: a link, judged by where it leads; anything else: reported as the path way reports it
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new DocpactError('config', `${rel} is a folder where docpact expects a file; move it aside and run again.`);
    if (!st.isFile()) throw new Refused(rel, specialMessage(rel));
    return { fd, st };
  } catch (err) {
    fs.closeSync(fd);
    if (err instanceof Refused) return refuse(root, err), null;
    throw err;
  }
}

/** The path way: open (following links), then ask the kernel where the descriptor really is. */
function openByPath(root: Root, rel: string): { fd: number; st: fs.Stats } | null {
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
    // A link inside the repository that leads into .git (its config holds remote credentials): never read.
    if (inGit(root, real)) throw new Refused(rel, gitMessage(root, rel, real));
    return { fd, st };
  } catch (err) {
    fs.closeSync(fd);
    if (err instanceof Refused) return refuse(root, err), null;
    throw err;
  }
}

/** Largest file docpact reads from a repository (a 100,000-ADR index is a few MB). */
export const MAX_READ = 64 * 1024 * 1024;

/**
 * The bytes of an opened regular file: one read sized by the fstat already
 * taken, one byte more to notice a file that grew since (the rest is then
 * read to its end, as a plain read would). A read that stops at the size
 * fstat gave is the end: a regular file's read comes short only at its end,
 * so no second read is issued to be told so. One that stops before it (the
 * file shrank, or the read was cut short) reads on to the end.
 */
function readAll(fd: number, rel: string, size: number): Buffer {
  if (size > MAX_READ) throw new DocpactError('config', `${rel} is larger than ${MAX_READ / 1024 / 1024} MiB; docpact does not read files that large.`);
  const buf = Buffer.allocUnsafe(size + 1);
  let n = 0;
  for (;;) {
    const got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return buf.subarray(0, n);
    n += got;
    if (n === size) return buf.subarray(0, n);
    if (n === buf.length) return Buffer.concat([buf, fs.readFileSync(fd)]);
  }
}

/**
 * The text of an opened regular file (its size taken by fstat): read to its
 * end and decoded by Node in one call (bytes that are not UTF-8 become
 * U+FFFD, as Buffer's decoding makes them), no buffer of ours in between.
 */
function readFd(fd: number, rel: string, size: number): string {
  if (size > MAX_READ) throw new DocpactError('config', `${rel} is larger than ${MAX_READ / 1024 / 1024} MiB; docpact does not read files that large.`);
  return fs.readFileSync(fd, UTF8);
}
const UTF8 = { encoding: 'utf8' } as const;

/** Read a UTF-8 file, or null when it does not exist. */
export function readText(root: Root, rel: string): string | null {
  const opened = openFileStat(root, rel);
  if (opened === null) return null;
  try {
    return readFd(opened.fd, rel, opened.st.size);
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** Read a file's bytes (what seals hash), or null when it does not exist; the same checks as readText. */
export function readBytes(root: Root, rel: string): Buffer | null {
  const opened = openFileStat(root, rel);
  if (opened === null) return null;
  const { fd, st } = opened;
  try {
    return readAll(fd, rel, st.size);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether `text`, as read from `rel`, stands for bytes that are not UTF-8:
 * decoding turned them into U+FFFD. A U+FFFD written in valid UTF-8 is a
 * character like any other; only a text that holds one costs a second read,
 * of the bytes (a file gone meanwhile counts as not UTF-8, as its text said).
 */
export function decodedLossily(root: Root, rel: string, text: string | null): boolean {
  if (!text?.includes('\uFFFD')) return false;
  const bytes = readBytes(root, rel);
  return bytes === null || !isUtf8(bytes);
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
