import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { issueFormSchema } from './consumers.js';
import { DATE, buildDocs, edit, exists, prepared, read, run, snapshot, sphinxBuild, write } from './helpers.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const BUG = '.github/ISSUE_TEMPLATE/bug.yaml';
const PR = '.github/PULL_REQUEST_TEMPLATE.md';
const CONTRIBUTING = 'docs/source/contributing.md';

/** Sphinx must still build (skipped locally without sphinx-build, never in CI). */
function docsBuild(dir: string): void {
  if (!sphinxBuild()) return;
  const r = buildDocs(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** Replace `from` with `to` in a file; fails when `from` is not there. */
const replaceIn = (dir: string, rel: string, from: string | RegExp, to: string): void => edit(dir, rel, (t) => t.replace(from, to));
const statuses = (stdout: string) => Object.fromEntries(JSON.parse(stdout).files.map((f: { path: string; status?: string }) => [f.path, f.status]));
const lockEntry = (dir: string, rel: string) => parse(read(dir, '.docpact/lock.yaml')).files.find((f: { path: string }) => f.path === rel);
const field = (form: { body: { id?: string; attributes: Record<string, unknown> }[] }, id: string) => form.body.find((b) => b.id === id)?.attributes;

describe('docpact sync', () => {
  it('merges config and template changes into edited files, marks overlaps, follows pages, deletions and moves; a second sync changes nothing', () => {
    const dir = repo();

    // 1. A new area and a renamed invariant in docpact.yaml, and the user's own wording in a form.
    replaceIn(dir, 'docpact.yaml', /^ {4}- registry$/m, '    - registry\n    - payments');
    replaceIn(dir, 'docpact.yaml', 'Plan ≡ World (facet)', 'Plans are world facets');
    replaceIn(dir, BUG, /^description: .*$/m, 'description: Tell us what broke, in your own words.');
    const due = run(dir, ['check']);
    expect(due.code).toBe(1);
    expect(due.stdout).toMatch(/^\.github\/ISSUE_TEMPLATE\/bug\.yaml:1: sync\/due: .*docpact sync/m);
    const dry = run(dir, ['sync', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^would merge\s+\.github\/ISSUE_TEMPLATE\/bug\.yaml/m);
    expect(dry.stdout).toMatch(/^\+ {8}- payments$/m);
    expect(read(dir, BUG)).not.toMatch(/payments/);
    const r = run(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(r.stdout)).toMatchObject({ [BUG]: 'merged', '.github/ISSUE_TEMPLATE/feature.yaml': 'updated', 'docs/source/conf.py': 'unchanged' });
    const form = parse(read(dir, BUG));
    expect(form.description).toBe('Tell us what broke, in your own words.');
    expect(field(form, 'area')?.options).toContain('payments');
    expect((field(form, 'invariants')?.options as { label: string }[])[0].label).toBe('Plans are world facets');
    expect(issueFormSchema(form)).toBe(true);
    expect(read(dir, PR)).toMatch(/^- \[ \] Plans are world facets$/m);
    expect(read(dir, CONTRIBUTING)).toMatch(/registry\|payments/);
    expect(lockEntry(dir, BUG).templateVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(dir, ['check']).stdout).toMatch(/no problems/);
    const before = snapshot(dir);
    const again = run(dir, ['sync']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^unchanged\s+\d+ files already up to date$/m);
    expect(snapshot(dir)).toEqual(before);

    // 2. The user edited the very line a config change rewrites: both versions, marked; exit 1 until resolved.
    replaceIn(dir, BUG, '- label: CAS admission', '- label: CAS admission (our wording)');
    replaceIn(dir, 'docpact.yaml', /^ {2}- CAS admission$/m, '  - Single-writer admission');
    const c = run(dir, ['sync']);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/^conflict\s+\.github\/ISSUE_TEMPLATE\/bug\.yaml/m);
    expect(c.stderr).toMatch(/merge conflicts[\s\S]*\.github\/ISSUE_TEMPLATE\/bug\.yaml/);
    expect(read(dir, BUG)).toMatch(/^<{7} yours\n {8}- label: CAS admission \(our wording\)\n={7}\n {8}- label: Single-writer admission\n>{7} docpact sync$/m);
    // Files without overlap were still brought up to date, in the same all-or-nothing apply.
    expect(read(dir, '.github/ISSUE_TEMPLATE/chore.yaml')).toMatch(/Single-writer admission/);
    expect(run(dir, ['check']).stdout).toMatch(/^\.github\/ISSUE_TEMPLATE\/bug\.yaml:\d+: sync\/conflict: /m);
    expect(run(dir, ['sync']).code).toBe(1); // still unresolved
    write(dir, BUG, read(dir, BUG).replace(/<{7} yours\n.*\n={7}\n(.*\n)>{7} docpact sync\n/, '$1'));
    expect(run(dir, ['sync']).code).toBe(0);
    expect(run(dir, ['check']).code).toBe(0);

    // 3. A changed template (the repo's override) merges into a file with the user's edits.
    write(dir, '.docpact/templates/docs/contributing.md.hbs', '# How {{project}} works\n\nOne.\n\nTwo.\n\nThree.\n');
    expect(run(dir, ['check']).stdout).toMatch(/^docs\/source\/contributing\.md:1: sync\/due:/m);
    expect(run(dir, ['sync']).code).toBe(0);
    const v1 = lockEntry(dir, CONTRIBUTING).templateVersion;
    expect(v1).toMatch(/^override:[0-9a-f]{12}$/);
    replaceIn(dir, CONTRIBUTING, 'Three.', 'Three, and our own rule.');
    write(dir, '.docpact/templates/docs/contributing.md.hbs', '# How {{project}} works today\n\nOne.\n\nTwo.\n\nThree.\n');
    expect(run(dir, ['sync']).code).toBe(0);
    expect(read(dir, CONTRIBUTING)).toMatch(/^# How .+ works today\n\nOne\.\n\nTwo\.\n\nThree, and our own rule\.\n$/);
    expect(lockEntry(dir, CONTRIBUTING).templateVersion).not.toBe(v1);

    // 4. A repository last synced by an older docpact, whose PR template lacked today's last line.
    const current = read(dir, PR);
    const older = current.replace('- [ ] `docpact check` passes\n', '');
    const sha = createHash('sha256').update(older).digest('hex');
    replaceIn(dir, '.docpact/lock.yaml', /(path: \.github\/PULL_REQUEST_TEMPLATE\.md\n\s+template: .*\n\s+sha256: )\w+(\n\s+templateVersion: )\S+/, `$1${sha}$20.0.9`);
    write(dir, '.docpact/base/.github%2FPULL_REQUEST_TEMPLATE.md', older);
    write(dir, PR, older.replace('One to three lines', 'Two lines at most'));
    const s = run(dir, ['sync', '--json']);
    expect(s.code, s.stderr).toBe(0);
    expect(statuses(s.stdout)[PR]).toBe('merged');
    expect(read(dir, PR)).toBe(current.replace('One to three lines', 'Two lines at most'));
    expect(lockEntry(dir, PR).templateVersion).not.toBe('0.0.9');

    // 5. Concepts added and removed, a generated file deleted by the user.
    replaceIn(dir, 'docs/source/concepts/predicates.md', /$/, '\nOur notes on predicates.\n');
    replaceIn(dir, 'docpact.yaml', /^ {2}- Predicates\n/m, '');
    replaceIn(dir, 'docpact.yaml', /^ {2}- Storage planes$/m, '  - Storage planes\n  - Leases & locks');
    fs.rmSync(path.join(dir, BUG));
    const p = run(dir, ['sync', '--json']);
    expect(p.code, p.stderr).toBe(0);
    expect(statuses(p.stdout)).toMatchObject({ 'docs/source/concepts/leases-and-locks.md': 'created', 'docs/source/concepts/predicates.md': 'removed-from-config', [BUG]: 'deleted-by-user' });
    expect(read(dir, 'docs/source/concepts/index.md')).toMatch(/\nstorage-planes\nleases-and-locks\n/);
    expect(read(dir, 'docs/source/concepts/predicates.md')).toMatch(/Our notes on predicates/);
    expect(exists(dir, BUG)).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
    docsBuild(dir);
    expect(run(dir, ['sync', '--force']).code).toBe(0);
    expect(exists(dir, BUG)).toBe(true);

    // 6. A paths.* change is refused with the steps, nothing written; once moved by hand, sync follows.
    replaceIn(dir, 'docpact.yaml', /^ {2}docs: docs\/source$/m, '  docs: site/source');
    replaceIn(dir, 'docpact.yaml', /^ {2}adr: docs\/source\/adr$/m, '  adr: site/source/adr');
    replaceIn(dir, 'docpact.yaml', /^ {2}index: docs\/source\/adr\/index\.md$/m, '  index: site/source/adr/index.md');
    const unmoved = snapshot(dir);
    const m = run(dir, ['sync']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/paths\.docs, paths\.adr; sync does not move folders, so nothing was written/);
    expect(m.stderr).toMatch(/1\. git mv docs\/source site\/source\n/);
    expect(m.stderr).not.toMatch(/git mv docs\/source\/adr/); // moves with its parent
    expect(snapshot(dir)).toEqual(unmoved);
    fs.mkdirSync(path.join(dir, 'site'));
    fs.renameSync(path.join(dir, 'docs/source'), path.join(dir, 'site/source'));
    const f = run(dir, ['sync']);
    expect(f.code, f.stderr).toBe(0);
    expect(read(dir, '.github/workflows/governance.yml')).toMatch(/sphinx-build -W -b html site\/source site\/_build\/html/);
    expect(parse(read(dir, '.docpact/lock.yaml')).paths.docs).toBe('site/source');
    expect(exists(dir, '.docpact/base/site%2Fsource%2Fcontributing.md')).toBe(true); // merge bases move with their files
    expect(exists(dir, '.docpact/base/docs%2Fsource%2Fcontributing.md')).toBe(false);
    expect(run(dir, ['check']).stdout).toMatch(/no problems \(1 ADR/);
  });

  it('merges only from a merge base the lock vouches for: with a base copy that is not what docpact rendered, the edit is kept and reported as a conflict', () => {
    const dir = repo();
    const mine = `${read(dir, CONTRIBUTING)}\nOur own rule.\n`;
    write(dir, CONTRIBUTING, mine);
    // The kept base is not docpact's last rendering (a stale or foreign copy): here, the edited file itself.
    // Merging from it would take the new rendering whole and drop the edit, while saying "merged (your edits kept)".
    write(dir, '.docpact/base/docs%2Fsource%2Fcontributing.md', mine);
    replaceIn(dir, 'docpact.yaml', /^ {4}- registry$/m, '    - registry\n    - payments');
    const r = run(dir, ['sync', '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(statuses(r.stdout)[CONTRIBUTING]).toBe('conflict');
    expect(read(dir, CONTRIBUTING)).toBe(mine);
    // --force replaces it with the new rendering, as the message says.
    expect(run(dir, ['sync', '--force']).code).toBe(0);
    expect(read(dir, CONTRIBUTING)).toMatch(/registry\|payments/);
  });

  it('moving paths.adr by its printed steps covers adr.index and every path inside the moved folder; check reports an index no series owns', () => {
    const dir = repo();
    replaceIn(dir, 'docpact.yaml', /^ {2}adr: docs\/source\/adr$/m, '  adr: docs/source/decisions');
    const before = snapshot(dir);
    const r = run(dir, ['sync']);
    expect(r.code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
    expect(r.stderr).toMatch(/1\. git mv docs\/source\/adr docs\/source\/decisions\n/);
    expect(r.stderr).toMatch(/2\. In docpact\.yaml, set adr\.index: docs\/source\/decisions\/index\.md \(it names docs\/source\/adr\/index\.md, inside the folder that moves\)\n/);
    // Only the move done: sync does not recreate an index in the old place, and says what is left.
    fs.renameSync(path.join(dir, 'docs/source/adr'), path.join(dir, 'docs/source/decisions'));
    const half = run(dir, ['sync']);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/set adr\.index: docs\/source\/decisions\/index\.md/);
    expect(half.stderr).not.toMatch(/git mv/);
    expect(exists(dir, 'docs/source/adr/index.md')).toBe(false);
    // The rest of the steps, as printed.
    replaceIn(dir, 'docpact.yaml', /^ {2}index: docs\/source\/adr\/index\.md$/m, '  index: docs/source/decisions/index.md');
    replaceIn(dir, 'docs/source/index.md', /^adr\/index$/m, 'decisions/index');
    replaceIn(dir, 'docs/source/guides/getting-started.md', '(../adr/index.md)', '(../decisions/index.md)');
    const done = run(dir, ['sync']);
    expect(done.code, done.stderr).toBe(0);
    expect(exists(dir, 'docs/source/adr')).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
    expect(run(dir, ['adr', 'new', 'After the move', '--date', DATE]).code).toBe(0);
    expect(read(dir, 'docs/source/decisions/index.md')).toContain('ADR-0002-after-the-move.md');

    // A second index page, as an earlier docpact left behind, is reported, not published quietly.
    write(dir, 'docs/source/adr/index.md', read(dir, 'docs/source/decisions/index.md'));
    replaceIn(dir, 'docs/source/index.md', /^decisions\/index$/m, 'decisions/index\nadr/index');
    const c = run(dir, ['check']);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/^docs\/source\/adr\/index\.md:\d+: adr\/orphan-index: .*adr\.index is docs\/source\/decisions\/index\.md/m);
  });

  it('re-running init with new answers edits docpact.yaml in place and syncs; concepts: [] is allowed; --force never discards edits', () => {
    const dir = repo();
    replaceIn(dir, 'docpact.yaml', /^project: .*$/m, '# Our project, our words.\n$&');
    const mine = `${read(dir, CONTRIBUTING)}\nOur own rule.\n`;
    write(dir, CONTRIBUTING, mine);
    const r = run(dir, ['init', '--yes', '--force', '--areas', 'payments,search', '--invariants', 'Idempotent writes', '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Updated docpact\.yaml: labels\.areas, invariants\./);
    expect(r.stdout).toMatch(/^modified\s+\.github\/ISSUE_TEMPLATE\/bug\.yaml$/m);
    const text = read(dir, 'docpact.yaml');
    expect(text).toMatch(/^# Our project, our words\.$/m);
    expect(parse(text)).toMatchObject({ preset: 'governed', labels: { areas: ['payments', 'search'] }, invariants: ['Idempotent writes'] });
    expect(field(parse(read(dir, BUG)), 'area')?.options).toEqual(['payments', 'search']);
    expect(read(dir, CONTRIBUTING)).toMatch(/payments\|search[\s\S]*Our own rule\.\n$/);
    expect(run(dir, ['check']).code).toBe(0);

    replaceIn(dir, 'docpact.yaml', /^concepts:\n( {2}- .*\n)+/m, 'concepts: []\n');
    expect(run(dir, ['sync']).code).toBe(0);
    expect(run(dir, ['check']).code).toBe(0);
  });
});
