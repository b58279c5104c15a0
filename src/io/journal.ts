/**
 * Crash safety for multi-file plans: every plan ends wholly applied or wholly
 * not applied.
 *
 * Apply writes every new content to a temp file in `.docpact/tmp/`, keeps
 * each file it will replace as a hard link there (the backup), records the
 * moves in `.docpact/journal.json`, then makes them. If a move fails (EPERM,
 * EXDEV, ENOSPC, a file appearing), the moves already made are undone from
 * the backups. A run killed before the journal exists changed nothing (its
 * temps are swept); a run killed after it is rolled forward by the next
 * docpact command, or back if a move cannot be completed.
 *
 * A removal (the old name of a renamed file) is a move too: the file is
 * kept as a backup link first, so undoing it links the backup back.
 *
 * The journal is repository content, so it is untrusted: a committed one must
 * not move files anywhere. It records the identity (device, inode, change
 * time in ns) of each temp docpact created; a checked-out or copied file
 * cannot have it. Recovery acts only when every move matches, only moves
 * files from docpact's temp folder with names docpact generates, and only to
 * targets that pass the same rules as every write (inside the repo, never
 * `.git`, no links).
 */
import { DocpactError } from '../errors.js';
import {
  STATE_DIR,
  TEMP_NAME,
  TMP_DIR,
  Refused,
  clearTemps,
  commitTemp,
  explainIoError,
  exists,
  inside,
  isCode,
  lstatOf,
  readText,
  removeFile,
  writeAtomic,
  type Identity,
  type Root,
} from './fs.js';
import { acquire, lockTimeoutMs } from './mutex.js';

export const JOURNAL = `${STATE_DIR}/journal.json`;

export interface Move {
  /** Temp file holding the new content (absent for a removal). */
  tmp?: string;
  target: string;
  /** Remove the target instead of replacing it; `backup` keeps it for rollback. */
  remove?: true;
  /** Create-only: never replace an existing target. */
  exclusive: boolean;
  /** Identity of the temp as docpact created it (for a removal: of the backup). */
  id: Identity;
  /** Hard link to the file being replaced, for rollback; absent when the target did not exist. */
  backup?: string;
  backupId?: Identity;
}

interface Journal {
  phase: 'forward' | 'back';
  moves: Move[];
}

/** How a run ended when it could not apply its plan. */
export class NotApplied extends DocpactError {}

/**
 * Test seam: DOCPACT_FAIL_AT=move:1:EPERM makes the second move fail with
 * EPERM; recover-move:N:CODE fails a move during recovery, back-journal:CODE
 * the journal write that starts an undo, cleanup:CODE the clean-up after the
 * last move. Several points are separated by commas.
 */
function failPoint(name: string): void {
  for (const spec of (process.env.DOCPACT_FAIL_AT ?? '').split(',')) {
    if (!spec.startsWith(`${name}:`)) continue;
    const code = spec.slice(name.length + 1);
    throw Object.assign(new Error(`${code}: injected failure`), { code, syscall: name === 'cleanup' ? 'unlink' : 'rename' });
  }
}

/**
 * Test seams: DOCPACT_CRASH_AT=move:1 kills the process right before the
 * second move (cleanup: after the backups are deleted, before the journal
 * is); DOCPACT_STOP_AT=move:0 stops it there (holding the lock).
 */
function crashPoint(name: string): void {
  if (process.env.DOCPACT_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
  if (process.env.DOCPACT_STOP_AT === name) process.kill(process.pid, 'SIGSTOP');
}

const sameFile = (st: { dev: bigint; ino: bigint } | null, id: Identity | undefined) => !!st && !!id && String(st.dev) === id.dev && String(st.ino) === id.ino;

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Make the moves, journaled. On failure, undo what was moved and throw
 * NotApplied saying so; if even that fails, the journal stays for the next
 * run and the error says the plan is half-applied. Once every move is made
 * the plan is applied: a failure while cleaning up (backups, the journal) is
 * returned as a warning — the next run finishes the clean-up — never thrown,
 * since running the command again would apply it twice.
 */
export function applyMoves(root: Root, moves: Move[]): string | null {
  const journal: Journal = { phase: 'forward', moves };
  crashPoint('before-journal');
  try {
    writeAtomic(root, JOURNAL, JSON.stringify(journal));
  } catch (err) {
    discard(root, moves);
    throw notApplied(err, 0);
  }
  let done = 0;
  try {
    moves.forEach((m, i) => {
      crashPoint(`move:${i}`);
      failPoint(`move:${i}`);
      forward(root, m);
      done = i + 1;
    });
  } catch (err) {
    rollBack(root, journal, err);
    throw notApplied(err, done);
  }
  try {
    finish(root, moves);
    return null;
  } catch (err) {
    return `the plan was applied; cleaning up afterwards failed: ${cause(err)} The next docpact command finishes the clean-up (${JOURNAL}).`;
  }
}

/** Make one move: the temp onto its target, or the target removed. */
function forward(root: Root, m: Move): void {
  if (!m.remove) return commitTemp(root, m.tmp as string, m.target, m.exclusive);
  const target = lstatOf(root, m.target);
  if (!target) return; // already removed
  // Only the very file that was backed up is removed; anything else is not docpact's to delete.
  if (!sameFile(target, m.backupId)) throw Object.assign(new Error(`${m.target} changed while docpact was writing; run the command again.`), { code: 'ECHANGED' });
  removeFile(root, m.target);
}

function notApplied(err: unknown, undone: number): NotApplied {
  if (err instanceof DocpactError && !(err instanceof Refused)) return err;
  const why = err instanceof Refused ? err.message : describe(err);
  const undid = undone ? ` docpact undid the ${plural(undone, 'file')} it had already changed.` : '';
  return new NotApplied('config', `Nothing was changed: ${why}${undid}`);
}

function describe(err: unknown): string {
  if (isCode(err, 'EEXIST')) return `${(err as NodeJS.ErrnoException).path} appeared while docpact was writing; run the command again.`;
  return explainIoError(err) ?? (err as Error).message;
}

/** The cause alone, for a plan that is not simply "nothing changed": what to do next depends on the state, which the caller says. */
const cause = (err: unknown) => describe(err).replace(/ Fix that and run the command again\.$/, '');

/** Remove the temps and backups of a plan that never started moving. */
export function discard(root: Root, moves: Partial<Move>[]): void {
  for (const m of moves) {
    if (m.tmp) removeFile(root, m.tmp);
    if (m.backup) removeFile(root, m.backup);
  }
}

/** Clean up after the last move: the backups, then the journal (a journal whose moves are all made is completed by `recover` the same way). */
function finish(root: Root, moves: Move[]): void {
  for (const m of moves) if (m.backup) removeFile(root, m.backup);
  crashPoint('cleanup');
  failPoint('cleanup');
  removeFile(root, JOURNAL);
}

/**
 * Undo every move that was made, newest first, from the backups; then drop
 * the journal. If a move cannot be undone the journal is kept (phase "back")
 * and the error says the plan is half-applied.
 */
function rollBack(root: Root, journal: Journal, why: unknown): void {
  let undoing = journal.phase === 'back';
  try {
    if (!undoing) {
      failPoint('back-journal');
      writeAtomic(root, JOURNAL, JSON.stringify({ ...journal, phase: 'back' }));
      undoing = true;
    }
    for (const m of [...journal.moves].reverse()) {
      const target = lstatOf(root, m.target);
      if (m.remove) {
        // Removed: link the backup back (never over a file that appeared since). Not removed: drop the backup.
        if (!target) {
          if (!sameFile(lstatOf(root, m.backup as string), m.backupId)) throw new Error(`the saved copy of ${m.target} is missing`);
          commitTemp(root, m.backup as string, m.target, true);
        } else removeFile(root, m.backup as string);
        continue;
      }
      if (sameFile(target, m.id)) {
        if (m.backup) {
          if (!sameFile(lstatOf(root, m.backup), m.backupId)) throw new Error(`the saved copy of ${m.target} is missing`);
          commitTemp(root, m.backup, m.target, false);
        } else {
          removeFile(root, m.target);
        }
      } else if (m.backup) {
        removeFile(root, m.backup);
      }
      removeFile(root, m.tmp as string);
    }
    removeFile(root, JOURNAL);
  } catch (err) {
    // Say what the next run will do: the journal on disk still says "forward" unless the undo was recorded.
    const next = undoing
      ? `${JOURNAL} records what is left to undo; fix the cause and run any docpact command to finish undoing it.`
      : `${JOURNAL} still holds the whole plan, so the next docpact command completes it; fix the cause first.`;
    throw new DocpactError('config', `Some files were changed, and docpact could not ${undoing ? 'restore them' : 'start undoing them'}: ${cause(why)} ${undoing ? 'Undoing' : 'Recording the undo'} failed too: ${cause(err)} ${next}`);
  }
}

/** Parse and check a journal read from the repository; throws when docpact did not write it here. */
function trusted(root: Root, text: string): Journal {
  const foreign = () =>
    new DocpactError(
      'config',
      `${JOURNAL} was not written by docpact on this machine (was it committed?), so docpact will not act on it. Nothing was changed. Delete it (and remove it from git) to go on.`,
    );
  let j: Journal;
  try {
    j = JSON.parse(text) as Journal;
  } catch {
    throw foreign();
  }
  const isId = (id: unknown): id is Identity =>
    !!id && typeof id === 'object' && ['dev', 'ino', 'ctime'].every((k) => typeof (id as Record<string, unknown>)[k] === 'string');
  const tempRel = (rel: unknown, kind: string) =>
    typeof rel === 'string' && rel.startsWith(`${TMP_DIR}/`) && TEMP_NAME.exec(rel.slice(TMP_DIR.length + 1))?.[2] === kind;
  if (!j || typeof j !== 'object' || (j.phase !== 'forward' && j.phase !== 'back') || !Array.isArray(j.moves) || !j.moves.length) throw foreign();
  const targetInside = (target: unknown) => {
    if (typeof target !== 'string') throw foreign();
    try {
      inside(root, target, true);
    } catch {
      throw foreign();
    }
  };
  // At least one move must carry an identity only docpact, here, could have recorded (a checkout or copy cannot).
  let proven = false;
  for (const m of j.moves) {
    if (m && typeof m === 'object' && m.remove !== undefined) {
      // A removal: its backup is a link to the target docpact made (the target gone, or still that same file);
      // after the last move both are gone (a run killed while cleaning up), which needs the other moves' proof.
      if (m.remove !== true || m.tmp !== undefined || !tempRel(m.backup, 'bak') || !isId(m.backupId) || !isId(m.id)) throw foreign();
      targetInside(m.target);
      const bak = lstatOf(root, m.backup as string);
      const target = lstatOf(root, m.target);
      if (!bak && !target) continue;
      if (!bak || !bak.isFile() || !sameFile(bak, m.backupId) || (target && !sameFile(target, m.backupId))) throw foreign();
      proven = true;
      continue;
    }
    if (!m || typeof m !== 'object' || !tempRel(m.tmp, 'tmp') || typeof m.target !== 'string' || typeof m.exclusive !== 'boolean' || !isId(m.id)) throw foreign();
    if (m.backup !== undefined && !(tempRel(m.backup, 'bak') && isId(m.backupId))) throw foreign();
    targetInside(m.target);
    // Each move is either still pending (the temp exists, exactly as docpact created it) or made (the target is that temp).
    const tmp = lstatOf(root, m.tmp as string);
    const target = lstatOf(root, m.target);
    const pendingOk = !!tmp && tmp.isFile() && sameFile(tmp, m.id) && (String(tmp.ctimeNs) === m.id.ctime || (tmp.nlink > 1 && sameFile(target, m.id)));
    const madeOk = !tmp && sameFile(target, m.id);
    if (!pendingOk && !madeOk) throw foreign();
    proven = true;
  }
  if (!proven) throw foreign();
  return j;
}

export function pending(root: Root): boolean {
  return exists(root, JOURNAL);
}

/** Complete an interrupted apply (or undo it), then sweep stray temp files. Call with the mutex held. */
export function recover(root: Root): void {
  const text = readText(root, JOURNAL);
  if (text !== null) {
    const journal = trusted(root, text);
    if (journal.phase === 'back') {
      rollBack(root, journal, new Error('an interrupted run was being undone.'));
      throw new NotApplied('config', 'An interrupted docpact run has now been undone: none of its changes remain. Run the command again.');
    }
    let i = 0;
    try {
      for (; i < journal.moves.length; i++) {
        const m = journal.moves[i];
        if (m.remove) {
          failPoint(`recover-move:${i}`);
          forward(root, m);
          continue;
        }
        const tmp = lstatOf(root, m.tmp as string);
        if (!tmp) continue; // already moved
        failPoint(`recover-move:${i}`);
        if (m.exclusive && sameFile(lstatOf(root, m.target), m.id)) removeFile(root, m.tmp as string); // linked before the crash
        else commitTemp(root, m.tmp as string, m.target, m.exclusive);
      }
    } catch (err) {
      rollBack(root, journal, err);
      throw new NotApplied('config', `An interrupted docpact run could not be completed (${describe(err)}), so docpact undid it: none of its changes remain. Run the command again.`);
    }
    try {
      finish(root, journal.moves);
    } catch (err) {
      throw new DocpactError('config', `An interrupted docpact run is now complete (all its changes are in place), but cleaning up after it failed: ${cause(err)} Fix that; the next docpact command finishes the clean-up.`);
    }
  }
  clearTemps(root);
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Changes whenever a writer takes or releases the lock (it creates and removes a file in .docpact/). */
function generation(root: Root): string {
  const st = lstatOf(root, STATE_DIR);
  return st ? `${st.ino}:${st.mtimeNs}:${st.ctimeNs}` : 'none';
}

/**
 * For commands that only read: a consistent state. Finish an interrupted
 * run, and read again if a writer applied a plan while we were reading (its
 * journal, created and removed in .docpact/, changes the folder's stamp).
 * Readers never take the lock, nor wait on it: a writer still planning has
 * changed nothing yet, and a lock file can be committed by anyone. So they
 * work in a read-only checkout and never slow writers down.
 */
export function readConsistently<T>(root: Root, read: () => T): T {
  const deadline = Date.now() + lockTimeoutMs();
  for (let attempt = 0; ; attempt++) {
    settle(root);
    const before = generation(root);
    const result = read();
    if (Date.now() >= deadline || (generation(root) === before && !pending(root))) return result;
    // A writer is applying (or just did): give it a moment rather than reading again at once.
    Atomics.wait(pause, 0, 0, Math.min(5 + attempt * 5, 50));
  }
}

/** If a run was interrupted, complete it first (under the mutex). */
export function settle(root: Root): void {
  if (!pending(root)) return;
  const held = acquire(root);
  try {
    recover(root);
  } finally {
    held.release();
  }
}
