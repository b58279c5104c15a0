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
import os from 'node:os';
import { DocpactError } from '../errors.js';
import { sha256 } from '../text/hash.js';
import { STATE_DIR, alive, createExclusive, ensureDir, isCode, readText, removeFile, type Root } from './fs.js';

export const LOCK = `${STATE_DIR}/.lock`;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

export interface Held {
  release(): void;
}

/** This host's name as tokens carry it (never empty, no separator characters). */
const HOST = os.hostname().replace(/[\s@#]/g, '-').slice(0, 255) || 'localhost';
// The random part only tells two runs with the same pid apart (a reused pid): Math.random is enough, and node:crypto costs start-up time.
const token = () => `${process.pid}@${HOST}#${Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;

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
    if (holder !== null && foreign(holder)) {
      // Waiting could not help: nothing here can tell whether that run is still going.
      throw new DocpactError('locked', `${LOCK} names a docpact run on another host (${holder.split('#')[0]}), which docpact cannot ask whether it is still running. If no docpact is running there, delete ${LOCK} and run again.`);
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

/** A live run on this host holds the lock (readers wait for it; a lock from another host cannot be waited out). */
export function locked(root: Root): boolean {
  const holder = owner(root, LOCK);
  return holder !== null && !dead(holder) && !foreign(holder);
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

/** A token as token() writes it; anything else in the lock (empty, garbage, committed by someone) holds nothing. */
const TOKEN = /^(\d{1,10})@([^#\s]{1,255})#[0-9a-f]{16}$/;

/** True when the token's process is known to be gone, or the lock holds no token at all. */
function dead(holder: string): boolean {
  const m = TOKEN.exec(holder);
  if (!m) return true;
  return m[2] === HOST && !alive(Number(m[1]));
}

/** A token from another host: its process cannot be asked (a shared network checkout, or a lock file committed to the repository). */
const foreign = (holder: string) => TOKEN.exec(holder)?.[2] !== HOST;

/** Remove `rel` if it still holds `holder`'s token; the reap marker makes the check-and-remove exclusive. */
function reap(root: Root, rel: string, holder: string, me: string, depth = 0): void {
  const marker = `${STATE_DIR}/.reap-${sha256(holder).slice(0, 24)}`;
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
