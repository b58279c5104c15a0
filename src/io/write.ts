/**
 * Writing (a room of the file-system seam, src/io/fs.ts), used only by
 * core/apply.ts, io/journal.ts, io/mutex.ts and the caches: folders opened
 * one component at a time and verified inside the root and outside `.git`;
 * on Linux the rename or link addresses that very folder
 * (`/proc/self/fd/N/name`), so a folder swapped for a symlink mid-run cannot
 * redirect a write. Files appear whole: written to a temp in `.docpact/tmp`,
 * then renamed (or hard-linked, when nothing may be replaced) into place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Refused, fdPath, inGit, isCode, realOf, relabel, segments, within, type Root } from './root.js';

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
      // The file replaced keeps its permissions: an edit changes the text, never the executable bit.
      let mode: number | null = null;
      try {
        const st = fs.lstatSync(dst.at(to.name));
        if (st.isSymbolicLink()) {
          throw new Refused(targetRel, `Refusing to write ${targetRel}: it is a symbolic link. Replace it with a regular file first.`);
        }
        if (st.isFile()) mode = st.mode & 0o777;
      } catch (err) {
        if (!isCode(err, 'ENOENT')) throw relabel(err, targetRel);
      }
      try {
        if (!exclusive && mode !== null) keepMode(src.at(from.name), mode);
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

/** Give the file docpact owns at `at` (never a link) the permission bits `mode`. */
function keepMode(at: string, mode: number): void {
  const fd = fs.openSync(at, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    if ((fs.fstatSync(fd).mode & 0o777) !== mode) fs.fchmodSync(fd, mode);
  } finally {
    fs.closeSync(fd);
  }
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
