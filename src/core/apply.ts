/**
 * Validate and apply a plan, all-or-nothing.
 *
 * 1. Conflicts are found before anything is written.
 * 2. Each file to write must still hold what the plan expected.
 * 3. Target folders are created; new contents go to temp files and replaced
 *    files are kept as backup links; the journal records the moves; the
 *    moves happen (rename for modifications, link for creations so an
 *    existing file is never replaced; a file the plan deletes is removed,
 *    its backup kept until the end), or are all undone if one
 *    fails; the journal is removed. See io/journal.ts.
 */
import { DocpactError } from '../errors.js';
import { writes, type FileOp, type Plan } from './plan.js';
import { backup, ensureParent, explainIoError, readText, stampOf, writeTemp, type Root } from '../io/fs.js';
import * as journal from '../io/journal.js';

export interface ApplyOptions {
  dryRun?: boolean;
  /** Overwrite conflicts and restore skipped files. */
  force?: boolean;
  /** Apply the non-conflicting operations even when some conflict (init's re-run). */
  partial?: boolean;
}

export interface Applied {
  ops: FileOp[];
  /** Conflicts left in place (non-empty means exit 1). */
  conflicts: FileOp[];
}

export function resolveForce(plan: Plan, force: boolean): FileOp[] {
  if (!force) return plan.ops;
  return plan.ops.map((op) =>
    (op.kind === 'conflict' || op.kind === 'skip') && op.after !== null && !op.foreign
      ? { ...op, kind: op.before === null ? 'create' : 'modify', reason: undefined, ...(op.outcome ? { outcome: op.before === null ? ('created' as const) : ('updated' as const) } : {}) }
      : op,
  );
}

export function applyPlan(root: Root, plan: Plan, opts: ApplyOptions = {}): Applied {
  const ops = resolveForce(plan, !!opts.force);
  const conflicts = ops.filter((op) => op.kind === 'conflict');
  if (conflicts.length > 0 && !opts.partial) {
    throw new DocpactError(
      'conflict',
      `Nothing was written: ${conflicts.length === 1 ? 'a file' : `${conflicts.length} files`} would overwrite content docpact did not write.`,
      [
        ...conflicts.map((op) => `${op.path}: ${op.reason ?? 'conflict'}`),
        'Re-run with --force to overwrite, or --dry-run to see the difference.',
      ],
    );
  }
  if (opts.dryRun) return { ops, conflicts };

  const todo = ops.filter((op) => writes(op) && op.after !== null);
  const removals = ops.filter((op) => op.kind === 'delete');
  for (const op of [...todo, ...removals]) {
    const changed = op.stamp !== undefined ? stampOf(root, op.path) !== op.stamp : readText(root, op.path) !== op.before;
    if (changed) {
      throw new DocpactError('conflict', `Nothing was written: ${op.path} changed while docpact was planning. Run the command again.`);
    }
  }
  // Folders first: a refusal (permissions, a file in the way) stops the run before anything changes.
  for (const op of todo) ensureParent(root, op.path);
  if (todo.length === 0 && removals.length === 0) return { ops, conflicts };
  // New contents as temps, and each file to replace kept as a backup link: a failure part-way can then be undone.
  const moves: journal.Move[] = [];
  try {
    for (const op of removals) {
      const b = backup(root, op.path);
      if (!b) throw new DocpactError('conflict', `Nothing was written: ${op.path} changed while docpact was planning. Run the command again.`);
      moves.push({ target: op.path, remove: true, exclusive: false, id: b.id, backup: b.rel, backupId: b.id });
    }
    for (const op of todo) {
      const t = writeTemp(root, op.after as string);
      const move: journal.Move = { tmp: t.rel, id: t.id, target: op.path, exclusive: op.kind === 'create' };
      moves.push(move);
      if (!move.exclusive) {
        const b = backup(root, op.path);
        if (b) Object.assign(move, { backup: b.rel, backupId: b.id });
      }
    }
  } catch (err) {
    journal.discard(root, moves);
    if (err instanceof DocpactError) throw err;
    throw new DocpactError('config', `Nothing was changed: ${explainIoError(err) ?? (err as Error).message}`);
  }
  const cleanup = journal.applyMoves(root, moves);
  if (cleanup) plan.warnings.push(cleanup);
  return { ops, conflicts };
}
