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
import { DocpactError } from './errors.js';
import { resolveForce } from './apply.js';
import { writes, type PlanBuilder } from './plan.js';
import { contentHash } from '../text/hash.js';
import { loadYamlWriter, readYaml, writeYaml } from '../text/yaml.js';
import { hasConflict, side } from '../merge/conflicts.js';

export const LOCK_PATH = '.docpact/lock.yaml';
export const BASE_DIR = '.docpact/base';

export const LockEntry = z.strictObject({
  path: z.string(),
  template: z.string(),
  /** sha256 of the rendering docpact last wrote (for a merged file: the rendering, not the file). */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** A page docpact keeps editing in place (an index, the glossary): sha256 is of the first version. */
  living: z.optional(z.literal(true)),
  /** Where the template came from: docpact's version, or "override:<sha256 prefix>". Set for files init and sync manage. */
  templateVersion: z.optional(z.string()),
});
export type LockEntry = z.infer<typeof LockEntry>;

/** The configured folders the tree was generated into; a change is a move sync refuses to guess. */
export const LockPaths = z.record(z.string(), z.string());
export type LockPaths = z.infer<typeof LockPaths>;

export const LockFile = z.strictObject({ version: z.literal(1), paths: z.optional(LockPaths), files: z.array(LockEntry) });
export type LockFile = z.infer<typeof LockFile>;

/** Entries by path; `paths` rides along (absent in locks written before docpact recorded it). */
export type Lock = Map<string, LockEntry> & { paths?: LockPaths };

export function parseLock(text: string | null): Lock {
  if (text === null) return new Map();
  const data = readYaml(text, LOCK_PATH);
  const res = LockFile.safeParse(data);
  if (!res.success) {
    throw new DocpactError(
      'config',
      `${LOCK_PATH} is invalid.`,
      res.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const lock: Lock = new Map(res.data.files.map((f) => [f.path, f]));
  if (res.data.paths) lock.paths = res.data.paths;
  return lock;
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

/** Where the merge base of a generated file is kept: one copy per path, any characters escaped. */
export const basePath = (rel: string) => `${BASE_DIR}/${encodeURIComponent(rel).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/**
 * Add the lock-file update a plan implies, on top of any lock edit the plan
 * already holds (sync re-keys and adds `paths`):
 * - a file init or sync rendered (`op.rendered`) is recorded with the hash
 *   and template version of that rendering, and the rendering is kept as its
 *   merge base in .docpact/base/;
 * - any other file the plan writes (or finds already identical) that has a
 *   template id, or that the lock already tracks, gets the hash of its
 *   content;
 * - living pages are recorded once and then edited in place by many commands.
 */
export async function planLockUpdate(plan: PlanBuilder, force = false): Promise<void> {
  let before = plan.read(LOCK_PATH); // as the plan leaves it (sync re-keys it; check --fix may have merged a conflicted lock)
  if (before !== null && hasConflict(before)) {
    // A merge left conflict markers: derived, so merged here rather than by hand (adr renumber works mid-merge).
    await loadYamlWriter();
    const merged = mergeLock(before);
    if (merged !== null) plan.write(LOCK_PATH, (before = merged));
  }
  const lock = parseLock(before);
  let changed = false;
  // With --force, what apply will write (restored and replaced files) is recorded too.
  for (const op of resolveForce(plan.build(), force)) {
    if (op.kind === 'delete' && lock.delete(op.path)) changed = true;
    if (op.after === null || !(writes(op) || op.kind === 'unchanged')) continue;
    const known = lock.get(op.path);
    if (known?.living) continue;
    // A file the user edited since docpact wrote it stays theirs when a command only edits it in place (a renamed file's links).
    if (known && !op.template && op.before !== null && contentHash(op.before) !== known.sha256) continue;
    const template = op.template ?? known?.template;
    let entry: LockEntry;
    if (op.rendered && template) {
      entry = { path: op.path, template, sha256: contentHash(op.rendered.content), ...(op.living ? { living: true as const } : {}), templateVersion: op.rendered.version };
      if (!op.living) plan.write(basePath(op.path), op.rendered.content);
    } else {
      if (!template || (op.kind === 'unchanged' && !op.template)) continue;
      entry = { ...known, path: op.path, template, sha256: contentHash(op.after), ...(op.living ? { living: true as const } : {}) };
    }
    if (!known || known.sha256 !== entry.sha256 || known.template !== template || known.templateVersion !== entry.templateVersion) {
      lock.set(op.path, entry);
      changed = true;
    }
  }
  if (changed || (before === null && lock.size > 0)) {
    await loadYamlWriter();
    plan.write(LOCK_PATH, renderLock(lock));
  }
}
