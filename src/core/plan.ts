/**
 * A plan is every file operation a command intends, computed without touching
 * disk: what each file holds now (`before`) and what it will hold (`after`).
 * Generators build plans; core/apply.ts validates and applies them.
 */
import type fs from 'node:fs';
import { readWithStats, type Root, type Stamp } from '../io/fs.js';

export type OpKind =
  | 'create' // file does not exist; will be created
  | 'modify' // file exists; will be replaced by `after`
  | 'unchanged' // file already holds `after`
  | 'conflict' // file holds something docpact did not write; kept unless --force
  | 'skip' // deliberately left alone (e.g. deleted by the user); --force restores
  | 'delete'; // file exists; will be removed (the old name of a renamed file)

/** What sync did to a file, for people and --json. */
export type SyncOutcome =
  | 'created'
  | 'updated' // you had not edited it: replaced by the new rendering
  | 'merged' // your edits and the new rendering, both kept
  | 'conflict' // overlapping changes: written with conflict markers, or kept (no merge base)
  | 'unchanged'
  | 'deleted-by-user' // stays deleted; --force restores it
  | 'foreign' // exists, docpact never wrote it: kept, even with --force
  | 'covered' // the project's own file covers it (issue form, PR template, .rst page): not written
  | 'removed-from-config'; // no longer generated: reported, never deleted

export interface FileOp {
  path: string;
  kind: OpKind;
  before: string | null;
  after: string | null;
  /** Built-in template id; recorded in .docpact/lock.yaml when written. */
  template?: string;
  /** A page other commands keep editing in place; the lock records it once. */
  living?: boolean;
  reason?: string;
  /** A file docpact did not write (the lock does not know it): --force never replaces it. */
  foreign?: boolean;
  /**
   * init and sync: the template rendering this file derives from (for a merge,
   * the new rendering, not the merged text). The lock records it as the next
   * merge's base, with the template's version.
   */
  rendered?: { content: string; version: string };
  /** init and sync: what happened to the file. */
  outcome?: SyncOutcome;
  /** Size and mtime of `before` when it was read; apply checks it is unchanged. */
  stamp?: Stamp;
  /** An unchanged file not read (`PlanBuilder.unchanged`): `before` and `after` are its text on disk, not loaded (null here). */
  unread?: boolean;
}

export interface Plan {
  ops: FileOp[];
  /** Structured result for --json and the success message (e.g. the new ADR's id). */
  result: Record<string, unknown>;
  /** Lines printed after applying. */
  notes: string[];
  /** Things the user should look at; printed on stderr (the run still succeeds). */
  warnings: string[];
}

/**
 * Collects operations. Reads see earlier planned content, so several edits
 * to one file compose (e.g. two relation lines added to the same ADR).
 */
/** A plan names a file one way: a path under a series at the repository root ("./0001-x.md", paths.adr ".") is "0001-x.md". */
const key = (rel: string) => rel.replace(/^(?:\.\/)+/, '');

export class PlanBuilder {
  private readonly byPath = new Map<string, FileOp>();
  private readonly disk = new Map<string, { text: string | null; stamp?: Stamp; stats?: fs.Stats }>();
  readonly result: Record<string, unknown> = {};
  readonly notes: string[] = [];
  readonly warnings: string[] = [];
  /** Run after the plan was applied (not on a dry run or with conflicts), still under the repo mutex: e.g. refreshing a cache. */
  readonly afterApply: (() => void)[] = [];

  constructor(readonly root: Root) {}

  /** Current content of a file as this plan would leave it (null: absent). */
  read(rel: string): string | null {
    rel = key(rel);
    const op = this.byPath.get(rel);
    if (op && (op.kind === 'create' || op.kind === 'modify')) return op.after;
    if (op?.kind === 'delete') return null;
    return this.original(rel);
  }

  /** Content on disk before the plan (null: absent). Each file is read once. */
  original(rel: string): string | null {
    rel = key(rel);
    let seen = this.disk.get(rel);
    if (!seen) {
      const got = readWithStats(this.root, rel);
      seen = got ? { text: got.text, stamp: got.stamp, stats: got.stats } : { text: null };
      this.disk.set(rel, seen);
    }
    return seen.text;
  }

  /** The stats of the file as `original` read it (undefined: absent, or not read yet); caches key on them. */
  originalStats(rel: string): fs.Stats | undefined {
    rel = key(rel);
    return this.disk.get(rel)?.stats;
  }

  /** A new file. If something else is already there, that is a conflict. */
  create(rel: string, content: string, template?: string, reason = 'already exists with different content'): void {
    rel = key(rel);
    const before = this.original(rel);
    if (before === null) return this.put({ path: rel, kind: 'create', before, after: content, template });
    if (before === content) return this.put({ path: rel, kind: 'unchanged', before, after: content, template });
    this.put({ path: rel, kind: 'conflict', before, after: content, template, reason });
  }

  /** Write `content` whatever the file holds (derived files: indexes, data). */
  write(rel: string, content: string, template?: string): void {
    rel = key(rel);
    const before = this.original(rel);
    const kind = before === null ? 'create' : before === content ? 'unchanged' : 'modify';
    this.put({ path: rel, kind, before, after: content, template });
  }

  /**
   * A derived file a cache proved (by the file's stamp) to hold what `write`
   * would put there: reported unchanged, and not read. Its text is read only
   * if something asks for it; a later write or remove replaces this.
   */
  unchanged(rel: string): void {
    rel = key(rel);
    if (!this.byPath.has(rel)) this.byPath.set(rel, { path: rel, kind: 'unchanged', before: null, after: null, unread: true });
  }

  /** Remove a file that exists. A rename is a create of the new name plus a remove of the old one. */
  remove(rel: string): void {
    rel = key(rel);
    const before = this.original(rel);
    if (before === null) return;
    const stamp = this.disk.get(rel)?.stamp;
    this.byPath.set(rel, { path: rel, kind: 'delete', before, after: null, ...(stamp ? { stamp } : {}) });
  }

  /** Record an operation decided by the caller (init's re-run rules). */
  put(op: FileOp): void {
    if (op.path !== key(op.path)) op = { ...op, path: key(op.path) };
    const prev = this.byPath.get(op.path);
    const before = prev && !prev.unread ? prev.before : this.disk.has(op.path) || prev ? this.original(op.path) : op.before;
    // A file checked out with CRLF keeps CRLF when docpact edits it (generators think in "\n").
    const after = before !== null && op.after !== null && isCrlf(before) ? op.after.replace(/\r?\n/g, '\r\n') : op.after;
    let kind = op.kind;
    if (kind === 'create' || kind === 'modify' || kind === 'unchanged') {
      kind = before === null ? 'create' : before === after ? 'unchanged' : 'modify';
    }
    const stamp = this.disk.get(op.path)?.stamp;
    this.byPath.set(op.path, { ...op, after, before, kind, template: op.template ?? prev?.template, living: op.living ?? prev?.living, ...(stamp ? { stamp } : {}) });
  }

  has(rel: string): boolean {
    rel = key(rel);
    return this.byPath.has(rel);
  }

  build(): Plan {
    return { ops: [...this.byPath.values()], result: this.result, notes: this.notes, warnings: this.warnings };
  }
}

/** Every line ends in CRLF (a Windows checkout, or core.autocrlf=true). */
export const isCrlf = (text: string) => text.includes('\r\n') && !/(^|[^\r])\n/.test(text);

export const writes = (op: FileOp) => op.kind === 'create' || op.kind === 'modify';
