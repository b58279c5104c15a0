/**
 * What check derives from each file — a page's toctrees, its links, a parsed
 * ADR, a form's problems, a chat thread's verdict — remembered between runs
 * in `.docpact/cache/check-facts.txt`, per file stamp (src/io/cache.ts). A
 * warm check lists the tree and stats each file, and reads and parses only
 * the files that changed; every rule still runs over every file's facts, so
 * the result is the one a cold run gives.
 *
 * A fact must be a pure function of the file's text and of the context
 * (docpact's build, docpact.yaml, the template overrides): any change to
 * the context starts an empty cache. Files whose stamp is not settled yet
 * (changed in the last two seconds) are read and never remembered.
 */
import fs from 'node:fs';
import { readCacheText, settled, stampOfStats, writeCache } from '../io/cache.js';
import { listDir, readText, walkFiles, type Root } from '../io/fs.js';
import { CONFIG_FILE } from '../config/root.js';
import type { DocpactConfig } from '../config/schema.js';
import { sha256 } from '../text/hash.js';
import { BUILD } from '../version.js';

export interface Facts {
  /** Every regular file below a folder (as `walkFiles`), stamping each. */
  walk(rel: string, skip?: (name: string) => boolean): string[];
  /** A folder's names (as `listDir`), stamping its files. */
  list(rel: string): string[];
  /** What `derive` makes of a file's text (null when absent): remembered while the file is unchanged. */
  of<T>(rel: string, kind: string, derive: (text: string | null) => T): T;
  /** The same for a group of files (a chat thread), keyed by all their stamps (`files`, repo-relative). */
  ofGroup<T>(key: string, files: string[], kind: string, derive: () => T): T;
}

const TAKEN = Symbol('taken');

/** What a file gives besides the fact asked for, by kind: derived from the same text, at its first read. */
export type Eager = (rel: string) => [kind: string, derive: (text: string | null) => unknown][];

/**
 * Facts of one pass without a cache (a fresh clone, CI): at a file's first
 * read every fact it will give is derived — the one asked for and the kinds
 * `eager` names for it — and its text is dropped, so 100,000 texts are never
 * held at once. A folder the walk listed is not listed again.
 */
export class PassFacts implements Facts {
  private readonly known = new Map<string, Record<string, unknown>>();
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
   * A fact is handed out once and then forgotten (each rule asks for each of
   * a file's facts once per pass), so what a pass holds shrinks as it goes; a
   * kind asked for again, or one no eager list named, is derived from a
   * second read: the same file, unless it changed meanwhile.
   */
  of<T>(rel: string, kind: string, derive: (text: string | null) => T): T {
    let k = this.known.get(rel);
    if (k && Object.hasOwn(k, kind) && k[kind] !== TAKEN) {
      const value = k[kind] as T;
      k[kind] = TAKEN;
      return value;
    }
    const text = this.readOnce(rel);
    const value = derive(text);
    if (!k) {
      this.known.set(rel, (k = {}));
      for (const [other, d] of this.eager(rel)) if (other !== kind) k[other] = d(text);
    }
    k[kind] = TAKEN;
    return value;
  }

  ofGroup<T>(_key: string, _files: string[], _kind: string, derive: () => T): T {
    return derive();
  }

  /** A file a rule read directly, its text in hand: the eager kinds derived from it now (unless it was read for facts already). */
  seed(rel: string, text: string | null): void {
    if (this.known.has(rel)) return;
    const k: Record<string, unknown> = {};
    for (const [kind, d] of this.eager(rel)) k[kind] = d(text);
    this.known.set(rel, k);
  }
}

/** Facts without memory: every fact is derived from the text read now (check --fix, check --base, other commands). */
export const freshFacts = (root: Root, read: (rel: string) => string | null): Facts => ({
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
  return sha256([BUILD, sha256(readText(root, CONFIG_FILE) ?? ''), ...overrides].join('\n'));
}

/**
 * One file's (or group's) facts, stored as one line: `key \t stamp \t facts`
 * (the facts as JSON; a group's stamp is a digest of its files' stamps). A
 * line is parsed only when its file is looked up with the same stamp, and
 * written back as it was read unless this run added to it, so a warm check
 * of 100,000 ADRs neither builds nor re-serialises one large object.
 */
interface Entry {
  stamp: string;
  /** The facts, once parsed or derived. */
  k: Record<string, unknown> | null;
  /** The stored JSON of `k`, while this run added nothing to it. */
  raw: string | null;
}

const CACHE = 'check-facts.txt';
const HEADER = 'docpact check facts 2';

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

/** Stored lines by key, for the same context only. */
function load(root: Root, context: string): Map<string, string> {
  const lines = new Map<string, string>();
  const text = readCacheText(root, CACHE);
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

/** Facts remembered across runs; `save()` writes what this run learned. */
export class RememberedFacts implements Facts {
  private readonly stamps = new Map<string, string>();
  private readonly before: Map<string, string>;
  private readonly after = new Map<string, Entry>();
  private learned = false;
  /** The key of everything this run looked up, remembered or not (a file changed just now has no stamp). */
  private readonly looked = new Set<string>();

  constructor(
    private readonly root: Root,
    private readonly read: (rel: string) => string | null,
    private readonly context: string,
    /** When the run started: files changed since (or just before) are read and not remembered. */
    private readonly now = Date.now(),
  ) {
    this.before = load(root, context);
  }

  private stamp(rel: string, st: fs.Stats): void {
    if (st.isFile() && settled(st, this.now)) this.stamps.set(rel, stampOfStats(st));
  }

  /** Folders the walk listed (their files stamped by it): not listed again. */
  private readonly listings = new Map<string, string[]>();

  walk(rel: string, skip?: (name: string) => boolean): string[] {
    return walkFiles(this.root, rel, skip, (file, st) => this.stamp(file, st), undefined, (dir, names) => this.listings.set(dir, names));
  }

  list(rel: string): string[] {
    const names = this.listings.get(rel);
    if (!names) {
      const listed = listDir(this.root, rel, (name, st) => this.stamp(`${rel}/${name}`, st), (name) => this.stamps.has(`${rel}/${name}`));
      this.listings.set(rel, listed);
      return [...listed];
    }
    this.root.trace?.(rel, 'dir');
    return [...names];
  }

  private entry(key: string, stamp: string | undefined): Entry | null {
    this.looked.add(key);
    if (!stamp) return null;
    let e = this.after.get(key);
    if (!e) {
      const stored = this.before.get(key);
      e = stored !== undefined && stored.length > stamp.length && stored.startsWith(stamp) && stored[stamp.length] === '\t' ? { stamp, k: null, raw: stored.slice(stamp.length + 1) } : { stamp, k: {}, raw: null };
      this.after.set(key, e);
    }
    return e;
  }

  private remembered<T>(e: Entry | null, kind: string, derive: () => T): T {
    if (e && e.k === null) {
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
    if (e?.k && Object.hasOwn(e.k, kind)) return e.k[kind] as T;
    const value = derive();
    if (e?.k) {
      e.k[kind] = value;
      e.raw = null;
      this.learned = true;
    }
    return value;
  }

  of<T>(rel: string, kind: string, derive: (text: string | null) => T): T {
    this.root.trace?.(rel, 'file'); // an input of the verdict even when its facts are remembered
    return this.remembered(this.entry(rel, this.stamps.get(rel)), kind, () => derive(this.read(rel)));
  }

  ofGroup<T>(key: string, files: string[], kind: string, derive: () => T): T {
    for (const f of files) this.root.trace?.(f, 'file');
    const parts = files.map((f) => this.stamps.get(f));
    const stamp = parts.every((p) => p !== undefined) ? sha256(files.map((f, i) => `${f}=${parts[i]}`).join('\n')) : undefined;
    return this.remembered(this.entry(`${key}\0group`, stamp), kind, derive);
  }

  /** The stamp this run took of a file before reading it, if it took one. */
  stampOf(rel: string): string | undefined {
    return this.stamps.get(rel);
  }

  /** Write what this run derived (and drop files that are gone), when anything changed. */
  save(): void {
    const dropped = [...this.before.keys()].some((key) => !this.looked.has(key));
    if (!this.learned && !dropped) return;
    const { after, context } = this;
    // In pieces of about a megabyte: 100,000 files' facts never become one string.
    function* pieces() {
      let piece = `${HEADER}\t${JSON.stringify(context)}\n`;
      for (const [key, e] of after) {
        piece += `${encodeKey(key)}\t${e.stamp}\t${e.raw ?? JSON.stringify(e.k)}\n`;
        if (piece.length > 1 << 20) yield piece, (piece = '');
      }
      yield piece;
    }
    writeCache(this.root, CACHE, null, pieces());
  }
}
