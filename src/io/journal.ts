/**
 * Crash safety for multi-file plans. Apply first writes every new content to
 * temp files, then records the moves it is about to make in
 * `.docpact/journal.json`, then makes them. A run killed before the journal
 * exists changed nothing (its temps are swept); a run killed after it is
 * rolled forward by the next docpact command. Either way no half-applied plan
 * and no truncated file survives.
 */
import { DocpactError } from '../core/errors.js';
import { STATE_DIR, clearTemps, commitTemp, exists, readText, removeFile, writeAtomic, type Root } from './fs.js';
import { acquire } from './mutex.js';

const JOURNAL = `${STATE_DIR}/journal.json`;

export interface Move {
  tmp: string;
  target: string;
  /** Create-only: never replace an existing target. */
  exclusive: boolean;
}

export function begin(root: Root, moves: Move[]): void {
  writeAtomic(root, JOURNAL, JSON.stringify({ moves }));
}

export function finish(root: Root): void {
  removeFile(root, JOURNAL);
}

export function pending(root: Root): boolean {
  return exists(root, JOURNAL);
}

/** Complete an interrupted apply, then sweep stray temp files. Call with the mutex held. */
export function recover(root: Root): void {
  const text = readText(root, JOURNAL);
  if (text !== null) {
    let moves: Move[];
    try {
      moves = (JSON.parse(text) as { moves: Move[] }).moves;
    } catch {
      throw new DocpactError('config', `${JOURNAL} is damaged; an interrupted docpact run cannot be completed. Inspect git status, then delete ${JOURNAL}.`);
    }
    for (const m of moves) {
      const content = readText(root, m.tmp);
      if (content === null) continue; // already moved
      if (m.exclusive && readText(root, m.target) === content) {
        removeFile(root, m.tmp); // linked before the crash, temp left behind
        continue;
      }
      try {
        commitTemp(root, m.tmp, m.target, m.exclusive);
      } catch {
        // The target appeared meanwhile; keep what is there.
      }
    }
    finish(root);
  }
  clearTemps(root);
}

/** For commands that only read: if a run was interrupted, complete it first (under the mutex). */
export function settle(root: Root): void {
  if (!pending(root)) return;
  const held = acquire(root);
  try {
    recover(root);
  } finally {
    held.release();
  }
}
