/**
 * Adopting repositories docpact had never seen, round 3 (wild3): a Sphinx
 * project whose rST decision records live where docpact would start its own
 * series, a section index the project writes in rST, an ADR series whose
 * index is the team's own page, and an MkDocs site that keeps pages out of
 * its nav on purpose. Each fixture is written here, small, from what those
 * repositories do.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exists, must, oneLine, read, run, snapshot, sphinxWarnings, tempRepo, write } from './helpers.js';


const rstAdr = (n: number, title: string) => `${n}. ${title}\n${'='.repeat(String(n).length + 2 + title.length)}\n\nStatus\n------\n\nAccepted\n\nContext\n-------\n\nWhy.\n\nDecision\n--------\n\nWhat.\n`;

/** A Sphinx project with an rST root, its ADRs in rST in docs/source/adr, listed by a glob toctree there. */
function sphinxWithRstAdrs(): string {
  const dir = tempRepo();
  write(dir, 'docs/source/conf.py', 'project = "Tariffs"\nextensions = []\nexclude_patterns = []\n');
  write(dir, 'docs/source/index.rst', 'Tariffs\n=======\n\n.. toctree::\n   :maxdepth: 1\n\n   adr/index\n');
  write(dir, 'docs/source/adr/index.rst', 'Architectural Decision Records\n==============================\n\n.. toctree::\n   :maxdepth: 1\n   :glob:\n\n   *\n');
  write(dir, 'docs/source/adr/0001-record-architecture-decisions.rst', rstAdr(1, 'Record architecture decisions'));
  write(dir, 'docs/source/adr/0002-use-pytest.rst', rstAdr(2, 'Use pytest'));
  return dir;
}

describe('a Sphinx project whose rST decision records are in the folder docpact would use for its series', () => {
  it('starts docpact\'s series in a folder of its own: no second ADR-0001 among theirs, no baseline, and adr new works', () => {
    const dir = sphinxWithRstAdrs();
    const theirs = snapshot(dir);
    const init = must(dir, ['init', '--yes']);
    for (const [rel, { sha }] of theirs) if (rel.startsWith('docs/source/adr/')) expect(snapshot(dir).get(rel)?.sha, rel).toBe(sha);
    const adrDir = parseYaml(read(dir, 'docpact.yaml')).paths.adr as string;
    expect(adrDir).not.toBe('docs/source/adr');
    expect(adrDir.startsWith('docs/source/')).toBe(true);
    expect(init.stdout).toContain(`ADRs docpact does not read: docs/source/adr (2 .rst files)`);
    // wild4 D8: their records are numbered 1 and 2, so docpact's go on from 3 (one number, one decision in the site).
    expect(init.stdout).toContain(`its ADR series is ${adrDir}, numbered from ADR-0003 on, after theirs.`);
    // Nothing of docpact's own making is accepted as a problem the repository already had.
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
    const made = must(dir, ['adr', 'new', 'Use Postgres', '--context', 'Why.', '--decision', 'What.', '--consequences', 'So.', '--alternatives', 'None.']);
    expect(made.stdout).toContain(`created    ${adrDir}/ADR-0004-use-postgres.md`);
    expect(run(dir, ['check']).code).toBe(0);
    const built = sphinxWarnings(dir, 'docs/source');
    expect(built.warnings).toEqual([]);
  });
});

describe('a joined Sphinx project whose section index is its own index.rst', () => {
  /** A Sphinx project of rST pages in docs/, its front page listing concepts/index. */
  const eventsProject = () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Events"\nextensions = []\nexclude_patterns = ["_build"]\n');
    write(dir, 'docs/index.rst', 'Events\n======\n\n.. toctree::\n   :maxdepth: 2\n\n   concepts/index\n');
    return dir;
  };

  it('docs add lists the new page in that rST toctree, changing only that line, and the build and check pass', () => {
    const dir = eventsProject();
    const index = '.. _Concepts:\n\nConcepts\n========\n\n.. toctree::\n   :maxdepth: 1\n   :caption: Contents:\n\n   event-bus\n';
    write(dir, 'docs/concepts/index.rst', index);
    write(dir, 'docs/concepts/event-bus.rst', 'Event bus\n=========\n\nHow events travel.\n');
    write(dir, 'docs/glossary.rst', 'Glossary\n========\n\n.. glossary::\n\n   Event\n      Something that happened.\n');
    must(dir, ['init', '--yes']);
    expect(exists(dir, 'docs/concepts/index.md')).toBe(false);
    // docpact's own pages link the project's concepts/index.rst and glossary.rst: no dead link of docpact's making is baselined.
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    expect(read(dir, 'docs/guides/getting-started.md')).toContain('[glossary](../glossary.rst)');
    const r = must(dir, ['docs', 'add', 'concept', 'Leases']);
    expect(r.stdout).toMatch(/^created {4}docs\/concepts\/leases\.md$/m);
    expect(r.stdout).toMatch(/^modified {3}docs\/concepts\/index\.rst/m);
    expect(read(dir, 'docs/concepts/index.rst')).toBe(index.replace('   event-bus\n', '   event-bus\n   leases\n'));
    expect(read(dir, 'docs/concepts/leases.md')).toContain('Back to [concepts](index.rst).');
    expect(run(dir, ['check']).code).toBe(0);
    expect(sphinxWarnings(dir, 'docs').warnings).toEqual([]);
    // Run again for another page: one more line, nothing else.
    must(dir, ['docs', 'add', 'concept', 'Quotas']);
    expect(read(dir, 'docs/concepts/index.rst')).toBe(index.replace('   event-bus\n', '   event-bus\n   leases\n   quotas\n'));
  });

  it('docs add leaves a glob toctree that already takes the page as it is', () => {
    const dir = eventsProject();
    const index = 'Concepts\n========\n\n.. toctree::\n   :glob:\n\n   *\n';
    write(dir, 'docs/concepts/index.rst', index);
    write(dir, 'docs/concepts/event-bus.rst', 'Event bus\n=========\n\nHow events travel.\n');
    must(dir, ['init', '--yes']);
    must(dir, ['docs', 'add', 'concept', 'Leases']);
    expect(read(dir, 'docs/concepts/index.rst')).toBe(index);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('docs term names the project\'s glossary.rst, which docpact does not edit, instead of sending the user to init', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Events"\nextensions = []\n');
    write(dir, 'docs/index.rst', 'Events\n======\n\n.. toctree::\n\n   glossary\n');
    write(dir, 'docs/glossary.rst', 'Glossary\n========\n\n.. glossary::\n\n   Event\n      Something that happened.\n');
    must(dir, ['init', '--yes']);
    const before = snapshot(dir);
    const r = run(dir, ['docs', 'term', 'Lease', 'A time-bound claim.']);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain('docs/glossary.rst');
    expect(r.stderr).not.toContain('docpact init');
    expect(snapshot(dir)).toEqual(before);
  });
});

const madr = (title: string) => `# ${title}\n\n- Status: accepted\n- Date: 2024-02-07\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n- One\n\n## Decision Outcome\n\nChosen option: "One".\n`;

describe('an MkDocs site that keeps pages out of its nav on purpose', () => {
  it('reports no orphan for a page not_in_nav or exclude_docs names, and still reports one they do not name', () => {
    const dir = tempRepo();
    write(
      dir,
      'mkdocs.yml',
      'site_name: Decisions\nnav:\n  - Home: index.md\n  - Records:\n    - adr/0001-use-madr.md\n    - adr/0002-version-points.md\nnot_in_nav: |\n  _*.md\nexclude_docs: |\n  /adr/scratch/\n',
    );
    write(dir, 'docs/index.md', '# Decisions\n\nThe records.\n');
    write(dir, 'docs/adr/0001-use-madr.md', madr('Use MADR'));
    write(dir, 'docs/adr/0002-version-points.md', madr('Version decision points'));
    write(dir, 'docs/adr/_template.md', '# Title\n\nA template, included elsewhere and kept out of the nav.\n');
    write(dir, 'docs/adr/scratch/idea.md', '# An idea\n\nNot built at all.\n');
    write(dir, 'docs/adr/notes.md', '# Notes\n\nForgotten by the nav.\n');
    must(dir, ['init', '--yes']);
    const accepted = JSON.parse(read(dir, '.docpact/baseline.json')).problems.map((p: { file: string; rule: string }) => `${p.file} ${p.rule}`);
    expect(accepted).toEqual(['docs/adr/notes.md docs/orphan']);
  });
});

describe('an ADR series whose index is the team\'s own page in an MkDocs site', () => {
  it('adr new says to list the new ADR there, with the line to add, and check passes once it is added', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Decisions\nnav:\n  - Home: index.md\n  - Decision Records: adr/index.md\n');
    write(dir, 'docs/index.md', '# Decisions\n\nThe records.\n');
    write(dir, 'docs/adr/0001-use-madr.md', madr('Use MADR'));
    write(dir, 'docs/adr/0002-version-points.md', madr('Version decision points'));
    const index = '# Decision Records\n\n## Accepted Records\n\n- [0001 - Use MADR](0001-use-madr.md)\n- [0002 - Version decision points](0002-version-points.md)\n';
    write(dir, 'docs/adr/index.md', index);
    must(dir, ['init', '--yes']);
    expect(parseYaml(read(dir, 'docpact.yaml')).adr.ownIndex).toBe(true);
    expect(run(dir, ['check']).code).toBe(0);
    const r = must(dir, ['adr', 'new', 'Use namespaces', '--context', 'Why.', '--decision', 'What.', '--consequences', 'So.', '--alternatives', 'None.']);
    expect(read(dir, 'docs/adr/index.md')).toBe(index);
    const line = /docs\/adr\/index\.md[^\n]*docpact does not edit[^\n]*: add\s+(- \[[^\n]+\]\(0003-use-namespaces\.md\))/.exec(r.stderr);
    expect(line, r.stderr).not.toBeNull();
    expect(run(dir, ['check']).code).toBe(1);
    write(dir, 'docs/adr/index.md', `${index}${(line as RegExpExecArray)[1]}\n`);
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('a GitHub Pages (Jekyll) site in docs/', () => {
  it('init says that Jekyll would publish docpact\'s Sphinx pages as they are, and how to exclude them', () => {
    const dir = tempRepo();
    write(dir, 'docs/_config.yml', 'remote_theme: pmarsceill/just-the-docs\ntitle: Platform docs\nsearch_enabled: true\n');
    write(dir, 'docs/index.md', '---\nnav_order: 1\n---\n# Platform docs\n\nHow the platform works.\n');
    const r = must(dir, ['init', '--yes']);
    const docs = parseYaml(read(dir, 'docpact.yaml')).paths?.docs ?? 'docs/source';
    expect(docs.startsWith('docs/')).toBe(true);
    const folder = docs.slice('docs/'.length);
    expect(r.stderr).toMatch(new RegExp(`docs/_config\\.yml.*Jekyll.*${folder}.*exclude`, 's'));
    expect(read(dir, 'docs/_config.yml')).toBe('remote_theme: pmarsceill/just-the-docs\ntitle: Platform docs\nsearch_enabled: true\n');
    expect(r.stderr).toContain(`Add to docs/_config.yml:  exclude: [${folder}]`);
  });

  it('asks to extend an exclude: list the site has, not to add a second one (which would drop its entries)', () => {
    const dir = tempRepo();
    write(dir, 'docs/_config.yml', 'title: Platform docs\nexclude:\n  - vendor\n');
    write(dir, 'docs/index.md', '# Platform docs\n\nHow the platform works.\n');
    const r = must(dir, ['init', '--yes']);
    const folder = (parseYaml(read(dir, 'docpact.yaml')).paths?.docs ?? 'docs/source').slice('docs/'.length);
    expect(r.stderr).toContain(`Add ${folder} to the exclude: list of docs/_config.yml`);
    expect(r.stderr).not.toContain('exclude: [');
  });
});
