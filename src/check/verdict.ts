/**
 * check's last verdict, replayed when none of its inputs changed. A check
 * run records every path it read, listed or tested (`Root.trace`), with
 * each one's stamp (src/io/cache.ts); the next run stats exactly those paths
 * and, when every stamp is the same, answers with the recorded problems
 * instead of reading the tree again — a pre-push hook after a pre-commit
 * hook, an editor's check on save, a CI re-run. One changed, added or
 * removed file changes a stamp (a folder's stamp covers its listing), and
 * the run is a full one, helped by the facts cache (src/check/facts.ts).
 *
 * A verdict is recorded only when it can be trusted:
 * - no input changed since two seconds before the run started (so none
 *   changed while it ran, nor within one tick of the clock before); an
 *   absent path, or one only tested for existence, counts when its folder
 *   did not change in that time (nothing came or went there);
 * - no input is reached through a symbolic link, and docpact refused no
 *   read (those runs report repo/unsafe-path and are always full);
 * - the run compared nothing with git (`--base`).
 */
import type fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, SETTLE_MS, fullStamp, inputStamp, inputStat, isStampOf, quietFolder, readCacheText, stampOfInput, stampOfStats, writeCache, type Taken } from '../io/cache.js';
import { removeFile, type Root } from '../io/fs.js';
import { BUILD } from '../version.js';
import { CONFIG_FILE } from '../config/root.js';
import type { CheckResult } from './index.js';
import type { Asks } from './facts.js';

type Kind = 'file' | 'dir' | 'path';
type Input = [Kind | 'up' | `fact${number}`, string, string];

/**
 * The verdict as text, one input a line — `kind \t stamp \t path` (a path
 * holding a tab or a line break, or starting with a quote, as JSON) —
 * docpact.yaml's first, then the kinds of fact asked of the files only facts
 * were asked of (`factN` names the Nth list), then the result as JSON on the last line. A replay
 * reads each line in place (offsets into the text, no split) and compares a
 * stamp as four numbers, not as text built from the lstat; the result is
 * parsed only when every input is as it was.
 */
const CACHE = 'check-verdict.txt';
const HEADER = 'docpact check verdict 1';
const RESULT = 'result\t';
const FACTS = 'kinds\t';
const encodePath = (rel: string) => (/[\t\n\r]/.test(rel) || rel.startsWith('"') ? JSON.stringify(rel) : rel);
const RANK: Record<Kind, number> = { path: 0, file: 1, dir: 2 };
/** A ".." segment (or a backslash, a Windows separator that could hide one): never in a path a verdict may name. */
const UP = /(?:^|[/\\])\.\.(?:[/\\]|$)/;

/**
 * Collects a run's inputs through `Root.trace`. A file no rule read, only
 * its facts asked (each of them a pure function of its text and of what
 * the facts cache is keyed by), is recorded with those kinds: when only
 * such files changed, a check that derives those facts again from the new
 * text and finds each as it was knows the verdict stands (`replay`'s
 * `cutoff`, src/check/run.ts).
 */
export class Inputs implements Asks {
  private readonly seen = new Map<string, Kind>();
  /** Files a rule read itself (their text, not a fact of it, went into the result). */
  private readonly direct = new Set<string>();
  /** The file the facts are reading now (its trace is theirs). */
  private owner: string | undefined;
  /** When the run started; inputs changed after two seconds before it make the run's verdict unfit to keep. */
  readonly start = Date.now();
  private readonly before = this.start - SETTLE_MS;

  /** A path both tested and read is stamped as read (its content counts), one both read and listed as listed. */
  readonly trace = (rel: string, kind: Kind): void => {
    if (kind === 'file' && rel !== this.owner) this.direct.add(rel);
    const had = this.seen.get(rel);
    if (had === undefined || RANK[kind] > RANK[had]) this.seen.set(rel, kind);
  };

  /** A rule's read of a file (through the run's reader, which may answer from memory without a trace). */
  readonly read = (rel: string): void => {
    this.direct.add(rel);
  };

  own<T>(rel: string, fn: () => T): T {
    const was = this.owner;
    this.owner = rel;
    try {
      return fn();
    } finally {
      this.owner = was;
    }
  }

  /**
   * Record the run's result, when every input allows it. `taken` gives the
   * stamp a file had before it was read (the facts' walk), which spares a
   * second stat: one that changed after it was taken fails the next replay;
   * null when the file had changed within the settle window then (no verdict).
   * It must give only stamps settled at `start` (unchanged in the two
   * seconds before it), as `RememberedFacts` built with `start` keeps them.
   * `asked` gives the kinds of fact asked of a file (as `RememberedFacts.askedOf`).
   */
  save(root: Root, result: CheckResult, taken: (rel: string) => string | null | undefined = () => undefined, asked: (rel: string) => string | undefined = () => undefined): void {
    try {
      this.record(root, result, taken, asked);
    } catch {
      // The tree changed under us (a folder became a file): no verdict this time.
    }
  }

  private record(root: Root, result: CheckResult, taken: (rel: string) => string | null | undefined, asked: (rel: string) => string | undefined): void {
    // A file read just after an edit (null: changed within the settle window) gives no verdict: known without a stat.
    for (const [rel, kind] of this.seen) if (kind === 'file' && taken(rel) === null) return;
    const ups = new Set<string>();
    // Each path's folders up to the first one known already (whose own are known then too).
    for (const rel of this.seen.keys()) {
      for (let i = rel.lastIndexOf('/'); i > 0; i = rel.lastIndexOf('/', i - 1)) {
        const d = rel.slice(0, i);
        if (ups.has(d)) break;
        ups.add(d);
      }
    }
    // Ancestors first, parents before children, so no path is stat'ed through a link (a listed folder keeps its full stamp
    // there); then the rest, the most recently changed first: the likeliest to have changed again.
    const order: [Kind | 'up', string][] = [...ups].sort().map((d) => [this.seen.get(d) === 'dir' ? 'dir' : 'up', d]);
    const rest: [Kind, string][] = [...this.seen].filter(([rel, kind]) => !(kind === 'dir' && ups.has(rel))).map(([rel, kind]) => [kind, rel]);
    // A file only its facts were asked of: recorded with their kinds (the same few lists for 100,000 files, each written once).
    const factsOnly = (rel: string) => (this.direct.has(rel) ? undefined : asked(rel));
    const lists = new Map<string, number>();
    const kindsOf = (key: string) => {
      let id = lists.get(key);
      if (id === undefined) lists.set(key, (id = lists.size));
      return id;
    };
    const inputs: Input[] = [];
    const later: Input[] = [];
    const quiet = new Map<string, boolean>();
    for (const [kind, rel] of [...order, ...rest]) {
      const stamp = (kind === 'file' && taken(rel)) || inputStamp(root, kind, rel, this.before);
      if (stamp === null) return;
      // An absence, or a path only tested, has no time of its own: its folder's says whether an entry came or went while the run looked.
      if ((stamp === 'absent' || kind === 'path') && !quietFolder(root, rel, this.before, quiet)) return;
      const kinds = kind === 'file' && rel !== CONFIG_FILE ? factsOnly(rel) : undefined;
      (inputs.length < order.length ? inputs : later).push(kinds ? [`fact${kindsOf(kinds)}`, rel, stamp] : [kind, rel, stamp]);
    }
    // Each input's change time taken once, not once per comparison (132,000 inputs: two million splits).
    const changed = later.map((i, at) => ({ at, t: Number(i[2].split(':')[2]) || 0 })).sort((a, b) => b.t - a.t);
    for (const { at } of changed) inputs.push(later[at]); // not push(...): 100,000 arguments overflow the stack
    // docpact.yaml first: a verdict a fork committed cannot know its stamp, so nothing else in it is looked at.
    const config = inputs.findIndex(([kind, rel]) => kind === 'file' && rel === CONFIG_FILE);
    if (config === -1) return;
    const first = inputs.splice(config, 1)[0];
    // In pieces of about a megabyte: 100,000 inputs never become one string.
    function* pieces() {
      let piece = `${HEADER}\t${JSON.stringify(BUILD)}\n`;
      for (const [kind, rel, stamp] of [first, ...inputs]) {
        piece += `${kind}\t${stamp}\t${encodePath(rel)}\n`;
        if (piece.length > 1 << 20) yield piece, (piece = '');
      }
      yield `${piece}${FACTS}[${[...lists.keys()].join(',')}]\n${RESULT}${JSON.stringify(result)}\n`;
    }
    writeCache(root, CACHE, null, pieces());
    try {
      removeFile({ dir: root.dir }, `${CACHE_DIR}/check-verdict.json`); // the JSON verdict of an earlier docpact
    } catch {
      // Only a leftover.
    }
  }
}

/** Files only whose facts went into a verdict, changed since (each: its path, the kinds asked of it, its stamp in the verdict). */
export interface Cutoff {
  result: CheckResult;
  files: { rel: string; kinds: string[]; was: string }[];
}

/**
 * What the last verdict says now: its result when every input it read is
 * as it was then. Otherwise, when docpact.yaml and every folder it went
 * through are as they were (only files, or folders' listings, changed),
 * `stats`: the lstat of each file it read and each folder it listed, taken
 * now, before this run reads anything — the full check that follows takes
 * them as its stamps instead of stat'ing 100,000 files a second time, and
 * lists no folder whose stamp its listing was remembered with (src/check/facts.ts). docpact.yaml's
 * stamp is compared first: a verdict file that a fork committed cannot know
 * it (the checkout set its inode and change time), so nothing else in such a
 * file is ever looked at. When every input that changed is a file only
 * whose facts the verdict used (still a file), `cutoff` names them with the
 * recorded result: the check derives those facts again and, when each is as
 * it was, answers with that result (src/check/run.ts).
 */
export function replay(root: Root): { result: CheckResult | null; stats: Taken | null; cutoff?: Cutoff } {
  const none = { result: null, stats: null };
  try {
    const text = readCacheText(root, CACHE);
    const head = `${HEADER}\t${JSON.stringify(BUILD)}\n`;
    if (text === null || !text.startsWith(head) || !text.endsWith('\n')) return none;
    // The last two lines: the lists of kinds, then the result; the inputs before them.
    const resultAt = text.lastIndexOf('\n', text.length - 2) + 1;
    const kindsAt = text.lastIndexOf('\n', resultAt - 2) + 1;
    if (kindsAt <= head.length || !text.startsWith(RESULT, resultAt) || !text.startsWith(FACTS, kindsAt)) return none;
    const now = Date.now();
    const files = new Kept();
    const folders = new Kept();
    let changed = false;
    const soft: { rel: string; list: number; was: string }[] = [];
    // Each line read in place (offsets into the text, no split): 150,000 of them at 100,000 ADRs.
    for (let at = head.length, n = 0; at < kindsAt; n++) {
      const end = text.indexOf('\n', at);
      const t1 = text.indexOf('\t', at);
      const t2 = text.indexOf('\t', t1 + 1);
      const t3 = text.indexOf('\t', t2 + 1);
      if (t1 === -1 || t2 === -1 || t2 > end || (t3 !== -1 && t3 < end)) return none;
      const kind = kindAt(text, at, t1);
      const rel = relAt(text, t2 + 1, end);
      if (kind === null || rel === null) return none;
      at = end + 1;
      // docpact.yaml comes first, with a stamp of its own, compared as text.
      if (n === 0 && (kind !== 'file' || rel !== CONFIG_FILE || isAt(text, t1 + 1, t2, 'absent'))) return none;
      const as = typeof kind === 'number' ? 'file' : kind;
      const st = inputStat(root, rel);
      let seen: string | null = 'full';
      if (fullStamp(st, as, now)) {
        // A file read or a folder listed: its lstat now is the full check's, should the verdict not stand.
        (as === 'dir' ? folders : files).add(t2 + 1, st);
        if (n === 0 ? isAt(text, t1 + 1, t2, stampOfStats(st)) : isStampOf(st, text, t1 + 1, t2)) continue;
      } else if ((seen = stampOfInput(st, as, now)) !== null && isAt(text, t1 + 1, t2, seen)) continue;
      // docpact.yaml changed (or the file is not ours), or a folder on the way is not one now (a link): nothing here is of use.
      if (n === 0 || (seen === null && (kind === 'up' || kind === 'dir'))) return none;
      // A file only its facts went into, still a file: its facts decide.
      if (typeof kind === 'number' && seen !== null && seen !== 'absent') soft.push({ rel, list: kind, was: text.slice(t1 + 1, t2) });
      else changed = true;
    }
    const stats = (): Taken => ({ files: files.taken(text), folders: folders.taken(text) });
    if (changed) return { result: null, stats: stats() };
    const result = JSON.parse(text.slice(resultAt + RESULT.length)) as CheckResult;
    if (!soft.length) return wellFormed(result) ? { result, stats: null } : none;
    // Each changed file's kinds, from the lists the verdict names: a list that is not one of names is no cutoff.
    const lists = JSON.parse(text.slice(kindsAt + FACTS.length, resultAt)) as unknown;
    const kinds = (list: number) => (Array.isArray(lists) && Array.isArray(lists[list]) && lists[list].length && lists[list].every((k: unknown) => typeof k === 'string') ? (lists[list] as string[]) : null);
    const edited = soft.map(({ rel, list, was }) => ({ rel, kinds: kinds(list) as string[], was }));
    return wellFormed(result) && edited.every((f) => f.kinds) ? { result: null, stats: stats(), cutoff: { result, files: edited } } : { result: null, stats: stats() };
  } catch {
    return none; // a damaged verdict is no verdict: the check runs
  }
}

/** Whether `text` from `from` to `to` is `s`. */
const isAt = (text: string, from: number, to: number, s: string) => s.length === to - from && text.startsWith(s, from);

/** An input's path, from its field in the verdict (`from` to `end`): null when it is none a verdict may name. */
function relAt(text: string, from: number, end: number): string | null {
  const field = text.slice(from, end);
  const rel = text.charCodeAt(from) === 34 /* " */ ? (JSON.parse(field) as unknown) : field;
  return typeof rel !== 'string' || rel.includes('\0') || UP.test(rel) || path.isAbsolute(rel) ? null : rel;
}

/**
 * The lstats a replay takes of the files it read (or the folders it listed),
 * as numbers off the JavaScript heap — where each one's path starts in the
 * verdict, then its stamp's four — until a full check asks for them: a
 * replay that stands keeps 100,000 of them for nothing, and no collector
 * copies them meanwhile.
 */
class Kept {
  private nums = new Float64Array(5 * 1024);
  private n = 0;

  add(at: number, st: fs.Stats): void {
    if (this.n === this.nums.length) {
      const more = new Float64Array(2 * this.n);
      more.set(this.nums);
      this.nums = more;
    }
    const a = this.nums;
    a[this.n++] = at;
    a[this.n++] = st.ino;
    a[this.n++] = st.size;
    a[this.n++] = st.mtimeMs;
    a[this.n++] = st.ctimeMs;
  }

  /** As `Taken` holds them: each path (read again from the verdict, checked when first read), and four numbers each. */
  taken(text: string): Taken['files'] {
    const rels: string[] = [];
    const nums = new Float64Array((this.n / 5) * 4);
    for (let i = 0, j = 0; i < this.n; i += 5) {
      const field = text.slice(this.nums[i], text.indexOf('\n', this.nums[i]));
      rels.push(field.startsWith('"') ? (JSON.parse(field) as string) : field);
      nums.set(this.nums.subarray(i + 1, i + 5), j);
      j += 4;
    }
    return { rels, nums };
  }
}

/** The kind of the input line at `at` (its first field ends at `tab`): `file`, `dir`, `path`, `up`, or the number N of `factN`; null for anything else. */
function kindAt(text: string, at: number, tab: number): Kind | 'up' | number | null {
  switch (tab - at) {
    case 2:
      return text.startsWith('up', at) ? 'up' : null;
    case 3:
      return text.startsWith('dir', at) ? 'dir' : null;
    case 4:
      if (text.startsWith('file', at)) return 'file';
      if (text.startsWith('path', at)) return 'path';
  }
  // A file only facts were asked of, and which list of kinds: `fact0`, `fact1`, … (one to six digits, no leading zero).
  if (tab - at < 5 || tab - at > 10 || !text.startsWith('fact', at) || (tab - at > 5 && text.charCodeAt(at + 4) === 48)) return null;
  let n = 0;
  for (let i = at + 4; i < tab; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

/** A result as check writes it: problems with their fields, and the counts. */
function wellFormed(r: CheckResult | undefined): r is CheckResult {
  const text = (x: unknown) => typeof x === 'string';
  return (
    !!r &&
    Array.isArray(r.problems) &&
    r.problems.every((p) => p && text(p.file) && Number.isInteger(p.line) && text(p.rule) && (p.severity === 'error' || p.severity === 'warning') && text(p.message)) &&
    !!r.counts &&
    [r.counts.adrs, r.counts.threads, r.counts.pages].every(Number.isInteger)
  );
}
