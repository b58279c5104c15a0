/**
 * `docpact issue draft KIND` and `docpact issue parse FILE --kind KIND`: the
 * body a filled issue form makes, and a filled body read back into fields
 * (src/github/issues.ts). Read-only: they print, and `gh` opens the issue.
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { DocpactError } from '../errors.js';
import { draftIssue, parseIssueBody, readForm } from '../github/issues.js';
import { readUserText } from '../io/fs.js';
import { shellWord } from '../text/quote.js';
import { loadYamlWriter } from '../text/yaml.js';
import { printText, type Command } from './command.js';

/** --field ID=VALUE, repeatable: the pairs in order. */
function fieldPairs(raw: unknown): [string, string][] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list.map((f: string) => {
    const at = f.indexOf('=');
    if (at <= 0) throw new DocpactError('usage', `--field takes ID=VALUE (the field's id, "=", the answer), got "${f}".`);
    return [f.slice(0, at), f.slice(at + 1)];
  });
}

export const issueDraft: Command = {
  command: 'issue draft',
  summary: 'print an issue body as its form would (and the gh command)',
  usage: 'docpact issue draft KIND --title TITLE [--field ID=VALUE …] [--json]',
  description:
    'Print the body GitHub writes when someone submits the issue form KIND (feature, bug, chore,\n' +
    'docs, or any form in ISSUE_TEMPLATE): "### Label" and the answer per field, "_No response_"\n' +
    'for an empty text field, "None" for an unanswered dropdown, every checkbox with the ticked\n' +
    'ones "- [x]", and the text a field starts with when it is left alone. The body goes to\n' +
    'standard output; the labels (the form\'s, plus area:* and size:* for those answers) and a\n' +
    '"gh issue create" command that reads the body from standard input go to standard error.\n' +
    'A checkbox group or a multiple dropdown takes one --field per choice.',
  examples: [
    'docpact issue draft feature --title "Lease world paths" --field problem="Two writers race." --field goal="One writer per path" --field adr-needed=Yes --field area=ledger --field size=M',
    'docpact issue draft bug --title "Check crashes" --field observed=… --field expected=… --field problem=… --field adr-needed=No --field area=world --field size=S | gh issue create --title "fix: Check crashes" --label type:bug --label status:governed --body-file -',
    'docpact issue draft chore --title "Bump deps" --field invariants="CAS admission" --field invariants="Hash-chained events" --json',
  ],
  options: [
    { name: 'title', type: 'string', value: 'TITLE', help: 'the issue title (the form\'s prefix, e.g. "feat: ", is added when missing)' },
    { name: 'field', type: 'string', value: 'ID=VALUE', multiple: true, help: 'an answer: the field\'s id and its value' },
  ],
  maxPositionals: 1,
  positionals: [{ name: 'kind', help: 'the form to fill: its file name in ISSUE_TEMPLATE without .yaml (feature, bug, chore, docs, …)', required: true }],
  async run(args, io) {
    const kind = args.positionals[0];
    if (!kind) throw new DocpactError('usage', `issue draft needs KIND, the form to fill (e.g. feature). Usage: ${this.usage}`);
    if (typeof args.values.title !== 'string') throw new DocpactError('usage', 'issue draft needs --title TITLE.');
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    await loadYamlWriter(); // forms are read as GitHub reads them (YAML 1.1)
    const draft = draftIssue(readForm(root, config, kind), args.values.title, fieldPairs(args.values.field));
    if (io.json) {
      io.emit({ ...draft });
      return 0;
    }
    printText(io, draft.body);
    if (!io.quiet) {
      io.err(`labels: ${draft.labels.join(', ')}`);
      io.err(draft.command);
    }
    return 0;
  },
};

export const issueParse: Command = {
  command: 'issue parse',
  summary: 'read a filled issue body back into fields',
  usage: 'docpact issue parse FILE --kind KIND [--json]',
  description:
    'Read an issue body made by the form KIND (FILE; "-" for standard input) back into its fields,\n' +
    'with GitHub\'s own parser (@github/issue-parser): text fields as text, dropdowns as lists,\n' +
    'checkboxes as the ticked and unticked options. Also names the labels the answers imply\n' +
    '(area:* and size:*, which the form itself cannot apply) and the gh command that adds them.',
  examples: [
    'docpact issue parse issue.md --kind bug --json',
    'gh issue view 12 --json body -q .body | docpact issue parse - --kind feature',
  ],
  options: [{ name: 'kind', type: 'string', value: 'KIND', help: 'the form the issue was made with (feature, bug, chore, docs, …)' }],
  maxPositionals: 1,
  positionals: [{ name: 'file', help: 'the issue body ("-": standard input)', required: true }],
  async run(args, io) {
    const file = args.positionals[0];
    if (!file) throw new DocpactError('usage', `issue parse needs FILE, the issue body ("-": standard input). Usage: ${this.usage}`);
    if (typeof args.values.kind !== 'string') throw new DocpactError('usage', 'issue parse needs --kind KIND: the form the issue was made with (e.g. feature).');
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    await loadYamlWriter();
    const form = readForm(root, config, args.values.kind);
    const parsed = parseIssueBody(form, readUserText(file, 'issue body'));
    if (io.json) {
      io.emit(parsed);
      return 0;
    }
    for (const [key, value] of Object.entries(parsed.fields)) {
      const text =
        value === undefined ? '(no response)' : typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') || '(none)' : value.selected.join(', ') || '(none ticked)';
      printText(io, `${key}: ${text.replace(/\r?\n/g, '\n  ')}`);
    }
    if (!io.quiet) {
      io.err(`labels: ${parsed.labels.join(', ')}`);
      const extra = parsed.labels.filter((l) => !form.labels.includes(l));
      if (extra.length) io.err(`gh issue edit NUMBER ${extra.map((l) => `--add-label ${shellWord(l)}`).join(' ')}`);
    }
    return 0;
  },
};
