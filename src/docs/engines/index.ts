/**
 * Docs engines as data, like ADR formats (src/adr/formats/): one module per
 * engine says what a page, a listing (toctree or nav entry), a
 * cross-reference, a glossary, the root document and the join edit (conf.py,
 * mkdocs.yml) look like there, and how CI builds the docs. Everything that
 * writes or reads docs pages asks the engine of the repository's
 * `docs.engine`, so the generators, sync and check are the same for each.
 *
 * - sphinx-myst: Sphinx with MyST pages and a Markdown root document (docpact's own tree);
 * - sphinx-rst: the same pages in a Sphinx project whose root document is reStructuredText;
 * - mkdocs: plain Markdown pages MkDocs builds, listed in mkdocs.yml's nav.
 */
import { adrLinks, indexDocname, seriesOf } from '../../adr/series.js';
import type { DocpactConfig } from '../../config/schema.js';
import { mkdocs } from './mkdocs.js';
import { rootDocOf } from './sphinx-conf.js';
import { sphinxMyst } from './sphinx-myst.js';
import { sphinxRst } from './sphinx-rst.js';
import type { DocsEngine, EngineName } from './types.js';

export type * from './types.js';
export { arg, cannotEdit, relativeDoc, requirementsPath } from './types.js';

export const ENGINES: Record<EngineName, DocsEngine> = { 'sphinx-myst': sphinxMyst, 'sphinx-rst': sphinxRst, mkdocs };

/**
 * The engine of a repository: MkDocs, or Sphinx — with a reStructuredText
 * root document when `read` shows one (that only changes how the root lists
 * docpact's sections; the pages are the same).
 */
export function engineOf(c: DocpactConfig, read?: (rel: string) => string | null): DocsEngine {
  if (c.docs.engine === 'mkdocs') return mkdocs;
  if (!read) return sphinxMyst;
  const root = `${c.paths.docs}/${rootDocOf(read(sphinxMyst.configFile(c)) ?? '')}`;
  return read(`${root}.md`) === null && (read(`${root}.rst`) !== null || read(`${root}.txt`) !== null) ? sphinxRst : sphinxMyst;
}

/**
 * The ADR index as a docname of the site (`adr/index`), or null when the
 * site does not build it: outside the docs source, or a file the engine's
 * configuration leaves out (a team's `exclude_patterns = ["adr/*"]`). No
 * toctree, nav entry or cross-reference then names it.
 */
export function siteIndexDocname(c: DocpactConfig, read: (rel: string) => string | null): string | null {
  const doc = indexDocname(c);
  if (doc === null) return null;
  const excluded = engineOf(c, read).excluded(c, read);
  return excluded?.(seriesOf(c).index.slice(c.paths.docs.length + 1)) ? null : doc;
}

/**
 * What templates take from the engine: `myst` (for the sentences that
 * differ), the docs build command, the ADR index's names (adrLinks), and
 * `doc` / `term` for cross-references
 * from a section page (`{{doc "decisions" adrUp}}`, `{{term "Ledger"}}`:
 * Handlebars calls a function of the data like a helper).
 */
export function engineTemplateData(engine: DocsEngine, c: DocpactConfig, read: (rel: string) => string | null) {
  const root = engine.rootDoc(c, read);
  return {
    // The ADR index, linked only where the site builds it.
    ...adrLinks(c, siteIndexDocname(c, read)),
    myst: engine.myst,
    docsBuild: engine.build(c).command,
    rootDoc: root ?? 'index',
    rootUp: root ? `../${root}` : '',
    doc: (text: string, target: unknown) => engine.xref(text, typeof target === 'string' ? target : ''),
    term: (term: string) => engine.term(term, '../glossary'),
  };
}
