/**
 * One writer at a time per repository. Every command that changes files holds
 * `.docpact/.lock` from planning to the end of apply, so numbering, thread
 * sealing and index regeneration never race. A lock left by a process that
 * died (killed, crashed) is taken over at once: its pid is no longer alive.
 */
import fs from 'node:fs';
import os from 'node:os';
import { DocpactError } from '../core/errors.js';
import { STATE_DIR, createExclusive, ensureDir, inside, isCode, removeFile, type Root } from './fs.js';

const LOCK = `${STATE_DIR}/.lock`;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

export interface Held {
  release(): void;
}

export function acquire(root: Root, timeoutMs = Number(process.env.DOCPACT_LOCK_TIMEOUT_MS ?? 60_000)): Held {
  ensureDir(root, STATE_DIR);
  const me = `${process.pid}@${os.hostname()}`;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(root, LOCK, me)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        removeFile(root, LOCK);
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    }
    if (isStale(root)) {
      removeFile(root, LOCK);
      continue;
    }
    if (Date.now() > deadline) {
      throw new DocpactError(
        'locked',
        `Another docpact run holds ${LOCK} (${readOwner(root) || 'unknown owner'}). Wait for it to finish; if no docpact is running, delete ${LOCK}.`,
      );
    }
    sleep(Math.min(5 + attempt * 3, 40) + Math.random() * 10);
  }
}

function readOwner(root: Root): string {
  try {
    return fs.readFileSync(inside(root, LOCK), 'utf8').trim();
  } catch {
    return '';
  }
}

function isStale(root: Root): boolean {
  const owner = readOwner(root);
  const [pidText, host] = owner.split('@');
  if (!owner) {
    // Created but never filled in: its writer died between open and write.
    try {
      return Date.now() - fs.statSync(inside(root, LOCK)).mtimeMs > 2000;
    } catch {
      return false;
    }
  }
  if (host !== os.hostname()) return false; // cannot tell; wait for the timeout
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return isCode(err, 'ESRCH');
  }
}
