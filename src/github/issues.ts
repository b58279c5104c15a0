/**
 * Issues as GitHub makes them from an issue form. `gh` cannot fill a form
 * (cli/cli#5865), so `draftIssue` writes the body GitHub writes when someone
 * submits one, and `parseIssueBody` reads a filled body back into fields with
 * GitHub's own parser (@github/issue-parser). The CLI (`docpact issue draft |
 * parse`) and the MCP server call these.
 *
 * GitHub's rendering of a submitted form, element by element (markdown
 * elements are not part of the body):
 *
 *     ### <label>
 *
 *     <answer>
 *
 * joined by a blank line. An empty text field is `_No response_`; an
 * unanswered dropdown `None` (why "None" cannot be an option); a multiple
 * dropdown joins its choices with ", "; checkboxes list every option,
 * `- [x] ` when ticked and `- [ ] ` when not (issue forms have written a
 * lowercase x since 2025; earlier bodies have `- [X]`, which parsers, GitHub's
 * included, read alike); a textarea with `render` is fenced in that language.
 * A field left alone submits what the form starts it with (`value`, a
 * dropdown's `default`).
 */
import { parseIssue, parseTemplate } from '@github/issue-parser';
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { listDir, readText, type Root } from '../io/fs.js';
import { closingTrimmed } from '../text/markdown.js';
import { shellWord } from '../text/quote.js';
import { didYouMean } from '../text/suggest.js';
import { readYaml11 } from '../text/yaml.js';
import { labelsOf } from './labels.js';

interface Element {
  type: string;
  id?: string;
  attributes?: { label?: string; value?: string; options?: unknown[]; multiple?: boolean; default?: number; render?: string };
  validations?: { required?: boolean };
}

/** One issue form of the repository, read. */
export interface IssueForm {
  kind: string;
  /** Repo-relative path of the form. */
  file: string;
  /** The form's YAML, as @github/issue-parser takes it. */
  text: string;
  /** Title prefix the form starts the issue with ("feat: "). */
  title: string;
  labels: string[];
  /** The answerable elements in order, each with the key its answer has (the id, or the label made a key, as GitHub's parser does). */
  fields: { key: string; element: Element }[];
}

const formsDir = (config: DocpactConfig) => `${config.paths.github}/ISSUE_TEMPLATE`;

/** The issue forms' kinds: their file names without .yaml / .yml (the chooser, config.yml, is not a form). */
export function formKinds(root: Root, config: DocpactConfig): string[] {
  return listDir(root, formsDir(config))
    .filter((n) => /\.ya?ml$/.test(n) && !/^config\.ya?ml$/.test(n))
    .map((n) => n.replace(/\.ya?ml$/, ''))
    .sort();
}

/**
 * Read the form of `kind` (e.g. "feature": ISSUE_TEMPLATE/feature.yaml);
 * exit 2 naming the kinds there are. Await `loadYamlWriter()` first.
 */
export function readForm(root: Root, config: DocpactConfig, kind: string): IssueForm {
  const dir = formsDir(config);
  const file = [`${dir}/${kind}.yaml`, `${dir}/${kind}.yml`].find((f) => !/[/\\]|^\.|^config$/.test(kind) && readText(root, f) !== null);
  if (!file) {
    const kinds = formKinds(root, config);
    throw new DocpactError('not-found', `No issue form "${kind}" in ${dir}.${didYouMean(kind, kinds) || (kinds.length ? ` Forms: ${kinds.join(', ')}.` : ' There are none: run "docpact init".')}`);
  }
  const text = readText(root, file) as string;
  // Read as GitHub reads it (YAML 1.1: `required: yes` is true); the caller has loaded the yaml library (loadYamlWriter).
  const read = readYaml11(text);
  if ('error' in read) throw new DocpactError('config', `${file} is not valid YAML (line ${read.error.line}): ${read.error.message}`);
  const data = read.data as { title?: unknown; body?: unknown } | null;
  if (!data || !Array.isArray(data.body)) throw new DocpactError('config', `${file} is not an issue form (it has no body list).`);
  let keys: string[];
  try {
    keys = Object.keys(parseTemplate(text));
  } catch (err) {
    throw new DocpactError('config', `${file} cannot be read as an issue form: ${(err as Error).message}`);
  }
  const elements = (data.body as Element[]).filter((e) => e && typeof e === 'object' && e.type !== 'markdown');
  return {
    kind,
    file,
    text,
    title: typeof data.title === 'string' ? data.title : '',
    labels: labelsOf(data),
    fields: elements.map((element, i) => ({ key: keys[i] ?? element.id ?? String(i), element })),
  };
}

const optionLabel = (o: unknown) => (typeof o === 'object' && o !== null ? String((o as { label?: unknown }).label ?? '') : String(o));

/** The labels an issue gets: the form's, and area:/size: for its Area and Size answers (the form cannot apply those). */
export function issueLabels(form: IssueForm, answers: Record<string, string[] | undefined>): string[] {
  const out = [...form.labels];
  for (const key of ['area', 'size']) for (const v of answers[key] ?? []) if (!out.includes(`${key}:${v}`)) out.push(`${key}:${v}`);
  return out;
}

export interface Draft {
  kind: string;
  title: string;
  labels: string[];
  body: string;
  /** The gh command that opens it, reading the body from standard input. */
  command: string;
}

/**
 * The issue a filled form makes: `answers` are [key, value] pairs (a
 * checkbox group or multiple dropdown takes one pair per choice). Every
 * problem — an unknown key, an answer the form does not offer, a required
 * field left empty — is reported at once (exit 2).
 */
export function draftIssue(form: IssueForm, title: string, answers: [string, string][]): Draft {
  const problems: string[] = [];
  const given = new Map<string, string[]>();
  const keys = form.fields.map((f) => f.key);
  for (const [key, value] of answers) {
    if (!keys.includes(key)) {
      problems.push(`"${key}" is not a field of ${form.file}.${didYouMean(key, keys) || ` Fields: ${keys.join(', ')}.`}`);
      continue;
    }
    if (value.trim() !== '') given.set(key, [...(given.get(key) ?? []), value]);
  }
  const chosen: Record<string, string[]> = {};
  const sections = form.fields.map(({ key, element: e }) => {
    const a = e.attributes ?? {};
    const label = String(a.label ?? key);
    const values = given.get(key) ?? [];
    const required = e.validations?.required === true;
    let answer: string;
    if (e.type === 'checkboxes') {
      const options = (a.options ?? []).map(optionLabel);
      const ticked = new Set<string>();
      for (const v of values) {
        const hit = options.find((o) => o === v) ?? options.find((o) => o.toLowerCase() === v.toLowerCase());
        if (hit) ticked.add(hit);
        else problems.push(`${key}: "${v}" is not one of its options: ${options.join(', ')}.`);
      }
      (a.options ?? []).forEach((o, i) => {
        if ((o as { required?: boolean })?.required && !ticked.has(options[i])) problems.push(`${key}: "${options[i]}" must be ticked (--field ${key}=${JSON.stringify(options[i])}).`);
      });
      answer = options.map((o) => `- [${ticked.has(o) ? 'x' : ' '}] ${o}`).join('\n');
    } else if (e.type === 'dropdown') {
      const options = (a.options ?? []).map(optionLabel);
      const picked: string[] = [];
      for (const v of values) {
        const hit = options.find((o) => o === v) ?? options.find((o) => o.toLowerCase() === v.toLowerCase());
        if (hit) picked.push(hit);
        else problems.push(`${key}: "${v}" is not one of its options: ${options.join(', ')}.`);
      }
      if (picked.length > 1 && !a.multiple) problems.push(`${key}: takes one choice (got ${picked.join(', ')}).`);
      if (!values.length && typeof a.default === 'number' && options[a.default] !== undefined) picked.push(options[a.default]);
      if (required && !picked.length && !values.length) problems.push(`${key}: required; one of ${options.join(', ')} (--field ${key}=VALUE).`);
      chosen[key] = picked;
      answer = picked.length ? picked.join(', ') : 'None';
    } else {
      if (values.length > 1) problems.push(`${key}: given ${values.length} times; it takes one answer.`);
      const text = (values[0] ?? (typeof a.value === 'string' ? a.value : '')).replace(/\r\n?/g, '\n');
      if (e.type === 'input' && text.includes('\n')) problems.push(`${key}: a one-line field; the answer has a line break.`);
      if (required && text.trim() === '') problems.push(`${key}: required (--field ${key}=VALUE).`);
      answer = text.trim() === '' ? '_No response_' : a.render ? `\`\`\`${a.render}\n${text}\n\`\`\`` : text;
    }
    return `### ${label}\n\n${answer}`;
  });
  const clean = title.trim();
  if (!clean || /[\r\n]/.test(clean)) problems.push('--title: the issue needs a title, on one line.');
  if (problems.length) throw new DocpactError('input', `The ${form.kind} issue cannot be drafted from ${form.file}:`, problems);
  const prefix = form.title;
  const fullTitle = prefix && !clean.toLowerCase().startsWith(prefix.trim().toLowerCase()) ? `${prefix}${clean}` : clean;
  const labels = issueLabels(form, chosen);
  const command = ['gh', 'issue', 'create', '--title', fullTitle, ...labels.flatMap((l) => ['--label', l]), '--body-file', '-'].map(shellWord).join(' ');
  return { kind: form.kind, title: fullTitle, labels, body: sections.join('\n\n'), command };
}

export type ParsedFields = ReturnType<typeof parseIssue>;

/** A filled issue body read back into fields against its form (GitHub's parser), and the labels it implies. */
export function parseIssueBody(form: IssueForm, body: string): { kind: string; fields: ParsedFields; labels: string[] } {
  const fields = parseIssue(body, form.text);
  if (!Object.keys(fields).length) {
    // GitHub's parser keeps only the form's fields: a body of another form (or none) would read as no answers at all.
    const headings = [...body.matchAll(/^###[ \t]+(.+)$/gm)].map((m) => `"### ${closingTrimmed(m[1])}"`);
    const labels = form.fields.map((f) => f.element.attributes?.label).filter(Boolean);
    throw new DocpactError('input', `No heading of the body is a field of ${form.file}${headings.length ? ` (it has ${headings.slice(0, 5).join(', ')}${headings.length > 5 ? ', …' : ''})` : ''}: is it an issue of another form?`, [`The form's fields: ${labels.map((l) => `"### ${l}"`).join(', ')}.`]);
  }
  const answers: Record<string, string[] | undefined> = {};
  for (const key of ['area', 'size']) {
    const v = fields[key];
    answers[key] = Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
  }
  return { kind: form.kind, fields, labels: issueLabels(form, answers) };
}
