/**
 * What a docs engine is (index.ts lists them): the interface every engine
 * module implements, and the helpers they share.
 */
import path from 'node:path';
import type { DocpactConfig } from '../../config/schema.js';
import { DocpactError } from '../../errors.js';
import type { GlossaryEntry } from '../glossary.js';

export type EngineName = 'sphinx-myst' | 'sphinx-rst' | 'mkdocs';

/** A page as a listing names it. */
export interface ListedPage {
  slug: string;
  title: string;
}

/** A section of the docs as the root document or the nav lists it: its index page, and the pages under it. */
export interface NavSection {
  title: string;
  /** Docname of the section's page (guides/index, contributing). */
  doc: string;
  /** Docnames of the pages under it, when it is a folder (guides/getting-started). */
  pages?: string[];
  /** The title it is listed under where the site lists a page of `title`'s name of its own (`navTitle`). */
  alt?: string;
}

/**
 * The title docpact's section is listed under in a site it joins: its `alt`
 * where the site already lists a page of that name — by title (a nav key, a
 * toctree entry's `Title <…>`), or by a document so named
 * (`community/contributing`, `contributing/index`) — so the nav or sidebar
 * does not show "Contributing" twice; else its title.
 */
export function navTitle(s: NavSection, titles: string[], docs: string[]): string {
  if (!s.alt) return s.title;
  const name = (s.doc.split('/').pop() as string).toLowerCase();
  const own = (d: string) => {
    const p = d.replace(/\.(md|rst|txt)$/i, '').toLowerCase();
    return p !== s.doc.toLowerCase() && (p.split('/').pop() === name || p.endsWith(`${name}/index`));
  };
  return titles.some((t) => t.trim().toLowerCase() === s.title.toLowerCase()) || docs.some(own) ? s.alt : s.title;
}

/** How the glossary page holds its terms. */
export interface GlossaryFormat {
  /** The terms block for these entries (sorted). */
  render(entries: GlossaryEntry[]): string;
  /** The terms a glossary page defines, with their 1-based lines. */
  terms(text: string): { term: string; line: number }[];
  /** The page with one more term, in sorted position; a duplicate is refused. */
  insert(text: string, entry: GlossaryEntry, file: string): string;
}

/** An edit of a file the project owns (its conf.py, mkdocs.yml, root document), verified by reading it back. */
export interface JoinEdit {
  path: string;
  before: string;
  after: string;
  reason: string;
}

/** What joining the project's docs takes: the edits, and what init reports. */
export interface Join {
  edits: JoinEdit[];
  found: string[];
  /** What the user must look at (printed on stderr): e.g. a page of docpact's whose label competes with one of theirs. */
  warnings?: string[];
}

/** How the docs are built: here (the command), and in CI (requirements and steps). */
export interface DocsBuild {
  /** The command a person runs, shell-quoted. */
  command: string;
  /** requirements.txt as docpact writes it. */
  requirements: string;
  /** The workflow's steps after checkout and Python set-up that install the tested versions. */
  install: { name: string; run: string }[];
  /** The workflow's steps that build the docs, after any check of declared generators. */
  steps: { name: string; run: string }[];
}

export interface DocsEngine {
  readonly name: EngineName;
  /** `docs.engine` in docpact.yaml. */
  readonly family: DocpactConfig['docs']['engine'];
  /** Pages may use MyST roles and directives ({doc}, {term}, toctrees): templates read it as `myst`. */
  readonly myst: boolean;
  /** The engine's configuration file (conf.py, mkdocs.yml). */
  configFile(c: DocpactConfig): string;
  /** User text made literal in a page: inline Markdown kept, no live HTML, roles or links. */
  escape(text: string): string;
  /** The block a section index lists its pages with. */
  listing(pages: ListedPage[]): string;
  /** A section index with one more page listed (already listed: unchanged); null when it has no listing. */
  addListed(text: string, page: ListedPage): string | null;
  /** A section index without the listing entry on 1-based `line` (a page that is gone); null when that line is no entry. */
  removeListed(text: string, line: number): string | null;
  /** A cross-reference from a page to a document (`target`: its docname relative to the page); plain text without a target. */
  xref(text: string, target: string): string;
  /** A reference to a glossary term (`glossary`: the glossary's docname relative to the page). */
  term(term: string, glossary: string): string;
  readonly glossary: GlossaryFormat;
  /**
   * The files (relative to the docs folder, with their extension) the
   * engine's configuration keeps out of the site — Sphinx's
   * exclude_patterns, MkDocs' exclude_docs — or null when it keeps none out.
   */
  excluded(c: DocpactConfig, read: (rel: string) => string | null): ((rel: string) => boolean) | null;
  /** The root document's docname (index; conf.py's root_doc), or null when the docs have none docpact can link. */
  rootDoc(c: DocpactConfig, read: (rel: string) => string | null): string | null;
  /**
   * Join the project's own docs (init): the minimal, verified edits of its
   * configuration and root listing that make docpact's sections part of the
   * site. Throws a config error with the exact lines to change when an edit
   * cannot be made safely.
   */
  join(c: DocpactConfig, read: (rel: string) => string | null, sections: NavSection[]): Join;
  /** The edit that lists a new page (`doc`) under its section (`section`: the section's docname) beyond its section index, if the engine keeps such a list (MkDocs' nav); null when there is nothing to edit. */
  navAdd(c: DocpactConfig, read: (rel: string) => string | null, section: string, doc: string): JoinEdit | null;
  build(c: DocpactConfig): DocsBuild;
}

/** A docname relative to another page's folder: `../glossary` from concepts/x. */
export const relativeDoc = (fromDoc: string, doc: string) => path.posix.relative(path.posix.dirname(fromDoc), doc) || doc;

/** The error init stops with when the project's configuration cannot be edited safely. */
export const cannotEdit = (file: string, why: string, manual: string[]) =>
  new DocpactError('config', `${file} ${why}, and docpact will not rewrite a ${path.posix.basename(file)} it did not write. Make these changes, then run "docpact init" again:`, manual.map((l) => `  ${l}`));

/** Where the docs tree keeps its build requirements: beside the Sphinx source folder (docs/requirements.txt), beside mkdocs.yml (docs-requirements.txt). */
export const requirementsPath = (c: DocpactConfig) => {
  // MkDocs publishes every file of its docs_dir: its requirements go beside mkdocs.yml instead.
  if (c.docs.engine === 'mkdocs') return path.posix.join(path.posix.dirname(c.docs.config ?? path.posix.join(path.posix.dirname(c.paths.docs), 'mkdocs.yml')), 'docs-requirements.txt');
  return c.paths.docs.includes('/') ? `${path.posix.dirname(c.paths.docs)}/requirements.txt` : `${c.paths.docs}/requirements.txt`;
};

/** A repo-relative path as a command argument: never mistaken for an option. */
export const arg = (p: string) => (p.startsWith('-') ? `./${p}` : p);
