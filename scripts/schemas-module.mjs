// Compiles GitHub's issue-form and chooser JSON schemas (vendored from
// SchemaStore under schemas/) into standalone validators at build time, so
// `docpact check` never compiles an 80 KB schema at run time. Used by the
// esbuild build and by vitest, like templates-module.mjs.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

export const SCHEMAS_ID = 'virtual:schemas';
const read = (name) => JSON.parse(fs.readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8'));

export function schemasModule() {
  const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true, esm: true } });
  ajv.addSchema(read('github-issue-forms.json'), 'forms');
  ajv.addSchema(read('github-issue-config.json'), 'chooser');
  const code = standaloneCode(ajv, { validateIssueForm: 'forms', validateChooser: 'chooser' });
  // The standalone code require()s two small ajv runtime helpers; make them imports so it bundles as ESM.
  const imports = [];
  // Default-import interop differs (esbuild gives exports.default, Node gives module.exports), hence the "??".
  const body = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/g, (_, mod) => {
    imports.push(`import __ajv${imports.length} from ${JSON.stringify(`${mod}.js`)};`);
    return `(__ajv${imports.length - 1}.default ?? __ajv${imports.length - 1})`;
  });
  if (/require\(/.test(body)) throw new Error('schemas-module: unexpected require() left in the standalone validator');
  return `${imports.join('\n')}\n${body.replace(/^"use strict";/, '')}`;
}
