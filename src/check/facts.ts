/**
 * What check derives from each file — a page's toctrees, its links, a parsed
 * ADR, a chat thread's verdict — remembered between runs in
 * `.docpact/cache/check.json`, per file stamp (src/io/cache.ts). A warm check
 * lists the tree and stats each file, and reads and parses only the files
 * that changed; every rule still runs over every file's facts, so the
 * result is the one a cold run gives.
 *
 * A fact must be a pure function of the file's text and of the context
 * (docpact's version, docpact.yaml, the template overrides): any change to
 * the context starts an empty cache. Files whose stamp is not settled yet
 * (changed in the last two seconds) are read and never remembered.
 */
import fs from 'node:fs';
import { readCache, settled, stampOfStats, writeCache } from '../io/cache.js';
import { listDir, readText, walkFiles, type Root } from '../io/fs.js';
import { CONFIG_FILE } from '../config/load.js';
import type { DocpactConfig } from '../config/schema.js';
import { sha256 } from '../text/hash.js';
import { VERSION } from '../version.js';

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

/** Facts without memory: every fact is derived from the text read now (check --fix, check --base, other commands). */
export const freshFacts = (root: Root, read: (rel: string) => string | null): Facts => ({
  walk: (rel, skip) => walkFiles(root, rel, skip),
  list: (rel) => listDir(root, rel),
  of: (rel, _kind, derive) => derive(read(rel)),
  ofGroup: (_key, _files, _kind, derive) => derive(),
});

/** What every fact may depend on besides its file: docpact's version, docpact.yaml and the template overrides. */
export function checkContext(root: Root, config: DocpactConfig): string {
  const overrides = config.paths.templates ? walkFiles(root, config.paths.templates).map((f) => `${f}=${sha256(readText(root, f) ?? '')}`) : [];
  return sha256([VERSION, sha256(readText(root, CONFIG_FILE) ?? ''), ...overrides].join('\n'));
}

type Entry = { s: string; k: Record<string, unknown> };
interface CacheFile {
  context: string;
  files: Record<string, Entry>;
}

const CACHE = 'check.json';

/** Facts remembered across runs; `save()` writes what this run learned. */
export class RememberedFacts implements Facts {
  private readonly stamps = new Map<string, string>();
  private readonly before: Record<string, Entry>;
  private readonly after: Record<string, Entry> = Object.create(null);
  private learned = false;
  /** Every key this run looked up, remembered or not (a file changed just now is looked up without a stamp). */
  private readonly looked = new Set<string>();

  constructor(
    private readonly root: Root,
    private readonly read: (rel: string) => string | null,
    private readonly context: string,
    /** When the run started: files changed since (or just before) are read and not remembered. */
    private readonly now = Date.now(),
  ) {
    const cache = readCache<CacheFile>(root, CACHE);
    const files = cache?.context === context && cache.files && typeof cache.files === 'object' ? cache.files : {};
    this.before = Object.assign(Object.create(null) as Record<string, Entry>, files);
  }

  private stamp(rel: string, st: fs.Stats): void {
    if (st.isFile() && settled(st, this.now)) this.stamps.set(rel, stampOfStats(st));
  }

  walk(rel: string, skip?: (name: string) => boolean): string[] {
    return walkFiles(this.root, rel, skip, (file, st) => this.stamp(file, st));
  }

  list(rel: string): string[] {
    return listDir(this.root, rel, (name, st) => this.stamp(`${rel}/${name}`, st), (name) => this.stamps.has(`${rel}/${name}`));
  }

  private entry(key: string, stamp: string | undefined): Entry | null {
    this.looked.add(key);
    if (!stamp) return null;
    let e = this.after[key];
    if (!e) {
      const old = this.before[key];
      e = old && old.s === stamp && old.k && typeof old.k === 'object' ? old : { s: stamp, k: Object.create(null) };
      this.after[key] = e;
    }
    return e;
  }

  private remembered<T>(e: Entry | null, kind: string, derive: () => T): T {
    if (e && kind in e.k) return e.k[kind] as T;
    const value = derive();
    if (e) {
      e.k[kind] = value;
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
    const stamp = parts.every((p) => p !== undefined) ? files.map((f, i) => `${f}=${parts[i]}`).join('\n') : undefined;
    return this.remembered(this.entry(`${key}\0group`, stamp), kind, derive);
  }

  /** The stamp this run took of a file before reading it, if it took one. */
  stampOf(rel: string): string | undefined {
    return this.stamps.get(rel);
  }

  /** Write what this run derived (and drop files that are gone), when anything changed. */
  save(): void {
    const dropped = Object.keys(this.before).some((key) => !this.looked.has(key));
    if (!this.learned && !dropped) return;
    const after = this.after;
    const context = this.context;
    // Entry by entry: 100,000 ADRs' facts never become one string in memory.
    function* pieces() {
      yield `{"context":${JSON.stringify(context)},"files":{`;
      let first = true;
      for (const key in after) {
        yield `${first ? '' : ','}\n${JSON.stringify(key)}:${JSON.stringify(after[key])}`;
        first = false;
      }
      yield '}}\n';
    }
    writeCache(this.root, CACHE, null, pieces());
  }
}
