/**
 * Adopting existing repositories (issue #12): fixture repos modelled on
 * adr-tools, MADR, an existing Sphinx project, a repo with its own issue
 * forms, and a Windows (CRLF) checkout — all driven through the built bin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enableMyst } from '../src/docs/engines/sphinx-conf-edit.js';
import { github, mystShown } from './render.js';
import { ADR_CONTENT, DATE, REPO, copyOf, edit, exists, fixtureRepo, initKeeping, initRepo, mustPass, ok, read, run, snapshot, sphinxBuild, sphinxWarnings, tempRepo, withDate, write } from './helpers.js';

const FIXTURES = path.join(REPO, 'test/fixtures/adopt');
const fixture = fixtureRepo;

/** sphinx-build -W over a source folder; returns the output folder. */
function sphinx(dir: string, src: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-html-'));
  const res = spawnSync('sphinx-build', ['-W', '--keep-going', '-q', '-b', 'html', path.join(dir, src), out], { encoding: 'utf8' });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return out;
}

// What init appends to a conf.py it joins so Sphinx finds docpact's extension beside it.
const SITE_EXTENSION_BLOCK = [
  '',
  "# Added by docpact: its Sphinx extension (_ext/docpact_sphinx.py, kept by docpact sync): ADR status badges,",
  '# the relation graph with links in every builder, and the MyST only the site needs, in a comment GitHub hides.',
  'import os, sys  # noqa: E401',
  'sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))',
  '',
].join('\n');

describe('adopting an existing repository', () => {
  it('continues an adr-tools series found through .adr-dir, in its own format', (ctx) => {
    const dir = fixture('adr-tools');
    const out = initKeeping(dir);
    expect(out).toMatch(/^found\s+ADR series: doc\/architecture\/decisions \(nygard, \{number\}-\{slug\}\.md, 3 ADRs/m);
    // No second series: no docpact ADR folder, no ADR-0001.
    expect(exists(dir, 'docs/source/adr')).toBe(false);
    expect(read(dir, 'docpact.yaml')).toMatch(/adr: doc\/architecture\/decisions/);

    mustPass(dir, ['adr', 'new', 'Store the catalogue in CockroachDB', '--supersedes', '3', '--amends', '1']);
    const adrs = 'doc/architecture/decisions';
    const next = read(dir, `${adrs}/0004-store-the-catalogue-in-cockroachdb.md`);
    expect(next).toMatch(/^# 4\. Store the catalogue in CockroachDB\n\nDate: 2026-11-23\n\n## Status\n\nProposed\n\nSupersedes \[3\. Store the catalogue in Postgres\]\(0003-store-the-catalogue-in-postgres\.md\)\n/);
    // Like adr-tools: the status word gives way to the "Superseded by" line, and nothing else changes.
    const old = read(dir, `${adrs}/0003-store-the-catalogue-in-postgres.md`);
    const orig = fs.readFileSync(path.join(FIXTURES, 'adr-tools', adrs, '0003-store-the-catalogue-in-postgres.md'), 'utf8');
    expect(old).toBe(orig.replace('\nAccepted\n', '\nSuperseded by [4. Store the catalogue in CockroachDB](0004-store-the-catalogue-in-cockroachdb.md)\n'));
    expect(read(dir, `${adrs}/0001-record-architecture-decisions.md`)).toMatch(/^Accepted\n\nAmended by \[4\. Store/m);

    const list = JSON.parse(mustPass(dir, ['adr', 'list', '--json'])).adrs as { id: string; status: string; supersededBy: string[] }[];
    expect(list.map((a) => [a.id, a.status])).toEqual([
      ['ADR-0001', 'Accepted'],
      ['ADR-0002', 'Superseded'],
      ['ADR-0003', 'Superseded'],
      // Its sections still hold the template's text: a draft, though the series starts its records Accepted.
      ['ADR-0004', 'Proposed'],
    ]);
    expect(run(dir, ['adr', 'status', '3', 'accepted']).stderr).toMatch(/ADR-0003 is Superseded by ADR-0004/);
    mustPass(dir, ['adr', 'status', '4', 'deprecated']);
    expect(read(dir, `${adrs}/0004-store-the-catalogue-in-cockroachdb.md`)).toMatch(/## Status\n\nDeprecated\n\nSupersedes/);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(4 ADRs/);
    if (!sphinxBuild()) return ctx.skip();
    expect(fs.existsSync(path.join(sphinx(dir, 'docs/source'), 'glossary.html'))).toBe(true);
  });

  it('continues a MADR series that starts at 0000, with front matter and any-case statuses', (ctx) => {
    const dir = fixture('madr');
    const out = initKeeping(dir);
    expect(out).toMatch(/ADR series: docs\/decisions \(madr4, \{number\}-\{slug\}\.md, 3 ADRs/);
    expect(read(dir, 'docpact.yaml')).toMatch(/first: 0/);
    mustPass(dir, ['adr', 'new', 'Ship settings as TOML', '--supersedes', '2', '--amends', '0', '--deciders', 'Ana, Bo']);
    const adrs = 'docs/decisions';
    expect(read(dir, `${adrs}/0003-ship-settings-as-toml.md`)).toMatch(
      /^---\nstatus: proposed\ndate: 2026-11-23\ndecision-makers: Ana, Bo\nsupersedes: "\[ADR-0002\]\(0002-ship-a-single-settings-file\.md\)"\namends: "\[ADR-0000\]\(0000-use-markdown-any-decision-records\.md\)"\n---\n\n# Ship settings as TOML\n/,
    );
    // The status and the relation are one value, as MADR writes them: the status lives in one place.
    const old = read(dir, `${adrs}/0002-ship-a-single-settings-file.md`);
    expect(old.split('\n').slice(0, 5).join('\n')).toBe('---\nstatus: "Superseded by [ADR-0003](0003-ship-settings-as-toml.md)"\ndate: 2024-05-20\ndecision-makers: Bo\n---');
    expect(read(dir, `${adrs}/0000-use-markdown-any-decision-records.md`)).toMatch(/^deciders: Ana, Bo\namended-by: "\[ADR-0003\]\(0003-ship-settings-as-toml\.md\)"\n---$/m);
    expect(read(dir, `${adrs}/adr-template.md`)).toBe(fs.readFileSync(path.join(FIXTURES, 'madr', adrs, 'adr-template.md'), 'utf8'));
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(4 ADRs/);
    expect(read(dir, `${adrs}/index.md`)).toMatch(/\| \[ADR-0002\]\(0002-ship-a-single-settings-file\.md\) \| Ship a single settings file \| superseded \|/);

    // A status written another way is matched in any case; a typo gets a "did you mean".
    write(dir, `${adrs}/0001-bundle-with-esbuild.md`, read(dir, `${adrs}/0001-bundle-with-esbuild.md`).replace('status: accepted', 'status: acepted'));
    const bad = run(dir, ['check']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/0001-bundle-with-esbuild\.md:2: adr\/unknown-status: status "acepted" is not one of proposed, accepted, .*; did you mean "accepted"\?/);
    if (!sphinxBuild()) return ctx.skip();
    sphinx(dir, 'docs/source');
  });

  it('joins a Sphinx project with index.rst and a conf.py without MyST by two minimal edits, in the vocabulary of a repository with docs', (ctx) => {
    const dir = fixture('sphinx-rst');
    const dry = run(dir, ['init', '--yes', '--dry-run', '--date', DATE]);
    expect(dry.stdout).toMatch(/^found\s+Sphinx project: docs\/conf\.py \(root docs\/index\.rst, no MyST\)/m);
    expect(dry.stdout).toMatch(/^\+    "myst_parser",$/m);
    expect(dry.stdout).toMatch(/^\+   guides\/index$/m);
    const out = initKeeping(dir, ['docs/conf.py', 'docs/index.rst']);
    expect(out).toMatch(/skipped\s+\.gitignore\s+\(exists, not written by docpact; kept\)/);
    // No second root document, no second conf.py; generated data under the docs root, never at the repository root.
    expect(exists(dir, 'docs/index.md')).toBe(false);
    expect(exists(dir, 'docs/source')).toBe(false);
    expect(exists(dir, '_generated')).toBe(false);
    expect(exists(dir, 'docs/_generated/adr/index/0000-0099.json')).toBe(true);
    expect(read(dir, 'docs/_generated/registry/README.md')).toMatch(/^---\norphan: true\n---\n\n# Generated: registry\n/);
    // The repository has docs of its own: the neutral vocabulary, no reference world.
    expect(read(dir, 'docpact.yaml')).toMatch(/^preset: blank$/m);
    expect(exists(dir, 'theory_api')).toBe(false);
    const conf = read(dir, 'docs/conf.py');
    expect(conf).toBe(
      `${fs
        .readFileSync(path.join(FIXTURES, 'sphinx-rst/docs/conf.py'), 'utf8')
        .replace('    "sphinx.ext.todo",  # TODO boxes while the docs grow\n', '    "sphinx.ext.todo",  # TODO boxes while the docs grow\n    "myst_parser",\n    "sphinx.ext.graphviz",\n    "docpact_sphinx",\n')
        .replace('source_suffix = ".rst"', 'source_suffix = [".rst", ".md"]')}\n# Added by docpact with MyST: notes a build without MyST never had (MyST still resolves every link).\nsuppress_warnings = ["myst.domains"]\n${SITE_EXTENSION_BLOCK}`,
    );
    // docpact's Sphinx extension beside conf.py: GitHub shows the ADR index without MyST, the site builds what GitHub hides.
    expect(read(dir, 'docs/_ext/docpact_sphinx.py')).toMatch(/^"""docpact's Sphinx extension/);
    expect(mystShown(github(read(dir, 'docs/adr/index.md')))).toEqual([]);
    expect(read(dir, 'docs/index.rst')).toMatch(/^   install\n   usage\n   guides\/index\n   concepts\/index\n   apps\/index\n   use-cases\/index\n   adr\/index\n   contributing\n   glossary\n\nIndices/m);
    mustPass(dir, ['adr', 'new', 'Resume copies by checksum', '--supersedes', '1']);
    expect(exists(dir, 'docs/adr/ADR-0002-resume-copies-by-checksum.md')).toBe(true);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    // --force restores docpact's files, never the project's.
    ok(run(dir, ['init', '--yes', '--force', '--date', DATE]));
    expect(read(dir, '.gitignore')).toBe('_build/\n*.pyc\n');
    expect(read(dir, 'docs/conf.py')).toBe(conf);
    if (!sphinxBuild()) return ctx.skip();
    const html = sphinx(dir, 'docs');
    for (const page of ['install.html', 'glossary.html', 'adr/ADR-0002-resume-copies-by-checksum.html', 'concepts/index.html']) expect(fs.existsSync(path.join(html, page)), page).toBe(true);
    // The ADR relation graph as SVG linking to the ADR, and each status a badge, through the extensions init added.
    const index = fs.readFileSync(path.join(html, 'adr/index.html'), 'utf8');
    expect(index).toMatch(/<svg[\s\S]*href="ADR-0002-resume-copies-by-checksum\.html"[\s\S]*<\/svg>/);
    expect(index).toMatch(/<span class="adr-status status-superseded">Superseded<\/span>/);
  });

  it('stops with the exact lines to add when conf.py cannot be edited safely, and check names pages Sphinx would not build', () => {
    const dir = fixture('sphinx-rst');
    const conf = read(dir, 'docs/conf.py').replace(/extensions = \[[\s\S]*?\]\n/, 'extensions = BASE_EXTENSIONS + ["sphinx.ext.todo"]\n');
    write(dir, 'docs/conf.py', conf);
    const before = snapshot(dir);
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/docs\/conf\.py does not enable MyST, and docpact will not rewrite a conf\.py it did not write/);
    expect(r.stderr).toMatch(/^\s+extensions = list\(extensions\) \+ \["myst_parser"\]$/m);
    expect(snapshot(dir)).toEqual(before);
    // Following that advice is enough: init goes on, and check sees MyST enabled.
    write(dir, 'docs/conf.py', `${conf}extensions = list(extensions) + ["myst_parser"]\n`);
    expect(run(dir, ['init', '--yes', '--date', DATE]).code).toBe(0);
    expect(run(dir, ['check']).stdout).not.toMatch(/docs\/not-built/);

    // A project whose conf.py loses MyST after init: check says which pages Sphinx would skip.
    const kept = fixture('sphinx-rst');
    initKeeping(kept, ['docs/conf.py', 'docs/index.rst']);
    edit(kept, 'docs/conf.py', (t) => t.replace('    "myst_parser",\n', ''));
    const c = run(kept, ['check']);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/^docs\/conf\.py:1: docs\/not-built: Sphinx would not build \d+ Markdown pages/m);
    // The team's own pages outside docpact's sections are not reported as orphans.
    write(kept, 'docs/notes.md', '# Notes\n');
    expect(run(kept, ['check']).stdout).not.toMatch(/notes\.md/);

    // A root document not named index (master_doc = "contents"): docpact's pages link the one Sphinx builds.
    const contents = fixture('sphinx-rst');
    fs.renameSync(path.join(contents, 'docs/index.rst'), path.join(contents, 'docs/contents.rst'));
    write(contents, 'docs/conf.py', read(contents, 'docs/conf.py').replace('master_doc = "index"', 'master_doc = "contents"'));
    initKeeping(contents, ['docs/conf.py', 'docs/contents.rst']);
    expect(read(contents, 'docs/guides/getting-started.md')).toContain('{doc}`overview <../contents>`');
    expect(mustPass(contents, ['check'])).toMatch(/no problems/);
  });

  it('switches a recommonmark project to MyST by one verified edit: the strict build warns as before, and check reports no false positives', (ctx) => {
    const dir = fixture('sphinx-recommonmark');
    const built = sphinxBuild() ? sphinxWarnings(dir, 'docs') : null;
    const out = initKeeping(dir, ['docs/conf.py', 'docs/index.rst']);
    expect(out).toMatch(/^found\s+Sphinx project: docs\/conf\.py \(root docs\/index\.rst, no MyST\) — docpact joins it and switches conf\.py from recommonmark to MyST/m);
    // Never both parsers (Sphinx refuses a second ".md"): recommonmark's entry becomes myst_parser, comment and all.
    const conf = read(dir, 'docs/conf.py');
    expect(conf).toBe(
      `${fs
        .readFileSync(path.join(FIXTURES, 'sphinx-recommonmark/docs/conf.py'), 'utf8')
        .replace('    "recommonmark",  # Markdown pages\n    "sphinx.ext.autosectionlabel",\n', '    "myst_parser",  # Markdown pages\n    "sphinx.ext.autosectionlabel",\n    "sphinx.ext.graphviz",\n    "docpact_sphinx",\n')}\n# Added by docpact with MyST: notes a build without MyST never had (MyST still resolves every link).\nsuppress_warnings = ["myst.domains", "myst.header"]\n${SITE_EXTENSION_BLOCK}`,
    );
    // Footnotes, a link in an HTML comment and an autosectionlabel "page:Heading" link are not dead links: nothing to accept.
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    write(dir, 'docs/notes.md', read(dir, 'docs/notes.md').replace('<guide/setup:Steep times>', '<guide/setup:Brew times>'));
    expect(run(dir, ['check']).stdout).toMatch(/^docs\/notes\.md:5: links\/dead: link target "guide\/setup:Brew times" names a section label its page does not have/m);
    write(dir, 'docs/notes.md', read(dir, 'docs/notes.md').replace('<guide/setup:Brew times>', '<guide/setup:Steep times>'));
    if (!built) return ctx.skip();
    // Debian's python3-recommonmark builds the project as it was (CI installs it; a machine without it skips).
    if (built.warnings.some((w) => /No module named 'recommonmark'/.test(w)) && !process.env.CI) return ctx.skip();
    expect(built.code).toBe(0);
    expect(sphinxWarnings(dir, 'docs')).toEqual(built);

    // conf.py relying on recommonmark's AutoStructify is not switched blindly: the exact changes, nothing written.
    const auto = fixture('sphinx-recommonmark');
    write(auto, 'docs/conf.py', `${read(auto, 'docs/conf.py')}\nfrom recommonmark.transform import AutoStructify\n\n\ndef setup(app):\n    app.add_transform(AutoStructify)\n`);
    const before = snapshot(auto);
    const r = run(auto, ['init', '--yes', '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/docs\/conf\.py parses Markdown with recommonmark, which docpact switches to MyST only by one edit it can verify/);
    expect(r.stderr).toMatch(/^ +Replace "recommonmark" with "myst_parser" in extensions/m);
    expect(r.stderr).toMatch(/^ +Remove recommonmark's AutoStructify from setup\(\)/m);
    expect(snapshot(auto)).toEqual(before);
  });

  it('joins a plain reStructuredText project whose extensions add a domain without a new warning in its strict build', (ctx) => {
    const dir = fixture('sphinx-domain');
    const built = sphinxBuild() ? sphinxWarnings(dir, 'docs') : null;
    initKeeping(dir, ['docs/conf.py', 'docs/index.rst']);
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    mustPass(dir, ['adr', 'new', 'Render unknown tags as nothing']);
    mustPass(dir, ['docs', 'add', 'concept', 'Tags']);
    mustPass(dir, ['docs', 'term', 'Tag', 'A named value a template renders.']);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(2 ADRs/);
    if (!built) return ctx.skip();
    expect(built).toEqual({ code: 0, warnings: [] });
    // MyST resolves each Markdown link through every domain and notes (myst.domains) the ones without resolve_any_xref.
    expect(sphinxWarnings(dir, 'docs')).toEqual(built);
  });

  it('governs every series of a log4brains monorepo, one per package, each continued in MADR 2 bullets', (ctx) => {
    const dir = fixture('log4brains');
    const out = initKeeping(dir);
    expect(out).toMatch(/^found\s+ADR series: docs\/adr \(madr2, \{number\}-\{slug\}\.md, 2 ADRs/m);
    expect(out).toMatch(/^found\s+ADR series "billing": packages\/billing\/docs\/adr \(madr2/m);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(3 ADRs/);

    // The series names its deciders by name: a new ADR starts with the person writing it (git's user.name), never docpact's roles.
    execFileSync('git', ['config', 'user.name', 'Ines'], { cwd: dir });
    mustPass(dir, ['adr', 'new', 'Bill in arrears', '--series', 'billing', '--supersedes', '1']);
    const pkg = 'packages/billing/docs/adr';
    expect(read(dir, `${pkg}/0002-bill-in-arrears.md`)).toMatch(/^# Bill in arrears\n\n- Status: proposed\n- Deciders: Ines\n- Date: 2026-11-23\n- Supersedes: \[ADR-0001\]\(0001-charge-in-minor-units\.md\)\n/);
    expect(read(dir, `${pkg}/0001-charge-in-minor-units.md`)).toMatch(/^# Charge in minor units\n\n- Status: superseded by \[ADR-0002\]\(0002-bill-in-arrears\.md\)\n- Deciders: Ines\n/);
    execFileSync('git', ['config', 'user.name', 'Someone Else'], { cwd: dir });
    mustPass(dir, ['adr', 'new', 'Deploy on Fridays']);
    // Nobody the series knows: no name guessed; the series' own template.md keeps its Deciders guidance for the writer.
    expect(read(dir, 'docs/adr/0003-deploy-on-fridays.md')).toMatch(/^# Deploy on Fridays\n\n- Status: proposed\n- Deciders: \[everyone involved\]\n- Date: 2026-11-23\n\n/);
    const list = mustPass(dir, ['adr', 'list']);
    expect(list).toMatch(/^billing\s+ADR-0002\s+proposed\s+2026-11-23\s+Bill in arrears/m);
    expect(list).toMatch(/^\(main\)\s+ADR-0002\s+draft/m);
    // The repository is governed from its git root: init in a package folder says how to add it instead.
    expect(run(dir, ['init', 'packages/billing', '--yes', '--dry-run']).stderr).toMatch(/already governed by its docpact\.yaml/);
    expect(run(dir, ['adr', 'new', 'X', '--series', 'shipping']).stderr).toMatch(/There is no ADR series "shipping"\. Series: billing/);
    // --series answers from that series' vocabulary: "draft" is the main series' status, not billing's.
    expect(run(dir, ['adr', 'status', '1', 'draft', '--series', 'billing']).stderr).toMatch(/STATUS must be one of: proposed, accepted, rejected, deprecated \(got "draft"\)/);
    // Each series is checked on its own: breaking the package's index is reported there. The index sits in a
    // folder of its own, where log4brains (which lists every .md file of its ADR folder) does not read it.
    write(dir, `${pkg}/_index/index.md`, read(dir, `${pkg}/_index/index.md`).replace('| proposed |', '| accepted |'));
    expect(run(dir, ['check']).stdout).toMatch(/^packages\/billing\/docs\/adr\/_index\/index\.md:\d+: adr\/index-drift/m);
    if (!sphinxBuild()) return ctx.skip();
    sphinx(dir, 'docs/source');
  });

  it('continues a log4brains series named by date: new ADRs take the day, and ADRs sharing a day are no duplicates', () => {
    const dir = fixture('log4brains-dated');
    expect(initKeeping(dir)).toMatch(/^found\s+ADR series: docs\/adr \(madr2, \{number\}-\{slug\}\.md, 3 ADRs/m);
    expect(read(dir, 'docpact.yaml')).toMatch(/digits: 8\n\s+first: 1\n\s+numbering: date\n/);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(3 ADRs/);
    mustPass(dir, ['adr', 'new', 'Use Redis', '--supersedes', '20240315-use-postgres.md']);
    const day = DATE.replace(/-/g, '');
    expect(read(dir, `docs/adr/${day}-use-redis.md`)).toMatch(/^# Use Redis\n\n- Status: proposed\n[\s\S]*- Supersedes: \[ADR-20240315\]\(20240315-use-postgres\.md\)\n/);
    expect(read(dir, 'docs/adr/20240315-use-postgres.md')).toMatch(/^- Status: superseded by \[ADR-\d{8}\]\(\d{8}-use-redis\.md\)$/m);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(4 ADRs/);
  });

  it('keeps existing issue forms and a PR template folder, adding only what they do not cover', () => {
    const dir = fixture('forms');
    const out = initKeeping(dir);
    expect(out).toMatch(/skipped\s+\.github\/ISSUE_TEMPLATE\/bug\.yaml\s+\(\.github\/ISSUE_TEMPLATE\/bug_report\.yml covers it \("Bug report"\)\)/);
    expect(out).toMatch(/skipped\s+\.github\/ISSUE_TEMPLATE\/feature\.yaml/);
    expect(out).toMatch(/^found\s+Pull request template: \.github\/PULL_REQUEST_TEMPLATE/m);
    expect(out).toMatch(/^skipped\s+\.github\/ISSUE_TEMPLATE\/config\.yml\s+\(\.github\/ISSUE_TEMPLATE\/config\.yml is the project's; kept\)/m);
    expect(fs.readdirSync(path.join(dir, '.github/ISSUE_TEMPLATE')).sort()).toEqual(['bug_report.yml', 'chore.yaml', 'config.yml', 'docs.yaml', 'feature_request.yml']);
    expect(exists(dir, '.github/PULL_REQUEST_TEMPLATE.md')).toBe(false);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    // A re-run stays quiet about them and changes nothing.
    const before = snapshot(dir);
    expect(run(dir, ['init', '--yes', '--date', DATE]).code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('lets Markdown issue templates and forms of any name cover their kind, and reports a legacy single template', () => {
    const dir = tempRepo();
    const gh = '.github/ISSUE_TEMPLATE';
    write(dir, `${gh}/0-feature.md`, "---\nname: \"✨ New Feature\"\nabout: Suggest an idea\ntitle: \"✨\"\nlabels: 'Type: Feature'\n---\n\n## What and why\n");
    write(dir, `${gh}/BUG_REPORT.md`, '---\nname: 🐛 Bug Report\nabout: Did something not work as expected?\n---\n\n## Expected behaviour\n');
    write(dir, `${gh}/3-refactor.md`, "---\nname: ♻️ Refactor\nabout: Improve the code without changing what it does\nlabels: 'Type: Refactor'\n---\n");
    write(dir, '.github/ISSUE_TEMPLATE.md', '## Expected behaviour\n\n## Actual behaviour\n');
    const out = initKeeping(dir);
    expect(out).toMatch(/skipped\s+\.github\/ISSUE_TEMPLATE\/feature\.yaml\s+\(\.github\/ISSUE_TEMPLATE\/0-feature\.md covers it \("✨ New Feature"\)\)/);
    expect(out).toMatch(/skipped\s+\.github\/ISSUE_TEMPLATE\/bug\.yaml\s+\(\.github\/ISSUE_TEMPLATE\/BUG_REPORT\.md covers it/);
    expect(out).toMatch(/skipped\s+\.github\/ISSUE_TEMPLATE\/chore\.yaml\s+\(\.github\/ISSUE_TEMPLATE\/3-refactor\.md covers it/);
    // The repository allowed blank issues (its templates came without a config.yml): init keeps GitHub's default and says so.
    expect(out).toMatch(/^skipped\s+\.github\/ISSUE_TEMPLATE\/config\.yml\s+\(blank issues stay allowed, as they were: the project's issue templates have no config\.yml; write one with "blank_issues_enabled: false" to require a template\)$/m);
    expect(fs.readdirSync(path.join(dir, gh)).sort()).toEqual(['0-feature.md', '3-refactor.md', 'BUG_REPORT.md', 'docs.yaml']);
    expect(out).toMatch(/^found\s+Legacy issue template: \.github\/ISSUE_TEMPLATE\.md — /m);
    const checked = run(dir, ['check']);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^\.github\/ISSUE_TEMPLATE\.md:1: forms\/legacy-template: /m);

    // Forms named otherwise cover their kind too, by name or labels.
    const forms = tempRepo();
    const form = (name: string, label: string) => `name: ${name}\ndescription: ${name} for the project\nlabels: ["${label}"]\nbody:\n  - type: textarea\n    id: what\n    attributes:\n      label: What\n`;
    write(forms, `${gh}/2-feature-request.yaml`, form("'Feature Request'", 'enhancement'));
    write(forms, `${gh}/documentation.yml`, form('"📖Documentation"', 'document'));
    initKeeping(forms);
    expect(fs.readdirSync(path.join(forms, gh)).sort()).toEqual(['2-feature-request.yaml', 'bug.yaml', 'chore.yaml', 'documentation.yml']);
    // GitHub's own default templates (feature_request.md, bug_report.md) cover their kinds.
    const defaults = tempRepo();
    write(defaults, `${gh}/feature_request.md`, '---\nname: Feature request\nabout: Suggest an idea for this project\ntitle: \'\'\nlabels: \'\'\nassignees: \'\'\n---\n\n**Is your feature request related to a problem?**\n');
    write(defaults, `${gh}/bug_report.md`, '---\nname: Bug report\nabout: Create a report to help us improve\n---\n\n**Describe the bug**\n');
    initKeeping(defaults);
    expect(fs.readdirSync(path.join(defaults, gh)).sort()).toEqual(['bug_report.md', 'chore.yaml', 'docs.yaml', 'feature_request.md']);
    expect(mustPass(forms, ['check'])).toMatch(/no problems/);
  });

  it('keeps an ADR index page the team already has, and writes no second one', () => {
    const dir = fixture('adr-tools');
    const adrs = 'doc/architecture/decisions';
    write(dir, `${adrs}/README.md`, '# Decisions\n\n- [1. Record architecture decisions](0001-record-architecture-decisions.md)\n- [2. SQLite](0002-store-the-catalogue-in-sqlite.md)\n- [3. Postgres](0003-store-the-catalogue-in-postgres.md)\n');
    const out = initKeeping(dir);
    expect(out).toMatch(/its index: doc\/architecture\/decisions\/README\.md \(the project's own page, kept as it is/);
    expect(exists(dir, `${adrs}/index.md`)).toBe(false);
    expect(read(dir, 'docpact.yaml')).toMatch(/^  index: doc\/architecture\/decisions\/README\.md\n  ownIndex: true$/m);
    const readme = read(dir, `${adrs}/README.md`);
    mustPass(dir, ['adr', 'new', 'Cache the catalogue', '--supersedes', '3', ...ADR_CONTENT]);
    expect(read(dir, `${adrs}/README.md`)).toBe(readme);
    expect(read(dir, 'docs/_generated/adr/index/0000-0099.json')).toMatch(/0004-cache-the-catalogue\.md/);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(4 ADRs/);
  });

  it('takes an index.rst that lists the ADRs as the series\' own index, and picks a page beside one that does not: init, check, adr new and check --fix agree', (ctx) => {
    const adrs = 'docs/design/decisions';
    const madr2 = (title: string, status: string) => `# ${title}\n\n* Status: ${status}\n* Date: 2024-03-0${title.length % 9 || 1}\n\n## Context and Problem Statement\n\nWe needed to choose.\n\n## Considered Options\n\n* One\n* Two\n\n## Decision Outcome\n\nChosen option: "One", because it is simpler.\n`;
    const withSeries = (index: string) => {
      const dir = fixture('sphinx-rst');
      edit(dir, 'docs/index.rst', (t) => t.replace('   usage\n', '   usage\n   design/decisions/index\n'));
      write(dir, `${adrs}/0001-use-rest.md`, madr2('Use REST', 'accepted'));
      write(dir, `${adrs}/0002-store-jobs-in-postgres.md`, madr2('Store jobs in Postgres', 'accepted'));
      write(dir, `${adrs}/0003-queue-with-celery.md`, madr2('Queue with Celery', 'proposed'));
      write(dir, `${adrs}/index.rst`, index);
      return dir;
    };

    // 1. The team's index.rst lists every ADR (a glob toctree): it is the series' index; docpact writes no index.md beside it.
    const own = 'Decision log\n============\n\nThe decisions of the project.\n\n.. toctree::\n    :titlesonly:\n    :glob:\n\n    *\n';
    const dir = withSeries(own);
    const out = initKeeping(dir, ['docs/conf.py', 'docs/index.rst']);
    expect(out).toMatch(/its index: docs\/design\/decisions\/index\.rst \(the project's own page, kept as it is/);
    expect(out).not.toMatch(/decisions\/index\.md/);
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    expect(read(dir, 'docpact.yaml')).toMatch(/^  index: docs\/design\/decisions\/index\.rst\n  ownIndex: true$/m);
    expect(exists(dir, `${adrs}/index.md`)).toBe(false);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(3 ADRs/);
    mustPass(dir, ['adr', 'new', 'Cache job results', ...ADR_CONTENT]);
    expect(exists(dir, `${adrs}/0004-cache-job-results.md`)).toBe(true);
    expect(read(dir, `${adrs}/index.rst`)).toBe(own);
    expect(read(dir, 'docs/_generated/adr/index/0000-0099.json')).toMatch(/0004-cache-job-results\.md/);
    ok(run(dir, ['check', '--fix']));
    expect(exists(dir, `${adrs}/index.md`)).toBe(false);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(4 ADRs/);
    // A repository adopted before (adr.index still names index.md beside the team's index.rst): check, check --fix and
    // adr new name the setting to change, and never write a second source of the document.
    const stale = copyOf(dir);
    edit(stale, 'docpact.yaml', (t) => t.replace('index: docs/design/decisions/index.rst\n  ownIndex: true\n', 'index: docs/design/decisions/index.md\n'));
    const fix = 'in docpact.yaml set adr.index to docs/design/decisions/index.rst with adr.ownIndex: true when it lists the ADRs, else to docs/design/decisions/adr-index.md';
    expect(run(stale, ['check']).stdout).toContain(`docs/design/decisions/index.md:1: adr/index-missing: the ADR index page (adr.index in docpact.yaml) does not exist, and docpact will not create it beside docs/design/decisions/index.rst, the same document; ${fix}`);
    run(stale, ['check', '--fix']);
    expect(exists(stale, `${adrs}/index.md`)).toBe(false);
    const refused = run(stale, withDate(['adr', 'new', 'Another', ...ADR_CONTENT]));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/will not create it beside docs\/design\/decisions\/index\.rst, the same document\. In docpact\.yaml set adr\.index to docs\/design\/decisions\/index\.rst with adr\.ownIndex: true/);

    // 2. An index.rst that is some other page: docpact's index goes beside it under another name, never index.md.
    const other = withSeries('Design\n======\n\nHow the service is designed.\n');
    const said = initKeeping(other, ['docs/conf.py', 'docs/index.rst']);
    expect(said).toMatch(/its index: docs\/design\/decisions\/adr-index\.md\.$/m);
    expect(said).not.toMatch(/decisions\/index\.md/);
    expect(exists(other, `${adrs}/index.md`)).toBe(false);
    mustPass(other, ['adr', 'new', 'Cache job results', ...ADR_CONTENT]);
    expect(read(other, `${adrs}/adr-index.md`)).toMatch(/\| \[ADR-0004\]\(0004-cache-job-results\.md\) \| Cache job results \|/);
    ok(run(other, ['check', '--fix']));
    expect(exists(other, `${adrs}/index.md`)).toBe(false);
    expect(run(other, ['check']).stdout).not.toMatch(/docs\/(duplicate-source|orphan)|adr\/index-missing|generated\/drift/);

    if (!sphinxBuild()) return ctx.skip();
    const html = sphinx(dir, 'docs');
    expect(fs.existsSync(path.join(html, 'design/decisions/0004-cache-job-results.html'))).toBe(true);
  });

  it('lists every ADR series\' index from docpact\'s ADR index: a series added later is no orphan, and Sphinx builds it', (ctx) => {
    const dir = initRepo();
    edit(dir, 'docpact.yaml', (t) => t.replace(/^adr:\n/m, 'adr:\n  series:\n    - name: dec\n      path: docs/source/decisions\n      format: madr4\n'));
    mustPass(dir, ['sync']);
    mustPass(dir, ['adr', 'new', 'First', '--series', 'dec', ...ADR_CONTENT]);
    const checked = run(dir, ['check']);
    expect(checked.stdout).not.toMatch(/docs\/orphan/);
    expect(checked.code, checked.stdout).toBe(0);
    // A link GitHub shows, and the toctree the site builds in the comment GitHub hides.
    expect(read(dir, 'docs/source/adr/index.md')).toMatch(/^```\{toctree\}\n:hidden:\n:maxdepth: 1\n\n\.\.\/decisions\/index\n```\n-->\n\nOther decision series:\n\n- \[dec\]\(\.\.\/decisions\/index\.md\)\n/m);
    if (!sphinxBuild()) return ctx.skip();
    const html = sphinx(dir, 'docs/source');
    expect(fs.existsSync(path.join(html, 'decisions/0001-first.html'))).toBe(true);
  });

  it('names decision records in AsciiDoc that it does not read, and no numbered page that is not a decision', () => {
    const dir = tempRepo();
    const adoc = 'docs/modules/ROOT/pages/decisions';
    write(dir, `${adoc}/0001-serve-docs-with-antora.adoc`, '= 1. Serve docs with Antora\n\n== Status\n\nAccepted\n');
    write(dir, `${adoc}/0002-lint-prose-with-vale.adoc`, '= 2. Lint prose with Vale\n\n== Status\n\nAccepted\n');
    write(dir, `${adoc}/decision-template.adoc`, '= NNN. Title\n');
    write(dir, 'docs/chapters/01-introduction.rst', 'Introduction\n============\n');
    const out = initKeeping(dir);
    expect(out).toMatch(/^found\s+ADRs docpact does not read: docs\/modules\/ROOT\/pages\/decisions \(2 \.adoc files\) — docpact reads Markdown ADRs only, so it neither lists nor checks these; its ADR series is docs\/source\/adr, numbered from ADR-0003 on, after theirs\.$/m);
    expect(out).not.toMatch(/chapters/);
  });

  it('accepts the problems a repository already had into the baseline at init, names them, and check passes on day one', () => {
    const dir = fixture('adr-tools');
    const adr = 'doc/architecture/decisions/0002-store-the-catalogue-in-sqlite.md';
    write(dir, adr, read(dir, adr).replace('next to the service.', 'next to the service (see [the benchmark](bench/results.md)).'));
    const out = initKeeping(dir);
    expect(out).toMatch(/^Baseline: 1 problem the repository already had is accepted in \.docpact\/baseline\.json \(links\/dead 1\)/m);
    const baseline = JSON.parse(read(dir, '.docpact/baseline.json')) as { problems: { file: string; rule: string }[] };
    expect(baseline.problems.map((p) => [p.file, p.rule])).toEqual([[adr, 'links/dead']]);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    // Fixing it shows the entry is no longer needed.
    write(dir, adr, read(dir, adr).replace(' (see [the benchmark](bench/results.md))', ''));
    expect(run(dir, ['check']).stdout).toMatch(/baseline\/unused/);
  });

  it('treats a CRLF checkout (core.autocrlf=true) as unchanged, and keeps CRLF in the files it edits', () => {
    const dir = initRepo();
    mustPass(dir, ['chat', 'new', 'crlf', '--title', 'Line endings?']);
    mustPass(dir, ['chat', 'reply', 'crlf', '--as', 'engineer']);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], { cwd: dir });
    git('add', '-A');
    git('commit', '-qm', 'init');
    git('config', 'core.autocrlf', 'true');
    for (const e of fs.readdirSync(dir)) if (e !== '.git') fs.rmSync(path.join(dir, e), { recursive: true });
    git('checkout', '--', '.');
    const adr1 = 'docs/source/adr/ADR-0001-record-architecture-decisions.md';
    expect(read(dir, adr1)).toMatch(/\r\n/);
    const before = snapshot(dir);
    const again = run(dir, ['init', '--yes', '--date', DATE]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/conflict|modified/);
    expect(snapshot(dir)).toEqual(before);
    expect(mustPass(dir, ['check'])).toMatch(/no problems \(1 ADR, 1 thread,/);
    mustPass(dir, ['adr', 'new', 'Keep line endings', '--supersedes', '1']);
    const edited = read(dir, adr1);
    expect(edited).toMatch(/^- Status: Superseded\r\n/m);
    expect(edited.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(read(dir, 'docs/source/adr/index.md').replace(/\r\n/g, '')).not.toMatch(/\n/);
    mustPass(dir, ['chat', 'reply', 'crlf', '--as', 'architect']);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
  });

  it('reads an ADR whose H1 follows a UTF-8 BOM, and reports a page that is not UTF-8', () => {
    const dir = initRepo();
    const adr1 = 'docs/source/adr/ADR-0001-record-architecture-decisions.md';
    write(dir, adr1, `\uFEFF${read(dir, adr1)}`);
    expect(mustPass(dir, ['check'])).toMatch(/no problems/);
    mustPass(dir, ['adr', 'new', 'Second', '--supersedes', '1']);
    expect(fs.readFileSync(path.join(dir, adr1)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(read(dir, adr1)).toMatch(/^- Superseded by: \[ADR-0002\]/m);
    fs.writeFileSync(path.join(dir, 'docs/source/guides/getting-started.md'), Buffer.from('# Caf\xe9\n', 'latin1'));
    const r = run(dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^docs\/source\/guides\/getting-started\.md:1: docs\/encoding: not valid UTF-8/m);
  });

  it('never replaces a file docpact did not write, even with --force', () => {
    const dir = tempRepo();
    write(dir, 'docs/source/contributing.md', '# How we work\n');
    const r = run(dir, ['init', '--yes', '--force', '--date', DATE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/skipped\s+docs\/source\/contributing\.md\s+\(exists, not written by docpact; kept\)/);
    expect(read(dir, 'docs/source/contributing.md')).toBe('# How we work\n');
  });
});

describe('enabling MyST in a conf.py', () => {
  it('adds to inline lists and dicts, and refuses anything that is code', () => {
    const notes = '\n# Added by docpact with MyST: notes a build without MyST never had (MyST still resolves every link).\nsuppress_warnings = ["myst.domains"]\n';
    expect(enableMyst('extensions = []\n').text).toBe(`extensions = ["myst_parser"]\n${notes}`);
    // Items take the list's own quotes.
    expect(enableMyst("extensions = ['a', 'b']\nsource_suffix = {'.rst': 'restructuredtext'}\n").text).toBe(
      `extensions = ['a', 'b', 'myst_parser']\nsource_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}\n${notes}`,
    );
    expect(enableMyst('extensions = ["a"]\nsource_suffix = ".rst"\n').text).toBe(`extensions = ["a", "myst_parser"]\nsource_suffix = [".rst", ".md"]\n${notes}`);
    // A suppress_warnings list of the project's own gets the name appended; MyST already on is left alone.
    expect(enableMyst('extensions = []\nsuppress_warnings = ["ref.python"]\n').text).toBe('extensions = ["myst_parser"]\nsuppress_warnings = ["ref.python", "myst.domains"]\n');
    expect(enableMyst('extensions = ["myst_parser"]\n').text).toBe('extensions = ["myst_parser"]\n');
    // recommonmark is replaced, never joined: its entry becomes myst_parser, its quotes and comment kept.
    expect(enableMyst("extensions = ['recommonmark', 'x']  # md\n").text).toBe(
      "extensions = ['myst_parser', 'x']  # md\n\n# Added by docpact with MyST: notes a build without MyST never had (MyST still resolves every link).\nsuppress_warnings = [\"myst.domains\", \"myst.header\"]\n",
    );
    expect(enableMyst('from recommonmark.parser import CommonMarkParser\nextensions = []\nsource_parsers = {".md": CommonMarkParser}\n').text).toBeNull();
    expect(enableMyst('extensions = ["a"] + more\n').text).toBeNull();
    expect(enableMyst('extensions = [x for x in y]\n').text).toBeNull();
    expect(enableMyst('import x\n').text).toBeNull();
  });
});
