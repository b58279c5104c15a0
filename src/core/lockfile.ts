/**
 * `.docpact/lock.yaml`: what docpact generated — path, template id and the
 * sha256 of the bytes it wrote. It is how a re-run tells "still docpact's
 * output" from "edited by you".
 */
import * as z from 'zod/mini';
import { DocpactError } from './errors.js';
import { writes, type PlanBuilder } from './plan.js';
import { contentHash } from '../text/hash.js';
import { loadYamlWriter, readYaml, writeYaml } from '../text/yaml.js';
import { hasConflict, side } from '../merge/conflicts.js';

export const LOCK_PATH = '.docpact/lock.yaml';

export const LockEntry = z.strictObject({
  path: z.string(),
  template: z.string(),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** A page docpact keeps editing in place (an index, the glossary): sha256 is of the first version. */
  living: z.optional(z.literal(true)),
});
export type LockEntry = z.infer<typeof LockEntry>;
export const LockFile = z.strictObject({ version: z.literal(1), files: z.array(LockEntry) });
export type LockFile = z.infer<typeof LockFile>;

export type Lock = Map<string, LockEntry>;

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
  return new Map(res.data.files.map((f) => [f.path, f]));
}

export function renderLock(lock: Lock): string {
  const files = [...lock.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const header = '# Written by docpact: the files it generated and the sha256 of what it wrote.\n# Do not edit; delete an entry to let docpact treat that file as yours.\n';
  return header + writeYaml({ version: 1, files } satisfies LockFile);
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
  return renderLock(new Map([...theirs, ...ours]));
}

/**
 * Add the lock-file update a plan implies: every file the plan writes (or
 * finds already identical) that has a template id, or that the lock already
 * tracks, gets the sha256 of its content — except living pages, which are
 * recorded once and then edited in place by many commands.
 */
export async function planLockUpdate(plan: PlanBuilder): Promise<void> {
  let before = plan.read(LOCK_PATH); // as the plan leaves it (check --fix may have merged a conflicted lock)
  if (before !== null && hasConflict(before)) {
    // A merge left conflict markers: derived, so merged here rather than by hand (adr renumber works mid-merge).
    await loadYamlWriter();
    const merged = mergeLock(before);
    if (merged !== null) plan.write(LOCK_PATH, (before = merged));
  }
  const lock = parseLock(before);
  let changed = false;
  for (const op of plan.build().ops) {
    if (op.kind === 'delete' && lock.delete(op.path)) changed = true;
    if (op.after === null || !(writes(op) || op.kind === 'unchanged')) continue;
    const known = lock.get(op.path);
    const template = op.template ?? known?.template;
    if (!template || (op.kind === 'unchanged' && !op.template)) continue;
    if (known?.living) continue;
    // A file the user edited since docpact wrote it stays theirs when a command only edits it in place (a renamed file's links).
    if (known && !op.template && op.before !== null && contentHash(op.before) !== known.sha256) continue;
    const entry: LockEntry = { path: op.path, template, sha256: contentHash(op.after), ...(op.living ? { living: true as const } : {}) };
    if (!known || known.sha256 !== entry.sha256 || known.template !== template) {
      lock.set(op.path, entry);
      changed = true;
    }
  }
  if (changed || (before === null && lock.size > 0)) {
    await loadYamlWriter();
    plan.write(LOCK_PATH, renderLock(lock));
  }
}
