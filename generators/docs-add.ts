/**
 * `docpact docs add KIND [title]`: a new page from the kind's template, in
 * the docs engine's syntax, listed in its section index (a toctree entry,
 * or a link for MkDocs; nothing else in index.md changes) and, for an MkDocs
 * nav that lists the section, in mkdocs.yml's nav (a minimal, verified edit).
 */
import { DocpactError } from '../src/errors.js';
import { configOf, type GenContext, type Generator } from '../src/core/generator.js';
import { exists } from '../src/io/fs.js';
import { engineOf, engineTemplateData } from '../src/docs/engines/index.js';
import { addRstListed } from '../src/docs/engines/sphinx-rst.js';
import { linkOtherSources } from '../src/docs/links.js';
import { loadYamlWriter } from '../src/text/yaml.js';
import { checkSlug, prepareSlug, singleLine, slugFromTitle, slugNow } from '../src/text/slug.js';
import { render, templateSource } from '../src/templates/render.js';

/** Page kinds and the section folder each lives in. */
export const KINDS = { guide: 'guides', concept: 'concepts', app: 'apps', 'use-case': 'use-cases' } as const;
export type Kind = keyof typeof KINDS;

/** Refuse a page that exists (unless --force): `kind` is the answer so far, checked only when it names a kind. */
function pageFree(ctx: GenContext, kind: unknown, slug: string, instead: string): void {
  const section = KINDS[String(kind ?? '').toLowerCase() as Kind];
  if (!section) return;
  // The section's own page is never a new page, --force or not.
  if (slug === 'index') throw new DocpactError('input', 'A page cannot be called "index" (the section’s own page); pick another title or --slug.');
  if (ctx.force) return;
  const rel = `${configOf(ctx).paths.docs}/${section}/${slug}.md`;
  if (exists(ctx.root, rel)) throw new DocpactError('input', `${rel} already exists. ${instead}, or pass --force to replace it.`);
}

export const docsAdd: Generator = {
  name: 'docs-add',
  command: 'docs add',
  description: 'Add a docs page (guide, concept, app or use-case) and list it in its section index (and an MkDocs nav).',
  usage: 'docpact docs add <guide|concept|app|use-case> [title] [options]',
  examples: ['docpact docs add concept "Leases"', 'docpact docs add guide "Run the ledger replay" --slug ledger-replay', 'docpact docs add use-case "Podcast ingest" --dry-run'],
  needsConfig: true,
  undated: true,
  questions: [
    { name: 'kind', flag: 'kind', positional: 0, kind: 'choice', message: 'Kind of page', required: true, help: 'guide, concept, app or use-case', choices: () => Object.keys(KINDS) },
    {
      name: 'title',
      flag: 'title',
      positional: 1,
      kind: 'text',
      message: 'Page title',
      required: true,
      help: 'page title, kept exactly in the H1',
      validate: (v, ctx, a) => {
        const title = singleLine(String(v), 'title');
        // The file name comes from the title unless --slug names it: a taken page is refused here, where it is typed.
        if (a.slug === undefined || a.slug === '') {
          const slug = slugNow(title, true);
          if (slug) pageFree(ctx, a.kind, slug, 'Pick another title or --slug');
        }
        return title;
      },
    },
    {
      name: 'slug',
      flag: 'slug',
      kind: 'text',
      message: 'File name (without .md)',
      help: 'file name without .md (default: from the title)',
      validate: (v, ctx, a) => {
        const slug = checkSlug(String(v), 'page slug');
        if (slug === 'index') throw new DocpactError('input', '"index" is the section’s own page; pick another slug.');
        pageFree(ctx, a.kind, slug, 'Pick another --slug');
        return slug;
      },
    },
  ],
  async plan(ctx, a, plan) {
    const c = configOf(ctx);
    const kind = a.kind as Kind;
    const title = a.title as string;
    await prepareSlug(title);
    let slug = a.slug as string | undefined;
    if (!slug) {
      slug = slugFromTitle(title, true);
      try {
        checkSlug(slug, 'page slug');
      } catch {
        throw new DocpactError('input', `"${slug}" cannot be a file name here; pass --slug with another name.`);
      }
      if (slug === 'index') throw new DocpactError('input', 'A page cannot be called "index"; pass --slug with another name.');
    }
    const section = `${c.paths.docs}/${KINDS[kind]}`;
    const rel = `${section}/${slug}.md`;
    const template = `docs/kinds/${kind}.md`;
    if (plan.read(rel) !== null && !ctx.force) {
      throw new DocpactError('input', `${rel} already exists. Pick another title or --slug, or pass --force to replace it.`);
    }
    const read = (r: string) => plan.read(r);
    const engine = engineOf(c, read);
    // MkDocs: mkdocs.yml is read through the yaml library (exclude_docs for the pages' links, the nav).
    if (engine.family === 'mkdocs') await loadYamlWriter();
    const data = { ...engineTemplateData(engine, c, read), title: engine.escape(title), kind };
    plan.write(rel, linkOtherSources(render(templateSource(ctx.root, c), template, data), rel, read), template);
    const indexRel = `${section}/index.md`;
    const index = plan.read(indexRel);
    const listedIn = [indexRel];
    // A joined Sphinx project may have the section's index in rST (docpact then writes no index.md beside it): the page joins its toctree.
    const rstRel = `${section}/index.rst`;
    const rst = index === null && engine.family === 'sphinx' ? plan.read(rstRel) : null;
    if (rst !== null) {
      const next = addRstListed(rst, slug);
      if (next === null) throw new DocpactError('config', `${rstRel} has no toctree to list the page in. Add a ".. toctree::" block, then run again.`);
      if (next !== rst) plan.put({ path: rstRel, kind: 'modify', before: rst, after: next, reason: `list ${slug} in its toctree` });
      listedIn[0] = rstRel;
    } else {
      if (index === null) throw new DocpactError('config', `${indexRel} is missing; run "docpact init" to restore the section, then add the page.`);
      const next = engine.addListed(index, { slug, title });
      if (next === null) throw new DocpactError('config', `${indexRel} has no toctree to list the page in. Add a {toctree} block, then run again.`);
      plan.write(indexRel, next);
    }
    if (engine.family === 'mkdocs') {
      const nav = engine.navAdd(c, read, `${KINDS[kind]}/index`, `${KINDS[kind]}/${slug}`);
      if (nav) {
        plan.put({ path: nav.path, kind: 'modify', before: nav.before, after: nav.after, reason: nav.reason });
        listedIn.push(`the nav of ${nav.path}`);
      }
    }
    Object.assign(plan.result, { kind, title, file: rel });
    plan.notes.push(`Added ${kind} page ${rel} and listed it in ${listedIn.join(' and ')}.`);
  },
};
