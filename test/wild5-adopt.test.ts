/**
 * Adopting repositories docpact had never seen, round 5 (wild5): an ADR
 * folder inside a Hugo site's content tree, where an index.md makes the
 * folder a leaf bundle and hides every ADR from the site. Each fixture is
 * written here, small, from what those repositories do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exists, must, nygard, read, run, tempRepo, withDate, write } from './helpers.js';


describe('an ADR folder inside a Hugo content tree (_docs/content/adr, hugo.toml in config/_default)', () => {
  // Hugo takes a folder holding index.md for a leaf bundle: its other Markdown files become the bundle's
  // resources, not pages, so an index.md there would drop every ADR from the site.
  it.each([
    ['config/_default/hugo.toml', "baseURL = 'https://example.org/'\ntitle = 'Weaver'\n"],
    ['hugo.yaml', 'baseURL: https://example.org/\ntitle: Weaver\n'],
    ['config.toml', 'baseurl = "https://example.org/"\ntheme = "book"\n'],
  ])('with %s: the ADR index is adr-index.md, never index.md', (config, text) => {
    const dir = tempRepo();
    write(dir, `_docs/${config}`, text);
    write(dir, '_docs/content/_index.md', '---\ntitle: Weaver\n---\n\nHello.\n');
    write(dir, '.adr-dir', '_docs/content/adr\n');
    write(dir, '_docs/content/adr/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    write(dir, '_docs/content/adr/0002-aspect-order.md', nygard(2, 'Aspect order'));
    const init = must(dir, ['init', '--yes']);
    expect(init.stdout).toContain('its index: _docs/content/adr/adr-index.md');
    expect(exists(dir, '_docs/content/adr/index.md')).toBe(false);
    expect(read(dir, '_docs/content/adr/adr-index.md')).toContain('0002-aspect-order.md');
    must(dir, ['adr', 'new', 'Weave once']);
    expect(exists(dir, '_docs/content/adr/index.md')).toBe(false);
    expect(read(dir, '_docs/content/adr/adr-index.md')).toContain('0003-weave-once.md');
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('a content/ folder without a Hugo configuration beside it keeps index.md', () => {
    const dir = tempRepo();
    write(dir, 'site/config.toml', 'timeout = 3\n');
    write(dir, '.adr-dir', 'site/content/adr\n');
    write(dir, 'site/content/adr/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    expect(must(dir, ['init', '--yes']).stdout).toContain('its index: site/content/adr/index.md');
  });
});

describe('an .adr-dir naming a folder that holds no ADRs yet (adr-tools set up, its records moved away)', () => {
  it.each([
    ['a folder that does not exist', (_dir: string) => {}],
    ['an empty folder kept by .gitkeep', (dir: string) => write(dir, 'docs/architecture/decisions/.gitkeep', '')],
  ])('with %s: docpact starts its series there, as adr-tools would, not a second folder beside it', (_what, setup) => {
    const dir = tempRepo();
    write(dir, '.adr-dir', 'docs/architecture/decisions\n');
    write(dir, 'README.md', '# Backend\n');
    setup(dir);
    must(dir, ['init', '--yes']);
    const adr = must(dir, ['adr', 'new', 'Use queues']);
    expect(adr.stdout).toContain('docs/architecture/decisions/0001-use-queues.md');
    expect(read(dir, 'docs/architecture/decisions/0001-use-queues.md')).toMatch(/^# 1\. Use queues$/m);
    expect(exists(dir, 'docs/source/adr')).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('an ADR folder a Structurizr workspace imports (workspace.dsl: !adrs doc/adr)', () => {
  // Structurizr's adr-tools importer reads every .md file of that folder as an ADR and takes its first four
  // characters for the number: an index.md there ("inde") stops the whole workspace from loading.
  it('keeps the folder to the ADRs: the index is beside workspace.dsl, and adr new and check work with it there', () => {
    const dir = tempRepo();
    write(dir, 'docs/structurizr/workspace.dsl', 'workspace "Shop" {\n    !docs doc\n    !adrs "doc/adr"\n\n    model {\n        user = person "User"\n    }\n}\n');
    write(dir, 'docs/structurizr/doc/1-overview.md', '## Overview\n\nThe shop.\n');
    write(dir, 'docs/structurizr/doc/adr/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    write(dir, 'docs/structurizr/doc/adr/0002-use-a-firewall.md', nygard(2, 'Use a firewall'));
    const init = must(dir, ['init', '--yes']);
    expect(init.stdout).toContain('its index: docs/structurizr/adr-index.md');
    must(dir, ['adr', 'new', 'Use queues']);
    const md = (rel: string) => fs.readdirSync(path.join(dir, rel)).filter((n) => n.endsWith('.md')).sort();
    // Only NNNN-*.md files in the imported folder; nothing new in the !docs folder either.
    expect(md('docs/structurizr/doc/adr')).toEqual(['0001-record-architecture-decisions.md', '0002-use-a-firewall.md', '0003-use-queues.md']);
    expect(md('docs/structurizr/doc')).toEqual(['1-overview.md']);
    expect(read(dir, 'docs/structurizr/adr-index.md')).toContain('(doc/adr/0003-use-queues.md)');
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('an .adr-dir naming a folder of records docpact does not read (0001-x.rst)', () => {
  it('is no empty folder to start in: docpact numbers its own series after theirs elsewhere', () => {
    const dir = tempRepo();
    write(dir, '.adr-dir', 'docs/decisions\n');
    write(dir, 'docs/decisions/0001-use-rst.rst', '1. Use rST\n==========\n\nAccepted.\n');
    write(dir, 'docs/decisions/0002-use-sphinx.rst', '2. Use Sphinx\n=============\n\nAccepted.\n');
    must(dir, ['init', '--yes']);
    const adr = must(dir, ['adr', 'new', 'Use queues']);
    // Its first record is ADR-0003 (record architecture decisions), so this one is ADR-0004.
    expect(adr.stdout).not.toContain('docs/decisions/');
    expect(adr.stdout).toMatch(/ADR-0004/);
  });
});

describe("a MADR template whose status is the choice list without brackets (status: proposed | rejected | accepted | … | superseded by [ADR-0001](…))", () => {
  // A Docusaurus docs tree's decisions (simnova/sharethrift): the list read as its first word, "proposed", so adr new left it as it was.
  const madr = (n: number, title: string) => `---\nsidebar_position: ${n}\nstatus: accepted\ndate: 2024-04-1${n}\ndeciders: Ana\n---\n\n# ${title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* A\n\n## Decision Outcome\n\nChosen option: A.\n`;
  it('is template text: adr new writes the status, and check reports a record that kept the list', () => {
    const dir = tempRepo();
    write(dir, 'docs/decisions/0001-use-madr.md', madr(1, 'Use MADR'));
    write(dir, 'docs/decisions/0002-use-maps.md', madr(2, 'Use maps'));
    write(dir, 'docs/decisions/adr-template.md', '---\nsidebar_position: 99\nstatus: proposed | rejected | accepted | deprecated | … | superseded by [ADR-0001](0001-use-madr.md)\ndate: YYYY-MM-DD\ndeciders: list everyone involved\n---\n\n# short title of solved problem and solution\n\n## Context and Problem Statement\n\nDescribe the context.\n\n## Considered Options\n\n* title of option 1\n\n## Decision Outcome\n\nChosen option: "title of option 1".\n');
    must(dir, ['init', '--yes']);
    must(dir, ['adr', 'new', 'Use queues']);
    const text = read(dir, 'docs/decisions/0003-use-queues.md');
    expect(text).toMatch(/^status: proposed$/m);
    expect(text).not.toContain('rejected | accepted');
    write(dir, 'docs/decisions/0004-keep-the-list.md', madr(4, 'Keep the list').replace('status: accepted', 'status: proposed | rejected | accepted'));
    expect(run(dir, ['check']).stdout).toMatch(/0004-keep-the-list\.md:\d+: adr\/unknown-status/);
  });

  it('keeps the other guidance of the template\'s front matter (contact: person proposing the ADR) and names it, not a constant a site needs', () => {
    const dir = tempRepo();
    write(dir, 'docs/decisions/0001-use-madr.md', madr(1, 'Use MADR'));
    write(dir, 'docs/decisions/0002-use-maps.md', madr(2, 'Use maps'));
    write(dir, 'docs/decisions/adr-template.md', '---\nsidebar_position: 99\nlayout: adr\nparent: Architecture Decision Records\nstatus: proposed\ndate: YYYY-MM-DD\ndeciders: list everyone involved\nconsulted: {list everyone whose opinions are sought}\ncontact: person proposing the ADR\n---\n\n# short title of solved problem and solution\n\n## Context and Problem Statement\n\nDescribe the context.\n\n## Considered Options\n\n* title of option 1\n\n## Decision Outcome\n\nChosen option: "title of option 1".\n');
    must(dir, ['init', '--yes']);
    const made = run(dir, withDate(['adr', 'new', 'Use queues', '--deciders', 'Ana, Bo']));
    expect(made.code, made.stderr).toBe(0);
    const text = read(dir, 'docs/decisions/0003-use-queues.md');
    expect(text).toMatch(/^contact: person proposing the ADR$/m);
    expect(text).toMatch(/^deciders: Ana, Bo$/m);
    expect(text).toMatch(/^parent: Architecture Decision Records$/m);
    const said = made.stdout + made.stderr;
    expect(said).toMatch(/0003-use-queues\.md: consulted, contact in its front matter still hold the guidance of docs\/decisions\/adr-template\.md/);
    expect(said).not.toMatch(/\b(layout|parent|deciders), /);
  });

  it('is read in linear time: a status of 400,000 "[" then "]|" does not hold check, and is no choice list', () => {
    const dir = tempRepo();
    write(dir, 'docs/decisions/0001-use-madr.md', madr(1, 'Use MADR'));
    write(dir, 'docs/decisions/0002-use-maps.md', madr(2, 'Use maps'));
    must(dir, ['init', '--yes']);
    // Looking for a "|" inside brackets, the pattern rescanned from every "[": this status took check minutes.
    write(dir, 'docs/decisions/0003-hostile.md', madr(3, 'Hostile').replace('status: accepted', `status: accepted ${'['.repeat(400_000)}]|`));
    const checked = run(dir, ['check', '--no-cache'], { timeout: 30_000 }); // killed: code -1
    expect(checked.code, checked.stderr).toBe(1);
    // No "|" inside an open bracket: no choice list, the status is its first word; the new ADR is only missing from the index.
    expect(checked.stdout).toMatch(/adr\/index-drift/);
    expect(checked.stdout).not.toMatch(/0003-hostile\.md:\d+: adr\/unknown-status/);
  }, 90_000);
});

describe('numbered records of another kind beside the ADRs (docs/threat-assessments/0001-x.md with status: front matter)', () => {
  // simnova/sharethrift: security requirements and threat assessments, written from a MADR-like template (status, deciders,
  // "Context and Problem Statement") but deciding nothing. They became two more ADR series, with an "Architecture decisions"
  // index.md written into each folder of the team's site and 46 missing-section problems.
  const record = (n: number, title: string) => `---\nsidebar_position: ${n}\nstatus: pending\ndeciders: Ana\n---\n\n# ${title}\n\n## Threat Assessment Overview\n\nWhat.\n\n## Context and Problem Statement\n\nWhy.\n\n## Compensating Controls\n\nHow.\n`;
  const madr = (n: number, title: string) => `---\nstatus: accepted\ndate: 2024-04-1${n}\n---\n\n# ${title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* A\n\n## Decision Outcome\n\nChosen option: A.\n`;
  it('are no ADR series: no index written among them, no problem reported on them', () => {
    const dir = tempRepo();
    write(dir, 'docs/decisions/0001-use-madr.md', madr(1, 'Use MADR'));
    write(dir, 'docs/decisions/0002-use-maps.md', madr(2, 'Use maps'));
    write(dir, 'docs/threat-assessments/0001-code-scanning.md', record(1, 'Code scanning'));
    write(dir, 'docs/threat-assessments/0002-secret-scanning.md', record(2, 'Secret scanning'));
    write(dir, 'docs/threat-assessments/0003-dependency-alerts.md', record(3, 'Dependency alerts'));
    const init = must(dir, ['init', '--yes']);
    expect(init.stdout).toContain('ADR series: docs/decisions');
    expect(init.stdout).not.toContain('threat-assessments');
    expect(exists(dir, 'docs/threat-assessments/index.md')).toBe(false);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('threat-assessments');
  });
});

describe("a team template's front matter titles and places pages for the site (JabRef's just-the-docs: title: ADR Template, nav_order: 100)", () => {
  // JabRef/jabref, simnova/sharethrift: every new ADR was a page called "ADR Template" at the template's place in the navigation.
  const record = (n: number, title: string) => `---\nnav_order: ${n}\nparent: Decision Records\n---\n# ${title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* A\n\n## Decision Outcome\n\nChosen option: "A", because it works.\n`;
  it('sets the title and place keys to the new ADR\'s title and number, and keeps the rest of the template', () => {
    const dir = tempRepo();
    write(dir, 'docs/decisions/0001-use-markdown.md', record(1, 'Use Markdown Architectural Decision Records'));
    write(dir, 'docs/decisions/0002-use-java.md', record(2, 'Use Java'));
    write(dir, 'docs/decisions/adr-template.md', '---\ntitle: ADR Template # Remove it when creating a new ADR\nnav_order: 100 # Replace this with the number of the ADR\nparent: Decision Records\n---\n# {short title, representative of solved problem and found solution}\n\n## Context and Problem Statement\n\n{Describe the context and problem statement.}\n\n## Considered Options\n\n* {title of option 1}\n\n## Decision Outcome\n\nChosen option: "{title of option 1}", because {justification}.\n');
    must(dir, ['init', '--yes']);
    must(dir, ['adr', 'new', 'Use queues']);
    const text = read(dir, 'docs/decisions/0003-use-queues.md');
    const front = text.split('---')[1];
    expect(front).toMatch(/^title: Use queues$/m);
    expect(front).toMatch(/^nav_order: 3$/m);
    expect(front).toMatch(/^parent: Decision Records$/m);
    expect(text).not.toContain('ADR Template');
    expect(text).not.toContain('nav_order: 100');
    expect(text).toMatch(/^# Use queues$/m);
  });
});
