/**
 * One writer at a time per repository. Every command that changes files holds
 * `.docpact/.lock` from planning to the end of apply, so numbering, thread
 * sealing and index regeneration never race.
 *
 * The lock holds its owner's token (`pid@host#random`), and appears complete
 * (written to a temp, then hard-linked into place). A lock whose owner died
 * is taken over at once, and atomically: removing a dead owner's file needs
 * the exclusive "reap" marker named after that owner's token, and the lock is
 * removed only if it still holds that token. Tokens are never reused, so of
 * any number of waiters exactly one removes the dead lock, and none can
 * remove a lock a live waiter has just taken. A marker whose own creator died
 * is reaped the same way.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { DocpactError } from '../core/errors.js';
import { STATE_DIR, alive, createExclusive, ensureDir, isCode, readText, removeFile, type Root } from './fs.js';

export const LOCK = `${STATE_DIR}/.lock`;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

export interface Held {
  release(): void;
}

const token = () => `${process.pid}@${os.hostname()}#${crypto.randomBytes(8).toString('hex')}`;

export function acquire(root: Root, timeoutMs = Number(process.env.DOCPACT_LOCK_TIMEOUT_MS ?? 60_000)): Held {
  ensureDir(root, STATE_DIR);
  const me = token();
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (create(root, LOCK, me)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // Only ever remove our own lock.
        if (owner(root, LOCK) === me) removeFile(root, LOCK);
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    }
    const holder = owner(root, LOCK);
    if (holder !== null && dead(holder)) {
      reap(root, LOCK, holder, me);
      continue;
    }
    if (Date.now() > deadline) {
      throw new DocpactError(
        'locked',
        `Another docpact run holds ${LOCK} (${holder?.split('#')[0] || 'unknown owner'}). Wait for it to finish; if no docpact is running, delete ${LOCK}.`,
      );
    }
    sleep(Math.min(5 + attempt * 3, 40) + Math.random() * 10);
  }
}

/** Whether a writer holds the lock right now (a dead owner's lock does not count). */
export function locked(root: Root): boolean {
  const holder = owner(root, LOCK);
  return holder !== null && !dead(holder);
}

function create(root: Root, rel: string, content: string): boolean {
  try {
    return createExclusive(root, rel, content);
  } catch (err) {
    // Our temp was swept by the holder's clean-up between writing and linking it: try again.
    if (isCode(err, 'ENOENT')) return false;
    throw err;
  }
}

/** A lock or marker's owner token, or null when it is gone. */
function owner(root: Root, rel: string): string | null {
  return readText(root, rel)?.trim() ?? null;
}

/** True when the token's process is known to be gone. Another host's process cannot be asked: wait for the timeout. */
function dead(holder: string): boolean {
  const [pidText, rest = ''] = holder.split('@');
  const host = rest.split('#')[0];
  if (!holder) return true; // an empty lock (written by an older docpact that died mid-write)
  if (host !== os.hostname()) return false;
  return !alive(Number(pidText));
}

/** Remove `rel` if it still holds `holder`'s token; the reap marker makes the check-and-remove exclusive. */
function reap(root: Root, rel: string, holder: string, me: string, depth = 0): void {
  const marker = `${STATE_DIR}/.reap-${crypto.createHash('sha256').update(holder).digest('hex').slice(0, 24)}`;
  if (!create(root, marker, me)) {
    // Someone else is reaping this owner. If that reaper died holding the marker, reap the marker.
    const reaper = owner(root, marker);
    if (reaper !== null && reaper !== holder && dead(reaper) && depth < 8) reap(root, marker, reaper, me, depth + 1);
    return;
  }
  try {
    if (owner(root, rel) === holder) removeFile(root, rel);
  } finally {
    removeFile(root, marker);
  }
}
