/**
 * How results look: one line per file operation, unified diffs for a dry
 * run, and a plan as --json data. Pure formatting; the caller prints.
 */
import { BASE_DIR } from '../io/fs.js'; // a leaf: check's light path prints through this module
import type { FileOp, Plan } from '../core/plan.js';
import type { Io } from './args.js';
import { paint, plural, type Style } from '../text/style.js';

const KIND_STYLE: Record<FileOp['kind'], Style> = {
  create: 'green',
  modify: 'yellow',
  unchanged: 'dim',
  conflict: 'red',
  skip: 'magenta',
  delete: 'red',
};

/** Lines describing each operation; unchanged files are summed up in one line. */
export function opLines(io: Pick<Io, 'color'>, ops: FileOp[], dryRun: boolean): string[] {
  const lines: string[] = [];
  const verb: Record<FileOp['kind'], string> = dryRun
    ? { create: 'would create', modify: 'would modify', unchanged: 'unchanged', conflict: 'conflict', skip: 'skip', delete: 'would delete' }
    : { create: 'created', modify: 'modified', unchanged: 'unchanged', conflict: 'conflict', skip: 'skipped', delete: 'deleted' };
  // A merge reads as what happened to the user's file, not as a plain modification.
  const merged = dryRun ? 'would merge' : 'merged';
  const width = Math.max(merged.length, ...Object.values(verb).map((v) => v.length));
  let same = 0;
  let bases = 0;
  for (const op of ops) {
    if (op.kind === 'unchanged' && op.outcome !== 'conflict') {
      same++;
      continue;
    }
    // Merge bases are bookkeeping (see core/lockfile.ts): one summary line, not one per file.
    if (op.path.startsWith(`${BASE_DIR}/`)) {
      if (op.kind !== 'delete') bases++; // the base of a file moved away goes with it
      continue;
    }
    const reason = op.reason ? `  (${op.reason})` : '';
    const [label, style] = op.outcome === 'merged' ? [merged, KIND_STYLE.modify] : op.outcome === 'conflict' ? [verb.conflict, KIND_STYLE.conflict] : [verb[op.kind], KIND_STYLE[op.kind]];
    lines.push(`${paint(io, style, label.padEnd(width))}  ${op.path}${reason}`);
  }
  if (bases) lines.push(paint(io, 'dim', `${(dryRun ? 'would record' : 'recorded').padEnd(width)}  ${plural(bases, 'merge base')} in ${BASE_DIR}/`));
  if (same) lines.push(paint(io, 'dim', `${'unchanged'.padEnd(width)}  ${plural(same, 'file')} already up to date`));
  return lines;
}

/** Unified diffs for creations, modifications and conflicts (dry run). Loads jsdiff lazily. */
export async function diffLines(io: Pick<Io, 'color'>, ops: FileOp[]): Promise<string[]> {
  const changed = ops.filter((op) => (op.kind === 'create' || op.kind === 'modify' || op.kind === 'conflict') && op.after !== null);
  if (!changed.length) return [];
  const { createTwoFilesPatch } = await import('diff');
  const out: string[] = [];
  for (const op of changed) {
    // A file that would be created is shown whole, as git shows a new file.
    const from = op.before === null ? '/dev/null' : `a/${op.path}`;
    const patch = createTwoFilesPatch(from, `b/${op.path}`, op.before ?? '', op.after as string, '', '', { context: 3 });
    for (const line of patch.split('\n').slice(1)) {
      if (line.startsWith('+') && !line.startsWith('+++')) out.push(paint(io, 'green', line));
      else if (line.startsWith('-') && !line.startsWith('---')) out.push(paint(io, 'red', line));
      else if (line.startsWith('@@')) out.push(paint(io, 'cyan', line));
      else out.push(line);
    }
  }
  return out;
}

/**
 * A generator's run as --json data (the CLI's envelope and the MCP server's
 * result alike): whether it only planned, what it made, each file and what
 * happened to it, and what it said (notes, warnings: always lists).
 */
export function planData(plan: Plan, ops: FileOp[], dryRun: boolean): Record<string, unknown> {
  return {
    dryRun,
    result: plan.result,
    files: ops.map((op) => ({ path: op.path, action: op.kind, ...(op.outcome ? { status: op.outcome } : {}), ...(op.reason ? { reason: op.reason } : {}) })),
    notes: plan.notes,
    warnings: plan.warnings,
  };
}
