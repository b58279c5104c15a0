/**
 * MyST toctrees: find them, list their entries, add an entry. Used by init,
 * `docs add`, and check's reachability rule (the same parser everywhere).
 */
import { eolOf } from '../text/markdown.js';

export interface TocEntry {
  /** Document path as written, resolved by Sphinx relative to the page. */
  target: string;
  line: number; // 1-based
}

export interface Toctree {
  startLine: number; // 1-based line of the opening fence
  endLine: number; // 1-based line of the closing fence
  glob: boolean;
  entries: TocEntry[];
}

const OPEN = /^(`{3,}|~{3,})\s*\{toctree\}/;

export function findToctrees(text: string): Toctree[] {
  const lines = text.split(/\r?\n/);
  const out: Toctree[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = OPEN.exec(lines[i]);
    if (!m) {
      // Skip over other fenced blocks so a toctree shown as an example is not read.
      const other = /^(`{3,}|~{3,})/.exec(lines[i]);
      if (other) {
        const close = other[1];
        for (i++; i < lines.length && !lines[i].startsWith(close); i++);
      }
      continue;
    }
    const fence = m[1];
    const tree: Toctree = { startLine: i + 1, endLine: lines.length, glob: false, entries: [] };
    // MyST's YAML option block right after the fence (`---`, `maxdepth: 2`, `glob:`, `---`) holds options, not pages.
    if (lines[i + 1]?.trim() === '---') {
      const end = lines.findIndex((l, j) => j > i + 1 && (l.trim() === '---' || l.startsWith(fence)));
      if (end !== -1 && lines[end].trim() === '---') {
        tree.glob = lines.slice(i + 2, end).some((l) => /^\s*glob\s*:\s*(true|True|yes)?\s*$/.test(l));
        i = end;
      }
    }
    for (i++; i < lines.length; i++) {
      const line = lines[i].trim();
      if (lines[i].startsWith(fence) && line.replace(/[`~]/g, '') === '') {
        tree.endLine = i + 1;
        break;
      }
      if (line === '' || /^(<{7}|\|{7}|={7}|>{7})( |$)/.test(line)) continue; // blank, or a git conflict marker
      readLine(tree, line, i + 1);
    }
    out.push(tree);
  }
  return out;
}

/** Does one of these toctrees list the document `doc` (by name, with or without its extension, or by a :glob: pattern)? */
export const listsDoc = (trees: Toctree[], doc: string) =>
  trees.some((t) => t.entries.some((e) => (t.glob && /[*?[]/.test(e.target) ? globToRegex(e.target).test(doc) : e.target.replace(/^\.?\//, '').replace(/\.(rst|md|txt)$/, '') === doc)));

/** The document an entry names: `Title <target>` or `target`. */
export const entryTarget = (entry: string) => /<([^<>]+)>\s*$/.exec(entry)?.[1] ?? entry;

/**
 * Add `entry` (`target`, or `Title <target>`) to the first toctree (at its
 * end) unless one of the page's toctrees lists its target already. Returns
 * the new text, or null when the page has no toctree.
 */
export function addToctreeEntry(text: string, entry: string): string | null {
  const trees = findToctrees(text);
  if (!trees.length) return null;
  if (listsDoc(trees, entryTarget(entry))) return text;
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const tree = trees[0];
  let at = tree.endLine - 1; // index of the closing fence
  // Keep the options' blank separator: insert after the last entry, or after the blank line.
  if (!tree.entries.length && lines[at - 1]?.startsWith(':')) lines.splice(at++, 0, '');
  lines.splice(at, 0, entry);
  return lines.join(eol);
}

/** One trimmed line of a toctree body (MyST or rST): an option (`:glob:` noted) or an entry, `Title <target>` or `target`. */
function readLine(tree: Toctree, line: string, lineNo: number): void {
  if (line.startsWith(':')) {
    if (/^:glob:/.test(line)) tree.glob = true;
    return;
  }
  const explicit = /<([^<>]+)>\s*$/.exec(line);
  tree.entries.push({ target: explicit ? explicit[1] : line, line: lineNo });
}

/** reStructuredText `.. toctree::` directives (an existing Sphinx project's root), read like MyST ones. */
export function findRstToctrees(text: string): Toctree[] {
  const lines = text.split(/\r?\n/);
  const out: Toctree[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\.\.\s+toctree::/.test(lines[i])) continue;
    const base = /^(\s*)/.exec(lines[i])?.[1].length ?? 0;
    const tree: Toctree = { startLine: i + 1, endLine: lines.length, glob: false, entries: [] };
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      if ((/^(\s*)/.exec(line)?.[1].length ?? 0) <= base) {
        tree.endLine = i;
        i--;
        break;
      }
      readLine(tree, line.trim(), i + 1);
    }
    out.push(tree);
  }
  return out;
}

/** Remove the toctree entry on 1-based `line` (as findToctrees reported it); null if it is not an entry. */
export function removeToctreeEntry(text: string, line: number): string | null {
  if (!findToctrees(text).some((t) => t.entries.some((e) => e.line === line))) return null;
  const lines = text.split(/\r?\n/);
  lines.splice(line - 1, 1);
  return lines.join(eolOf(text));
}

/** A toctree glob as Sphinx reads it: `*` and `?` within one folder, `[...]` / `[!...]` classes. */
export function globToRegex(glob: string): RegExp {
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
