/**
 * The file-system seam. Every read and write docpact makes goes through here,
 * always relative to a target root, so "never read or write outside the
 * root" is enforced in one place. The repository is untrusted input: any
 * path in it may be a symlink, a FIFO, a loop, or be swapped while we run.
 *
 * One module to import; the rooms behind it, each readable alone:
 *
 * - root.ts       the root, the path grammar (no `..`, no absolute path, no
 *                 `.git` for writes), what a descriptor really is, refusals
 * - read.ts       reading files: open, then check what was opened (a regular
 *                 file inside the root); stamps
 * - list.ts       listing and walking folders through a verified descriptor;
 *                 verified folders kept open for one pass (check)
 * - write.ts      verified folders to write into, temps, atomic moves, the
 *                 names of docpact's own folders
 * - user-text.ts  a --body-file or standard input, UTF-8 and bounded
 *
 * Everything is synchronous on purpose: docpact is a short-lived CLI that
 * touches a handful of files, and sync calls keep plan/apply linear.
 */
export { Refused, explainIoError, inside, isCode, openRoot, type Folders, type Root } from './root.js';
export { MAX_READ, decodedLossily, exists, quickStamp, readBytes, readStamped, readText, readWithStats, stampOf, type Stamp } from './read.js';
export { listDir, listEntries, listSubdirs, openFolders, walkFiles } from './list.js';
export {
  BASE_DIR,
  STATE_DIR,
  TEMP_NAME,
  TMP_DIR,
  alive,
  backup,
  clearTemps,
  commitTemp,
  createExclusive,
  ensureDir,
  ensureParent,
  lstatOf,
  openWriteDir,
  removeFile,
  writeAtomic,
  writeTemp,
  type Identity,
  type WriteDir,
} from './write.js';
export { MAX_USER_TEXT, checkUserText, decodeUserText, givenUserText, readUserText } from './user-text.js';
