/**
 * `.docpact/lock.yaml`: what docpact generated — path, template id, the
 * template's version and the sha256 of the rendering it last wrote there
 * (line endings ignored: `contentHash`) — plus the folders (`paths`) the tree
 * was generated into. It is how a re-run tells "still docpact's output" from
 * "edited by you".
 *
 * Beside it, `.docpact/base/` keeps one copy of that last rendering per
 * generated file (named after the file's path): the base of the next
 * three-way merge (src/sync/). The lock's sha256 vouches for each copy.
 */
import * as z from 'zod/mini';
import { DocpactError } from '../errors.js';
import { LOCK_PATH, lockOf, type Lock, type LockEntry as Entry, type LockPaths as Paths } from './lock.js';
import { readYaml, writeYaml } from '../text/yaml.js';
import { side } from '../text/conflict-markers.js';

// The light half (paths, types; the update every generator plans, lock-update.ts) stays apart, so `adr new` loads this module only when it must.
export { BASE_DIR, LOCK_PATH, basePath, type Lock } from './lock.js';

export const LockEntry: z.ZodMiniType<Entry> = z.strictObject({
  path: z.string(),
  template: z.string(),
  /** sha256 of the rendering docpact last wrote (for a merged file: the rendering, not the file). */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** A page docpact keeps editing in place (an index, the glossary): sha256 is of the first version. */
  living: z.optional(z.literal(true)),
  /** Where the template came from: docpact's version, or "override:<sha256 prefix>". Set for files init and sync manage. */
  templateVersion: z.optional(z.string()),
});
export type LockEntry = Entry;

/** The configured folders the tree was generated into; a change is a move sync refuses to guess. */
export const LockPaths = z.record(z.string(), z.string());
export type LockPaths = Paths;

export const LockFile = z.strictObject({ version: z.literal(1), paths: z.optional(LockPaths), files: z.array(LockEntry) });
export type LockFile = z.infer<typeof LockFile>;

/** The last lock text parsed, and the JSON of what it gave (check reads the lock three times: one parse). */
let parsed: { text: string; json: string } | undefined;

export function parseLock(text: string | null): Lock {
  if (text === null) return new Map();
  if (parsed?.text === text) {
    // A copy of its own for each caller, as a parse gives.
    const again = JSON.parse(parsed.json) as LockFile;
    return lockOf(again.files, again.paths);
  }
  const data = readYaml(text, LOCK_PATH);
  const res = LockFile.safeParse(data);
  if (!res.success) {
    throw new DocpactError(
      'config',
      `${LOCK_PATH} is invalid.`,
      res.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  parsed = { text, json: JSON.stringify(res.data) };
  return lockOf(res.data.files, res.data.paths);
}

export function renderLock(lock: Lock): string {
  const files = [...lock.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const header = '# Written by docpact: the files it generated and the sha256 of what it rendered.\n# Do not edit; delete an entry to let docpact treat that file as yours.\n';
  return header + writeYaml({ version: 1, ...(lock.paths ? { paths: lock.paths } : {}), files } satisfies LockFile);
}

/** A lock git left with conflict markers, with both sides' entries (ours wins per path); null when a side cannot be read. Needs the YAML writer. */
export function mergeLock(text: string): string | null {
  let ours: Lock;
  let theirs: Lock;
  try {
    ours = parseLock(side(text, 'ours'));
    theirs = parseLock(side(text, 'theirs'));
  } catch {
    return null;
  }
  const merged: Lock = new Map([...theirs, ...ours]);
  const paths = ours.paths ?? theirs.paths;
  if (paths) merged.paths = paths;
  return renderLock(merged);
}
