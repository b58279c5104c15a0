// Precompiles every Handlebars file under templates/ into one ES module, so the
// CLI loads only the small Handlebars runtime and never parses templates at
// start-up. Each template is a thunk: V8 only pre-parses a function it does
// not call, so a command pays for building the templates it renders, not for
// all of them (`adr new` renders one of ~35). Used by the esbuild build (scripts/build.mjs) and by vitest
// (vitest.config.ts) through the same virtual module id.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export const VIRTUAL_ID = 'virtual:templates';
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
export const COMPILE_OPTIONS = { noEscape: true };

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith('.hbs') ? [full] : [];
  });
}

export function templatesModule() {
  const entries = walk(TEMPLATES_DIR)
    .sort()
    .map((file) => {
      const id = path.relative(TEMPLATES_DIR, file).split(path.sep).join('/').replace(/\.hbs$/, '');
      const spec = Handlebars.precompile(fs.readFileSync(file, 'utf8'), COMPILE_OPTIONS);
      return `  ${JSON.stringify(id)}: () => t(${spec}),`;
    });
  return [
    "import Handlebars from 'handlebars/runtime.js';",
    'const t = (spec) => Handlebars.template(spec);',
    'export const runtime = Handlebars;',
    'export const builtin = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}
