/**
 * Links to files that are renamed, and rewriting them: Markdown links and
 * reference definitions (and, when asked, an ADR id in their text), `{doc}`
 * roles and explicit toctree entries. `rewriteLinks` is pure (text in, text
 * out); `planRenameLinks` applies it to every page docpact knows — the docs
 * source, every ADR series, chat messages not yet sealed — inside a plan, and
 * reports the links it must not edit (sealed messages). `adr renumber` and
 * `adr migrate` both rename files through it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocpactConfig } from '../config/schema.js';
import type { PlanBuilder } from '../core/plan.js';
import { findLinks, isExternal, linkPath, resolveDoc, resolveLink } from '../docs/links.js';
import { findToctrees } from '../docs/toctree.js';
import { CLOSURE_FILES, META_FILE, parseMeta } from '../chat/thread.js';
import { inside, listDir, listSubdirs, walkFiles } from '../io/fs.js';
import { settled, stampOfStats } from '../io/cache.js';
import { seriesConfigs, seriesNumber, seriesOf } from './series.js';
import { DigitsMemo, WalkStats, digitsOf, mayHold, plannedPaths, unionOf, type Digits } from './memo.js';
import { shardingOf } from './ranges.js';

/** One file renamed: repo-relative paths before and after. */
export interface Rename {
  from: string;
  to: string;
  /** Rewrites the text of a link to the file (e.g. "ADR-0007" → "ADR-0012"); the text is kept when absent. */
  relabel?: (text: string) => string;
}

export interface PageRef {
  /** Repo-relative path of the page being rewritten. */
  file: string;
  /** Its docname when Sphinx renders it (relative to `docsRoot`, no extension), else null. */
  doc: string | null;
  docsRoot: string;
}

export interface Rewrite {
  text: string;
  /** 1-based lines of the links found (rewritten, or to report). */
  lines: number[];
}

/** Files and the 1-based lines in them. */
export interface FileLines {
  file: string;
  lines: number[];
}

const stripMd = (p: string) => p.replace(/\.md$/, '');

/** The same path with its last segment renamed, so the author's style ("./", "../adr/", no ".md") is kept. */
function renameLast(written: string, fromBase: string, toBase: string): string {
  const at = written.lastIndexOf(fromBase);
  return at === -1 ? written : written.slice(0, at) + toBase + written.slice(at + fromBase.length);
}

/** The docname of a repo file inside the docs source, or null. */
const docOf = (file: string, docsRoot: string) => (file.startsWith(`${docsRoot}/`) && file.endsWith('.md') ? stripMd(file.slice(docsRoot.length + 1)) : null);

/** Find and rewrite every link in `text` to a renamed file. */
export function rewriteLinks(text: string, page: PageRef, renames: Rename[]): Rewrite {
  const byFile = new Map(renames.map((r) => [r.from, r]));
  const byDoc = new Map<string, Rename>();
  for (const r of renames) {
    const d = docOf(r.from, page.docsRoot);
    if (d !== null) byDoc.set(d, r);
  }
  const base = (r: Rename) => ({ from: path.posix.basename(r.from), to: path.posix.basename(r.to) });
  const edits: { start: number; end: number; value: string }[] = [];
  const lines: number[] = [];
  for (const link of findLinks(text)) {
    let hit: Rename | undefined;
    if (link.kind === 'markdown' || link.kind === 'definition') {
      if (isExternal(link.target)) continue;
      const target = resolveLink(page.file, link.target, page.docsRoot);
      hit = target === null ? undefined : byFile.get(target);
      if (hit) edits.push({ start: link.start, end: link.end, value: renameLast(link.target, base(hit).from, base(hit).to) });
    } else if (link.kind === 'doc' && page.doc !== null) {
      hit = byDoc.get(resolveDoc(page.doc, link.target));
      if (hit) {
        const b = base(hit);
        const written = /\.md$/.test(link.target) ? renameLast(link.target, b.from, b.to) : renameLast(link.target, stripMd(b.from), stripMd(b.to));
        edits.push({ start: link.start, end: link.end, value: written });
      }
    }
    if (!hit) continue;
    lines.push(link.line);
    if (link.text && hit.relabel) {
      const value = hit.relabel(link.text.value);
      if (value !== link.text.value) edits.push({ start: link.text.start, end: link.text.end, value });
    }
  }
  // Toctree entries that name a renamed page itself (a glob needs nothing).
  if (page.doc !== null && byDoc.size && text.includes('{toctree}')) {
    const starts = lineStarts(text);
    for (const tree of findToctrees(text)) {
      for (const e of tree.entries) {
        const hit = byDoc.get(resolveDoc(page.doc, linkPath(e.target)));
        if (!hit) continue;
        const from = stripMd(path.posix.basename(hit.from));
        const lineStart = starts[e.line - 1];
        const lineText = text.slice(lineStart, starts[e.line] ?? text.length);
        const at = lineText.lastIndexOf(from);
        if (at === -1) continue;
        edits.push({ start: lineStart + at, end: lineStart + at + from.length, value: stripMd(path.posix.basename(hit.to)) });
        lines.push(e.line);
      }
    }
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.value + out.slice(e.end);
  return { text: out, lines: [...new Set(lines)].sort((a, b) => a - b) };
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** Which files of a thread must not change: sealed messages and closure files (with an unreadable meta.yaml, all of them). */
export function sealedNames(text: string | null, file: string): (name: string) => boolean {
  const closure = (name: string) => CLOSURE_FILES.includes(name);
  if (text === null) return () => true;
  try {
    const meta = parseMeta(text, file);
    const sealed = new Set(meta.messages.filter((m) => m.sha256 !== null || meta.status === 'closed').map((m) => m.file));
    return (name) => closure(name) || sealed.has(name);
  } catch {
    return () => true;
  }
}

/**
 * Every Markdown page docpact may rewrite links in, as the plan leaves them:
 * docs source, each ADR series, chat messages (with whether each is sealed,
 * asked only of a message that has a link to rewrite: its thread's meta.yaml
 * is read then). Only a Markdown file's lstat is taken: nothing else is a page.
 */
export interface KnownPages {
  pages: string[];
  chats: { file: string; thread: string; sealed: () => boolean }[];
  /** Each folder the walk listed, with all its names (as `listDir` gives them): a caller need not list it again. */
  listed: Map<string, string[]>;
  /** The lstat of each page (a Markdown file) the listings took. */
  stats: WalkStats;
  /** What the pages' groups could name, and the thread folders' listings, remembered (page-digits.json, thread-listings.json). */
  digits: DigitsMemo;
}

export function knownPages(plan: PlanBuilder, config: DocpactConfig, stats = new WalkStats()): KnownPages {
  const digits = new DigitsMemo(plan.root);
  plan.afterApply.push(() => digits.save());
  const now = Date.now();
  const chatsDir = config.paths.chats;
  const skip = (name: string) => name.startsWith('.') || name === '_build';
  const stat = (file: string, st: fs.Stats) => stats.keep(file, st);
  const notPage = (name: string) => !name.endsWith('.md');
  const walked = new Map<string, string[]>();
  const chatsPrefix = `${chatsDir}/`;
  const inChats = (f: string) => chatsDir && f.startsWith(chatsPrefix);
  const pages = new Set(walkFiles(plan.root, config.paths.docs, skip, stat, undefined, (dir, names) => void walked.set(dir, names), notPage).filter((f) => f.endsWith('.md') && !inChats(f)));
  // The walk's pages come sorted; only a page added below is sorted in again.
  let added = false;
  for (const c of seriesConfigs(config)) {
    const dir = c.paths.adr;
    // A series inside the docs source was listed by the walk, which gave its pages already, but for a name it skips
    // (such as ".draft.md": added unstamped, so read) or does not take as a file.
    let names = walked.get(dir);
    if (!names) walked.set(dir, (names = listDir(plan.root, dir, (n, st) => stat(`${dir}/${n}`, st), (n) => notPage(n) || stats.has(`${dir}/${n}`))));
    for (const name of names) {
      if (!name.endsWith('.md')) continue;
      const page = `${dir}/${name}`;
      if (!pages.has(page)) pages.add(page), (added = true);
    }
  }
  const chats: { file: string; thread: string; sealed: () => boolean }[] = [];
  if (chatsDir) {
    // The threads' folder's path, made once: a thread's is it and the name a listing gave.
    let chatsAbs: string | null;
    try {
      chatsAbs = chatsDir === '.' ? plan.root.dir : inside(plan.root, chatsDir);
    } catch {
      chatsAbs = null;
    }
    for (const slug of listSubdirs(plan.root, chatsDir).sort()) {
      const dir = `${chatsDir}/${slug}`;
      let names: ((name: string) => boolean) | undefined;
      const sealed = (name: string) => (names ??= sealedNames(plan.read(`${dir}/${META_FILE}`), `${dir}/${META_FILE}`))(name);
      for (const name of threadNames(plan, dir, chatsAbs === null ? null : `${chatsAbs}/${slug}`, digits, now, stat, notPage).sort()) {
        if (name.endsWith('.md')) {
          chats.push({ file: `${dir}/${name}`, thread: dir, sealed: () => sealed(name) });
          pages.delete(`${dir}/${name}`);
        }
      }
    }
  }
  const sorted = [...pages];
  return { pages: added ? sorted.sort() : sorted, chats, listed: walked, stats, digits };
}

/**
 * A thread folder's names: remembered by the folder's stamp (inode, size,
 * modification and change time, taken before it was listed, settled), else
 * listed now; either way each page in it gets its lstat, for its digits'
 * key (editing a message in place does not change its folder).
 */
function threadNames(plan: PlanBuilder, dir: string, abs: string | null, digits: DigitsMemo, now: number, stat: (file: string, st: fs.Stats) => void, notPage: (name: string) => boolean): string[] {
  if (abs === null) return listDir(plan.root, dir, (n, st) => stat(`${dir}/${n}`, st), notPage);
  // A folder, not a link to one (a link is listed, and judged, the verified way).
  const st = fs.lstatSync(abs, { throwIfNoEntry: false });
  const stamp = st?.isDirectory() && settled(st, now) ? stampOfStats(st) : undefined;
  const kept = stamp === undefined ? undefined : digits.listing(dir, stamp);
  if (kept) {
    for (const name of kept) {
      if (notPage(name)) continue;
      const page = fs.lstatSync(`${abs}/${name}`, { throwIfNoEntry: false });
      // A page that is no longer a regular file gets no stamp: its group is read, the verified way.
      if (page?.isFile()) stat(`${dir}/${name}`, page);
    }
    return kept;
  }
  const listed = listDir(plan.root, dir, (n, pst) => stat(`${dir}/${n}`, pst), notPage);
  if (stamp !== undefined) digits.setListing(dir, stamp, listed);
  return listed;
}

/** Where `item` is, or would go, in the sorted `list` (the order `sort()` gives: UTF-16 code units). */
function sortedIndex(list: string[], item: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < item) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A page that is no chat message: never sealed. */
const OPEN = () => false;

/**
 * The group whose digits a page is remembered in (`DigitsMemo`): an ADR of a
 * series by its index range, a chat message by its thread, any other page
 * on its own.
 */
function groupOf(config: DocpactConfig): (file: string) => string {
  // A range's group name is made once, not once for each of its 100 ADRs.
  const series = seriesConfigs(config).map((c) => ({ s: seriesOf(c), sharding: shardingOf(c), prefix: c.paths.adr === '.' ? '' : `${c.paths.adr}/`, names: new Map<number, string>() }));
  return (file) => {
    for (const { s, sharding, prefix, names } of series) {
      if (!file.startsWith(prefix) || file.includes('/', prefix.length)) continue;
      const n = seriesNumber(s, file);
      if (n === null) continue;
      const shard = sharding.of(n);
      let name = names.get(shard);
      if (name === undefined) names.set(shard, (name = `${prefix}\0${shard}`));
      return name;
    }
    return file;
  };
}

/**
 * These files were renamed old → new (the caller has already planned the new
 * file and the removal of the old one): rewrite every relative link, `{doc}`
 * role and toctree entry naming an old path, across docs pages, ADRs of every
 * series and open chat messages. Links in sealed chat messages and closure
 * files are reported, never edited. `extra(file, text)` may rewrite more in a
 * page (renumber's bare ids); it returns the new text and its lines, and
 * finds nothing in a page holding none of `extraFinds`.
 */
export function planRenameLinks(
  plan: PlanBuilder,
  config: DocpactConfig,
  renames: Rename[],
  extra?: (file: string, text: string) => Rewrite,
  extraFinds?: string[],
  /** The pages as `knownPages` found them, when the caller walked already (it may key a cache on their lstats). */
  known?: KnownPages,
): { rewritten: FileLines[]; sealed: FileLines[] } {
  const docsRoot = config.paths.docs;
  // A link, {doc} role or toctree entry naming a renamed file holds its name (without ".md"), unless it is
  // percent-encoded: a page holding none of these names (nor a "%", nor what `extraFinds` says `extra` looks
  // for) has nothing to rewrite, and is not parsed. Without `extraFinds`, `extra` sees every page.
  const needles = extra && !extraFinds ? null : [...renames.map((r) => stripMd(path.posix.basename(r.from))), '%', ...(extraFinds ?? [])];
  const mentions = (text: string) => needles === null || needles.some((n) => text.includes(n));
  // Each needle's longest digit run (an ADR file's name holds its number): a group of pages whose remembered
  // digits hold none of them (and no "%") is not even read. Without a digit in every needle, every page is read.
  const runs = needles?.filter((n) => n !== '%').map((n) => (n.match(/\d+/g) ?? []).sort((a, b) => b.length - a.length)[0]);
  const wanted = runs && runs.every((r) => r !== undefined) ? (runs as string[]) : null;
  const now = Date.now();
  const { pages, chats, stats, digits } = known ?? knownPages(plan, config);
  // The pages as the renames leave them, sorted. `pages` is sorted, each once: for a few renames (adr renumber's one),
  // each is taken out and put in where sorting would put it, and 14,000 names are not sorted again.
  let all: string[];
  if (renames.length <= 16) {
    all = [...pages];
    for (const r of renames) {
      const at = sortedIndex(all, r.from);
      if (all[at] === r.from) all.splice(at, 1);
      if (r.to.endsWith('.md') && all[sortedIndex(all, r.to)] !== r.to) all.splice(sortedIndex(all, r.to), 0, r.to);
    }
  } else {
    const set = new Set(pages);
    for (const r of renames) {
      set.delete(r.from);
      if (r.to.endsWith('.md')) set.add(r.to);
    }
    all = [...set].sort();
  }
  const order: { file: string; group: string; locked: () => boolean }[] = [];
  const group = groupOf(config);
  for (const file of all) order.push({ file, group: group(file), locked: OPEN });
  for (const c of chats) order.push({ file: c.file, group: `${c.thread}/`, locked: c.sealed });
  // Each group's pages; a group the plan leaves as it is on disk, every page settled, has its digits remembered by their stamps.
  const groups = new Map<string, { files: string[]; key?: string; skip?: boolean; read: Digits[] }>();
  for (const p of order) {
    const g = groups.get(p.group);
    if (g) g.files.push(p.file);
    else groups.set(p.group, { files: [p.file], read: [] });
  }
  const planned = plannedPaths(plan);
  for (const [name, g] of groups) {
    g.key = g.files.some(planned) ? undefined : stats.key(g.files, now);
    const known = g.key === undefined ? undefined : digits.get(name, g.key);
    if (known !== undefined && wanted && !wanted.some((run) => mayHold(known, run))) g.skip = true;
    else if (known !== undefined) g.key = undefined; // remembered already
  }
  const rewritten: FileLines[] = [];
  const sealed: FileLines[] = [];
  const visit = (file: string, locked: () => boolean): string | null => {
    const text = plan.read(file);
    if (text === null || !mentions(text)) return text;
    let next = rewriteLinks(text, { file, doc: docOf(file, docsRoot), docsRoot }, renames);
    if (extra && !locked()) {
      const more = extra(file, next.text);
      next = { text: more.text, lines: [...new Set([...next.lines, ...more.lines])].sort((a, b) => a - b) };
    }
    if (!next.lines.length) return text;
    if (locked()) return sealed.push({ file, lines: next.lines }), text;
    if (next.text === text) return text;
    plan.write(file, next.text);
    rewritten.push({ file, lines: next.lines });
    return text;
  };
  for (const p of order) {
    const g = groups.get(p.group) as { files: string[]; key?: string; skip?: boolean; read: Digits[] };
    if (g.skip) continue;
    const text = visit(p.file, p.locked);
    if (g.key === undefined) continue;
    if (text === null) g.key = undefined;
    else g.read.push(digitsOf(text));
  }
  // A group read whole, as it was on disk: its digits, for the next run.
  for (const [name, g] of groups) if (g.key !== undefined && g.read.length === g.files.length) digits.set(name, g.key, unionOf(g.read));
  return { rewritten, sealed };
}
