/**
 * Links to files that are renamed, and rewriting them: Markdown links and
 * reference definitions (and, when asked, an ADR id in their text), `{doc}`
 * roles and explicit toctree entries. `rewriteLinks` is pure (text in, text
 * out); `planRenameLinks` applies it to every page docpact knows — the docs
 * source, every ADR series, chat messages not yet sealed — inside a plan, and
 * reports the links it must not edit (sealed messages). `adr renumber` and
 * `adr migrate` both rename files through it.
 */
import path from 'node:path';
import type { DocpactConfig } from '../config/schema.js';
import type { PlanBuilder } from '../core/plan.js';
import { findLinks, isExternal, linkPath, resolveDoc, resolveLink } from '../docs/links.js';
import { findToctrees } from '../docs/toctree.js';
import { CLOSURE_FILES, META_FILE, parseMeta } from '../chat/thread.js';
import { listDir, listSubdirs, walkFiles } from '../io/fs.js';
import { seriesConfigs } from './series.js';

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

/** Every Markdown page docpact may rewrite links in, as the plan leaves them: docs source, each ADR series, chat messages (with whether each is sealed). */
export function knownPages(plan: PlanBuilder, config: DocpactConfig): { pages: string[]; chats: { file: string; sealed: boolean }[] } {
  const chatsDir = config.paths.chats;
  const skip = (name: string) => name.startsWith('.') || name === '_build';
  const pages = new Set(walkFiles(plan.root, config.paths.docs, skip).filter((f) => f.endsWith('.md') && !(chatsDir && f.startsWith(`${chatsDir}/`))));
  for (const c of seriesConfigs(config)) for (const name of listDir(plan.root, c.paths.adr)) if (name.endsWith('.md')) pages.add(`${c.paths.adr}/${name}`);
  const chats: { file: string; sealed: boolean }[] = [];
  if (chatsDir) {
    for (const slug of listSubdirs(plan.root, chatsDir).sort()) {
      const dir = `${chatsDir}/${slug}`;
      const sealed = sealedNames(plan.read(`${dir}/${META_FILE}`), `${dir}/${META_FILE}`);
      for (const name of listDir(plan.root, dir).sort()) {
        if (name.endsWith('.md')) {
          chats.push({ file: `${dir}/${name}`, sealed: sealed(name) });
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
 * page (renumber's bare ids); it returns the new text and its lines.
 */
export function planRenameLinks(
  plan: PlanBuilder,
  config: DocpactConfig,
  renames: Rename[],
  extra?: (file: string, text: string) => Rewrite,
): { rewritten: FileLines[]; sealed: FileLines[] } {
  const docsRoot = config.paths.docs;
  const { pages, chats } = knownPages(plan, config);
  const all = new Set(pages);
  for (const r of renames) {
    all.delete(r.from);
    if (r.to.endsWith('.md')) all.add(r.to);
  }
  const rewritten: FileLines[] = [];
  const sealed: FileLines[] = [];
  const visit = (file: string, locked: boolean) => {
    const text = plan.read(file);
    if (text === null) return;
    let next = rewriteLinks(text, { file, doc: docOf(file, docsRoot), docsRoot }, renames);
    if (extra && !locked) {
      const more = extra(file, next.text);
      next = { text: more.text, lines: [...new Set([...next.lines, ...more.lines])].sort((a, b) => a - b) };
    }
    if (!next.lines.length) return;
    if (locked) return void sealed.push({ file, lines: next.lines });
    if (next.text === text) return;
    plan.write(file, next.text);
    rewritten.push({ file, lines: next.lines });
  };
  for (const file of [...all].sort()) visit(file, false);
  for (const c of chats) visit(c.file, c.sealed);
  return { rewritten, sealed };
}
