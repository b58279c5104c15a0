/**
 * Listing and walking folders (a room of the file-system seam, src/io/fs.ts).
 * A folder is opened first (non-blocking, so nothing special can hang us),
 * then the descriptor's real path must lie inside the root; only then is it
 * read, through that descriptor (`/proc/self/fd/N` on Linux), so the folder
 * listed is the folder verified. Links inside are reported, never followed.
 *
 * `openFolders()` keeps verified folders open for one pass over the tree
 * (check): each folder is opened and verified once, however often it is
 * listed, and src/io/read.ts opens the files in it relative to it.
 */
import fs from 'node:fs';
import { PLAIN_PATH, PROC_FD, Refused, fdPath, gitMessage, inGit, insideOrRefused, isCode, isGit, loopMessage, outsideMessage, realOf, refuse, relabel, specialMessage, within, type Folders, type Root } from './root.js';

/** The verified descriptor of a repo folder, or null when absent (or refused on a lenient root). */
function openFolder(root: Root, rel: string): { fd: number; abs: string } | null {
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
    if (inGit(root, real) && !rel.split('/').some(isGit)) throw new Refused(rel, gitMessage(root, rel, real));
    return { fd, abs };
  } catch (err) {
    fs.closeSync(fd);
    if (err instanceof Refused) return refuse(root, err), null;
    throw err;
  }
}

/** How many verified folders stay open at once (the oldest is closed first): far below any descriptor limit. */
const KEEP_OPEN = 64;

/**
 * Verified folders kept open for one pass (Linux only: elsewhere null, and
 * every read takes the path way). Close it when the pass ends; a folder
 * moved meanwhile is still the one verified, never what took its place.
 */
export function openFolders(): Folders | undefined {
  if (!PROC_FD) return undefined;
  const open = new Map<string, number>();
  // The folder asked for last (a pass reads a folder's files one after another): already the most recently used.
  let last: { rel: string; fd: number } | undefined;
  const opened = (root: Root, rel: string): number | null => {
    let fd = open.get(rel);
    if (fd !== undefined) {
      // Most recently used last: the pass moves folder by folder.
      open.delete(rel);
      open.set(rel, fd);
      return fd;
    }
    const inParent = childOf(root, rel);
    if (inParent === null) return null;
    if (inParent !== undefined) fd = inParent;
    else {
      const got = openFolder(root, rel);
      if (!got) return null;
      fd = got.fd;
    }
    open.set(rel, fd);
    if (open.size > KEEP_OPEN) {
      const [oldest, ofd] = open.entries().next().value as [string, number];
      open.delete(oldest);
      fs.closeSync(ofd);
    }
    return fd;
  };
  /**
   * A plain subfolder opened relative to its verified parent without
   * following a link: a real folder inside a verified one needs no real-path
   * check. `undefined` sends it the path way (a link, which is judged there;
   * a parent absent or refused; a path that needs normalising).
   */
  const childOf = (root: Root, rel: string): number | null | undefined => {
    const slash = rel.lastIndexOf('/');
    if (!PLAIN_PATH.test(rel)) return undefined;
    const parent = opened({ dir: root.dir, refused: () => {} }, slash === -1 ? '.' : rel.slice(0, slash));
    if (parent === null) return undefined;
    try {
      return fs.openSync(`/proc/self/fd/${parent}/${rel.slice(slash + 1)}`, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return null;
      return undefined; // ELOOP: a link; ENOTDIR: not a folder; anything else: as the path way reports it
    }
  };
  return {
    fd(root, rel) {
      if (last?.rel === rel) return last.fd;
      const fd = opened(root, rel);
      last = fd === null ? undefined : { rel, fd };
      return fd;
    },
    close() {
      for (const fd of open.values()) fs.closeSync(fd);
      open.clear();
      last = undefined;
    },
  };
}

/**
 * Open a repo folder for listing, verified to be inside the root: a path to
 * list and a closer, or null when absent (or refused on a lenient root).
 */
function openListing(root: Root, rel: string): { at: string; close(): void } | null {
  root.trace?.(rel, 'dir');
  if (root.folders) {
    const fd = root.folders.fd(root, rel);
    // The pass's folder cache closes it.
    return fd === null ? null : { at: `/proc/self/fd/${fd}`, close: () => {} };
  }
  const got = openFolder(root, rel);
  return got && { at: fdPath(got.fd, got.abs), close: () => fs.closeSync(got.fd) };
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

/** Report entry `e` of the folder at `at` (neither a file nor a folder) to a lenient root when following it would leave the repository, enter .git or hang. */
function judgeOther(root: Root, at: string, e: fs.Dirent, rel: string): void {
  if (!e.isSymbolicLink()) return refuse(root, new Refused(rel, specialMessage(rel)));
  let real: string;
  try {
    real = fs.realpathSync(`${at}/${e.name}`);
  } catch (err) {
    // A dangling link leads nowhere a build could read.
    if (isCode(err, 'ELOOP')) refuse(root, new Refused(rel, loopMessage(rel)));
    return;
  }
  if (!within(root, real)) refuse(root, new Refused(rel, outsideMessage(rel, real)));
  else if (inGit(root, real)) refuse(root, new Refused(rel, gitMessage(root, rel, real)));
}

/** lstat of an entry of a folder opened by `readDir` (never follows it); gone meanwhile is fine. */
function statEntry(at: string, name: string, onFile: (name: string, st: fs.Stats) => void): void {
  const st = fs.lstatSync(`${at}/${name}`, { throwIfNoEntry: false });
  if (st) onFile(name, st);
}

/**
 * Subdirectories of a directory (real folders, not links), or [] when it
 * does not exist; `onOther` gets each entry that is neither a file nor a
 * folder (a link, a FIFO), from the same listing.
 */
export function listSubdirs(root: Root, rel: string, onOther?: (name: string) => void): string[] {
  return readDir(root, rel, [] as string[], (at) => {
    const out: string[] = [];
    for (const d of fs.readdirSync(at, { withFileTypes: true })) {
      if (d.isDirectory()) out.push(d.name);
      else if (!d.isFile()) onOther?.(d.name);
    }
    return out;
  });
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
 * repo-relative POSIX paths, sorted; `onFile` gets each one's lstat,
 * `onOther` each entry that is neither a file nor a folder (a link, a FIFO),
 * and `onFolder` each folder walked with all its names (as `listDir` gives
 * them, skipped ones included), so a caller need not list it again;
 * `known(file)` spares the lstat of a file the caller has stat'ed already.
 * Without `onOther`, a lenient root (check) is told of the entries a docs
 * build would follow or hang on: a link out of the repository, into .git or
 * in a loop, and a FIFO, socket or device; a link inside is left alone.
 */
export function walkFiles(
  root: Root,
  rel: string,
  skip: (name: string) => boolean = () => false,
  onFile?: (file: string, st: fs.Stats) => void,
  onOther?: (path: string) => void,
  onFolder?: (dir: string, names: string[]) => void,
  known?: (file: string) => boolean,
): string[] {
  const out: string[] = [];
  const visit = (dirRel: string) => {
    const dirs: string[] = [];
    readDir(root, dirRel, null, (at) => {
      const entries = fs.readdirSync(at, { withFileTypes: true });
      const names: string[] = [];
      for (const e of entries) {
        if (skip(e.name)) {
          names.push(e.name);
          continue;
        }
        // One flat string (join writes it whole; `+` would make a rope, flattened later into a second copy),
        // and the folder's name for it a slice of that string: 100,000 paths and names are held for a whole pass.
        const child = [dirRel, e.name].join('/');
        names.push(child.slice(dirRel.length + 1));
        if (e.isDirectory()) dirs.push(child);
        else if (e.isFile()) {
          out.push(child);
          if (onFile && !known?.(child)) statEntry(at, e.name, (_, st) => onFile(child, st));
        } else if (onOther) onOther(child);
        else if (root.refused) judgeOther(root, at, e, child);
      }
      onFolder?.(dirRel, names);
      return null;
    });
    dirs.forEach(visit);
  };
  visit(rel);
  return out.sort();
}
