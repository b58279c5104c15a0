/**
 * Issue forms and the chooser, read the way GitHub reads them (YAML 1.1, see
 * text/yaml.ts): YAML, GitHub's schema (precompiled), GitHub's extra rules,
 * and values that YAML 1.1 reads as something other than what they look like.
 */
import { validateChooser, validateIssueForm } from 'virtual:schemas';
import { formRules } from '../../github/rules.js';
import { labelsOf, labelsPath } from '../../github/labels.js';
import { readYaml, readYaml11, type Yaml11Change } from '../../text/yaml.js';
import { LEGACY_TEMPLATE } from '../../github/forms.js';
import { findLegacyTemplate } from '../../adopt/detect.js';
import { factsOf, problem, type Problem, type Repo } from '../problem.js';
import { LOCK_PATH, type Lock } from '../../core/lockfile.js';
import { parseLockSafe } from './docs.js';

type SchemaError = { instancePath: string; message?: string; params?: Record<string, unknown> };

const NOISE = /must match "then" schema|must match a schema in anyOf|must match exactly one schema|must match "else" schema/;

/** The first few errors, worded; combinator noise ("must match a schema in anyOf") only when nothing else explains. */
const schemaErrors = (errors: SchemaError[]) =>
  (errors.some((e) => !NOISE.test(e.message ?? '')) ? errors.filter((e) => !NOISE.test(e.message ?? '')) : errors)
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);

/** 1-based line of a key path like "body[3].id" (best effort: the element's line). */
function lineOf(text: string, where: string): number {
  const m = /^body\[(\d+)\]/.exec(where);
  if (!m) return 1;
  let count = -1;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*- type:/.test(lines[i]) && ++count === Number(m[1])) return i + 1;
  }
  return 1;
}

const pointer = (path: (string | number)[]) => path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
const keyPath = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('') || '(top level)';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Date) return `the date ${v.toISOString().replace('T00:00:00.000Z', '')}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `the number ${v}`;
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  if (typeof v === 'object' && 'rubySymbol' in v) return 'a Ruby symbol, which GitHub refuses';
  return 'a different value';
}

/**
 * Schema errors that a YAML 1.1 change explains become one `forms/yaml11-type`
 * problem each, at the value's line, with the quoting that fixes it. A change
 * the schema accepts (`required: yes` is the boolean GitHub wants) is no problem.
 */
function yaml11Problems(file: string, changes: Yaml11Change[], errors: SchemaError[]): { problems: Problem[]; rest: SchemaError[] } {
  const problems: Problem[] = [];
  const explained = new Set<string>();
  for (const c of changes) {
    const at = pointer(c.path);
    const hit = errors.some((e) => e.instancePath === at || (c.key && `${e.instancePath}/${String(e.params?.additionalProperty ?? '')}` === at));
    if (!hit) continue;
    explained.add(at);
    const what = c.key ? `the key ${c.source}` : c.source;
    problems.push(
      problem(file, c.line, 'forms/yaml11-type', `${keyPath(c.path)}: GitHub reads ${what} as ${describe(c.as11)} (YAML 1.1), not ${describe(c.as12)}; quote it: ${JSON.stringify(String(c.as12))}`),
    );
  }
  // Drop the errors explained, and the combinator noise on their ancestors.
  const rest = errors.filter(
    (e) => ![...explained].some((at) => e.instancePath === at || (at.startsWith(`${e.instancePath}/`) && (NOISE.test(e.message ?? '') || e.params?.additionalProperty !== undefined))),
  );
  return { problems, rest };
}

export function checkForms(repo: Repo): Problem[] {
  const facts = factsOf(repo);
  const out: Problem[] = [];
  const dir = `${repo.config.paths.github}/ISSUE_TEMPLATE`;
  const names = new Map<string, string>();
  const declared = declaredLabels(repo);
  for (const name of facts.list(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    // A form's own problems and name depend on its text only: remembered while it is unchanged (src/check/facts.ts).
    const form = facts.of(`${dir}/${name}`, 'form', (text) => (text === null ? null : checkForm(`${dir}/${name}`, name, text)));
    if (form === null) continue; // vanished, or refused (reported as repo/unsafe-path)
    out.push(...form.problems);
    if (declared) {
      // docpact's own forms apply only declared labels; a form of the project's own may use labels its repository has had for
      // years, so there an undeclared one is a warning.
      const own = declared.lock.has(`${dir}/${name}`);
      for (const [label, line] of form.labels ?? []) {
        if (declared.names.has(label)) continue;
        const how = own
          ? `add it to labels.extra in docpact.yaml and run "docpact sync", or declare it in ${declared.file}`
          : `add it to labels.own in docpact.yaml and run "docpact sync" (the governance workflow then creates it where the repository lacks it, and never changes its colour)`;
        out.push(problem(`${dir}/${name}`, line, 'forms/undeclared-label', `labels: "${label}" is not declared in ${declared.file}; GitHub drops a label the repository lacks from every issue this form opens; ${how}`, own ? 'error' : 'warning'));
      }
    }
    if (form.name === undefined) continue;
    if (names.has(form.name)) out.push(problem(`${dir}/${name}`, 1, 'forms/duplicate-name', `form name "${form.name}" is also used by ${names.get(form.name)}`));
    else names.set(form.name, name);
  }
  const legacy = findLegacyTemplate(repo.root, repo.config.paths.github);
  if (legacy) out.push(problem(legacy, 1, 'forms/legacy-template', LEGACY_TEMPLATE, 'warning'));
  return out;
}

/**
 * The label names .github/labels.yml declares, or null when there is no
 * such file (a repository from before labels.yml: sync/due says it is due)
 * or it cannot be read as a list of labels.
 */
function declaredLabels(repo: Repo): { file: string; names: Set<string>; lock: Lock } | null {
  const file = labelsPath(repo.config);
  const text = repo.read(file);
  if (text === null) return null;
  let data: unknown;
  try {
    data = readYaml(text, file);
  } catch {
    return null;
  }
  if (!Array.isArray(data)) return null;
  return { file, names: new Set(data.map((l) => (typeof l === 'object' && l !== null ? String((l as { name?: unknown }).name ?? '') : String(l)))), lock: parseLockSafe(repo.read(LOCK_PATH)) };
}

/** The labels a form applies, each with its line (a list, or GitHub's comma-separated string). */
function formLabels(text: string, data: unknown): [string, number][] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^labels\s*:/.test(l)) + 1 || 1;
  return labelsOf(data).map((label) => {
    const own = lines.findIndex((l, i) => i >= at - 1 && l.includes(label));
    return [label, own >= 0 ? own + 1 : at];
  });
}

/** One form (or the chooser): its problems, and its name when it has one. */
function checkForm(file: string, name: string, text: string): { problems: Problem[]; name?: string; labels?: [string, number][] } {
  const out: Problem[] = [];
  const parsed = readYaml11(text);
  if ('error' in parsed) {
    const { line, message, aliases } = parsed.error;
    return { problems: [problem(file, line, 'forms/yaml', aliases ? message : `is not valid YAML (line ${line}): ${message}`)] };
  }
  const { data, changes } = parsed;
  const chooser = name === 'config.yml' || name === 'config.yaml';
  const validate = chooser ? validateChooser : validateIssueForm;
  const valid = validate(data);
  const { problems, rest } = yaml11Problems(file, changes, valid ? [] : (validate.errors ?? []));
  out.push(...problems);
  if (chooser) {
    if (rest.length) out.push(problem(file, 1, 'forms/chooser', `does not match GitHub's chooser schema: ${schemaErrors(rest).join('; ')}`));
    return { problems: out };
  }
  const specific = formRules(data);
  for (const p of specific) out.push(problem(file, lineOf(text, p.where), p.rule, `${p.where}: ${p.message}`));
  // A body element already reported by a GitHub rule is not reported again as a generic schema error.
  const explained = new Set(specific.map((p) => /^body\[(\d+)\]/.exec(p.where)?.[1]).filter(Boolean).map((i) => `/body/${i}`));
  const generic = rest.filter((e) => ![...explained].some((prefix) => e.instancePath === prefix || e.instancePath.startsWith(`${prefix}/`)));
  if (generic.length) out.push(problem(file, 1, 'forms/schema', `does not match GitHub's issue form schema: ${schemaErrors(generic).join('; ')}`));
  const formName = (data as { name?: unknown })?.name;
  return { problems: out, labels: formLabels(text, data), ...(typeof formName === 'string' ? { name: formName } : {}) };
}
