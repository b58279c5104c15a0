/**
 * What each range of an ADR series' index renders to (`RangeSummary`: the
 * digests of its data file and page, its lines of the relation graph),
 * remembered between runs so that `sync` and `adr renumber` need not read and
 * parse 10,000 ADRs to learn that the index is as it should be.
 *
 * Machine-local (`.docpact/cache/`, src/io/cache.ts) and only ever a
 * shortcut: an entry is keyed by the stamps of the range's ADR files (inode,
 * size, modification and change time — what no committed or copied file can
 * carry), and the whole memo by docpact's build and what the rendering reads
 * besides the ADRs (the series' settings, the index layout). A range with a
 * file not settled yet, or touched by the plan, is derived again and not
 * remembered. The committed index files never decide anything here: they are
 * compared with the summary, and a range whose files differ is rendered from
 * the ADR files.
 */
import type fs from 'node:fs';
import type { DocpactConfig } from '../config/schema.js';
import type { PlanBuilder } from '../core/plan.js';
import { SETTLE_MS, inputStamp, readCache, settled, settledStamps, stampOfStats, writeCache } from '../io/cache.js';
import type { Root } from '../io/fs.js';
import { sha256 } from '../text/hash.js';
import { BUILD } from '../version.js';
import { seriesOf } from './series.js';

/** One range's rendering, as digests (line endings aside) and graph lines. */
export interface RangeSummary {
  /** The range's data file. */
  data: string;
  /** The range's page (written only when the series has several ranges). */
  page: string;
  /** The relation graph's lines for its ADRs, in order. */
  graph: string[];
  /** Each ADR id its page links to through a relation, with the file that id resolved to (a file renamed elsewhere changes the page). */
  links: [id: string, file: string | null][];
}

/** Where a series' ranges get their summaries: `key` the range's ADR files, then `get`, else derive and `set`. */
export interface RangeMemo {
  /** The range's key from its ADR files (names in the series folder), or null when one is not settled: then nothing is remembered. */
  key(shard: number, files: string[]): string | null;
  get(key: string | null): RangeSummary | null;
  set(key: string | null, summary: RangeSummary): void;
}

interface Stored {
  build?: unknown;
  context?: unknown;
  ranges?: Record<string, RangeSummary>;
  /** Index files (repo paths) read this way: the stamp each had (settled) when its text was found to have this digest. */
  files?: Record<string, unknown>;
}

const fileName = (c: DocpactConfig) => `adr-ranges-${sha256(seriesOf(c).dir).slice(0, 16)}.json`;

const isSummary = (v: unknown): v is RangeSummary => {
  const s = v as RangeSummary;
  return (
    typeof s === 'object' && s !== null && typeof s.data === 'string' && typeof s.page === 'string' &&
    Array.isArray(s.graph) && s.graph.every((l) => typeof l === 'string') &&
    Array.isArray(s.links) && s.links.every((l) => Array.isArray(l) && typeof l[0] === 'string' && (typeof l[1] === 'string' || l[1] === null))
  );
};

/**
 * The memo of one series, read from its cache file when that was written by
 * this build for the same `context` (the series' settings and index layout).
 * `save()` writes back the entries this run used or made, and only those.
 */
export class StoredRangeMemo implements RangeMemo {
  private readonly old: Record<string, RangeSummary>;
  private readonly used = new Map<string, RangeSummary>();
  private readonly oldFiles: Record<string, unknown>;
  private readonly files = new Map<string, [stamp: string, digest: string]>();
  private readonly now = Date.now();
  /** A summary was derived, or an index file's stamp taken, this run (else every one used came from the memo). */
  private derived = false;

  constructor(
    private readonly root: Root,
    private readonly config: DocpactConfig,
    private readonly context: string,
    /** The key of files of the series (by their repo paths) from the stamps a walk of this run already took (`WalkStats.keyOf`), if it did. */
    private readonly taken?: (paths: string[], now: number) => string | null | undefined,
  ) {
    const kept = readCache<Stored>(root, fileName(config));
    const ours = kept && kept.build === BUILD && kept.context === context;
    this.old = ours && kept.ranges && typeof kept.ranges === 'object' ? kept.ranges : {};
    this.oldFiles = ours && kept.files && typeof kept.files === 'object' ? kept.files : {};
  }

  /**
   * Whether the index file `rel` holds text of this digest, without reading
   * it: it was read when it had its stamp now (inode, size, modification and
   * change time, settled then and so now: any write since gives a new change
   * time), and held text of this digest then.
   */
  holds(rel: string, digest: string): boolean {
    const e = Object.hasOwn(this.oldFiles, rel) ? this.oldFiles[rel] : undefined;
    if (!Array.isArray(e) || e[1] !== digest || typeof e[0] !== 'string') return false;
    if (inputStamp(this.root, 'file', rel, this.now - SETTLE_MS) !== e[0]) return false;
    this.files.set(rel, [e[0], digest]);
    return true;
  }

  /** The index file `rel`, read from a descriptor with these stats, holds text of this digest: remembered when settled. */
  held(rel: string, digest: string, st: fs.Stats | undefined): void {
    if (!st?.isFile() || !settled(st, this.now)) return;
    this.files.set(rel, [stampOfStats(st), digest]);
    this.derived = true;
  }

  /**
   * A digest of the range's files' repo paths and stamps: the key `WalkStats`
   * gives the same files (so adr renumber's walk, which keys the range's
   * digits by it, hashes it once). The paths name the numbers, and so the range.
   */
  key(_shard: number, files: string[]): string | null {
    const dir = seriesOf(this.config).dir;
    const paths = files.map((f) => `${dir}/${f}`);
    const taken = this.taken?.(paths, this.now);
    if (taken !== undefined) return taken;
    const stamps = settledStamps(this.root, dir, files, this.now);
    return stamps && groupKey(paths, stamps);
  }

  get(key: string | null): RangeSummary | null {
    if (key === null) return null;
    const hit = Object.hasOwn(this.old, key) ? this.old[key] : undefined;
    if (!isSummary(hit)) return null;
    this.used.set(key, hit);
    return hit;
  }

  set(key: string | null, summary: RangeSummary): void {
    if (key === null) return;
    this.used.set(key, summary);
    this.derived = true;
  }

  /** Write the entries used or made this run (a range that changed drops out), unless they are the memo as it was; best effort. */
  save(): void {
    if (!this.derived && this.used.size === Object.keys(this.old).length && this.files.size === Object.keys(this.oldFiles).length) return;
    writeCache(this.root, fileName(this.config), { build: BUILD, context: this.context, ranges: Object.fromEntries(this.used), files: Object.fromEntries(this.files) });
  }
}

/**
 * What a page holds that could name an ADR file: its digit runs, each once,
 * space-separated (one string, not 10,000 arrays to parse and collect), or 1
 * when it has a "%" (which could encode one).
 */
export type Digits = string | 1;

export const digitsOf = (text: string): Digits => (text.includes('%') ? 1 : [...new Set(text.match(/\d+/g) ?? [])].join(' '));

/** Could a page with these digits hold `run` (a digit run of what is looked for)? A run never spans the spaces between them. */
export const mayHold = (digits: Digits, run: string) => digits === 1 || digits.includes(run);

const DIGITS_CACHE = 'page-digits.json';
/** The thread folders' listings, apart: a renumber changes the digits of the ranges it moves, rarely a thread's names. */
const LISTINGS_CACHE = 'thread-listings.json';

/**
 * Whether the plan holds an operation on a file, as `plan.has` says, from
 * one snapshot of its operations (take it again after planning more): asked
 * of 14,000 pages, of which only the few files a command planned are in it.
 */
export function plannedPaths(plan: PlanBuilder): (rel: string) => boolean {
  const ops = new Set(plan.build().ops.map((op) => op.path));
  return (rel) => (rel.startsWith('./') ? plan.has(rel) : ops.has(rel));
}

/** The key of a group of files: a digest of their paths and their stamps (four numbers a file). */
const groupKey = (paths: string[], stamps: Float64Array) => sha256(`${paths.join('\n')}\n`, new Uint8Array(stamps.buffer));

/**
 * The lstats a walk of this run took, by repo path, kept as numbers (inode,
 * size, modification and change time, four a file) rather than 14,000
 * `fs.Stats` objects alive to the end of the run.
 */
export class WalkStats {
  private readonly nums: number[] = [];
  private readonly index = new Map<string, number>();
  /** Keys made this run, by a group's size and first path: adr renumber keys a range for its digits, then for its index summary. */
  private readonly made = new Map<string, { paths: string[]; key: string | null | undefined }>();

  keep(rel: string, st: fs.Stats): void {
    this.index.set(rel, this.nums.length / 4);
    this.nums.push(st.ino, st.size, st.mtimeMs, st.ctimeMs);
  }

  has(rel: string): boolean {
    return this.index.has(rel);
  }

  /**
   * The stamps of these files as numbers, four a file (what `settledStamps`
   * gives): null when one is not settled before `now`, undefined when one was
   * not stamped by the walk.
   */
  numbers(files: string[], now: number): Float64Array | null | undefined {
    const out = new Float64Array(files.length * 4);
    const n = this.nums;
    let o = 0;
    for (const rel of files) {
      const i = this.index.get(rel);
      if (i === undefined) return undefined;
      if (now - Math.max(n[4 * i + 2], n[4 * i + 3]) <= SETTLE_MS) return null;
      out[o++] = n[4 * i];
      out[o++] = n[4 * i + 1];
      out[o++] = n[4 * i + 2];
      out[o++] = n[4 * i + 3];
    }
    return out;
  }

  /**
   * The key of a group of pages (one page, a thread, a range of ADRs): a
   * digest of their paths and stamps, or undefined when one was not stamped
   * by the walk or is not settled before `now`.
   */
  key(files: string[], now: number): string | undefined {
    return this.keyOf(files, now) ?? undefined;
  }

  /**
   * The same key, or null when a file is not settled before `now`, undefined
   * when one was not stamped by the walk; made once a run for the same paths.
   */
  keyOf(paths: string[], now: number): string | null | undefined {
    const id = `${paths.length}\0${paths[0]}`;
    const was = this.made.get(id);
    if (was && was.paths.every((p, i) => p === paths[i])) return was.key;
    const stamps = this.numbers(paths, now);
    const key = stamps && groupKey(paths, stamps);
    this.made.set(id, { paths, key });
    return key;
  }
}

/**
 * The digit runs of the pages `adr renumber` and `adr migrate` rewrite links
 * in, remembered by group — a page of the docs, a chat thread's messages, a
 * range of a series' ADRs — under the digest of the group's paths and stamps
 * (`WalkStats.key`; machine-local, as above): a link or id naming an ADR file
 * holds that file's number, so a group none of whose digit runs holds it
 * names no renamed ADR, and its pages need not be read. 10,000 ADRs are 100
 * entries, each skipped with one comparison.
 */
export class DigitsMemo {
  private readonly old: Record<string, unknown>;
  private readonly next = new Map<string, [string, Digits]>();
  private readonly oldListings: Record<string, unknown>;
  private readonly nextListings = new Map<string, [string, string[]]>();
  /** A group's digits were taken this run (else every one used came from the memo). */
  private taken = false;
  /** A folder's listing was taken this run. */
  private listed = false;

  constructor(private readonly root: Root) {
    const kept = readCache<{ build?: unknown; groups?: Record<string, unknown> }>(root, DIGITS_CACHE);
    this.old = kept && kept.build === BUILD && kept.groups && typeof kept.groups === 'object' ? kept.groups : {};
    const lists = readCache<{ build?: unknown; listings?: Record<string, unknown> }>(root, LISTINGS_CACHE);
    this.oldListings = lists && lists.build === BUILD && lists.listings && typeof lists.listings === 'object' ? lists.listings : {};
  }

  /**
   * The names of a folder (a chat thread) as listed when it had the stamp
   * `stamp` (taken before that listing, settled): an entry added, removed or
   * renamed there changes the folder's stamp. Else undefined.
   */
  listing(dir: string, stamp: string): string[] | undefined {
    const e = Object.hasOwn(this.oldListings, dir) ? this.oldListings[dir] : undefined;
    if (!Array.isArray(e) || e[0] !== stamp || !Array.isArray(e[1])) return undefined;
    const names = e[1] as unknown[];
    if (!names.every((n) => typeof n === 'string' && n !== '' && n !== '.' && n !== '..' && !/[/\0]/.test(n))) return undefined;
    this.nextListings.set(dir, e as [string, string[]]);
    return names as string[];
  }

  /** Remember a folder's names, listed after its stamp was taken. */
  setListing(dir: string, stamp: string, names: string[]): void {
    this.nextListings.set(dir, [stamp, names]);
    this.listed = true;
  }

  /** The digits remembered for the group `name` under `key`, else undefined. */
  get(name: string, key: string): Digits | undefined {
    const e = Object.hasOwn(this.old, name) ? this.old[name] : undefined;
    if (!Array.isArray(e) || e[0] !== key) return undefined;
    const d = e[1] as unknown;
    if (d !== 1 && !(typeof d === 'string' && /^(?:\d+(?: \d+)*)?$/.test(d))) return undefined;
    this.next.set(name, e as [string, Digits]);
    return d as Digits;
  }

  set(name: string, key: string, digits: Digits): void {
    this.next.set(name, [key, digits]);
    this.taken = true;
  }

  /** Write the groups and the listings seen this run, each unless it is the memo as it was; best effort. */
  save(): void {
    if (this.taken || this.next.size !== Object.keys(this.old).length) writeCache(this.root, DIGITS_CACHE, { build: BUILD, groups: Object.fromEntries(this.next) });
    if (this.listed || this.nextListings.size !== Object.keys(this.oldListings).length) writeCache(this.root, LISTINGS_CACHE, { build: BUILD, listings: Object.fromEntries(this.nextListings) });
  }
}

/** The union of some pages' digit runs (`digitsOf` each). */
export function unionOf(all: Digits[]): Digits {
  if (all.includes(1)) return 1;
  const runs = new Set<string>();
  for (const d of all as string[]) if (d) for (const r of d.split(' ')) runs.add(r);
  return [...runs].join(' ');
}
