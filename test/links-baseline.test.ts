/** links/dead, check.ignore and the baseline, through the built bin on one repository. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADR_CONTENT, DATE, buildDocs, edit, initRepo, ok, read, run, sphinxBuild } from './helpers.js';

const ADR = 'docs/source/adr';
const json = (dir: string) => {
  const r = run(dir, ['check', '--json']);
  return { code: r.code, problems: JSON.parse(r.stdout).problems as Record<string, any>[] };
};

describe('links/dead and accepting known problems', () => {
  it('catches an ADR renamed by hand before sphinx-build -W does; a baseline passes old problems and fails new ones; check.ignore', () => {
    const dir = initRepo();
    ok(run(dir, ['adr', 'new', 'Use SQLite', ...ADR_CONTENT, '--date', DATE]));
    ok(run(dir, ['adr', 'new', 'Use Postgres', '--supersedes', '2', ...ADR_CONTENT, '--date', DATE]));
    ok(run(dir, ['docs', 'add', 'guide', 'Storage']));
    edit(dir, 'docs/source/guides/storage.md', (t) =>
      [
        t,
        '(storage-notes)=',
        '## Notes',
        '',
        'See [the SQLite decision](../adr/ADR-0002-use-sqlite.md#context), {doc}`../adr/ADR-0002-use-sqlite`,',
        '{ref}`storage-notes`, [the index](../index.md) and [GitHub](https://github.com).',
        '',
        'In code it is not a link: `[x](nope.md)`.',
        '',
        '```text',
        '[y](nope.md)',
        '```',
        '',
      ].join('\n'),
    );
    expect(run(dir, ['check']).code).toBe(0);

    // 1. A rename by hand: the index is derivable (--fix), the links are not.
    fs.renameSync(path.join(dir, ADR, 'ADR-0002-use-sqlite.md'), path.join(dir, ADR, 'ADR-0002-sqlite-locally.md'));
    expect(run(dir, ['check', '--fix', '--quiet']).code).toBe(1); // fixed the index; the dead links remain
    let r = json(dir);
    expect(r.code).toBe(1);
    const storageLine = read(dir, 'docs/source/guides/storage.md').split('\n').findIndex((l) => l.includes('[the SQLite decision]')) + 1;
    expect(r.problems.map((p) => `${p.file}:${p.line} ${p.rule}`)).toEqual([
      `${ADR}/ADR-0003-use-postgres.md:6 links/dead`,
      `docs/source/guides/storage.md:${storageLine} links/dead`,
      `docs/source/guides/storage.md:${storageLine} links/dead`,
    ]);
    for (const p of r.problems) expect(p.message).toContain('ADR-0002 is now ADR-0002-sqlite-locally.md');
    if (sphinxBuild()) {
      const built = buildDocs(dir);
      expect(built.code).not.toBe(0);
      expect(built.stderr).toMatch(/ADR-0002-use-sqlite/);
    }

    // 2. Accept them: the baseline (file, rule, message, count — no lines).
    const wrote = run(dir, ['check', '--update-baseline']);
    expect(wrote.stderr).toContain('wrote  .docpact/baseline.json (3 problems accepted)');
    expect(wrote.code).toBe(0);
    expect(JSON.parse(read(dir, '.docpact/baseline.json')).problems.map((p: any) => p.count)).toEqual([1, 1, 1]);
    expect(run(dir, ['check']).stdout).toContain('3 accepted (3 by the baseline)');

    // A new problem fails; the old ones stay accepted and appear in --json, marked.
    edit(dir, 'docs/source/apps/index.md', (t) => `${t}\nSee [new notes](new-notes.md).\n`);
    r = json(dir);
    expect(r.code).toBe(1);
    expect(r.problems.filter((p) => !p.suppressed).map((p) => p.file)).toEqual(['docs/source/apps/index.md']);
    expect(r.problems.filter((p) => p.suppressed === 'baseline')).toHaveLength(3);

    // 3. check.ignore: rule glob + path glob + reason.
    edit(dir, 'docpact.yaml', (t) => `${t}check:\n  ignore:\n    - rule: links/*\n      paths: [docs/source/apps/**]\n      reason: apps pages link to the wiki export\n`);
    r = json(dir);
    expect(r.code).toBe(0);
    expect(r.problems.find((p) => p.suppressed === 'ignore')).toMatchObject({ file: 'docs/source/apps/index.md', reason: 'apps pages link to the wiki export' });

    // 4. Fixing an old problem leaves a baseline entry that no longer occurs: a warning, not a failure.
    edit(dir, `${ADR}/ADR-0003-use-postgres.md`, (t) => t.replace('ADR-0002-use-sqlite.md', 'ADR-0002-sqlite-locally.md'));
    const stale = run(dir, ['check']);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toMatch(/\.docpact\/baseline\.json:\d+: baseline\/unused: warning: docs\/source\/adr\/ADR-0003-use-postgres\.md: links\/dead: .* no longer occurs/);

    // 5. An ignore entry without a reason, or naming no rule, is a configuration error.
    edit(dir, 'docpact.yaml', (t) => t.replace('      reason: apps pages link to the wiki export\n', ''));
    const noReason = run(dir, ['check']);
    expect(noReason.code).toBe(2);
    expect(noReason.stdout).toContain('check.ignore.0.reason');
    edit(dir, 'docpact.yaml', (t) => `${t}      reason: typo\n`.replace('rule: links/*', 'rule: link/dead'));
    expect(run(dir, ['check']).stdout).toContain('check.ignore.0.rule: "link/dead" matches no rule id');
  }, 180_000);

  it('reads a backslash-escaped bracket as text, as Markdown does: a title that looks like a link is no dead link, and init baselines nothing of its own', () => {
    // The project name and an ADR title that read like links: docpact escapes them (\[r\](s)), MyST and GitHub show them as text.
    const dir = initRepo(['--project', 'Acme [r](s)']);
    expect(fs.existsSync(path.join(dir, '.docpact/baseline.json'))).toBe(false);
    ok(run(dir, ['adr', 'new', 'Follow [the plan](plan.md) and [RFC](http://x)', ...ADR_CONTENT, '--date', DATE]));
    edit(dir, 'docs/source/apps/index.md', (t) => `${t}\nNot a link: \\[x\\](nowhere.md). A link after an escaped backslash: \\\\[gone](gone.md).\n`);
    const r = json(dir);
    expect(r.problems.map((p) => `${p.file} ${p.rule} ${p.message}`)).toEqual(['docs/source/apps/index.md links/dead link target "gone.md" does not exist (docs/source/apps/gone.md)']);
  }, 60_000);

  it('reads a hostile line in linear time: brackets and link openers by the hundred thousand do not hold check or adr renumber', () => {
    const dir = initRepo();
    ok(run(dir, ['adr', 'new', 'Use SQLite', ...ADR_CONTENT, '--date', DATE]));
    const n = 150_000; // quadratic, this line took minutes; the link after it is still found
    edit(dir, 'docs/source/apps/index.md', (t) => `${t}\n${'['.repeat(n)}${'x]('.repeat(n)}\n\n${'[x]('.repeat(n)}\n\nSee [the decision](../adr/ADR-0002-use-sqlite.md) and [gone](gone.md).\n`);
    const checked = run(dir, ['check', '--json', '--no-cache']);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout).problems.map((p: { message: string }) => p.message)).toEqual(['link target "gone.md" does not exist (docs/source/apps/gone.md)']);
    const moved = run(dir, ['adr', 'renumber', '2', '7', '--yes']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(read(dir, 'docs/source/apps/index.md')).toContain('[the decision](../adr/ADR-0007-use-sqlite.md)');
  }, 120_000);

  it('reads a hostile run of backticks in linear time: a line of 400,000 that never closes does not hold check, and the code and links around it are read as before', () => {
    const dir = initRepo();
    // Tried at each backtick of the run, the code-span pattern scanned to the end of the text: this line took check about a minute.
    const tail = 'See `[code](code.md)` and [gone](gone.md), {doc}`/index`.';
    edit(dir, 'docs/source/apps/index.md', (t) => `${t}\n${tail}\n\nx${'`'.repeat(400_000)}y\n`);
    const checked = run(dir, ['check', '--json', '--no-cache'], { timeout: 30_000 }); // killed: code -1
    expect(checked.code, checked.stderr).toBe(1);
    expect(JSON.parse(checked.stdout).problems.map((p: { message: string }) => p.message)).toEqual(['link target "gone.md" does not exist (docs/source/apps/gone.md)']);
  }, 90_000);
});
