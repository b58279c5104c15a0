/**
 * Adopting repositories docpact had never seen, round 4 (wild4), the docs
 * side: a Sphinx project that keeps its ADR folder out of the build
 * (exclude_patterns), one in a folder no usual name finds (doc/sphinx/src),
 * a .gitignore that leaves out docs/source or the ADR folder's index.md, and
 * an rST root whose second toctree lists the ADR index already. Each fixture
 * is written here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exists, git, gitRun, must, nygard, read, run, snapshot, sphinxWarnings, tempRepo, write } from './helpers.js';

const paths = (dir: string) => parseYaml(read(dir, 'docpact.yaml')).paths as Record<string, string>;

describe("a Sphinx project whose conf.py excludes its ADR folder (exclude_patterns = ['adr/*'])", () => {
  it('lists no ADR index in the toctree and links none, says why, and the build stays free of warnings', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Runners"\nextensions = ["myst_parser"]\nexclude_patterns = [\n    "_build",\n    "adr/*",  # kept out of the site\n]\n');
    write(dir, 'docs/index.rst', 'Runners\n=======\n\n.. toctree::\n   :maxdepth: 1\n\n   intro\n');
    write(dir, 'docs/intro.md', '# Intro\n\nHello.\n');
    write(dir, 'docs/adr/0001-use-runners.md', nygard(1, 'Use runners'));
    write(dir, 'docs/adr/0002-use-queues.md', nygard(2, 'Use queues'));
    const init = must(dir, ['init', '--yes']);
    expect(init.stdout).toContain('left out by docs/conf.py (exclude_patterns), so Sphinx does not build them');
    expect(read(dir, 'docs/index.rst')).not.toMatch(/adr\/index/);
    expect(read(dir, 'docs/guides/getting-started.md')).not.toContain('adr/index');
    must(dir, ['docs', 'add', 'concept', 'Leases']);
    expect(read(dir, 'docs/concepts/leases.md')).not.toMatch(/\{doc\}`decisions/);
    expect(run(dir, ['check']).code).toBe(0);
    expect(sphinxWarnings(dir, 'docs').warnings).toEqual([]);
  });
});

describe('an MkDocs site whose exclude_docs leaves out its ADR folder', () => {
  // exclude_docs is MkDocs 1.5's (Debian's 1.4 refuses it in --strict), so the build is not run here.
  it('puts no ADR index in the nav and links none', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Runbooks\nnav:\n  - Home: index.md\nexclude_docs: |\n  adr/\n');
    write(dir, 'docs/index.md', '# Runbooks\n\nHello.\n');
    write(dir, 'docs/adr/0001-use-runbooks.md', nygard(1, 'Use runbooks'));
    write(dir, 'docs/adr/0002-use-make.md', nygard(2, 'Use make'));
    const init = must(dir, ['init', '--yes']);
    expect(init.stdout).toContain('left out by mkdocs.yml (exclude_docs), so MkDocs does not build them');
    expect(read(dir, 'mkdocs.yml').match(/adr/g)).toHaveLength(1);
    must(dir, ['docs', 'add', 'concept', 'Leases']);
    expect(read(dir, 'docs/concepts/leases.md')).not.toContain('adr/index');
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('an MkDocs nav that names a folder (mkdocs-literate-nav: "Decisions: decisions/")', () => {
  it('reaches every page under that folder: no docs/orphan', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Clinic\nplugins:\n  - literate-nav\nnav:\n  - Home: index.md\n  - Decisions: decisions/\n');
    write(dir, 'docs/index.md', '# Clinic\n\nHello.\n');
    write(dir, 'docs/decisions/index.md', '# Decisions\n\nThe records.\n');
    write(dir, 'docs/decisions/0001-use-fhir.md', nygard(1, 'Use FHIR'));
    write(dir, 'docs/decisions/0002-use-hl7.md', nygard(2, 'Use HL7'));
    // docpact's ADR index (adr-index.md beside the team's index.md) is reached through the folder entry too.
    expect(must(dir, ['init', '--yes']).stdout).toContain('its index: docs/decisions/adr-index.md');
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('docs/orphan');
    expect(run(dir, ['check']).stdout).not.toContain('docs/orphan');
  });
});

describe('a Sphinx project in a folder no usual name finds (doc/sphinx/src)', () => {
  it('is found and joined: no second Sphinx project, the blank preset', () => {
    const dir = tempRepo();
    write(dir, 'doc/sphinx/src/conf.py', 'project = "Numerics"\nextensions = []\nhtml_theme = "alabaster"\n');
    write(dir, 'doc/sphinx/src/index.rst', 'Numerics\n========\n\n.. toctree::\n   :maxdepth: 1\n\n   install\n');
    write(dir, 'doc/sphinx/src/install.rst', 'Install\n=======\n\nBuild it.\n');
    // A test's Sphinx root and a conf.py that is no Sphinx configuration are not the project.
    write(dir, 'tests/roots/basic/conf.py', 'project = "fixture"\n');
    write(dir, 'tests/roots/basic/index.rst', 'Fixture\n=======\n');
    write(dir, 'tools/conf.py', 'TIMEOUT = 3\n');
    write(dir, 'tools/index.rst', 'Tools\n=====\n');
    const init = must(dir, ['init', '--yes']);
    expect(init.stdout).toContain('Sphinx project: doc/sphinx/src/conf.py (root doc/sphinx/src/index.rst');
    const config = parseYaml(read(dir, 'docpact.yaml'));
    expect(config.preset).toBe('blank');
    expect(config.paths.docs).toBe('doc/sphinx/src');
    expect(exists(dir, 'docs/source/conf.py')).toBe(false);
    expect(read(dir, 'doc/sphinx/src/index.rst')).toContain('   guides/index\n');
    expect(run(dir, ['check']).code).toBe(0);
    expect(sphinxWarnings(dir, 'doc/sphinx/src').warnings).toEqual([]);
  });

  it('is found where the Read the Docs configuration names it', () => {
    const dir = tempRepo();
    write(dir, 'manual/pages/conf.py', 'project = "Manual"\nextensions = []\n');
    write(dir, 'manual/pages/index.rst', 'Manual\n======\n');
    write(dir, '.readthedocs.yaml', 'version: 2\nsphinx:\n  configuration: manual/pages/conf.py\n');
    must(dir, ['init', '--yes']);
    expect(paths(dir).docs).toBe('manual/pages');
  });
});

describe("a .gitignore that leaves out docpact's usual places", () => {
  it('puts docpact\'s docs tree where git keeps it when docs/source is ignored (a team\'s generated API docs)', () => {
    const dir = tempRepo();
    write(dir, '.gitignore', '# Doc from code\ndocs/source/\n');
    write(dir, 'docs/adr/0001-use-django.md', nygard(1, 'Use Django'));
    const init = must(dir, ['init', '--yes']);
    expect(init.stderr).not.toContain('ignores');
    const docs = paths(dir).docs;
    expect(docs).not.toBe('docs/source');
    expect(exists(dir, 'docs/source')).toBe(false);
    expect(exists(dir, `${docs}/conf.py`)).toBe(true);
    expect(gitRun(dir, 'check-ignore', '-q', `${docs}/index.md`).code).toBe(1);
    // Everything init wrote is in a plain commit: a clone has the docs.
    git(dir, 'add', '-A');
    const status = git(dir, 'status', '--porcelain', '--ignored', docs);
    expect(status).toMatch(/^A {2}.*conf\.py$/m);
    expect(status).not.toMatch(/^!!/m);
    must(dir, ['docs', 'add', 'concept', 'Leases']);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all', `${docs}/concepts`)).toMatch(/leases\.md/);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it("gives the ADR index another name when the team's .gitignore leaves out the folder's index.md (their tool regenerates it)", () => {
    const dir = tempRepo();
    write(dir, '.gitignore', 'docs/decisions/index.md\n');
    write(dir, '.adr-dir', 'docs/decisions\n');
    write(dir, 'docs/decisions/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    write(dir, 'docs/decisions/0002-use-mkdocs.md', nygard(2, 'Use MkDocs'));
    const init = must(dir, ['init', '--yes']);
    expect(init.stdout).toContain('its index: docs/decisions/adr-index.md');
    expect(exists(dir, 'docs/decisions/index.md')).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('an rST root document with several toctrees', () => {
  it('lists no page a later toctree lists already (the ADR index under "Administrative")', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Folio"\nextensions = []\n');
    const root = 'Folio\n=====\n\n.. toctree::\n   :caption: Apps\n\n   apps/index.rst\n\n.. toctree::\n   :caption: Administrative\n\n   adr/index.rst\n';
    write(dir, 'docs/index.rst', root);
    write(dir, 'docs/apps/index.rst', 'Apps\n====\n');
    write(dir, 'docs/adr/index.rst', 'Decisions\n=========\n\n.. toctree::\n   :glob:\n\n   0*\n');
    write(dir, 'docs/adr/001-use-folio.md', '# Use Folio\n\n* Status: accepted\n* Date: 2026-01-01\n\n## Context and Problem Statement\n\nWhy.\n\n## Decision Outcome\n\nFolio.\n');
    write(dir, 'docs/adr/002-use-okapi.md', '# Use Okapi\n\n* Status: accepted\n* Date: 2026-01-02\n\n## Context and Problem Statement\n\nWhy.\n\n## Decision Outcome\n\nOkapi.\n');
    const before = snapshot(dir);
    must(dir, ['init', '--yes']);
    expect(snapshot(dir).get('docs/adr/index.rst')?.sha).toBe(before.get('docs/adr/index.rst')?.sha);
    const after = read(dir, 'docs/index.rst');
    expect(after.match(/adr\/index/g)).toHaveLength(1);
    expect(after.startsWith(root.slice(0, root.indexOf('\n\n.. toctree::\n   :caption: Administrative')))).toBe(true);
  });
});
