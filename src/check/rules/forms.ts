/** Issue forms: YAML, GitHub's schema (precompiled), GitHub's extra rules; the chooser. */
import { DocpactError } from '../../core/errors.js';
import { readYaml } from '../../text/yaml.js';
import { validateChooser, validateIssueForm } from 'virtual:schemas';
import { formRules } from '../../github/rules.js';
import { listDir } from '../../io/fs.js';
import { problem, type Problem, type Repo } from '../problem.js';

const schemaErrors = (errors: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null | undefined) =>
  (errors ?? [])
    .filter((e) => !/must match "then" schema|must match a schema in anyOf|must match exactly one schema/.test(e.message ?? ''))
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

export function checkForms({ root, config, read }: Repo): Problem[] {
  const out: Problem[] = [];
  const dir = `${config.paths.github}/ISSUE_TEMPLATE`;
  const names = new Map<string, string>();
  for (const name of listDir(root, dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = `${dir}/${name}`;
    const text = read(file) ?? '';
    let data: unknown;
    try {
      data = readYaml(text, file);
    } catch (err) {
      if (!(err instanceof DocpactError)) throw err;
      out.push(problem(file, err.line ?? 1, 'forms/yaml', err.message.replace(`${file} `, '')));
      continue;
    }
    if (name === 'config.yml' || name === 'config.yaml') {
      if (!validateChooser(data)) out.push(problem(file, 1, 'forms/chooser', `does not match GitHub's chooser schema: ${schemaErrors(validateChooser.errors).join('; ')}`));
      continue;
    }
    const specific = formRules(data);
    for (const p of specific) out.push(problem(file, lineOf(text, p.where), p.rule, `${p.where}: ${p.message}`));
    if (!validateIssueForm(data)) {
      // A body element already reported by a GitHub rule is not reported again as a generic schema error.
      const explained = new Set(specific.map((p) => /^body\[(\d+)\]/.exec(p.where)?.[1]).filter(Boolean).map((i) => `/body/${i}`));
      const errors = (validateIssueForm.errors ?? []).filter((e) => ![...explained].some((prefix) => e.instancePath === prefix || e.instancePath.startsWith(`${prefix}/`)));
      const generic = errors.filter((e) => e.instancePath !== '' || !/must match "then" schema|must match a schema in anyOf/.test(e.message ?? ''));
      if (generic.length) out.push(problem(file, 1, 'forms/schema', `does not match GitHub's issue form schema: ${schemaErrors(generic).join('; ')}`));
    }
    const formName = (data as { name?: unknown })?.name;
    if (typeof formName === 'string') {
      if (names.has(formName)) out.push(problem(file, 1, 'forms/duplicate-name', `form name "${formName}" is also used by ${names.get(formName)}`));
      else names.set(formName, name);
    }
  }
  return out;
}
