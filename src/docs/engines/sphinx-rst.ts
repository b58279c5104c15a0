/**
 * Sphinx with a reStructuredText root document (index.rst): docpact's pages
 * are MyST as in sphinx-myst.ts (joining enables MyST in conf.py), and its
 * sections are listed in the root's `.. toctree::` in rST syntax.
 */
import { entryTarget, findRstToctrees, listsDoc } from '../toctree.js';
import { eolOf } from '../../text/markdown.js';
import { sphinxEngine } from './sphinx-myst.js';

/**
 * Add `entries` to an rST root document's first toctree (in its
 * indentation), or a new toctree at its end; an entry one of its toctrees
 * lists already (a team's "Administrative" toctree naming adr/index.rst) is
 * not listed twice.
 */
function addRstRoot(text: string, entries: string[]): string {
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const trees = findRstToctrees(text);
  const tree = trees[0];
  if (!tree) {
    const block = ['.. toctree::', '   :maxdepth: 2', '   :caption: Governance', '', ...entries.map((e) => `   ${e}`)];
    return text.replace(/\s*$/, '') + eol + eol + block.join(eol) + eol;
  }
  const todo = entries.filter((e) => !listsDoc(trees, entryTarget(e)));
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
  return listsDoc(trees, slug) ? text : addRstRoot(text, [slug]);
}

export const sphinxRst = sphinxEngine('sphinx-rst', '.rst', addRstRoot);
