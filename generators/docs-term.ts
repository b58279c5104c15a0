/**
 * `docpact docs term TERM [definition]`: add a glossary entry in sorted
 * (case-insensitive) position, in the docs engine's glossary format (a MyST
 * `{glossary}` block, or one heading per term for MkDocs); a term already
 * defined is refused.
 */
import { DocpactError } from '../src/errors.js';
import { configOf, type Generator } from '../src/core/generator.js';
import { engineOf } from '../src/docs/engines/index.js';
import { readText } from '../src/io/fs.js';
import { escapeMyst } from '../src/text/markdown.js';
import { singleLine } from '../src/text/slug.js';

/** Glossary lines must not look like a fence, an option or a continuation. */
function glossaryLine(value: unknown, what: string): string {
  const text = singleLine(String(value), what, 500);
  if (/^(```|~~~|:)/.test(text)) throw new DocpactError('input', `The ${what} cannot start with "${text.slice(0, 3)}".`);
  return text;
}

export const docsTerm: Generator = {
  name: 'docs-term',
  command: 'docs term',
  description: 'Add a term to the glossary, kept in alphabetical order.',
  usage: 'docpact docs term <term> [definition] [options]',
  examples: ['docpact docs term "Lease" "Time-limited permission for one writer to change a world path."', 'docpact docs term Facet --definition "One aspect of a subject."'],
  needsConfig: true,
  undated: true,
  questions: [
    {
      name: 'term',
      flag: 'term',
      positional: 0,
      kind: 'text',
      message: 'Term',
      required: true,
      help: 'the term, as it should appear',
      // A term already defined is refused here, before the definition is asked for.
      validate: (v, ctx) => {
        const term = glossaryLine(v, 'term');
        const rel = `${configOf(ctx).paths.docs}/glossary.md`;
        const engine = engineOf(configOf(ctx));
        const dup = engine.glossary.terms(readText(ctx.root, rel) ?? '').find((t) => t.term.toLowerCase() === engine.escape(term).toLowerCase());
        if (dup) throw new DocpactError('input', `The glossary already defines "${dup.term}" (${rel}:${dup.line}). Edit that entry instead, or pick another term.`);
        return term;
      },
    },
    { name: 'definition', flag: 'definition', positional: 1, kind: 'text', message: 'Definition (one line)', required: true, help: 'one-line definition', validate: (v) => glossaryLine(v, 'definition') },
  ],
  plan(ctx, a, plan) {
    const c = configOf(ctx);
    const rel = `${c.paths.docs}/glossary.md`;
    const text = plan.read(rel);
    if (text === null) {
      // A joined Sphinx project's own glossary.rst: docpact writes no glossary.md beside it, and does not edit the project's page.
      const own = ['.rst', '.txt'].map((e) => rel.replace(/\.md$/, e)).find((f) => plan.read(f) !== null);
      if (own) throw new DocpactError('input', `${own} is the project's glossary, which docpact does not edit: add "${a.term as string}" there.`);
      throw new DocpactError('config', `${rel} is missing; run "docpact init" to restore it.`);
    }
    const engine = engineOf(c);
    // A MyST definition may link with roles ({doc}, {term}, {ref}): the site shows the glossary.
    const definition = engine.myst ? escapeMyst(a.definition as string, { roles: true }) : engine.escape(a.definition as string);
    plan.write(rel, engine.glossary.insert(text, { term: engine.escape(a.term as string), definition }, rel));
    Object.assign(plan.result, { term: a.term, file: rel });
    plan.notes.push(`Defined "${a.term}" in ${rel}. Link to it with ${engine.term(a.term as string, 'glossary')}.`);
  },
};
