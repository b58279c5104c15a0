/**
 * What the generated tree (./tree.ts) rendered to, remembered between runs
 * so that `sync` with nothing to do need not render every template: each
 * file's digest (or, for a living page, the digest of the text its update
 * left as it was), with what the tree adopted from the project.
 *
 * Machine-local (`.docpact/cache/`, src/io/cache.ts) and only ever a
 * shortcut. The memo is keyed by docpact's build, the configuration, the
 * date, the lock's files and the ADR counts, and holds every path the
 * rendering read, listed or tested (`Root.trace`), each with its stamp:
 * docpact.yaml first, whose stamp (inode, change time) no committed or
 * copied file can carry, so such a memo is never looked at further. It is
 * kept only when every input had settled before the run started, none was
 * reached through a link, and the plan changed none of them. Template
 * overrides (`.docpact/templates/`, beside docpact's own transient files)
 * are remembered by their text's digest instead, as the rendering used it,
 * and read again to compare. A file whose text differs from the remembered
 * digest is rendered as ever: the memo only ever says "the same as last
 * time".
 */
import type { DocpactConfig } from '../config/schema.js';
import { CONFIG_FILE } from '../config/root.js';
import { SETTLE_MS, inputStamp, quietFolder, readCache, writeCache, type InputKind } from '../io/cache.js';
import { exists, readText, type Root } from '../io/fs.js';
import { sha256 } from '../text/hash.js';
import { BUILD, VERSION } from '../version.js';

/** sync's memo; check keeps its own (`CHECK_TREE`): it renders for another date, and compares other digests. */
const CACHE = 'sync-tree.json';
export const CHECK_TREE = 'check-tree.json';

/** One file of the tree as remembered: what sync needs to find it unchanged without rendering it. */
export interface MemoFile {
  path: string;
  template: string;
  version: string;
  living?: true;
  covered?: string;
  /** The name an earlier docpact wrote the file under (sync moves it; check names it). */
  was?: string;
  /** sha256 of the rendering (a living page: of the text its update left as it was); null: none known. */
  digest: string | null;
  /** sha256 of the template's override as the rendering used it; null: none. */
  override: string | null;
}

export interface RememberedTree {
  files: MemoFile[];
  found: string[];
}

export type Input = [InputKind, string, string];

interface Stored {
  build?: unknown;
  key?: unknown;
  inputs?: unknown;
  files?: unknown;
  found?: unknown;
}

const safePath = (rel: unknown): rel is string =>
  typeof rel === 'string' && (rel === '.' || (rel !== '' && !rel.includes('\0') && !rel.startsWith('/') && !rel.split('/').some((p) => p === '..' || p === '' || p === '.')));

const isFile = (f: unknown): f is MemoFile => {
  const m = f as MemoFile;
  return (
    typeof m === 'object' && m !== null && typeof m.path === 'string' && typeof m.template === 'string' && typeof m.version === 'string' &&
    (m.digest === null || typeof m.digest === 'string') && (m.override === null || typeof m.override === 'string') && (m.living === undefined || m.living === true) && (m.covered === undefined || typeof m.covered === 'string') && (m.was === undefined || safePath(m.was))
  );
};

/** The memo's key: everything the rendering reads that is not a path (the configuration, the date, the lock's files, the ADR counts). */
export const treeKey = (config: DocpactConfig, date: string, lockFiles: Iterable<string>, counts: number[]): string =>
  sha256(JSON.stringify({ config, date, lock: [...lockFiles].sort(), counts }));

/** Each template's override text, as its digest (null: none), read now. */
function overrideOf(root: Root, overrides: string | undefined): (template: string) => string | null {
  // No override folder: no override (one lstat, not one open per template).
  if (!overrides || !exists(root, overrides)) return () => null;
  const seen = new Map<string, string | null>();
  return (template) => {
    let d = seen.get(template);
    if (d === undefined) {
      const text = readText(root, `${overrides}/${template}.hbs`);
      seen.set(template, (d = text === null ? null : sha256(text)));
    }
    return d;
  };
}

/**
 * The tree remembered for `key` (in the cache file `name`), when every input
 * still has the stamp it had, and every override its text; else null. With
 * the inputs it was rendered from, as stamped.
 */
export function rememberedTree(root: Root, key: string, overrides: string | undefined, name = CACHE): (RememberedTree & { inputs: Input[] }) | null {
  const kept = readCache<Stored>(root, name);
  if (!kept || kept.build !== BUILD || kept.key !== key || !Array.isArray(kept.inputs) || !Array.isArray(kept.files) || !Array.isArray(kept.found)) return null;
  const inputs = kept.inputs as unknown[];
  // docpact.yaml first: a memo that came with the repository cannot know its stamp, so nothing else in it is looked at.
  const first = inputs[0] as Input | undefined;
  if (!Array.isArray(first) || first[0] !== 'file' || first[1] !== CONFIG_FILE) return null;
  for (const i of inputs) {
    if (!Array.isArray(i) || i.length !== 3 || !['file', 'dir', 'path', 'up'].includes(i[0]) || !safePath(i[1]) || typeof i[2] !== 'string') return null;
    if (inputStamp(root, i[0] as InputKind, i[1]) !== i[2]) return null;
  }
  if (!kept.files.every(isFile) || !kept.found.every((f) => typeof f === 'string')) return null;
  try {
    const override = overrideOf(root, overrides);
    if (!(kept.files as MemoFile[]).every((f) => override(f.template) === f.override)) return null;
  } catch {
    return null; // an override docpact refuses to read: the rendering says so
  }
  return { files: kept.files as MemoFile[], found: kept.found as string[], inputs: inputs as Input[] };
}

/**
 * Collects what one rendering of the tree read (`trace`, for a root's
 * `Root.trace` and the tree's reads), then stamps it: `stamps()` right after
 * the rendering, `save()` once the plan is applied.
 */
export class TreeInputs {
  private readonly seen = new Map<string, InputKind>([[CONFIG_FILE, 'file']]);
  /** Inputs changed after this are not settled: the run started later than two seconds after it. */
  private readonly before = Date.now() - SETTLE_MS;

  /** `overrides`: the override folder, whose files are remembered by their text (`overrides()`), not traced. */
  constructor(private readonly overrides: string | undefined) {}

  readonly trace = (rel: string, kind: 'file' | 'dir' | 'path'): void => {
    if (this.overrides && (rel === this.overrides || rel.startsWith(`${this.overrides}/`))) return;
    const had = this.seen.get(rel);
    // A path read counts as read, a path read and listed as listed.
    if (had === undefined || RANK[kind] > RANK[had]) this.seen.set(rel, kind);
  };

  /** Every input with its stamp now, ancestors first; null when one cannot be trusted (not settled, a link, changed by `planned`). */
  stamps(root: Root, planned: (rel: string) => boolean): Input[] | null {
    const ups = new Set<string>();
    for (const rel of this.seen.keys()) for (let at = rel.lastIndexOf('/'); at > 0; at = rel.lastIndexOf('/', at - 1)) ups.add(rel.slice(0, at));
    const order: [InputKind, string][] = [[this.seen.get(CONFIG_FILE) as InputKind, CONFIG_FILE]];
    for (const d of [...ups].sort()) if (!this.seen.has(d)) order.push(['up', d]);
    for (const [rel, kind] of this.seen) if (rel !== CONFIG_FILE) order.push([kind, rel]);
    const quiet = new Map<string, boolean>();
    const out: Input[] = [];
    for (const [kind, rel] of order) {
      if (planned(rel)) return null;
      const stamp = inputStamp(root, kind, rel, this.before);
      if (stamp === null) return null;
      if ((stamp === 'absent' || kind === 'path') && !quietFolder(root, rel, this.before, quiet)) return null;
      out.push([kind, rel, stamp]);
    }
    return out;
  }

  /**
   * Each file's override digest as its rendering used it, read again: the
   * template version the rendering recorded (`override:` and a digest
   * prefix, or docpact's version) must name the same text; null when one
   * changed meanwhile.
   */
  overridesOf(root: Root, files: { template: string; version: string }[]): (string | null)[] | null {
    const override = overrideOf(root, this.overrides);
    const out: (string | null)[] = [];
    for (const f of files) {
      const d = override(f.template);
      if (f.version !== (d === null ? VERSION : `override:${d.slice(0, 12)}`)) return null;
      out.push(d);
    }
    return out;
  }
}

const RANK: Record<InputKind, number> = { up: 0, path: 1, file: 2, dir: 3 };

/** Remember a rendering of the tree (in the cache file `name`); best effort. */
export function rememberTree(root: Root, key: string, inputs: Input[], tree: RememberedTree, name = CACHE): void {
  writeCache(root, name, { build: BUILD, key, inputs, files: tree.files, found: tree.found });
}
