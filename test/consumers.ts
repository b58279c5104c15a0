// The real consumers of what docpact writes: GitHub's form schemas (ajv),
// markdownlint, and Sphinx (see helpers.buildDocs).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { lint } from 'markdownlint/sync';
import type { ValidateFunction } from 'ajv';
import { REPO, markdownFiles } from './helpers.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

/** The schema from ../shared/reference when present (CI), else the vendored copy. */
export function schema(name: string): object {
  const shared = path.join(REPO, '..', 'shared', 'reference', name);
  return JSON.parse(fs.readFileSync(fs.existsSync(shared) ? shared : path.join(REPO, 'schemas', name), 'utf8'));
}

function compile(name: string): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema(name));
}

export const issueFormSchema = compile('github-issue-forms.json');
export const chooserSchema = compile('github-issue-config.json');

/** markdownlint with default rules and line length off; "file:line rule" per problem. */
export function markdownProblems(dir: string, files = markdownFiles(dir)): string[] {
  const res = lint({ files, config: { default: true, MD013: false } });
  return Object.entries(res).flatMap(([f, errs]) =>
    errs.map((e) => `${path.relative(dir, f)}:${e.lineNumber} ${e.ruleNames[0]} ${e.ruleDescription} ${e.errorDetail ?? ''}`),
  );
}
