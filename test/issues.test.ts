// Issues as GitHub makes them: `docpact issue draft` writes the body a filled
// issue form produces (read back with GitHub's own @github/issue-parser),
// `issue parse` reads one back, and every label a form applies is declared in
// .github/labels.yml, which the workflow creates on GitHub.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseIssue } from '@github/issue-parser';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO, initRepo, ok, read, run, snapshot, tempRepo, withDate, write } from './helpers.js';

const FORMS = '.github/ISSUE_TEMPLATE';

/** The words a POSIX shell makes of a command line (bash parses it; nothing runs). */
const argv = (line: string) => execFileSync('bash', ['-c', `set -- ${line}; printf '%s\\0' "$@"`], { encoding: 'utf8' }).split('\0').slice(0, -1);

/**
 * Run the labels job's script in `dir` with a stub gh on PATH, whose repository has the labels `existing`;
 * each gh call's arguments, or null without Ruby.
 */
function runLabelsStep(dir: string, script: string, existing: string[] = []): string[][] | null {
  if (spawnSync('ruby', ['--version']).error) {
    if (process.env.CI) throw new Error('ruby is required in CI (apt-get install ruby)');
    return null;
  }
  const bin = tempRepo(false);
  write(bin, 'gh', '#!/bin/sh\nprintf \'%s\\037\' "$@" >> "$GH_LOG"\nprintf \'\\036\' >> "$GH_LOG"\n[ "$1 $2" = "label list" ] && printf \'%s\' "$GH_LABELS"\nexit 0\n');
  fs.chmodSync(path.join(bin, 'gh'), 0o755);
  const log = path.join(bin, 'calls');
  const r = spawnSync('bash', ['-e', '-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GH_LOG: log, GH_LABELS: existing.map((l) => `${l}\n`).join('') } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return fs.readFileSync(log, 'utf8').split('\x1e').filter(Boolean).map((call) => call.split('\x1f').slice(0, -1));
}

const FEATURE = [
  'issue', 'draft', 'feature', '--title', 'Lease world paths',
  '--field', 'problem=Two writers can race on one path.\n\nThe ledger then forks.',
  '--field', 'goal=One writer per world path',
  '--field', 'invariants=CAS admission',
  '--field', 'invariants=Hash-chained events',
  '--field', 'adr-needed=Yes',
  '--field', 'area=ledger',
  '--field', 'size=M',
];

describe('docpact issue draft', () => {
  it('prints the body GitHub renders for the filled form, which @github/issue-parser reads back into the same fields', () => {
    const dir = initRepo();
    const form = read(dir, `${FORMS}/feature.yaml`);
    const r = run(dir, FEATURE);
    expect(r.code, r.stderr).toBe(0);
    const body = r.stdout.replace(/\n$/, '');
    // GitHub's rendering: "### Label", a blank line, the answer; "_No response_" for an empty text field; every checkbox, ticked "- [x]".
    expect(body).toMatch(/^### Problem\n\nTwo writers can race on one path\.\n\nThe ledger then forks\.\n\n### Goal \(plan facet\)\n\nOne writer per world path\n\n### Invariants touched\n\n- \[ \] Plan ≡ World \(facet\)\n- \[x\] CAS admission\n/);
    expect(body).toContain('### Why (or why not) an ADR\n\n_No response_\n\n');
    expect(body).toMatch(/### Size\n\nM$/);
    const parsed = parseIssue(body, form);
    const formData = parse(form);
    const defaultOf = (id: string) => formData.body.find((b: { id?: string }) => b.id === id).attributes.value;
    expect(parsed).toEqual({
      problem: 'Two writers can race on one path.\n\nThe ledger then forks.',
      goal: 'One writer per world path',
      invariants: { selected: ['CAS admission', 'Hash-chained events'], unselected: expect.arrayContaining(['Plan ≡ World (facet)']) },
      'adr-needed': ['Yes'],
      'adr-reason': undefined,
      // A field left alone keeps the text the form starts with, as on github.com.
      acceptance: defaultOf('acceptance'),
      'out-of-scope': undefined,
      implementation: defaultOf('implementation'),
      area: ['ledger'],
      size: ['M'],
    });
    // The labels: the form's, plus area and size as labels; and the gh line, quoted for the shell.
    expect(r.stderr).toMatch(/^labels: type:feature, status:governed, area:ledger, size:M$/m);
    const gh = r.stderr.split('\n').find((l) => l.startsWith('gh issue create')) as string;
    expect(argv(gh)).toEqual(['gh', 'issue', 'create', '--title', 'feat: Lease world paths', '--label', 'type:feature', '--label', 'status:governed', '--label', 'area:ledger', '--label', 'size:M', '--body-file', '-']);
  });

  it('gives --json as one object, and docpact issue parse reads the body back into the same fields', () => {
    const dir = initRepo();
    const draft = JSON.parse(run(dir, [...FEATURE, '--json']).stdout);
    expect(draft).toMatchObject({ kind: 'feature', title: 'feat: Lease world paths', labels: ['type:feature', 'status:governed', 'area:ledger', 'size:M'], body: expect.stringMatching(/^### Problem/) });
    expect(argv(draft.command)).toContain('--body-file');
    write(dir, '../issue.md', draft.body);
    const parsed = run(dir, ['issue', 'parse', '../issue.md', '--kind', 'feature', '--json']);
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(JSON.parse(parsed.stdout)).toEqual({ ok: true, kind: 'feature', fields: parseIssue(draft.body, read(dir, `${FORMS}/feature.yaml`)), labels: ['type:feature', 'status:governed', 'area:ledger', 'size:M'] });
    const text = run(dir, ['issue', 'parse', '-', '--kind', 'feature'], { input: draft.body });
    expect(text.stdout).toMatch(/^goal: One writer per world path$/m);
    expect(text.stdout).toMatch(/^invariants: CAS admission, Hash-chained events$/m);
  });

  it('refuses to read a body none of whose headings is a field of the form (another form, or hand-written): exit 2 naming the fields, not an empty answer', () => {
    const dir = initRepo();
    const body = '### What happened?\n\nIt broke.\n\n### Steps\n\n1. Run it\n';
    for (const args of [['issue', 'parse', '-', '--kind', 'bug'], ['issue', 'parse', '-', '--kind', 'bug', '--json']]) {
      const r = run(dir, args, { input: body });
      expect(r.code, r.stdout).toBe(2);
      const error = args.includes('--json') ? JSON.parse(r.stdout).error : { message: r.stderr, details: [r.stderr] };
      expect(error.message).toContain('No heading of the body is a field of .github/ISSUE_TEMPLATE/bug.yaml (it has "### What happened?", "### Steps")');
      expect(error.details.join('\n')).toContain('"### What the docs say should happen"');
    }
    // An issue filed with the form but left mostly empty is still read.
    const sparse = run(dir, ['issue', 'parse', '-', '--kind', 'bug', '--json'], { input: '### What happened\n\nIt broke.\n' });
    expect(sparse.code, sparse.stdout).toBe(0);
  });

  it('names the headings of a hostile body in linear time: a heading of 80,000 " #" then a letter is refused at once', () => {
    const dir = initRepo();
    const r = run(dir, ['issue', 'parse', '-', '--kind', 'bug'], { input: `### a${' #'.repeat(80_000)}x\n`, timeout: 15_000 }); // quadratic: ~40 s; killed: code -1
    expect(r.code, r.stderr.slice(0, 300)).toBe(2);
    expect(r.stderr).toContain('No heading of the body is a field of .github/ISSUE_TEMPLATE/bug.yaml (it has "### a #');
  });

  it('follows GitHub’s rendering for forms shaped like real projects’: fenced render, prefilled text, multiple dropdowns and defaults, fields without ids', () => {
    const dir = initRepo();
    for (const f of ['crash-report.yml', 'feature-request.yaml', 'framework-bug.yml']) write(dir, `${FORMS}/${f}`, read(REPO, `test/fixtures/github-forms/${f}`));
    const draft = (kind: string, fields: string[]) => {
      const r = run(dir, ['issue', 'draft', kind, '--title', 'It broke', ...fields.flatMap((f) => ['--field', f]), '--json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      return { ...out, parsed: parseIssue(out.body, read(dir, `${FORMS}/${kind}.${kind === 'feature-request' ? 'yaml' : 'yml'}`)) };
    };
    const crash = draft('crash-report', ['what-crashed=It hung.', 'repro-link=https://example.org/r', 'environment=Linux 6.1', 'runtime=deno', 'confirmations=I read the [contributing guide](https://example.org/contributing).', 'confirmations=I searched for duplicates: none matched.']);
    expect(crash.body).toContain('### Environment\n\n```shell\nLinux 6.1\n```\n\n### Runtime\n\ndeno\n\n### Logs\n\n<details>');
    expect(crash.body).toMatch(/### Before you submit\n\n- \[x\] I read .*\n- \[x\] I searched .*\n- \[ \] The reproduction is minimal\.$/);
    expect(crash.labels).toEqual(['needs triage', 'crash']);
    expect(crash.parsed).toMatchObject({ 'what-crashed': 'It hung.', runtime: ['deno'], environment: '```shell\nLinux 6.1\n```', confirmations: { unselected: ['The reproduction is minimal.'] } });
    // A required checkbox left unticked is refused, as GitHub refuses the form.
    expect(run(dir, ['issue', 'draft', 'crash-report', '--title', 'X', '--field', 'what-crashed=a', '--field', 'repro-link=b', '--field', 'environment=c', '--field', 'runtime=bun']).stderr).toMatch(/confirmations: "I read .*" must be ticked/);
    const feature = draft('feature-request', ['versions=1.0.0', 'versions=2.0', 'proposal=Do it.']);
    expect(feature.title).toBe('[Feature]: It broke');
    expect(feature.body).toMatch(/^### Affected versions\n\n1\.0\.0, 2\.0\n\n### Python version\n\nNone\n\n### Proposal\n\nDo it\.\n\n### Contributing\n\n- \[ \] I would like to implement this$/);
    expect(feature.parsed).toMatchObject({ versions: ['1.0.0', '2.0'], python: [], proposal: 'Do it.' });
    expect(draft('feature-request', ['proposal=Do it.']).parsed.versions).toEqual(['1.0.0']); // the dropdown's default
    // Fields without an id are named as GitHub's parser names them; `required: yes` is YAML 1.1's true.
    const bug = run(dir, ['issue', 'draft', 'framework-bug', '--title', 'X', '--field', 'describe_the_bug=It fails.']);
    expect(bug.code).toBe(2);
    expect(bug.stderr).toMatch(/checked_the_nightly_build[\s\S]*environment_information: required/);
  });

  it('refuses an unknown kind or field, an answer the form does not offer, and a missing required answer: exit 2, every problem named', () => {
    const dir = initRepo();
    const cases: [string[], RegExp][] = [
      [['issue', 'draft', 'featur', '--title', 'X'], /featur.*Did you mean "feature"/],
      [['issue', 'draft', 'chore', '--title', 'X', '--field', 'problm=Y'], /problm.*Did you mean "problem"/],
      [['issue', 'draft', 'chore', '--title', 'X', '--field', 'problem=Y', '--field', 'adr-needed=Maybe', '--field', 'area=ledger', '--field', 'size=S'], /adr-needed.*Maybe.*Yes, No, Not sure/],
      [['issue', 'draft', 'chore', '--title', 'X', '--field', 'area=ledger'], /problem[\s\S]*adr-needed[\s\S]*size/],
      [['issue', 'draft', 'chore', '--title', 'X', '--field', 'novalue'], /ID=VALUE/],
      [['issue', 'draft', 'chore'], /--title/],
      [['issue', 'parse', '-', '--kind', 'nope'], /nope/],
    ];
    for (const [args, message] of cases) {
      const r = run(dir, args, { input: '### Problem\n\nX' });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('labels', () => {
  it('declares every label the forms apply, and area and size labels, in .github/labels.yml; the workflow creates exactly those', (ctx) => {
    const dir = initRepo(['--areas', 'orders,billing']);
    const labels: { name: string; color: string; description: string }[] = parse(read(dir, '.github/labels.yml'));
    const names = labels.map((l) => l.name);
    for (const kind of ['feature', 'bug', 'chore', 'docs']) {
      for (const label of parse(read(dir, `${FORMS}/${kind}.yaml`)).labels) expect(names, `${kind}: ${label}`).toContain(label);
    }
    expect(names).toEqual(expect.arrayContaining(['area:orders', 'area:billing', 'size:S', 'size:M', 'size:L', 'status:governed']));
    for (const l of labels) {
      expect(l.color).toMatch(/^[0-9a-f]{6}$/);
      expect(l.description.length).toBeGreaterThan(0);
      expect(l.description.length).toBeLessThanOrEqual(100);
    }
    const wf = parse(read(dir, '.github/workflows/governance.yml'));
    const job = wf.jobs.labels;
    expect(job.if).toBe("github.event_name == 'push'");
    expect(job.permissions).toEqual({ contents: 'read', issues: 'write' });
    const step = job.steps.find((s: { run?: string }) => s.run);
    expect(step.env).toEqual({ GH_TOKEN: '${{ github.token }}', GH_REPO: '${{ github.repository }}' });
    // The step, run as the runner runs it (bash -e, Ruby's Psych reading labels.yml), with a gh that records its arguments.
    // Labels added by hand without a colour are created when the repository lacks them, and never changed: the team's
    // "good first issue" keeps its colour; "needs-triage" is new. docpact's own labels (with a colour) are kept as declared.
    write(dir, '.github/labels.yml', `${read(dir, '.github/labels.yml')}- name: "good first issue"\n- name: needs-triage\n`);
    const created = runLabelsStep(dir, step.run, ['bug', 'good first issue', 'type:feature']);
    if (!created) return ctx.skip();
    expect(created).toEqual([
      ['label', 'list', '--limit', '100000', '--json', 'name', '--jq', '.[].name'],
      ...labels.map((l) => ['label', 'create', l.name, '--color', l.color, '--description', l.description, '--force']),
      ['label', 'create', 'needs-triage', '--color', 'ededed', '--description', '', '--force'],
    ]);
  });

  it('hands the labels job a name written by hand as YAML 1.1 would misread it (on, yes, 0123, 1e3, null) as the very text labels.yml holds', (ctx) => {
    const dir = initRepo();
    const step = parse(read(dir, '.github/workflows/governance.yml')).jobs.labels.steps.find((x: { run?: string }) => x.run);
    // Plain scalars Psych (YAML 1.1) reads as true, 83, 1000.0, nil and false; a quoted one and a colour stay as they were.
    write(dir, '.github/labels.yml', '- name: on\n  color: 00ff00\n- name: yes\n  description: no\n- name: 0123\n- name: 1e3\n- name: null\n- name: "off"\n');
    const created = runLabelsStep(dir, step.run, ['Yes']);
    if (!created) return ctx.skip();
    expect(created.slice(1)).toEqual([
      ['label', 'create', 'on', '--color', '00ff00', '--description', '', '--force'],
      ['label', 'create', '0123', '--color', 'ededed', '--description', '', '--force'],
      ['label', 'create', '1e3', '--color', 'ededed', '--description', '', '--force'],
      ['label', 'create', 'null', '--color', 'ededed', '--description', '', '--force'],
      ['label', 'create', 'off', '--color', 'ededed', '--description', '', '--force'],
    ]);
  });

  it('is kept by sync: a new area becomes a label, and check reports a form that applies a label labels.yml does not declare', () => {
    const dir = initRepo();
    write(dir, 'docpact.yaml', read(dir, 'docpact.yaml').replace(/^ {4}- registry$/m, '    - registry\n    - payments'));
    expect(run(dir, ['sync']).code).toBe(0);
    expect(parse(read(dir, '.github/labels.yml')).map((l: { name: string }) => l.name)).toContain('area:payments');
    write(dir, `${FORMS}/chore.yaml`, read(dir, `${FORMS}/chore.yaml`).replace('  - type:chore\n', '  - type:chore\n  - needs-triage\n'));
    const r = run(dir, ['check', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems).toEqual([expect.objectContaining({ rule: 'forms/undeclared-label', file: `${FORMS}/chore.yaml`, severity: 'error', message: expect.stringContaining('needs-triage') })]);
  });

  it('declares the labels the project’s own forms already apply when it adopts them, for the labels job to create only where missing (forms-uv)', (ctx) => {
    const dir = tempRepo();
    const form = (name: string, labels: string) => `name: ${name}\ndescription: ${name}.\nlabels: ${labels}\nbody:\n  - type: textarea\n    id: what\n    attributes:\n      label: What happened\n`;
    write(dir, `${FORMS}/1_bug_report.yaml`, form('Bug report', '["bug"]'));
    write(dir, `${FORMS}/2_feature_request.yaml`, form('Feature request', '["enhancement"]'));
    write(dir, `${FORMS}/3_question.yaml`, form('Question', 'question, needs-triage'));
    // A label no label name can be (a control character: it would land in YAML and shell commands) is left for check to name.
    write(dir, `${FORMS}/4_odd.yaml`, form('Odd', '["bell\\a"]'));
    ok(run(dir, withDate(['init', '--yes'])));
    expect(parse(read(dir, 'docpact.yaml')).labels.own).toEqual(['bug', 'enhancement', 'question', 'needs-triage']);
    // Declared without a colour: the repository has them, in colours of the team's (or GitHub's), which stay.
    const declared = parse(read(dir, '.github/labels.yml')) as { name: string; color?: string; description: string }[];
    for (const name of ['bug', 'enhancement', 'question', 'needs-triage']) expect(declared.find((l) => l.name === name), name).not.toHaveProperty('color');
    expect(declared.find((l) => l.name === 'bug')).toMatchObject({ description: "Something isn't working" });
    const r = run(dir, ['check', '--json']);
    expect(JSON.parse(r.stdout).problems.filter((p: { rule: string }) => p.rule === 'forms/undeclared-label').map((p: { file: string }) => p.file)).toEqual([`${FORMS}/4_odd.yaml`]);
    // The labels job leaves the labels the repository has as they are, and creates one it lacks.
    const step = parse(read(dir, '.github/workflows/governance.yml')).jobs.labels.steps.find((x: { run?: string }) => x.run);
    const created = runLabelsStep(dir, step.run, ['bug', 'enhancement', 'question']);
    if (!created) return ctx.skip();
    const touched = created.filter((c) => c[1] === 'create').map((c) => c[2]);
    expect(touched).toContain('needs-triage');
    for (const name of ['bug', 'enhancement', 'question']) expect(touched).not.toContain(name);
    // GitHub's label names ignore case: the team's "Bug" is the "bug" the forms apply, and stays as it is. An entry
    // whose colour was left empty by hand is the team's too; an empty labels.yml creates nothing.
    write(dir, '.github/labels.yml', `${read(dir, '.github/labels.yml')}- name: Triage\n  color: ""\n`);
    const cased = runLabelsStep(dir, step.run, ['Bug', 'ENHANCEMENT', 'Question', 'Needs-Triage', 'triage']);
    expect(cased?.filter((c) => c[1] === 'create').map((c) => c[2]).filter((n) => !/^(type|area|size|status):/.test(n))).toEqual([]);
    write(dir, '.github/labels.yml', '# nothing declared\n');
    expect(runLabelsStep(dir, step.run)).toEqual([['label', 'list', '--limit', '100000', '--json', 'name', '--jq', '.[].name']]);
    // Adopted once: a second init and a sync change nothing.
    const before = snapshot(dir);
    ok(run(dir, withDate(['init', '--yes'])));
    ok(run(dir, ['sync']));
    expect(snapshot(dir)).toEqual(before);
  });

  it('warns about a label of a form of the project’s own until labels.yml declares it; sync keeps that declaration', () => {
    const dir = initRepo();
    write(dir, `${FORMS}/crash.yml`, 'name: Crash report\ndescription: The program crashed.\nlabels: [bug, crash]\nbody:\n  - type: textarea\n    id: log\n    attributes:\n      label: Log\n');
    const warned = run(dir, ['check', '--json']);
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout).problems.map((p: { rule: string; severity: string; message: string }) => `${p.rule} ${p.severity} ${p.message.split(';')[0]}`)).toEqual([
      'forms/undeclared-label warning labels: "bug" is not declared in .github/labels.yml',
      'forms/undeclared-label warning labels: "crash" is not declared in .github/labels.yml',
    ]);
    write(dir, '.github/labels.yml', `${read(dir, '.github/labels.yml')}- name: bug\n- name: crash\n  color: b60205\n`);
    write(dir, 'docpact.yaml', read(dir, 'docpact.yaml').replace(/^ {4}- registry$/m, '    - registry\n    - payments'));
    expect(run(dir, ['sync']).code).toBe(0);
    const labels = parse(read(dir, '.github/labels.yml')).map((l: { name: string }) => l.name);
    expect(labels).toEqual(expect.arrayContaining(['area:payments', 'bug', 'crash']));
    expect(JSON.parse(run(dir, ['check', '--json']).stdout).problems).toEqual([]);
  });
});
