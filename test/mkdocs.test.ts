/**
 * MkDocs as a first-class docs engine (issue #22): a repository with
 * mkdocs.yml gets its pages as Markdown MkDocs builds, under its docs_dir,
 * listed in its nav by a minimal verified edit — and Debian's real
 * `mkdocs build --strict` passes on it after every generator.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { markdownProblems, workflowProblems } from './consumers.js';
import { ADR_CONTENT, DATE, REPO, buildMkdocs, edit, exists, fixtureRepo, initKeeping, mkdocsBin, mustPass, read, run, snapshot, write } from './helpers.js';

/** Every file under a folder, repo-relative. */
const filesUnder = (dir: string, sub: string): string[] =>
  fs.existsSync(path.join(dir, sub)) ? (fs.readdirSync(path.join(dir, sub), { recursive: true }) as string[]).map((f) => `${sub}/${f}`).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : [];

describe('joining an MkDocs site', () => {
  it('writes Markdown MkDocs builds under docs_dir, lists it in the nav by one verified edit, and mkdocs build --strict passes after every generator', async (ctx) => {
    const dir = fixtureRepo('mkdocs');
    const out = initKeeping(dir, ['mkdocs.yml']);
    expect(out).toMatch(/^found\s+MkDocs project: mkdocs\.yml \(docs_dir docs\) — docpact writes its pages there as Markdown MkDocs builds and adds its sections to the nav/m);
    const config = parse(read(dir, 'docpact.yaml'));
    expect(config.docs).toEqual({ engine: 'mkdocs', config: 'mkdocs.yml' });
    expect(config.paths).toMatchObject({ docs: 'docs', adr: 'docs/adr', generated: 'docs/_generated' });
    // A repository with docs of its own gets the neutral vocabulary.
    expect(config.preset).toBe('blank');
    // No Sphinx tree anywhere: no conf.py, no docs/source, nothing MkDocs would publish raw.
    expect(filesUnder(dir, 'docs').filter((f) => /conf\.py$|\/source\/|_static/.test(f))).toEqual([]);

    // mkdocs.yml: every original line, in order, comments kept; docpact's sections appended to the nav.
    const original = fs.readFileSync(path.join(REPO, 'test/fixtures/adopt/mkdocs/mkdocs.yml'), 'utf8');
    const yml = read(dir, 'mkdocs.yml');
    expect(yml).toBe(original.replace('  - Usage: usage.md  # how to run it\n', `  - Usage: usage.md  # how to run it\n${[
      '  - Governance:',
      '      - Guides:',
      '          - guides/index.md',
      '          - guides/getting-started.md',
      '      - Concepts:',
      '          - concepts/index.md',
      '      - Apps:',
      '          - apps/index.md',
      '      - Use cases:',
      '          - use-cases/index.md',
      '      - Architecture decisions: adr/index.md',
      '      - Contributing: contributing.md',
      '      - Glossary: glossary.md',
    ].join('\n')}\n`));
    // Nothing to accept: no false positive (a link in an HTML comment or in front matter is not dead).
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);

    mustPass(dir, ['adr', 'new', 'Boil by the clock', '--supersedes', '1']);
    expect(mustPass(dir, ['docs', 'add', 'concept', 'Schedules <daily>'])).toMatch(/listed it in docs\/concepts\/index\.md and the nav of mkdocs\.yml/);
    mustPass(dir, ['docs', 'add', 'guide', 'Descale the kettle']);
    mustPass(dir, ['docs', 'term', 'Boil', 'To heat water until it bubbles [fully].']);
    expect(read(dir, 'mkdocs.yml')).toMatch(/^ {10}- concepts\/index\.md\n {10}- concepts\/schedules-daily\.md\n/m);
    expect(read(dir, 'docs/concepts/index.md')).toMatch(/^- \[Schedules &lt;daily&gt;\]\(schedules-daily\.md\)$/m);
    expect(read(dir, 'docs/glossary.md')).toMatch(/^## Boil\n\nTo heat water until it bubbles \\\[fully\\\]\.\n\n## Changeset$/m);
    // The ADR index is a Markdown table MkDocs renders, linking each ADR.
    expect(read(dir, 'docs/adr/index.md')).toMatch(/^\| \[ADR-0002\]\(ADR-0002-boil-by-the-clock\.md\) \| Boil by the clock \| Proposed \|/m);

    // Nothing MyST in any page docpact wrote: no roles, directives or toctrees MkDocs would print as text; and markdownlint passes.
    const ours = filesUnder(dir, 'docs').filter((f) => f.endsWith('.md') && !['docs/index.md', 'docs/usage.md'].includes(f));
    for (const f of ours) expect(read(dir, f), f).not.toMatch(/\{(toctree|doc|term|glossary|ref|graphviz|container)\}/);
    expect(markdownProblems(dir, ours.map((f) => path.join(dir, f)))).toEqual([]);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(2 ADRs/);

    // check understands MkDocs: a page neither in the nav nor linked is an orphan; a link MkDocs cannot follow is dead.
    write(dir, 'docs/concepts/stray.md', '# Stray\n\nSee [the scheduler](../scheduler.md) and [home](../../README.md).\n');
    const bad = run(dir, ['check']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^docs\/concepts\/stray\.md:1: docs\/orphan: neither the nav nor a page it lists links this page/m);
    expect(bad.stdout).toMatch(/^docs\/concepts\/stray\.md:3: links\/dead: link target "\.\.\/scheduler\.md" does not exist/m);
    expect(bad.stdout).toMatch(/^docs\/concepts\/stray\.md:3: links\/dead: link target "\.\.\/\.\.\/README\.md" is outside the MkDocs docs_dir/m);
    fs.rmSync(path.join(dir, 'docs/concepts/stray.md'));

    // CI builds it the same way, and GitHub's parser and actionlint accept the workflow.
    const wf = read(dir, '.github/workflows/governance.yml');
    expect(await workflowProblems(wf)).toEqual([]);
    expect(parse(wf).jobs.docs.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(['pip install -r docs-requirements.txt', 'mkdocs build --strict --config-file mkdocs.yml']);
    expect(read(dir, 'docs-requirements.txt')).toMatch(/^mkdocs>=1\.4\.2,<2$/m);
    // make docs, which the contributing guide names, builds it as CI does (make is in CI; without it locally, not checked).
    const make = spawnSync('make', ['-n', 'docs'], { cwd: dir, encoding: 'utf8' });
    if (!make.error || process.env.CI) expect(make.stdout.trim().split('\n').at(-1)).toBe('mkdocs build --strict');

    if (!mkdocsBin()) return ctx.skip();
    const built = buildMkdocs(dir);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    for (const page of ['glossary/index.html', 'concepts/schedules-daily/index.html', 'adr/ADR-0002-boil-by-the-clock/index.html', 'guides/descale-the-kettle/index.html']) {
      expect(fs.existsSync(path.join(built.site, page)), page).toBe(true);
    }
  });

  it('leaves an mkdocs.yml without a nav byte-identical: MkDocs lists every page itself', (ctx) => {
    const dir = fixtureRepo('mkdocs');
    write(dir, 'mkdocs.yml', read(dir, 'mkdocs.yml').replace(/\nnav:\n(  - .*\n)+/, '\n'));
    const out = initKeeping(dir);
    expect(out).toMatch(/MkDocs project: mkdocs\.yml \(docs_dir docs, no nav: MkDocs lists every page\)/);
    mustPass(dir, ['docs', 'add', 'app', 'Timer']);
    mustPass(dir, ['docs', 'add', 'app', 'Thermostat']);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    // A page docpact wrote is deleted: its link in the section index is dead, and --fix drops that line only.
    fs.rmSync(path.join(dir, 'docs/apps/thermostat.md'));
    expect(run(dir, ['check']).stdout).toMatch(/^docs\/apps\/index\.md:\d+: links\/dead: link target "thermostat\.md" does not exist/m);
    const fixed = run(dir, ['check', '--fix']);
    expect(fixed.stderr).toMatch(/fixed\s+docs\/apps\/index\.md/);
    expect(fixed.code).toBe(0);
    expect(read(dir, 'docs/apps/index.md')).toMatch(/^- \[Timer\]\(timer\.md\)\n$/m);
    expect(read(dir, 'docs/apps/index.md')).not.toMatch(/thermostat/);
    if (!mkdocsBin()) return ctx.skip();
    expect(buildMkdocs(dir).stderr).toBe('');
  });

  it('writes ADR titles as text Python-Markdown shows: HTML and brackets stay literal on the ADR page and in the index, and read back exactly', (ctx) => {
    const dir = fixtureRepo('mkdocs');
    initKeeping(dir, ['mkdocs.yml']);
    const title = 'Serve <b>bold</b> & [links] {x}';
    mustPass(dir, ['adr', 'new', title]);
    const file = fs.readdirSync(path.join(dir, 'docs/adr')).find((f) => f.startsWith('ADR-0002-')) as string;
    // Python-Markdown has no backslash escape for "<" or "&": they are character references.
    expect(read(dir, `docs/adr/${file}`)).toMatch(/^# ADR-0002 — Serve &lt;b&gt;bold&lt;\/b&gt; &amp; \\\[links\\\] \\\{x\\\}$/m);
    const listed = JSON.parse(mustPass(dir, ['adr', 'list', '--json'])).adrs as { id: string; title: string }[];
    expect(listed.find((a) => a.id === 'ADR-0002')?.title).toBe(title);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    if (!mkdocsBin()) return ctx.skip();
    const built = buildMkdocs(dir);
    expect(built.stderr).toBe('');
    const shown = 'Serve &lt;b&gt;bold&lt;/b&gt; &amp; [links] {x}';
    const page = fs.readFileSync(path.join(built.site, `adr/${file.replace(/\.md$/, '')}/index.html`), 'utf8');
    // The heading's text, without the permalink the site's toc extension appends.
    expect(/<h1[^>]*>([^]*?)<\/h1>/.exec(page)?.[1].replace(/<a class="headerlink"[^]*?<\/a>$/, '')).toBe(`ADR-0002 — ${shown}`);
    const index = fs.readFileSync(path.join(built.site, 'adr/index.html'), 'utf8');
    expect(index).toContain(`<td>${shown}</td>`);
    expect(index).not.toContain('<b>bold</b>');
  });

  it('keeps a title\'s closing "#" (Rewrite in C#, a term F#), which Python-Markdown would take for the end of the heading', (ctx) => {
    const dir = fixtureRepo('mkdocs');
    initKeeping(dir, ['mkdocs.yml']);
    mustPass(dir, ['adr', 'new', 'Rewrite in C#']);
    mustPass(dir, ['docs', 'term', 'F#', 'A language of the .NET family.']);
    const listed = JSON.parse(mustPass(dir, ['adr', 'list', '--json'])).adrs as { id: string; title: string }[];
    expect(listed.find((a) => a.id === 'ADR-0002')?.title).toBe('Rewrite in C#');
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    if (!mkdocsBin()) return ctx.skip();
    const built = buildMkdocs(dir);
    expect(built.stderr).toBe('');
    const heading = (file: string, tag: string, start: string) =>
      [...fs.readFileSync(path.join(built.site, file), 'utf8').matchAll(new RegExp(`<${tag}[^>]*>([^]*?)</${tag}>`, 'g'))].map((m) => m[1].replace(/<a class="headerlink"[^]*?<\/a>$/, '')).find((h) => h.startsWith(start));
    expect(heading('adr/ADR-0002-rewrite-in-c/index.html', 'h1', 'ADR-0002')).toBe('ADR-0002 — Rewrite in C#');
    expect(heading('glossary/index.html', 'h2', 'F')).toBe('F#');
    expect(fs.readFileSync(path.join(built.site, 'adr/index.html'), 'utf8')).toContain('<td>Rewrite in C#</td>');
  });

  it('escapes a hostile title of closing "#"s in linear time: an ADR headed by 200,000 of them does not hold check', () => {
    const dir = fixtureRepo('mkdocs');
    initKeeping(dir, ['mkdocs.yml']);
    mustPass(dir, ['adr', 'new', 'Rewrite in C#']);
    // Quadratic, escaping this title for the index took minutes; escaped, its "#"s are text.
    const file = fs.readdirSync(path.join(dir, 'docs/adr')).find((f) => f.startsWith('ADR-0002')) as string;
    edit(dir, `docs/adr/${file}`, (t) => t.replace('Rewrite in C\\#', `C${'#'.repeat(200_000)}x`));
    const checked = run(dir, ['check', '--json', '--no-cache'], { timeout: 30_000 }); // killed: code -1
    expect(checked.code, checked.stderr).toBe(1);
    expect(JSON.parse(checked.stdout).problems.map((p: { rule: string }) => p.rule)).toContain('adr/index-drift');
  }, 90_000);

  it('links every ADR series\' index from docpact\'s ADR index: a series added later is reachable, and mkdocs build --strict passes', (ctx) => {
    const dir = fixtureRepo('mkdocs');
    initKeeping(dir, ['mkdocs.yml']);
    edit(dir, 'docpact.yaml', (t) => t.replace(/^adr:\n/m, 'adr:\n  series:\n    - name: dec\n      path: docs/decisions\n      format: madr4\n'));
    mustPass(dir, ['sync']);
    mustPass(dir, ['adr', 'new', 'First', '--series', 'dec', ...ADR_CONTENT]);
    const checked = run(dir, ['check']);
    expect(checked.stdout).not.toMatch(/docs\/orphan/);
    expect(checked.code, checked.stdout).toBe(0);
    expect(read(dir, 'docs/adr/index.md')).toMatch(/^Other decision series:\n\n- \[dec\]\(\.\.\/decisions\/index\.md\)$/m);
    if (!mkdocsBin()) return ctx.skip();
    const built = buildMkdocs(dir);
    expect(built.code, built.stderr).toBe(0);
    expect(fs.existsSync(path.join(built.site, 'decisions/0001-first/index.html'))).toBe(true);
  });

  it('stops with the exact nav lines when the nav cannot be extended by a minimal edit, writing nothing', () => {
    const dir = fixtureRepo('mkdocs');
    write(dir, 'mkdocs.yml', read(dir, 'mkdocs.yml').replace(/\nnav:\n(  - .*\n)+/, '\nnav: [index.md, usage.md]\n'));
    const before = snapshot(dir);
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mkdocs\.yml has a nav docpact cannot extend by a minimal edit it can verify/);
    expect(r.stderr).toMatch(/^ {6}- Governance:$/m);
    expect(r.stderr).toMatch(/^ {14}- guides\/index\.md$/m);
    expect(snapshot(dir)).toEqual(before);
    expect(exists(dir, 'docpact.yaml')).toBe(false);
  });
});

describe("docpact's _generated folder in an MkDocs site", () => {
  const NOTES = ['registry', 'diagrams', 'examples'].map((n) => `docs/_generated/${n}`);
  const base = (rel: string) => `.docpact/base/${encodeURIComponent(rel)}`;

  /** The repository as a docpact that named the folder notes README.md left it: same text, same lock entries and merge bases, under the old name. */
  function asBefore(dir: string): void {
    for (const n of NOTES) {
      fs.renameSync(path.join(dir, n, 'README'), path.join(dir, n, 'README.md'));
      fs.renameSync(path.join(dir, base(`${n}/README`)), path.join(dir, base(`${n}/README.md`)));
    }
    edit(dir, '.docpact/lock.yaml', (t) => t.replace(/^( {2}- path: docs\/_generated\/\w+\/README)$/gm, '$1.md'));
  }

  it('publishes none of its notes as pages: each is named README, which MkDocs 1.4 copies as a file, and mkdocs build --strict passes', (ctx) => {
    const dir = fixtureRepo('mkdocs');
    mustPass(dir, ['init', '--yes']);
    for (const n of NOTES) {
      expect(read(dir, `${n}/README`)).toMatch(/^---\norphan: true\n---\n\n# Generated: /);
      expect(exists(dir, `${n}/README.md`)).toBe(false);
    }
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    if (!mkdocsBin()) return ctx.skip();
    const built = buildMkdocs(dir);
    expect(built.code, built.stderr).toBe(0);
    expect(filesUnder(built.site, '_generated').filter((f) => f.endsWith('.html'))).toEqual([]);
  });

  it('moves the README.md notes an earlier docpact wrote to README on sync: unedited ones replaced, your edits carried over, a note of your own kept', (ctx) => {
    const dir = fixtureRepo('mkdocs');
    mustPass(dir, ['init', '--yes']);
    asBefore(dir);
    expect(exists(dir, 'docs/_generated/registry/README.md')).toBe(true);
    edit(dir, 'docs/_generated/registry/README.md', (t) => `${t}\nThe data team owns this folder.\n`);
    // A note docpact never wrote is the team's: it stays, and docpact writes none beside it.
    edit(dir, '.docpact/lock.yaml', (t) => t.replace(/^ {2}- path: docs\/_generated\/examples\/README\.md\n(?: {4}.*\n)+/m, ''));
    fs.rmSync(path.join(dir, base('docs/_generated/examples/README.md')));
    write(dir, 'docs/_generated/examples/README.md', '# Examples\n\nOur own note.\n');
    // check, before sync runs, names the README.md sync will move, not only the README that "does not exist yet".
    const due = (JSON.parse(run(dir, ['check', '--json']).stdout).problems as { file: string; rule: string; message: string }[]).filter((p) => p.rule === 'sync/due');
    const registry = due.find((p) => p.file === 'docs/_generated/registry/README');
    expect(registry?.message).toMatch(/docs\/_generated\/registry\/README\.md .*docpact sync/);

    const r = run(dir, ['sync']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(exists(dir, 'docs/_generated/diagrams/README.md')).toBe(false);
    expect(read(dir, 'docs/_generated/diagrams/README')).toMatch(/^---\norphan: true\n---\n\n# Generated: diagrams\n/);
    expect(exists(dir, 'docs/_generated/registry/README.md')).toBe(false);
    expect(read(dir, 'docs/_generated/registry/README')).toMatch(/# Generated: registry\n[\s\S]*\nThe data team owns this folder\.\n$/);
    expect(read(dir, 'docs/_generated/examples/README.md')).toBe('# Examples\n\nOur own note.\n');
    expect(exists(dir, 'docs/_generated/examples/README')).toBe(false);
    expect(read(dir, '.docpact/lock.yaml')).not.toMatch(/_generated\/\w+\/README\.md/);
    expect(fs.readdirSync(path.join(dir, '.docpact/base')).filter((f) => f.includes('README.md') && f.includes('_generated'))).toEqual([]);
    // Settled: a second sync changes nothing, and check agrees.
    const again = run(dir, ['sync']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/^(created|modified|deleted|merged)\s/m);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    if (!mkdocsBin()) return ctx.skip();
    expect(buildMkdocs(dir).code).toBe(0);
  });
});
