/**
 * What check derives from each file — a page's toctrees, its links, a parsed
 * ADR, a form's problems, a chat thread's verdict — remembered between runs
 * in `.docpact/cache/check-facts.txt`, per file stamp (src/io/cache.ts). A
 * warm check lists the tree and stats each file, and reads and parses only
 * the files that changed; every rule still runs over every file's facts, so
 * the result is the one a cold run gives.
 *
 * A fact must be a pure function of the file's text and of the context
 * (docpact's build, docpact.yaml, the template overrides, a series' own
 * ADR template): any change to
 * the context starts an empty cache. Files whose stamp is not settled yet
 * (changed in the last two seconds) are read and never remembered.
 */
import fs from 'node:fs';
import { CACHE_DIR, readCacheText, settled, stampOfStats, takenStats, writeCache, type Taken } from '../io/cache.js';
import { inside, listDir, readText, removeFile, walkFiles, type Root } from '../io/fs.js';
import { CONFIG_FILE } from '../config/root.js';
import type { DocpactConfig } from '../config/schema.js';
import { sha256 } from '../text/hash.js';
import { teamTemplateOf } from '../adr/skeleton.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';
import { BUILD } from '../version.js';

export interface Facts {
  /** Whether facts outlive the run (kept as JSON): a rule may then keep a fact in a form that stores well. */
  readonly remembers: boolean;
  /** Every regular file below a folder (as `walkFiles`), stamping each. */
  walk(rel: string, skip?: (name: string) => boolean): string[];
  /** A folder's names (as `listDir`), stamping its files. */
  list(rel: string): string[];
  /** What `derive` makes of a file's text (null when absent): remembered while the file is unchanged. */
  of<T>(rel: string, kind: string, derive: (text: string | null) => T): T;
  /**
   * The same for a group of files (a chat thread), keyed by all their stamps
   * (`files`, repo-relative). `via`: the kind of fact the group's value is
   * derived from, each file's, and nothing else of them (an index range, from
   * its ADRs' parses); without it, the group's files count as read by a rule.
   */
  ofGroup<T>(key: string, files: string[], kind: string, derive: () => T, via?: string): T;
}

/**
 * What a run's facts lookups tell its verdict (src/check/verdict.ts): which
 * reads were the facts' own. The kinds of fact asked of each file are kept
 * with its facts (`RememberedFacts.askedOf`).
 */
export interface Asks {
  /** `fn` is the facts' own reading of `rel` (or a lookup that stands for it): no rule read its text. */
  own<T>(rel: string, fn: () => T): T;
}

/**
 * The kinds of fact asked of a file, as one number (a bit a kind, in the
 * order first asked in this process; a file's list is kept in its facts
 * entry, so 100,000 files cost no map or set of their own). Past 30 kinds
 * (none today) the others are kept by name beside it.
 */
const KIND_BITS = new Map<string, number>();
const bitOf = (kind: string): number => {
  let bit = KIND_BITS.get(kind);
  if (bit === undefined && KIND_BITS.size < 30) KIND_BITS.set(kind, (bit = 1 << KIND_BITS.size));
  return bit ?? 0;
};
/** The kinds a mask (and the names past it) stands for, sorted, as JSON: the verdict's list of them. */
const KIND_LISTS = new Map<number, string>();
function kindList(mask: number, more: Set<string> | undefined): string {
  let list = more ? undefined : KIND_LISTS.get(mask);
  if (list === undefined) {
    const kinds = [...KIND_BITS].filter(([, bit]) => mask & bit).map(([kind]) => kind);
    list = JSON.stringify([...kinds, ...(more ?? [])].sort());
    if (!more) KIND_LISTS.set(mask, list);
  }
  return list;
}

/** The kinds asked of one file. */
interface Asked {
  mask: number;
  /** Kinds past the thirtieth. */
  more?: Set<string>;
}
const ask = (a: Asked, kind: string): void => {
  const bit = bitOf(kind);
  if (bit) a.mask |= bit;
  else (a.more ??= new Set()).add(kind);
};

/**
 * A string of its own: a piece cut from a file's text keeps that whole text
 * alive for as long as the piece lives (V8 slices strings), so a fact kept
 * for the whole run (a parsed ADR, a toctree entry, a sealed message's path)
 * would keep its file's text with it. Copied through UTF-8, an ASCII piece of
 * a two-byte text (an ADR's em dash) is one byte a character again.
 */
export const own = (s: string): string => (s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'));

const shared = new Map<string, string>();
/**
 * One copy of a short value many files repeat (a status, a date, a section's
 * name, the deciders): 100,000 ADRs keep one "Accepted", not 100,000. At
 * most a few thousand distinct values are shared; the rest are kept as `own`.
 */
export function intern(s: string): string {
  const had = shared.get(s);
  if (had !== undefined) return had;
  const mine = own(s);
  if (shared.size < 4096 && s.length <= 64) shared.set(mine, mine);
  return mine;
}

/** An empty list shared by every fact that has none (frozen: no reader may add to it). */
export const NONE: readonly never[] = Object.freeze([]);

const TAKEN = Symbol('taken');

/**
 * A fact value every file may share, which costs nothing to keep: nothing,
 * a flag, zero, the shared empty list (an empty list is kept as it). A fact
 * is read-only to every rule, as a remembered one is.
 */
function shareable(v: unknown): boolean {
  return v === TAKEN || v === null || v === undefined || v === false || v === true || v === 0 || v === NONE || (Array.isArray(v) && v.length === 0);
}

/** What a record keeps of a shareable value. */
const kept = (v: unknown) => (Array.isArray(v) ? NONE : v);

/** What a pass keeps of a file: its facts by kind (TAKEN: handed out, the value let go). */
type Known = Record<string, unknown>;

/** One frozen record for every file whose facts are alike and shareable (100,000 ADRs: a few records, not 100,000). */
const alike = new Map<string, Known>();
const ALIKE_MAX = 1024;

/** The shared record equal to `k`, when all its values are shareable (else `k` itself). */
function alikeOf(k: Known): Known {
  let key = '';
  for (const kind in k) {
    const v = k[kind];
    if (!shareable(v)) return k;
    key += `${kind}\0${v === TAKEN ? 'T' : v === NONE || Array.isArray(v) ? 'N' : String(v)}\0`;
  }
  let had = alike.get(key);
  if (had === undefined) {
    had = {};
    for (const kind in k) had[kind] = kept(k[kind]);
    Object.freeze(had);
    if (alike.size < ALIKE_MAX) alike.set(key, had);
  }
  return had;
}

/** What a file gives besides the fact asked for, by kind: derived from the same text, at its first read. */
export type Eager = (rel: string) => [kind: string, derive: (text: string | null) => unknown][];

/**
 * Facts of one pass without a cache (a fresh clone, CI): at a file's first
 * read every fact it will give is derived — the one asked for and the kinds
 * `eager` names for it — and its text is dropped, so 100,000 texts are never
 * held at once. A folder the walk listed is not listed again.
 */
export class PassFacts implements Facts {
  readonly remembers = false;
  private readonly known = new Map<string, Known>();
  private readonly listings = new Map<string, string[]>();

  constructor(
    private readonly root: Root,
    /** Reads without keeping the text (a text kept for a direct reader is used as it is). */
    private readonly readOnce: (rel: string) => string | null,
    private readonly eager: Eager = () => [],
  ) {}

  walk(rel: string, skip?: (name: string) => boolean): string[] {
    return walkFiles(this.root, rel, skip, undefined, undefined, (dir, names) => this.listings.set(dir, names));
  }

  list(rel: string): string[] {
    const names = this.listings.get(rel);
    if (!names) {
      const listed = listDir(this.root, rel);
      this.listings.set(rel, listed);
      return [...listed];
    }
    this.root.trace?.(rel, 'dir');
    return [...names];
  }

  /**
   * A fact is handed out and then let go (each rule asks for each of a
   * file's facts once per pass), so what a pass holds shrinks as it goes;
   * a file whose facts left are all shareable (none, zero, the empty list)
   * keeps one frozen record shared with every file alike. A shareable fact
   * asked for again is the one derived; any other kind asked for again, or
   * one no eager list named, is derived from a second read: the same file,
   * unless it changed meanwhile.
   */
  of<T>(rel: string, kind: string, derive: (text: string | null) => T): T {
    const k = this.known.get(rel);
    if (k && Object.hasOwn(k, kind) && k[kind] !== TAKEN) {
      const value = k[kind] as T;
      if (!shareable(value)) {
        k[kind] = TAKEN;
        const now = alikeOf(k);
        if (now !== k) this.known.set(rel, now);
      }
      return value;
    }
    const text = this.readOnce(rel);
    const value = derive(text);
    if (!k) {
      const made: Known = {};
      for (const [other, d] of this.eager(rel)) if (other !== kind) made[other] = d(text);
      made[kind] = shareable(value) ? kept(value) : TAKEN;
      this.known.set(rel, alikeOf(made));
    }
    return value;
  }

  ofGroup<T>(_key: string, _files: string[], _kind: string, derive: () => T): T {
    return derive();
  }

  /** A file a rule read directly, its text in hand: the eager kinds derived from it now (unless it was read for facts already). */
  seed(rel: string, text: string | null): void {
    if (this.known.has(rel)) return;
    const k: Known = {};
    for (const [kind, d] of this.eager(rel)) k[kind] = d(text);
    this.known.set(rel, alikeOf(k));
  }
}

/** Facts without memory: every fact is derived from the text read now (check --fix, check --base, other commands). */
export const freshFacts = (root: Root, read: (rel: string) => string | null): Facts => ({
  remembers: false,
  walk: (rel, skip) => walkFiles(root, rel, skip),
  list: (rel) => listDir(root, rel),
  of: (rel, _kind, derive) => derive(read(rel)),
  ofGroup: (_key, _files, _kind, derive) => derive(),
});

/**
 * What every fact may depend on besides its file: docpact's build,
 * docpact.yaml and the template overrides — each override's text, and any
 * entry there that is not a file (a link is refused when a template is
 * looked up, and that refusal must be seen again, not remembered away).
 */
export function checkContext(root: Root, config: DocpactConfig): string {
  const others: string[] = [];
  const files = config.paths.templates ? walkFiles(root, config.paths.templates, undefined, undefined, (rel) => others.push(`${rel}: not a file`)) : [];
  const overrides = [...files.map((f) => `${f}=${sha256(readText(root, f) ?? '')}`), ...others.sort()];
  // A series' own template is what adr/placeholder compares its ADRs with (src/adr/skeleton.ts).
  const teams = seriesConfigs(config).map((c) => teamTemplateOf(root, seriesOf(c))).map((t) => (t ? `${t.rel}=${sha256(t.text)}` : '-'));
  return sha256([BUILD, sha256(readText(root, CONFIG_FILE) ?? ''), ...overrides, ...teams].join('\n'));
}

/**
 * One file's (or group's) facts, stored as one line: `key \t stamp \t facts`
 * (the facts as JSON; a group's stamp is a digest of its files' stamps). A
 * line is parsed only when its file is looked up with the same stamp, and
 * written back as it was read unless this run added to it, so a warm check
 * of 100,000 ADRs neither builds nor re-serialises one large object.
 *
 * The lines are spread over `SHARDS` files by a hash of their key, and a run
 * rewrites only the files holding a line it changed or dropped: one edited
 * ADR costs a sixty-fourth of the cache, not all of it.
 */
interface Entry extends Asked {
  /** The file's stamp; undefined when it has none (changed just now, or not a file): looked up, never stored. */
  stamp: string | undefined;
  /** The facts, once parsed or derived. */
  k: Record<string, unknown> | null;
  /** The stored JSON of `k`, while this run added nothing to it. */
  raw: string | null;
}

const CACHE = (shard: number) => `check-facts.${String(shard).padStart(2, '0')}.txt`;
const HEADER = 'docpact check facts 4';
const SHARDS = 64;

/** The shard of a key: FNV-1a over its UTF-16 code units. */
function shardOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

/** A key as stored: as it is, or as JSON when it holds a tab, a line break or starts with a quote (paths may). */
const encodeKey = (key: string) => (/[\t\n\r]/.test(key) || key.startsWith('"') ? JSON.stringify(key) : key);
const decodeKey = (field: string): string => {
  if (!field.startsWith('"')) return field;
  try {
    return String(JSON.parse(field));
  } catch {
    return '';
  }
};

/** One shard's stored lines by key, for the same context only (a line planted in another shard than its key's is never looked up, and dropped by the next save). */
function load(root: Root, shard: number, context: string): Map<string, string> {
  const lines = new Map<string, string>();
  const text = readCacheText(root, CACHE(shard));
  if (text === null || !text.startsWith(`${HEADER}\t${JSON.stringify(context)}\n`)) return lines;
  let at = text.indexOf('\n') + 1;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    const tab = line.indexOf('\t');
    if (tab > 0) lines.set(decodeKey(line.slice(0, tab)), line.slice(tab + 1));
    if (end === -1) break;
    at = end + 1;
  }
  return lines;
}

/**
 * The stored facts of some files, for this context: each file's line as
 * stored (`stamp \t facts as JSON`), from the shards that hold them only.
 */
export function storedFacts(root: Root, context: string, rels: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const shards = new Map<number, Map<string, string>>();
  for (const rel of rels) {
    const i = shardOf(rel);
    let lines = shards.get(i);
    if (!lines) shards.set(i, (lines = load(root, i, context)));
    const line = lines.get(rel);
    if (line !== undefined) out.set(rel, line);
  }
  return out;
}

/**
 * Folders' listings (a thread's files), one line each — `folder \t stamp \t
 * names as JSON` — in `check-listings.txt`: a folder whose stamp is as it
 * was is not opened and read again.
 */
const FOLDERS = 'check-listings.txt';
const FOLDERS_HEADER = `docpact check listings 1\t${JSON.stringify(BUILD)}`;

function loadFolders(root: Root): Map<string, string> {
  const lines = new Map<string, string>();
  const text = readCacheText(root, FOLDERS);
  if (text === null || !text.startsWith(`${FOLDERS_HEADER}\n`)) return lines;
  for (const line of text.split('\n').slice(1)) {
    const tab = line.indexOf('\t');
    if (tab > 0) lines.set(decodeKey(line.slice(0, tab)), line.slice(tab + 1));
  }
  return lines;
}

/** A remembered listing's names; null when the line is damaged. */
function rememberedNames(json: string): string[] | null {
  try {
    const names = JSON.parse(json) as unknown;
    return Array.isArray(names) && names.every((n) => typeof n === 'string' && n !== '' && !n.includes('/') && n !== '.' && n !== '..') ? (names as string[]) : null;
  } catch {
    return null;
  }
}

/** Facts remembered across runs; `save()` writes what this run learned. */
export class RememberedFacts implements Facts {
  readonly remembers = true;
  private readonly stamps = new Map<string, string>();
  /** Each shard's stored lines. */
  private readonly before: Map<string, string>[] = [];
  /** Every key this run looked up, remembered or not, in the order first looked up. */
  private readonly after = new Map<string, Entry>();
  /** Shards this run added a fact to. */
  private readonly learned = new Set<number>();

  constructor(
    private readonly root: Root,
    private readonly read: (rel: string) => string | null,
    private readonly context: string,
    /** When the run started: files changed since (or just before) are read and not remembered. */
    private readonly now = Date.now(),
    /** Files stat'ed before the run read anything (by the replay of the last verdict): stamped as a walk would, not stat'ed again. */
    taken?: Taken,
    /** Told each kind of fact asked of each file, and which reads are the facts' own (the verdict's inputs, src/check/verdict.ts). */
    private readonly asks?: Asks,
  ) {
    for (let i = 0; i < SHARDS; i++) this.before.push(load(root, i, context));
    if (!taken) return;
    taken.files.rels.forEach((rel, i) => this.stamp(rel, takenStats(taken.files, i, false)));
    taken.folders.rels.forEach((rel, i) => this.stampFolder(rel, takenStats(taken.folders, i, true)));
    this.folders = loadFolders(root);
  }

  private stamp(rel: string, st: fs.Stats): void {
    if (st.isFile() && settled(st, this.now)) this.stamps.set(rel, stampOfStats(st));
    else if (st.isFile()) this.unsettled.add(rel);
  }

  /** Files seen changed within the settle window (just edited): read, never remembered, and no verdict is kept over them. */
  private readonly unsettled = new Set<string>();

  /** A folder's stamp, which covers its listing (an entry added, removed or renamed changes it). */
  private stampFolder(rel: string, st: fs.Stats): void {
    if (st.isDirectory() && settled(st, this.now)) this.folderStamps.set(rel, stampOfStats(st));
  }

  /** Folders the walk listed (their files stamped by it): not listed again. */
  private readonly listings = new Map<string, string[]>();
  /** Folders' stamps: taken by the replay (only then is a remembered listing used), or before listing one. */
  private readonly folderStamps = new Map<string, string>();
  /** Listings remembered by their folder's stamp; loaded only when the replay stamped the folders (and every folder above them). */
  private folders = new Map<string, string>();
  /** Listings to remember: the ones used, and the ones listed now under a stamp taken before. */
  private readonly listed = new Map<string, { stamp: string; names: string }>();
  private listedNow = 0;

  walk(rel: string, skip?: (name: string) => boolean): string[] {
    return walkFiles(this.root, rel, skip, (file, st) => this.stamp(file, st), undefined, (dir, names) => this.listings.set(dir, names), (file) => this.stamps.has(file));
  }

  list(rel: string): string[] {
    const names = this.listings.get(rel);
    if (names) {
      this.root.trace?.(rel, 'dir');
      return [...names];
    }
    const known = this.folderStamps.get(rel);
    const line = known === undefined ? undefined : this.folders.get(rel);
    if (known !== undefined && line !== undefined && line.startsWith(`${known}\t`)) {
      // Unchanged since it was listed: its names as they were. Its files are stamped when looked up.
      const kept = rememberedNames(line.slice(known.length + 1));
      if (kept) {
        this.root.trace?.(rel, 'dir');
        this.listings.set(rel, kept);
        this.listed.set(rel, { stamp: known, names: line.slice(known.length + 1) });
        return [...kept];
      }
    }
    // Stamped before it is listed: a listing that changes meanwhile is remembered under a stamp it no longer has.
    const stamp = known ?? this.folderStampNow(rel);
    const listed = listDir(this.root, rel, (name, st) => this.stamp(`${rel}/${name}`, st), (name) => this.stamps.has(`${rel}/${name}`));
    this.listings.set(rel, listed);
    if (stamp !== undefined) this.listed.set(rel, { stamp, names: JSON.stringify(listed) }), this.listedNow++;
    return [...listed];
  }

  private folderStampNow(rel: string): string | undefined {
    const st = this.lstatNow(rel);
    if (st) this.stampFolder(rel, st);
    return this.folderStamps.get(rel);
  }

  /** A path's lstat now; undefined when there is none or it cannot be taken (reading or listing it reports why). */
  private lstatNow(rel: string): fs.Stats | undefined {
    try {
      return fs.lstatSync(inside(this.root, rel), { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  }

  /** A key's entry, made at its first lookup from the stored line when the stamp matches. */
  private entry(key: string, stamp: () => string | undefined): Entry {
    let e = this.after.get(key);
    if (!e) {
      const now = stamp();
      const stored = now === undefined ? undefined : this.before[shardOf(key)].get(key);
      e = now !== undefined && stored !== undefined && stored.length > now.length && stored.startsWith(now) && stored[now.length] === '\t' ? { stamp: now, k: null, raw: stored.slice(now.length + 1), mask: 0 } : { stamp: now, k: now === undefined ? null : {}, raw: null, mask: 0 };
      this.after.set(key, e);
    }
    return e;
  }

  private remembered<T>(key: string, e: Entry, kind: string, derive: () => T): T {
    if (e.stamp === undefined) return derive();
    if (e.k === null) {
      const k = (() => {
        try {
          return JSON.parse(e.raw as string) as unknown;
        } catch {
          return null;
        }
      })();
      if (k && typeof k === 'object' && !Array.isArray(k)) e.k = k as Record<string, unknown>;
      else [e.k, e.raw] = [{}, null]; // damaged: derived again
    }
    const k = e.k as Record<string, unknown>;
    if (Object.hasOwn(k, kind)) return k[kind] as T;
    const value = derive();
    k[kind] = value;
    e.raw = null;
    this.learned.add(shardOf(key));
    return value;
  }

  /**
   * A file no walk or listing stamped (docpact.yaml, the lock, the forms a
   * rule looked up before their folder was listed): one lstat, taken before
   * it is read, so what it gives is remembered too.
   */
  private stampNow(rel: string): string | undefined {
    const st = this.lstatNow(rel);
    if (st) this.stamp(rel, st);
    return this.stamps.get(rel);
  }

  of<T>(rel: string, kind: string, derive: (text: string | null) => T): T {
    const { asks } = this;
    let e = this.after.get(rel);
    if (!e) {
      // An input of the verdict even when its facts are remembered.
      if (asks) asks.own(rel, () => this.root.trace?.(rel, 'file'));
      else this.root.trace?.(rel, 'file');
      e = this.entry(rel, () => this.stamps.get(rel) ?? this.stampNow(rel));
      const via = this.viaOnly.get(rel);
      if (via) this.viaOnly.delete(rel), (e.mask = via.mask), (e.more = via.more);
    }
    ask(e, kind);
    return this.remembered(rel, e, kind, asks ? () => asks.own(rel, () => derive(this.read(rel))) : () => derive(this.read(rel)));
  }

  /** The kinds asked of files no `of` looked up, only a group (`ofGroup`'s `via`). */
  private readonly viaOnly = new Map<string, Asked>();

  /**
   * The kinds of fact asked of a file in this run, as the verdict lists them
   * (sorted, as JSON); undefined when none was.
   */
  askedOf(rel: string): string | undefined {
    const a = this.after.get(rel) ?? this.viaOnly.get(rel);
    return a && (a.mask || a.more?.size) ? kindList(a.mask, a.more) : undefined;
  }

  ofGroup<T>(key: string, files: string[], kind: string, derive: () => T, via?: string): T {
    const { asks } = this;
    for (const f of files) {
      if (via !== undefined && asks) {
        let a: Asked | undefined = this.after.get(f) ?? this.viaOnly.get(f);
        if (!a) this.viaOnly.set(f, (a = { mask: 0 }));
        ask(a, via);
        asks.own(f, () => this.root.trace?.(f, 'file'));
      } else this.root.trace?.(f, 'file');
    }
    const parts = files.map((f) => this.stamps.get(f));
    const stamp = parts.every((p) => p !== undefined) ? sha256(files.map((f, i) => `${f}=${parts[i]}`).join('\n')) : undefined;
    const id = `${key}\0group`;
    // Asked again with other files (a listing changed meanwhile): what the first lookup stored does not answer.
    if (this.after.get(id)?.stamp !== stamp) this.after.delete(id);
    return this.remembered(id, this.entry(id, () => stamp), kind, derive);
  }

  /** The stamp this run took of a file before reading it, if it took one; null when the file had changed just before the run. */
  stampOf(rel: string): string | null | undefined {
    return this.stamps.get(rel) ?? (this.unsettled.has(rel) ? null : undefined);
  }

  /** Write the shards this run added to or dropped a line from (a file gone, or changed). */
  save(): void {
    const dirty = new Set(this.learned);
    const lines: { key: string; e: Entry }[][] = this.before.map(() => []);
    for (const [key, e] of this.after) if (e.stamp !== undefined) lines[shardOf(key)].push({ key, e });
    for (let i = 0; i < SHARDS; i++) {
      if (dirty.has(i)) continue;
      const kept = lines[i];
      // A stored line not written back as it was read (its file gone, or changed so its old facts are stale).
      if (kept.length !== this.before[i].size || kept.some(({ e }) => e.raw === null)) dirty.add(i);
    }
    const { context } = this;
    for (const i of dirty) {
      // In pieces of about a megabyte: a shard's facts never become one large string.
      function* pieces() {
        let piece = `${HEADER}\t${JSON.stringify(context)}\n`;
        for (const { key, e } of lines[i]) {
          piece += `${encodeKey(key)}\t${e.stamp}\t${e.raw ?? JSON.stringify(e.k)}\n`;
          if (piece.length > 1 << 20) yield piece, (piece = '');
        }
        yield piece;
      }
      writeCache(this.root, CACHE(i), null, pieces());
    }
    // The listings: written again when one was listed now, or one remembered was not used (its folder gone, or changed).
    if (this.listedNow || [...this.folders.keys()].some((rel) => !this.listed.has(rel))) {
      const folders = [...this.listed].map(([rel, { stamp, names }]) => `${encodeKey(rel)}\t${stamp}\t${names}\n`);
      writeCache(this.root, FOLDERS, null, [`${FOLDERS_HEADER}\n`, ...folders]);
    }
    try {
      if (dirty.size) removeFile({ dir: this.root.dir }, `${CACHE_DIR}/check-facts.txt`); // the single file of an earlier docpact
    } catch {
      // Only a leftover.
    }
  }
}
