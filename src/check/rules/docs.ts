/** Docs tree: every toctree entry exists, every page is reachable from the root. */
import path from 'node:path';
import { findToctrees } from '../../docs/toctree.js';
import { walkFiles } from '../../io/fs.js';
import { problem, type Problem, type Repo } from '../problem.js';

export interface DocsTree {
  /** Docname (path without .md, relative to the source dir) → repo-relative file. */
  pages: Map<string, string>;
  /** Docname → docnames it lists in toctrees, with the entry's line. */
  links: Map<string, { target: string; line: number; raw: string }[]>;
  orphanOk: Set<string>;
}

/** A toctree glob as Sphinx reads it: `*` and `?` within one folder, `[...]` / `[!...]` classes. */
function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    const close = c === '[' ? glob.indexOf(']', i + 2) : -1;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (close !== -1) {
      const body = glob.slice(i + 1, close);
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function readDocsTree({ root, config, read }: Repo): DocsTree {
  const src = config.paths.docs;
  const files = walkFiles(root, src, (name) => name.startsWith('.') || name === '_build' || name === '_static' || name === '_templates');
  const pages = new Map<string, string>();
  for (const f of files) if (f.endsWith('.md')) pages.set(f.slice(src.length + 1, -3), f);
  const links = new Map<string, { target: string; line: number; raw: string }[]>();
  const orphanOk = new Set<string>();
  for (const [doc, file] of pages) {
    const text = read(file) ?? '';
    if (text.startsWith('---') && /^---\r?\n(?:[\s\S]*?\r?\n)?orphan:\s*true\s*\r?\n[\s\S]*?---/.test(text)) orphanOk.add(doc);
    const entries: { target: string; line: number; raw: string }[] = [];
    links.set(doc, entries);
    if (!text.includes('{toctree}')) continue;
    for (const tree of findToctrees(text)) {
      for (const e of tree.entries) {
        if (e.target === 'self' || /^[a-z]+:\/\//i.test(e.target)) continue;
        const clean = e.target.replace(/\.md$/, '');
        const resolved = clean.startsWith('/') ? clean.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(doc), clean));
        if (tree.glob && /[*?]/.test(resolved)) {
          const re = globToRegex(resolved);
          for (const d of pages.keys()) if (re.test(d) && d !== doc) entries.push({ target: d, line: e.line, raw: e.target });
        } else entries.push({ target: resolved, line: e.line, raw: e.target });
      }
    }
  }
  return { pages, links, orphanOk };
}

export function checkDocs(repo: Repo, tree: DocsTree): Problem[] {
  const out: Problem[] = [];
  for (const [doc, entries] of tree.links) {
    for (const e of entries) {
      if (!tree.pages.has(e.target)) {
        const page = `${repo.config.paths.docs}/${e.target}.md`;
        out.push(problem(tree.pages.get(doc) as string, e.line, 'docs/missing-entry', `toctree entry "${e.raw}" names no page (${page}); restore the page, or delete the entry ("docpact check --fix" does that for pages docpact generated)`));
      }
    }
  }
  for (const doc of unreachable(tree)) {
    out.push(problem(tree.pages.get(doc) as string, 1, 'docs/orphan', 'no toctree reaches this page; list it in its section index (or add "orphan: true" front matter)'));
  }
  return out;
}

/** Pages no toctree chain from the root index reaches. */
export function unreachable(tree: DocsTree): string[] {
  const seen = new Set<string>(['index']);
  const queue = ['index'];
  while (queue.length) {
    for (const e of tree.links.get(queue.shift() as string) ?? []) {
      if (!seen.has(e.target) && tree.pages.has(e.target)) {
        seen.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return [...tree.pages.keys()].filter((d) => !seen.has(d) && !tree.orphanOk.has(d)).sort();
}

/** Toctree entries naming pages that are gone, per listing page (for --fix). */
export function missingEntries(repo: Repo, tree: DocsTree): { file: string; line: number; page: string }[] {
  const out: { file: string; line: number; page: string }[] = [];
  for (const [doc, entries] of tree.links) {
    for (const e of entries) if (!tree.pages.has(e.target)) out.push({ file: tree.pages.get(doc) as string, line: e.line, page: `${repo.config.paths.docs}/${e.target}.md` });
  }
  return out;
}
