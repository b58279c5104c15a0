/**
 * The lock-file update every generator run ends with (`planLockUpdate`),
 * and the lock read through a machine-local cache. Parsing and writing
 * `.docpact/lock.yaml` (js-yaml, zod, `yaml`) lives in lockfile.ts, which is
 * loaded only when the cache does not answer or the lock changes: `adr new`
 * reads the lock but rarely changes it. This module must stay light: it
 * imports lockfile.ts only dynamically; the shapes both share are lock.ts's.
 */
import { resolveForce } from './apply.js';
import { writes, type PlanBuilder } from './plan.js';
import { fileCache } from '../io/cache.js';
import { hasConflict } from '../text/conflict-markers.js';
import { contentHash } from '../text/hash.js';
import { LOCK_PATH, basePath, lockOf, type Lock, type LockEntry, type LockPaths } from './lock.js';

const CACHE = 'lock.json';

/**
 * The lock as the plan leaves it so far: parsed (lockfile.ts `parseLock`,
 * with its errors), or, when the plan has not touched it, from the cache
 * written for this very file. The cache is keyed like the config's
 * (src/config/open.ts): the lock's inode, size, modification and change
 * time, the docpact build, and only once settled, so a lock edited, checked
 * out or committed with a forged cache beside it is always parsed again.
 * The cache is refreshed after the plan is applied (never on a dry run).
 */
export async function readLock(plan: PlanBuilder, text: string | null): Promise<Lock> {
  if (text === null) return new Map();
  const stats = plan.read(LOCK_PATH) === plan.original(LOCK_PATH) ? plan.originalStats(LOCK_PATH) : undefined;
  const cache = fileCache<{ paths?: LockPaths; files: LockEntry[] }>(plan.root, CACHE, stats);
  if (cache.hit && Array.isArray(cache.hit.files)) return lockOf(cache.hit.files, cache.hit.paths);
  const { parseLock } = await import('./lockfile.js');
  const lock = parseLock(text);
  const keep = cache.keep;
  if (keep) plan.afterApply.push(() => keep({ ...(lock.paths ? { paths: lock.paths } : {}), files: [...lock.values()] }));
  return lock;
}

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
    const { mergeLock } = await import('./lockfile.js');
    await (await import('../text/yaml.js')).loadYamlWriter();
    const merged = mergeLock(before);
    if (merged !== null) plan.write(LOCK_PATH, (before = merged));
  }
  const lock = await readLock(plan, before);
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
    const { renderLock } = await import('./lockfile.js');
    await (await import('../text/yaml.js')).loadYamlWriter();
    plan.write(LOCK_PATH, renderLock(lock));
  }
}
