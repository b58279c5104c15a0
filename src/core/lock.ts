/**
 * The lock's shapes and places, shared by the light update path
 * (lock-update.ts) and the parser and writer (lockfile.ts): a leaf, so the
 * two never import each other at load time.
 */
import { BASE_DIR } from '../io/fs.js';

export const LOCK_PATH = '.docpact/lock.yaml';
export { BASE_DIR };

/** One generated file, as the lock records it (lockfile.ts holds the schema). */
export interface LockEntry {
  path: string;
  template: string;
  /** sha256 of the rendering docpact last wrote (for a merged file: the rendering, not the file). */
  sha256: string;
  /** A page docpact keeps editing in place (an index, the glossary): sha256 is of the first version. */
  living?: true;
  /** Where the template came from: docpact's version, or "override:<sha256 prefix>". Set for files init and sync manage. */
  templateVersion?: string;
}

/** The configured folders the tree was generated into; a change is a move sync refuses to guess. */
export type LockPaths = Record<string, string>;

/** Entries by path; `paths` rides along (absent in locks written before docpact recorded it). */
export type Lock = Map<string, LockEntry> & { paths?: LockPaths };

/** Where the merge base of a generated file is kept: one copy per path, any characters escaped. */
export const basePath = (rel: string) => `${BASE_DIR}/${encodeURIComponent(rel).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/** The lock from its entries and folders. */
export const lockOf = (files: LockEntry[], paths: LockPaths | undefined): Lock => {
  const lock: Lock = new Map(files.map((f) => [f.path, f]));
  if (paths) lock.paths = paths;
  return lock;
};
