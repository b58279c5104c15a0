/**
 * A scratch copy of a work tree's tracked files, in a temporary folder
 * outside the repository, and the repository's own commands run in it
 * (`docpact generate --check`): whatever they write lands in the copy, and the
 * copy is removed afterwards, so the working tree is never touched.
 *
 * The copy holds the tracked files as they are in the working tree (what a
 * commit would hold), with their executable bits and symbolic links; a file
 * reached through a folder that leads out of the work tree is left out.
 * Untracked and ignored files (installed dependencies, build output) are not
 * copied.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Copy `files` (relative to `top`, with git's modes) into a new temporary folder; its path. */
export function copyToScratch(top: string, files: { mode: string; path: string }[]): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-generate-'));
  const realTop = fs.realpathSync(top);
  const insideTop = new Map<string, boolean>();
  const parentInside = (rel: string) => {
    const dir = path.posix.dirname(rel);
    let ok = insideTop.get(dir);
    if (ok === undefined) {
      try {
        const real = fs.realpathSync(path.join(top, dir));
        ok = real === realTop || real.startsWith(`${realTop}${path.sep}`);
      } catch {
        ok = false; // the folder is gone from the working tree
      }
      insideTop.set(dir, ok);
    }
    return ok;
  };
  try {
    for (const f of files) {
      if (f.mode === '160000' || !parentInside(f.path)) continue; // a submodule, or a path through a link out
      const from = path.join(top, f.path);
      const to = path.join(scratch, f.path);
      const st = fs.lstatSync(from, { throwIfNoEntry: false });
      if (!st) continue; // deleted in the working tree
      fs.mkdirSync(path.dirname(to), { recursive: true });
      if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
      else if (st.isFile()) {
        fs.copyFileSync(from, to);
        fs.chmodSync(to, f.mode === '100755' ? 0o755 : 0o644);
      }
    }
  } catch (err) {
    removeScratch(scratch);
    throw err;
  }
  return scratch;
}

export function removeScratch(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Every regular file below `base` (a folder relative to `dir`, "" for `dir` itself), relative to `dir`; links are not followed. */
export function filesBelow(dir: string, base: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return; // not there (or a file, handled by the caller)
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(child);
      else if (e.isFile()) out.push(child);
    }
  };
  const st = fs.lstatSync(path.join(dir, base), { throwIfNoEntry: false });
  if (st?.isFile()) return [base];
  visit(base);
  return out;
}

/** A file's bytes, or null when it is not a regular file there. */
export function readBytes(dir: string, rel: string): Buffer | null {
  const file = path.join(dir, rel);
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  return st?.isFile() ? fs.readFileSync(file) : null;
}

/**
 * Where a command's output goes: ours (`inherit`), only its standard error
 * (`quiet`), or captured (`capture`, for --json: standard output and error
 * interleaved as written, the last CAPTURED characters kept).
 */
export type Output = 'inherit' | 'quiet' | 'capture';
const CAPTURED = 64 * 1024;

/**
 * Run a shell command of the repository's (`sh -c`), in `cwd`, with no
 * standard input. The exit status, or the signal that ended it; what it
 * printed when captured.
 */
export function runShell(command: string, cwd: string, output: Output): { status: number | null; signal: string | null; error?: string; output?: string } {
  if (output !== 'capture') {
    const r = spawnSync('sh', ['-c', command], { cwd, stdio: ['ignore', output === 'inherit' ? 'inherit' : 'ignore', 'inherit'] });
    return { status: r.status, signal: r.signal, ...(r.error ? { error: r.error.message } : {}) };
  }
  // One file for both streams keeps their order, and no pipe buffer limits what the command may print.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-output-'));
  try {
    const file = path.join(dir, 'output');
    const fd = fs.openSync(file, 'w');
    let r;
    try {
      r = spawnSync('sh', ['-c', command], { cwd, stdio: ['ignore', fd, fd] });
    } finally {
      fs.closeSync(fd);
    }
    const text = fs.readFileSync(file, 'utf8');
    const kept = text.length > CAPTURED ? `[… ${text.length - CAPTURED} characters before]\n${text.slice(-CAPTURED)}` : text;
    return { status: r.status, signal: r.signal, ...(r.error ? { error: r.error.message } : {}), output: kept };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
