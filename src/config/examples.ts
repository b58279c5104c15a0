/**
 * The commented examples init writes at the end of a new docpact.yaml: merge
 * criteria (`gates:`) and generators (`generated:`) in the project's own
 * words — a docs gate per app, pointing at its page, and an ADR gate naming
 * the invariants. Commented out: only the team knows where its code lives.
 */
import type { DocpactConfig } from './schema.js';
import { slugify } from '../text/slug.js';

/** Configuration text in a comment: one line, no control characters. */
const flat = (s: string) => s.replace(/[\x00-\x1f\x7f]+/g, ' ');
const list = (items: string[], max: number) => (items.length > max ? `${items.slice(0, max).join(', ')}, …` : items.join(', '));

/** The comment's text, one string per line (yaml's Document comment prefixes each with "#"). */
export function configExamples(c: DocpactConfig): string {
  const apps = c.apps.map((title) => ({ title: flat(title), slug: slugify(title) })).filter((a) => a.slug);
  const code = (slug: string) => `src/${slug}/**`;
  const gates: string[] = [];
  for (const app of apps.slice(0, 3)) {
    gates.push(`  - paths: ["${code(app.slug)}"]    # where the ${app.title} app's code lives`, '    require: docs', `    docs: ["${c.paths.docs}/apps/${app.slug}.md"]`);
  }
  if (!apps.length) gates.push('  - paths: ["src/**"]    # your code: a change needs a page of the docs changed with it', '    require: docs');
  const guarded = c.invariants.length ? `code that keeps the invariants (${flat(list(c.invariants, 3))})` : 'code whose changes are architectural';
  gates.push(`  - paths: ["${apps[0] ? code(apps[0].slug) : 'src/core/**'}"]    # ${guarded}`, '    require: adr');
  const generated = `${c.paths.generated}/registry`;
  return [
    ' Merge criteria of a pull request, enforced by "docpact gate" (the governance workflow runs it on',
    ' every pull request): a change touching a gate\'s paths needs an ADR, or one of its docs pages',
    ' changed with it. Point the paths at your code, then uncomment:',
    ' gates:',
    ...gates.map((l) => ` ${l}`),
    '',
    ` Generators of ${c.paths.generated}: "docpact generate" runs them; "docpact generate --check" (the`,
    ' workflow\'s docs job, and "make docs") fails when an output differs from what they write.',
    ' Declare the tool that writes each folder, then uncomment:',
    ' generated:',
    '   - name: registry',
    '     run: python3 scripts/export_registry.py',
    `     outputs: ["${generated}/**"]`,
    '     inputs: ["registry/**"]',
  ].join('\n');
}
