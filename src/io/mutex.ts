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
 *
 * The lock file sits in the repository, so it can be committed: a token
 * naming pid 1 of this host would look alive for ever. On Linux a token
 * also carries proof of the very process that wrote it — the boot id and
 * the process's start time (/proc) — which nobody can know in advance: a
 * token whose process is not that one (another process with the pid, a
 * reboot, an old or forged token) holds nothing, and is taken over.
 * Elsewhere the pid alone decides. Readers never wait on the lock
 * (src/io/journal.ts readConsistently).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
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
const HOST = os.hostname().replace(/[\s@#/]/g, '-').slice(0, 255) || 'localhost';

let bootId: string | null | undefined;
/**
 * Which process `pid` is, beyond its number: "<boot id>/<start time>" from
 * /proc on Linux, or null where the system does not say (then the pid alone
 * decides).
 */
function proofOf(pid: number): string | null {
  try {
    bootId ??= fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime field 22.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return /^[0-9a-f-]{36}$/.test(bootId) && /^\d+$/.test(start) ? `${bootId}/${start}` : null;
  } catch {
    bootId = null;
    return null;
  }
}

// The random part only tells two runs with the same pid apart (a reused pid): Math.random is enough, and node:crypto costs start-up time.
const token = () => {
  const proof = proofOf(process.pid);
  return `${process.pid}@${HOST}#${Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}${proof ? `/${proof}` : ''}`;
};

/** The lock this async context holds already (src/mcp's write queue, around a tool): acquire() inside it takes nothing more. */
const lent = new AsyncLocalStorage<{ dir: string }>();

/** The lock just created with our token `me`, to release once. */
function holding(root: Root, me: string): Held {
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

/** One attempt: the lock taken, or its live holder (a dead one is reaped first). Never waits. */
function attempt(root: Root, me: string): Held | { holder: string | null } {
  if (create(root, LOCK, me)) return holding(root, me);
  const holder = owner(root, LOCK);
  if (holder !== null && dead(holder)) {
    reap(root, LOCK, holder, me);
    return create(root, LOCK, me) ? holding(root, me) : { holder: owner(root, LOCK) };
  }
  if (holder !== null && foreign(holder)) {
    // Waiting could not help: nothing here can tell whether that run is still going.
    throw new DocpactError('locked', `${LOCK} names a docpact run on another host (${holder.split('#')[0]}), which docpact cannot ask whether it is still running. If no docpact is running there, delete ${LOCK} and run again.`);
  }
  return { holder };
}

const pause = (n: number) => Math.min(5 + n * 3, 40) + Math.random() * 10;

/**
 * How long a write of the MCP server waits for another process's lock before
 * it answers `locked`: well within an MCP client's default request timeout
 * (60 s); DOCPACT_LOCK_TIMEOUT_MS shortens it.
 */
export const MAX_LOCK_WAIT_MS = 15_000;

/**
 * How long a run waits for another run's lock: DOCPACT_LOCK_TIMEOUT_MS, or
 * 60 s when it is unset or empty. Anything but a whole number of
 * milliseconds is refused (exit 2), since "abc" would wait for ever.
 */
export function lockTimeoutMs(fallback = 60_000): number {
  const value = process.env.DOCPACT_LOCK_TIMEOUT_MS?.trim();
  if (!value) return fallback;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new DocpactError('usage', `DOCPACT_LOCK_TIMEOUT_MS must be a whole number of milliseconds (0 or more); it is ${JSON.stringify(value)}. Unset it for the default of ${fallback / 1000} s.`);
  }
  return Number(value);
}

/** Hold the repository's lock, waiting (synchronously: a CLI run has nothing else to do) up to `timeoutMs` for another run to finish. */
export function acquire(root: Root, timeoutMs = lockTimeoutMs()): Held {
  if (lent.getStore()?.dir === root.dir) return { release: () => {} };
  ensureDir(root, STATE_DIR);
  const me = token();
  const deadline = Date.now() + timeoutMs;
  for (let n = 0; ; n++) {
    const got = attempt(root, me);
    if ('release' in got) return got;
    if (Date.now() > deadline) {
      throw new DocpactError('locked', `Another docpact run holds ${LOCK} (${got.holder?.split('#')[0] || 'unknown owner'}). Wait for it to finish; if no docpact is running, delete ${LOCK}.`);
    }
    sleep(pause(n));
  }
}

/**
 * Run `work` holding the repository's lock, waiting for it without blocking
 * the event loop (a server goes on answering meanwhile): up to `timeoutMs`,
 * then `locked`, naming the process that holds it. Inside `work`, acquire()
 * on this repository takes the lock held here. An aborted `signal` stops the
 * wait, and is checked again once the lock is held, before `work` starts.
 */
export async function withLock<T>(root: Root, work: () => Promise<T>, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<T> {
  ensureDir(root, STATE_DIR);
  const me = token();
  const deadline = Date.now() + opts.timeoutMs;
  let held: Held | undefined;
  for (let n = 0; !held; n++) {
    opts.signal?.throwIfAborted();
    const got = attempt(root, me);
    if ('release' in got) held = got;
    else if (Date.now() > deadline) {
      const [pid, host] = (got.holder?.split('#')[0] ?? '').split('@');
      const who = pid ? `process ${pid}${host ? ` on ${host}` : ''}` : 'an unknown process';
      throw new DocpactError('locked', `Another docpact run (${who}: a command line run or another server) holds ${LOCK}, and this call has waited as long as it may. Nothing was written; try again when that run has finished.`);
    } else await new Promise((resolve) => setTimeout(resolve, pause(n)));
  }
  try {
    opts.signal?.throwIfAborted();
    return await lent.run({ dir: root.dir }, work);
  } finally {
    held.release();
  }
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
const TOKEN = /^(\d{1,10})@([^#\s/]{1,255})#[0-9a-f]{16}(?:\/([0-9a-f-]{36}\/\d{1,20}))?$/;

/**
 * True when the token's process is known to be gone, or the lock holds no
 * token at all. On this host: its pid is not alive, or (where /proc tells)
 * the live process with that pid is not the one that wrote the token.
 */
function dead(holder: string): boolean {
  const m = TOKEN.exec(holder);
  if (!m) return true;
  if (m[2] !== HOST) return false;
  const pid = Number(m[1]);
  if (!alive(pid)) return true;
  const proof = proofOf(pid);
  return proof !== null && proof !== m[3];
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
