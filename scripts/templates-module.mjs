// Precompiles every Handlebars file under templates/ into ES modules, so the
// CLI loads only the small Handlebars runtime and never parses templates at
// start-up. Used by the esbuild build (scripts/build.mjs) and by vitest
// (vitest.config.ts) through the same virtual module ids:
//
// - `virtual:templates`: every built-in template (src/templates/render.ts);
// - `virtual:templates/<folder>`: only the templates under <folder>, in every
//   preset (`virtual:templates/docs/adr`: what `adr new` renders, so it does
//   not load the other ~30). The full module imports these groups rather than
//   repeating them, so no template is bundled twice.
//
// Each template is a thunk: V8 only pre-parses a function it does not call,
// so a command pays for building the templates it renders, not for all of them.
//
// The chat templates (templates/chat/, in every preset) that are only text and
// `{{name}}` mustaches also get a direct function: the text and the values
// joined, as Handlebars joins them (with noEscape, a string or number value is
// inserted as it is). `check` renders a message's framing per sealed message,
// and half of each Handlebars render is its set-up. The direct function runs
// only when every name is the data's own string or number and no helper has
// that name; any other data goes to the Handlebars template, which is built
// then. test/templates-direct.test.ts proves the two equal over generated data.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export const VIRTUAL_ID = 'virtual:templates';
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
export const COMPILE_OPTIONS = { noEscape: true };

/** The folders with a module of their own (a source file imports `virtual:templates/<folder>`). */
const GROUPS = ['docs/adr'];

/** The folders whose plain templates get a direct function (see above). */
const DIRECT = ['chat/'];

/**
 * A template that is only text and `{{name}}` (or `{{{name}}}`) mustaches: its
 * pieces, text at even positions and names at odd ones; else undefined. The
 * text is the parser's, after its white-space control, as the compiler
 * appends it.
 */
function plainPieces(source) {
  const pieces = [''];
  for (const node of Handlebars.parse(source).body) {
    if (node.type === 'ContentStatement') pieces[pieces.length - 1] += node.value;
    else if (node.type === 'MustacheStatement' && node.path.type === 'PathExpression' && node.path.parts.length === 1 && node.path.depth === 0 && !node.path.data && !node.path.this && !node.params.length && !node.hash && node.path.original === node.path.parts[0]) pieces.push(node.path.parts[0], '');
    else return undefined;
  }
  return pieces;
}

/** The direct function of a plain template: `x` is the data, checked by the caller (`d` in the module). */
const directSource = (pieces) => `(x) => ${pieces.map((p, i) => (i % 2 ? `x[${JSON.stringify(p)}]` : JSON.stringify(p))).join(' + ')}`;

/** Whether `id` names one of the template modules. */
export const isTemplatesId = (id) => id === VIRTUAL_ID || GROUPS.some((g) => id === `${VIRTUAL_ID}/${g}`);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith('.hbs') ? [full] : [];
  });
}

/** Template id → its folder group, if any (a preset's variant belongs to its shared template's group). */
const groupOf = (id) => GROUPS.find((g) => id.replace(/^presets\/[^/]+\//, '').startsWith(`${g}/`));

/** The source of a template module: `virtual:templates` or `virtual:templates/<folder>`. */
export function templatesModule(moduleId = VIRTUAL_ID) {
  const group = moduleId === VIRTUAL_ID ? undefined : moduleId.slice(VIRTUAL_ID.length + 1);
  const entries = walk(TEMPLATES_DIR)
    .sort()
    .map((file) => path.relative(TEMPLATES_DIR, file).split(path.sep).join('/').replace(/\.hbs$/, ''))
    .filter((id) => groupOf(id) === group)
    .map((id) => {
      const source = fs.readFileSync(path.join(TEMPLATES_DIR, `${id}.hbs`), 'utf8');
      const spec = Handlebars.precompile(source, COMPILE_OPTIONS);
      const pieces = DIRECT.some((d) => id.replace(/^presets\/[^/]+\//, '').startsWith(d)) ? plainPieces(source) : undefined;
      if (!pieces) return { id, line: `  ${JSON.stringify(id)}: () => t(${spec}),` };
      const names = pieces.filter((_, i) => i % 2);
      return { id, direct: true, line: `  ${JSON.stringify(id)}: () => d(${JSON.stringify(names)}, ${directSource(pieces)}, ${spec}),` };
    });
  const groups = group === undefined ? GROUPS : [];
  return [
    "import Handlebars from 'handlebars/runtime.js';",
    ...groups.map((g, i) => `import { builtin as group${i}, direct as direct${i} } from '${VIRTUAL_ID}/${g}';`),
    'const t = (spec) => Handlebars.template(spec);',
    '/** A plain template: its direct function when every name is the data\'s own string or number (and no helper\'s), else Handlebars. */',
    'const d = (names, direct, spec) => {',
    '  let hb;',
    '  const fallback = (data) => (hb ??= t(spec))(data);',
    '  if (names.some((n) => Object.hasOwn(Handlebars.helpers, n))) return fallback;',
    "  const plain = (data) => typeof data === 'object' && data !== null && names.every((n) => Object.hasOwn(data, n) && (typeof data[n] === 'string' || typeof data[n] === 'number'));",
    '  return (data) => (plain(data) ? direct(data) : fallback(data));',
    '};',
    'export const builtin = {',
    ...groups.map((_, i) => `  ...group${i},`),
    ...entries.map((e) => e.line),
    '};',
    '/** The ids with a direct function (for the test that proves them equal to Handlebars). */',
    `export const direct = [${[...groups.map((_, i) => `...direct${i}`), ...entries.filter((e) => e.direct).map((e) => JSON.stringify(e.id))].join(', ')}];`,
    '',
  ].join('\n');
}
