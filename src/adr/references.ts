/**
 * Links to files that are renamed, and rewriting them: Markdown links and
 * reference definitions (and, when asked, an ADR id in their text), `{doc}`
 * roles and explicit toctree entries. `rewriteLinks` is pure (text in, text
 * out); `planRenameLinks` applies it to every page docpact knows — the docs
 * source, every ADR series, chat messages not yet sealed — inside a plan, and
 * reports the links it must not edit (sealed messages). `adr renumber` and
 * `adr migrate` both rename files through it.
 */
import type fs from 'node:fs';
import path from 'node:path';
import type { DocpactConfig } from '../config/schema.js';
import type { PlanBuilder } from '../core/plan.js';
import { findLinks, isExternal, linkPath, resolveDoc, resolveLink } from '../docs/links.js';
import { findToctrees } from '../docs/toctree.js';
import { CLOSURE_FILES, META_FILE, parseMeta } from '../chat/thread.js';
import { listDir, listSubdirs, walkFiles } from '../io/fs.js';
import { seriesConfigs } from './series.js';
import { settled, stampOfStats } from '../io/cache.js';
import { DigitsMemo, digitsOf, mayHold } from './memo.js';

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
 * is read then).
 */
export function knownPages(plan: PlanBuilder, config: DocpactConfig, stats?: Map<string, fs.Stats>): { pages: string[]; chats: { file: string; sealed: () => boolean }[] } {
  const chatsDir = config.paths.chats;
  const skip = (name: string) => name.startsWith('.') || name === '_build';
  const stat = stats && ((file: string, st: fs.Stats) => void stats.set(file, st));
  const walked = new Map<string, string[]>();
  const pages = new Set(walkFiles(plan.root, config.paths.docs, skip, stat, undefined, (dir, names) => void walked.set(dir, names)).filter((f) => f.endsWith('.md') && !(chatsDir && f.startsWith(`${chatsDir}/`))));
  for (const c of seriesConfigs(config)) {
    const dir = c.paths.adr;
    // A series inside the docs source was listed by the walk (a name it skips, such as ".draft.md", is added unstamped: read).
    const names = walked.get(dir);
    if (names) for (const name of names) if (name.endsWith('.md')) pages.add(`${dir}/${name}`);
    if (names) continue;
    for (const name of listDir(plan.root, dir, stat && ((n, st) => stat(`${dir}/${n}`, st)), stats && ((n) => stats.has(`${dir}/${n}`)))) if (name.endsWith('.md')) pages.add(`${dir}/${name}`);
  }
  const chats: { file: string; sealed: () => boolean }[] = [];
  if (chatsDir) {
    for (const slug of listSubdirs(plan.root, chatsDir).sort()) {
      const dir = `${chatsDir}/${slug}`;
      let names: ((name: string) => boolean) | undefined;
      const sealed = (name: string) => (names ??= sealedNames(plan.read(`${dir}/${META_FILE}`), `${dir}/${META_FILE}`))(name);
      for (const name of listDir(plan.root, dir, stat && ((n, st) => stat(`${dir}/${n}`, st))).sort()) {
        if (name.endsWith('.md')) {
          chats.push({ file: `${dir}/${name}`, sealed: () => sealed(name) });
          pages.delete(`${dir}/${name}`);
        }
      }
    }
  }
  return { pages: [...pages].sort(), chats };
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
  /** Filled with the lstat of every page the walk took (by repo path), for a caller keying a cache on them. */
  stats = new Map<string, fs.Stats>(),
): { rewritten: FileLines[]; sealed: FileLines[] } {
  const docsRoot = config.paths.docs;
  // A link, {doc} role or toctree entry naming a renamed file holds its name (without ".md"), unless it is
  // percent-encoded: a page holding none of these names (nor a "%", nor what `extraFinds` says `extra` looks
  // for) has nothing to rewrite, and is not parsed. Without `extraFinds`, `extra` sees every page.
  const needles = extra && !extraFinds ? null : [...renames.map((r) => stripMd(path.posix.basename(r.from))), '%', ...(extraFinds ?? [])];
  const mentions = (text: string) => needles === null || needles.some((n) => text.includes(n));
  // Each needle's longest digit run (an ADR file's name holds its number): a page whose remembered digits hold
  // none of them (and no "%") is not even read. Without a digit in every needle, every page is read.
  const runs = needles?.filter((n) => n !== '%').map((n) => (n.match(/\d+/g) ?? []).sort((a, b) => b.length - a.length)[0]);
  const wanted = runs && runs.every((r) => r !== undefined) ? (runs as string[]) : null;
  const digits = new DigitsMemo(plan.root);
  plan.afterApply.push(() => digits.save());
  const now = Date.now();
  const { pages, chats } = knownPages(plan, config, stats);
  const all = new Set(pages);
  for (const r of renames) {
    all.delete(r.from);
    if (r.to.endsWith('.md')) all.add(r.to);
  }
  const rewritten: FileLines[] = [];
  const sealed: FileLines[] = [];
  const visit = (file: string, locked: () => boolean) => {
    // A page the plan leaves as it is on disk, settled: its digits are remembered by its stamp.
    const st = stats.get(file);
    const stamp = st && settled(st, now) && !plan.has(file) ? stampOfStats(st) : undefined;
    const known = stamp === undefined ? undefined : digits.get(file, stamp);
    if (known !== undefined && wanted && !wanted.some((run) => mayHold(known, run))) return;
    const text = plan.read(file);
    if (text === null) return;
    if (stamp !== undefined && known === undefined) digits.set(file, stamp, digitsOf(text));
    if (!mentions(text)) return;
    let next = rewriteLinks(text, { file, doc: docOf(file, docsRoot), docsRoot }, renames);
    if (extra && !locked()) {
      const more = extra(file, next.text);
      next = { text: more.text, lines: [...new Set([...next.lines, ...more.lines])].sort((a, b) => a - b) };
    }
    if (!next.lines.length) return;
    if (locked()) return void sealed.push({ file, lines: next.lines });
    if (next.text === text) return;
    plan.write(file, next.text);
    rewritten.push({ file, lines: next.lines });
  };
  for (const file of [...all].sort()) visit(file, () => false);
  for (const c of chats) visit(c.file, c.sealed);
  return { rewritten, sealed };
}
