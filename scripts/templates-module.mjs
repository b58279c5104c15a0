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
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export const VIRTUAL_ID = 'virtual:templates';
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
export const COMPILE_OPTIONS = { noEscape: true };

/** The folders with a module of their own (a source file imports `virtual:templates/<folder>`). */
const GROUPS = ['docs/adr'];

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
      const spec = Handlebars.precompile(fs.readFileSync(path.join(TEMPLATES_DIR, `${id}.hbs`), 'utf8'), COMPILE_OPTIONS);
      return `  ${JSON.stringify(id)}: () => t(${spec}),`;
    });
  const groups = group === undefined ? GROUPS : [];
  return [
    "import Handlebars from 'handlebars/runtime.js';",
    ...groups.map((g, i) => `import { builtin as group${i} } from '${VIRTUAL_ID}/${g}';`),
    'const t = (spec) => Handlebars.template(spec);',
    'export const builtin = {',
    ...groups.map((_, i) => `  ...group${i},`),
    ...entries,
    '};',
    '',
  ].join('\n');
}
