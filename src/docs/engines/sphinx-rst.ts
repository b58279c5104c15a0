/**
 * Sphinx with a reStructuredText root document (index.rst): docpact's pages
 * are MyST as in sphinx-myst.ts (joining enables MyST in conf.py), and its
 * sections are listed in the root's `.. toctree::` in rST syntax.
 */
import { findRstToctrees, globToRegex } from '../toctree.js';
import { eolOf } from '../../text/markdown.js';
import { sphinxEngine } from './sphinx-myst.js';

/** Add `entries` to an rST root document's first toctree (in its indentation), or a new toctree at its end. */
function addRstRoot(text: string, entries: string[]): string {
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const tree = findRstToctrees(text)[0];
  if (!tree) {
    const block = ['.. toctree::', '   :maxdepth: 2', '   :caption: Governance', '', ...entries.map((e) => `   ${e}`)];
    return text.replace(/\s*$/, '') + eol + eol + block.join(eol) + eol;
  }
  const listed = new Set(tree.entries.map((e) => e.target.replace(/\.(rst|md)$/, '')));
  const todo = entries.filter((e) => !listed.has(e));
  if (!todo.length) return text;
  const body = lines.slice(tree.startLine, tree.endLine).find((l) => l.trim());
  const indent = body ? (/^(\s*)/.exec(body) as RegExpExecArray)[1] : '   ';
  const add = todo.map((e) => indent + e);
  const last = tree.entries.at(-1);
  if (last) lines.splice(last.line, 0, ...add);
  else {
    // Options only: entries follow a blank line after them.
    let at = tree.startLine;
    while (at < lines.length && lines[at].trim() !== '' && /^\s/.test(lines[at])) at++;
    lines.splice(at, 0, '', ...add);
  }
  return lines.join(eol);
}

/**
 * A section index of the project's own in rST (concepts/index.rst, where
 * docpact writes no index.md beside it) with the page `slug` listed: a line
 * added to its first toctree, in its indentation; the text as it is when a
 * toctree lists the page already (by name or by a :glob: pattern); null when
 * it has no toctree.
 */
export function addRstListed(text: string, slug: string): string | null {
  const trees = findRstToctrees(text);
  if (!trees.length) return null;
  const listed = (t: (typeof trees)[number]) => t.entries.some((e) => (t.glob ? globToRegex(e.target).test(slug) : e.target.replace(/\.(rst|md)$/, '') === slug));
  if (trees.some(listed)) return text;
  return addRstRoot(text, [slug]);
}

export const sphinxRst = sphinxEngine('sphinx-rst', '.rst', addRstRoot);
