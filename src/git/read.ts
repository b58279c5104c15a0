/**
 * Reading another version of the repository through git itself — never by
 * checking it out. Only plumbing commands that read objects or the index
 * are run (rev-parse, merge-base, ls-tree, cat-file, diff-tree, ls-files),
 * so nothing in the working tree or its config can make git run a hook, a
 * filter or a diff driver (cat-file applies no textconv or filter unless
 * asked to).
 *
 * Every git call goes through `gitSync` (./run.ts): a `.git` someone else
 * shipped cannot make git fetch or run a program.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DocpactError } from '../errors.js';
import type { Root } from '../io/fs.js';
import { gitSync } from './run.js';

/** One unmerged file's sides, as git keeps them in its index during a merge (null: that side has no such file). */
export interface Stages {
  base: string | null;
  ours: string | null;
  theirs: string | null;
}

export class GitReader {
  /** The docpact root's path inside the git work tree ("" or "sub/dir/"). */
  private readonly prefix: string;

  private constructor(
    private readonly cwd: string,
    prefix: string,
  ) {
    this.prefix = prefix;
  }

  /** The git repository holding `root`, or undefined without git or outside one. */
  static find(root: Root): GitReader | undefined {
    try {
      return GitReader.open(root, 'docpact');
    } catch {
      return undefined;
    }
  }

  /** Open the git repository holding `root`; exit 2 without git or outside a repository. */
  static open(root: Root, why: string): GitReader {
    const probe = gitSync(['rev-parse', '--show-prefix'], { cwd: root.dir, encoding: 'utf8' });
    if (probe.error) throw new DocpactError('usage', `${why} needs git, which is not installed or not on PATH.`);
    if (probe.status !== 0) throw new DocpactError('usage', `${why} needs a git repository, but ${root.dir} is not inside one.`);
    return new GitReader(root.dir, String(probe.stdout).trim());
  }

  private git(args: string[], input?: string): { ok: boolean; out: string; err: string } {
    const r = gitSync(args, { cwd: this.cwd, encoding: 'utf8', input, maxBuffer: 1 << 30 });
    return { ok: r.status === 0, out: String(r.stdout ?? ''), err: String(r.stderr ?? '').trim() };
  }

  /** The commit a ref names; exit 2 for an unknown ref. */
  commit(ref: string, flag: string): string {
    if (ref.startsWith('-')) throw new DocpactError('usage', `${flag} takes a git ref (a branch, tag or commit), not "${ref}".`);
    const r = this.git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (!r.ok) {
      // The fetch that would bring it: origin/develop comes from "git fetch origin develop", feature/login from origin.
      const branch = /^(refs\/remotes\/)?([\w.-]+)\/([\w./-]+)$/.exec(ref);
      const remote = branch && (branch[1] || branch[2] === 'origin' || this.git(['remote']).out.split('\n').includes(branch[2]));
      const fetch = branch && remote ? `git fetch ${branch[2]} ${branch[3]}` : /^[\w./-]+$/.test(ref) ? `git fetch origin ${ref}` : 'git fetch origin <branch>';
      throw new DocpactError('usage', `${flag} ${ref}: git knows no such branch, tag or commit here.`, [
        `Fetch it first (${fetch}), or in GitHub Actions check out with fetch-depth: 0.`,
      ]);
    }
    return r.out.trim();
  }

  /** The merge base of two commits; exit 2 when they share no history (often a shallow clone). */
  mergeBase(a: string, b: string, flag: string): string {
    const r = this.git(['merge-base', a, b]);
    if (!r.ok) {
      throw new DocpactError('usage', `${flag}: the ref and HEAD have no common history git can see.`, [
        'A shallow clone hides it: fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0).',
      ]);
    }
    return r.out.trim().split('\n')[0];
  }

  /** Repo-relative paths of the files under `dir` at `commit`, with their blob ids (empty when the folder did not exist). */
  listFiles(commit: string, dir: string): Map<string, string> {
    const r = this.git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', `${this.prefix}${dir}/`]);
    const out = new Map<string, string>();
    if (!r.ok) return out;
    for (const entry of r.out.split('\0')) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
      if (m) out.set(m[2].slice(this.prefix.length), m[1]);
    }
    return out;
  }

  /**
   * The bytes of files at `commit` by the blob ids `listFiles` gave, in one
   * git call. A blob git does not have here (a partial clone) is exit 2:
   * docpact never fetches, and a comparison with what it cannot read would
   * pass falsely.
   */
  readBlobs(commit: string, entries: Iterable<[path: string, blob: string]>): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    const wanted = [...entries];
    if (!wanted.length) return out;
    const r = gitSync(['cat-file', '--batch'], { cwd: this.cwd, input: wanted.map(([, blob]) => blob).join('\n') + '\n', maxBuffer: 1 << 30 });
    const buf = r.stdout as Buffer;
    let at = 0;
    for (const [file] of wanted) {
      const nl = r.status === 0 && buf ? buf.indexOf(10, at) : -1;
      const m = nl === -1 ? null : /^[0-9a-f]+ blob (\d+)$/.exec(buf.toString('utf8', at, nl));
      if (!m) {
        throw new DocpactError('usage', `check --base: git has not got ${file} at ${this.short(commit)} here (a partial clone?); docpact never fetches, so it cannot compare with it.`, [
          'Fetch the objects first (git fetch --refetch origin, with no --filter), or run it in a full clone.',
        ]);
      }
      at = nl + 1;
      const size = Number(m[1]);
      out.set(file, buf.subarray(at, at + size));
      at += size + 1;
    }
    return out;
  }

  /**
   * Paths git lists as unmerged (a merge stopped on them), relative to the
   * docpact root, with the sides git keeps in its index: base (stage 1,
   * absent when both sides added the file), ours (2) and theirs (3).
   */
  unmerged(): Map<string, Stages> {
    const r = this.git(['ls-files', '-u', '-z']);
    const out = new Map<string, Stages>();
    if (!r.ok) return out;
    const blobs: [key: string, blob: string][] = [];
    const paths = new Set<string>();
    for (const entry of r.out.split('\0')) {
      const m = /^\d+ ([0-9a-f]+) ([123])\t(.*)$/s.exec(entry);
      if (m) {
        paths.add(m[3]);
        blobs.push([`${m[2]}\0${m[3]}`, m[1]]);
      }
    }
    if (!paths.size) return out;
    const text = this.readBlobs('the index', blobs);
    const side = (n: number, p: string) => text.get(`${n}\0${p}`)?.toString('utf8') ?? null;
    for (const p of paths) out.set(p, { base: side(1, p), ours: side(2, p), theirs: side(3, p) });
    return out;
  }

  /**
   * The files a change touched, from one commit to another (`git diff-tree`,
   * plumbing: no diff driver, no textconv, no rename detection, so a move is
   * its deletion and its addition). Repo-relative paths inside the docpact
   * root; status A (added), M (modified), D (deleted) or T (type changed).
   */
  changedFiles(from: string, to: string): { status: string; path: string }[] {
    const r = this.git(['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to]);
    if (!r.ok) throw new DocpactError('usage', `git could not compare ${this.short(from)} with ${this.short(to)}: ${r.err || 'no reason given'}.`);
    const parts = r.out.split('\0');
    const out: { status: string; path: string }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const file = parts[i + 1];
      if (file.startsWith(this.prefix)) out.push({ status: parts[i].charAt(0), path: file.slice(this.prefix.length) });
    }
    return out;
  }

  /** The work tree's top folder (where .git is), absolute. */
  get top(): string {
    return this.prefix ? path.resolve(this.cwd, ...this.prefix.split('/').filter(Boolean).map(() => '..')) : this.cwd;
  }

  /** The docpact root's path inside the work tree ("" or "sub/dir/"). */
  get rootPrefix(): string {
    return this.prefix;
  }

  /**
   * Every file git tracks in the work tree (the index), relative to the top
   * folder, with its mode: "100644", "100755" (executable), "120000" (a
   * symbolic link) or "160000" (a submodule).
   */
  trackedFiles(): { mode: string; path: string }[] {
    const r = this.git(['ls-files', '-z', '--stage', '--full-name', '--', ':/']);
    if (!r.ok) throw new DocpactError('usage', `git could not list the tracked files: ${r.err || 'no reason given'}.`);
    const out = new Map<string, string>();
    for (const entry of r.out.split('\0')) {
      const m = /^(\d+) [0-9a-f]+ \d\t(.*)$/s.exec(entry);
      if (m) out.set(m[2], m[1]); // a conflicted file has several stages: one entry
    }
    return [...out].map(([file, mode]) => ({ mode, path: file }));
  }

  /** Files in the work tree that git neither tracks nor ignores, relative to the top folder. */
  untrackedFiles(): string[] {
    const r = this.git(['ls-files', '-z', '--others', '--exclude-standard', '--full-name', '--', ':/']);
    return r.ok ? r.out.split('\0').filter(Boolean) : [];
  }

  /** The text of one repo-relative file at `commit`, or null when it did not exist there. */
  readText(commit: string, rel: string): string | null {
    const r = this.git(['ls-tree', '-z', '--full-tree', commit, '--', `${this.prefix}${rel}`]);
    const m = r.ok ? /^\d+ blob ([0-9a-f]+)\t/.exec(r.out) : null;
    return m ? (this.readBlobs(commit, [[rel, m[1]]]).get(rel) as Buffer).toString('utf8') : null;
  }

  /** The blob id git would give these bytes or this text (sha1; sha256 repositories simply compare contents). */
  static blobId(content: string | Buffer): string {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  }

  /** Short form of a commit, for messages. */
  short(commit: string): string {
    return commit.slice(0, 12);
  }
}
