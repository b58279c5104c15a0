/**
 * Adopting repositories docpact had never seen, round 2 (issue #22, tester2's
 * report): an ADR folder at the repository root, docs chapters that are not
 * decisions, a monorepo package under a root series, MyST toctree options,
 * competing section labels, MkDocs themes, Read the Docs without Graphviz,
 * and an MCP entry that never fetches an unpublished package. Each fixture is
 * written here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exists, must, nygard, read, run, snapshot, tempRepo, write } from './helpers.js';

const listed = (dir: string) => JSON.parse(must(dir, ['adr', 'list', '--json']).stdout).adrs as { id: string; file: string; title: string }[];

const madr2 = (title: string, date: string) => `# ${title}\n\n- Status: accepted\n- Date: ${date}\n\n## Context and Problem Statement\n\nWe need a way.\n\n## Considered Options\n\n- One\n- Two\n\n## Decision Outcome\n\nChosen option: "One".\n`;

describe('an ADR folder at the repository root', () => {
  it('adopts log4brains with adrFolder "." : the root series is listed, continued at the root, and check passes', () => {
    const dir = tempRepo();
    write(dir, '.log4brains.yml', 'project:\n  name: Ecosystem\n  tz: UTC\n  adrFolder: .\n  packages: []\n');
    write(dir, 'README.md', '# Decisions\n\nThe records of the ecosystem.\n');
    write(dir, '20250108-use-log4brains.md', madr2('Use Log4brains to manage the ADRs', '2025-01-08'));
    write(dir, '20250109-use-madr.md', madr2('Use Markdown Architectural Decision Records', '2025-01-09'));
    const before = snapshot(dir);
    must(dir, ['init', '--yes']);
    for (const [rel, { sha }] of before) expect(snapshot(dir).get(rel)?.sha, rel).toBe(sha);
    expect(parseYaml(read(dir, 'docpact.yaml')).paths.adr).toBe('.');
    expect(listed(dir).map((a) => a.file)).toEqual(['20250108-use-log4brains.md', '20250109-use-madr.md']);
    const made = must(dir, ['adr', 'new', 'Use docpact', '--date', '2026-12-07']).stdout;
    expect(made).toMatch(/^created {4}20261207-use-docpact\.md$/m);
    expect(exists(dir, '20261207-use-docpact.md')).toBe(true);
    // log4brains reads every .md of its folder but index.md, README.md, template.md and backlog.md: docpact's index is not among them.
    expect(exists(dir, 'index.md')).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('the MCP entry init writes', () => {
  it('never lets an agent host fetch the unpublished registry name: npx --no-install, and init warns about .mcp.json', () => {
    const dir = tempRepo();
    const r = must(dir, ['init', '--yes']);
    const server = JSON.parse(read(dir, '.mcp.json')).mcpServers.docpact;
    expect(server).toEqual({ command: 'npx', args: ['--no-install', 'docpact', 'mcp', '--as', 'engineer'] });
    expect(JSON.stringify(server)).not.toMatch(/--yes|--package/);
    expect(r.stderr).toMatch(/\.mcp\.json starts docpact's MCP server with "npx --no-install docpact".*never fetches docpact@\^\d+\.\d+ from the npm registry/);
  });

  it('names a tarball URL the user gave, which is not the registry, and then has nothing to warn about .mcp.json', () => {
    const dir = tempRepo();
    const url = 'https://example.com/releases/docpact-0.1.0.tgz';
    const r = must(dir, ['init', '--yes', '--ci-docpact', url]);
    expect(JSON.parse(read(dir, '.mcp.json')).mcpServers.docpact.args).toEqual(['--yes', `--package=${url}`, '--', 'docpact', 'mcp', '--as', 'engineer']);
    expect(r.stderr).not.toContain('.mcp.json');
  });
});


describe('numbered pages that are not decisions', () => {
  it('leaves numbered guide chapters in an "architecture" folder alone: no series, no index page among them', () => {
    const dir = tempRepo();
    write(dir, '.adr-dir', 'doc/architecture/decisions\n');
    write(dir, 'doc/architecture/decisions/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions', 2024));
    write(dir, 'doc/architecture/decisions/0002-channels-are-not-reliable.md', nygard(2, 'Channels are not reliable', 2024));
    write(dir, 'doc/pages/architecture/001-intro_architecture.md', '# Introduction\n\nThe platform at a glance.\n\n## Overview\n\nSee [Components](020-components.html).\n');
    write(dir, 'doc/pages/architecture/010-design_principles.md', '# Design principles\n\n## Scalability\n\nEverything scales.\n');
    write(dir, 'doc/pages/architecture/020-components.md', '# Components\n\n## Pairing\n\nDevices pair.\n');
    const r = must(dir, ['init', '--yes', '--json']);
    const config = parseYaml(read(dir, 'docpact.yaml'));
    expect(config.paths.adr).toBe('doc/architecture/decisions');
    expect(config.adr.series).toBeUndefined();
    expect(JSON.stringify(JSON.parse(r.stdout))).not.toContain('doc/pages/architecture');
    expect(exists(dir, 'doc/pages/architecture/index.md')).toBe(false);
    expect(listed(dir).map((a) => a.title)).toEqual(['Record architecture decisions', 'Channels are not reliable']);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('doc/pages');
  });

  it('still finds a series by its content in a folder of any name, and by its name in a folder named for decisions', () => {
    const dir = tempRepo();
    write(dir, 'docs/architecture/0001-use-postgres.md', nygard(1, 'Use Postgres', 2024));
    write(dir, 'docs/architecture/0002-use-kafka.md', nygard(2, 'Use Kafka', 2024));
    write(dir, 'handbook/decisions/01-first.md', '# First\n\nWe chose the first.\n');
    write(dir, 'handbook/decisions/02-second.md', '# Second\n\nWe chose the second.\n');
    must(dir, ['init', '--yes']);
    const config = parseYaml(read(dir, 'docpact.yaml'));
    expect(config.paths.adr).toBe('docs/architecture');
    expect(config.adr.series.map((s: { path: string }) => s.path)).toEqual(['handbook/decisions']);
  });
});

describe('a package of a monorepo whose ADRs are at the root', () => {
  it('joins the repository series .adr-dir names, says so, and starts no second series nor the reference vocabulary', () => {
    const dir = tempRepo();
    write(dir, '.adr-dir', 'doc/architecture/decisions\n');
    write(dir, 'doc/architecture/decisions/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions', 2024));
    write(dir, 'doc/architecture/decisions/0002-channels-are-not-reliable.md', nygard(2, 'Channels are not reliable', 2024));
    write(dir, 'apps/pairing/README.md', '# Pairing\n');
    write(dir, 'apps/other/docs/adr/0001-use-elixir.md', nygard(1, 'Use Elixir', 2024));
    write(dir, 'apps/other/docs/adr/0002-use-mix.md', nygard(2, 'Use Mix', 2024));
    const r = must(dir, ['init', 'apps/pairing', '--yes', '--json']);
    const found: string[] = JSON.parse(r.stdout).result.found;
    expect(found.join('\n')).toMatch(/ADRs of the repository: doc\/architecture\/decisions \(named by \.adr-dir at the git root\) — apps\/pairing has none of its own/);
    const config = parseYaml(read(dir, 'docpact.yaml'));
    expect(config.preset).toBe('blank');
    expect(config.paths.adr).toBe('doc/architecture/decisions');
    expect(config.adr.series).toBeUndefined();
    expect(exists(dir, 'apps/pairing/docs/source/adr')).toBe(false);
    expect(listed(dir).map((a) => a.file)).toEqual(['0001-record-architecture-decisions.md', '0002-channels-are-not-reliable.md']);
    expect(must(dir, ['adr', 'new', 'Pair by token']).stdout).toMatch(/^created {4}doc\/architecture\/decisions\/0003-pair-by-token\.md$/m);
    // The same init again, for the package docpact.yaml names: nothing to do, not "already governed".
    const before = snapshot(dir);
    must(dir, ['init', 'apps/pairing', '--yes']);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a MyST toctree with a YAML option block', () => {
  it('reads "---" … "---" as options, not pages: no missing entries after init, and glob: applies', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Tools"\nextensions = ["myst_parser"]\n');
    write(dir, 'docs/index.md', '# Tools\n\n```{toctree}\n---\nmaxdepth: 2\ncaption: Start\n---\nintro\n```\n\n```{toctree}\n---\nglob:\n---\nhowto/*\n```\n');
    write(dir, 'docs/intro.md', '# Intro\n\nHello.\n');
    write(dir, 'docs/howto/one.md', '# One\n\nDo one.\n');
    must(dir, ['init', '--yes']);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('missing-entry');
    // docpact's sections go below the options, which stay as they were.
    expect(read(dir, 'docs/index.md')).toMatch(/^```\{toctree\}\n---\nmaxdepth: 2\ncaption: Start\n---\nintro\n/m);
    write(dir, 'docs/extra.md', '# Extra\n\n```{toctree}\n---\nmaxdepth: 1\n---\nintro\n```\n');
    const r = run(dir, ['check']);
    expect(r.stdout + r.stderr).not.toMatch(/---|maxdepth/);
  });
});

describe('section labels of a joined Sphinx project', () => {
  it('warns at init when a heading of docpact\'s pages labels the name of a project page (autosectionlabel), naming both', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Tools"\nextensions = ["myst_parser", "sphinx.ext.autosectionlabel"]\n');
    write(dir, 'docs/index.md', '# Tools\n\n```{toctree}\nconcepts\ncheat-sheet\n```\n');
    write(dir, 'docs/concepts.md', '# Key Concepts\n\nOrgs and flows.\n');
    write(dir, 'docs/cheat-sheet.md', '# Cheat sheet\n\nSee [](concepts).\n');
    const r = must(dir, ['init', '--yes', '--concepts', 'Orgs']);
    expect(read(dir, 'docs/concepts/index.md')).toMatch(/^# Concepts$/m);
    expect(r.stderr).toMatch(/Section label "concepts": the heading "Concepts" of docpact's docs\/concepts\/index\.md .*your page docs\/concepts\.md/);
    expect(r.stderr).not.toMatch(/Section label "glossary"/);
  });
});

describe('a joined Sphinx project built by Read the Docs', () => {
  const project = (rtd: string) => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Tools"\nextensions = ["myst_parser"]\n');
    write(dir, 'docs/index.md', '# Tools\n\n```{toctree}\nintro\n```\n');
    write(dir, 'docs/intro.md', '# Intro\n\nHello.\n');
    write(dir, '.readthedocs.yaml', rtd);
    return dir;
  };

  it('says at init that its .readthedocs.yaml needs Graphviz once conf.py enables sphinx.ext.graphviz, and leaves the file alone', () => {
    const rtd = 'version: 2\nbuild:\n  os: ubuntu-22.04\n  tools:\n    python: "3.9"\nsphinx:\n  configuration: docs/conf.py\n';
    const dir = project(rtd);
    const r = must(dir, ['init', '--yes']);
    expect(read(dir, 'docs/conf.py')).toContain('"sphinx.ext.graphviz"');
    expect(r.stderr).toMatch(/Read the Docs: \.readthedocs\.yaml installs no Graphviz.*apt_packages: \[graphviz\]/);
    expect(read(dir, '.readthedocs.yaml')).toBe(rtd);
  });

  it('says nothing when the Read the Docs build already installs Graphviz', () => {
    const dir = project('version: 2\nbuild:\n  os: ubuntu-22.04\n  apt_packages:\n    - graphviz\n  tools:\n    python: "3.9"\n');
    expect(must(dir, ['init', '--yes']).stderr).not.toContain('Read the Docs');
  });
});

describe('joining an MkDocs site with a theme and plugins', () => {
  it('warns at init naming what the docs job must install, pins no MkDocs below what the theme needs, and publishes no requirements file', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Tool\ntheme:\n  name: material\nplugins:\n  - search\n  - mkdocstrings:\n      default_handler: python\nmarkdown_extensions:\n  - toc\n  - pymdownx.details\n  - pymdownx.superfences\nnav:\n  - Home: index.md\n');
    write(dir, 'docs/index.md', '# Tool\n\nHello.\n');
    const r = must(dir, ['init', '--yes']);
    expect(r.stderr).toMatch(/MkDocs: mkdocs\.yml uses the theme material \(mkdocs-material\), the plugin mkdocstrings, the Markdown extension pymdownx\.\* \(pymdown-extensions\), which docs-requirements\.txt .* does not list/);
    expect(exists(dir, 'docs/requirements.txt')).toBe(false);
    const req = read(dir, 'docs-requirements.txt');
    expect(req).toMatch(/^mkdocs>=1\.4\.2,<2$/m);
    expect(read(dir, '.github/workflows/governance.yml')).toContain('pip install -r docs-requirements.txt');
  });

  it('has nothing to add for a site on MkDocs\' own theme and plugins', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Tool\ntheme: readthedocs\nplugins:\n  - search\nmarkdown_extensions:\n  - admonition\n');
    write(dir, 'docs/index.md', '# Tool\n\nHello.\n');
    expect(must(dir, ['init', '--yes']).stderr).not.toContain('MkDocs:');
  });
});

describe('a joined Sphinx project whose build needs packages of its own', () => {
  it('warns at init naming the extensions and theme the docs job does not install (CumulusCI: furo; normandy: sphinxcontrib.httpdomain)', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'import os\nproject = "Tool"\nextensions = [\n    "sphinx.ext.autodoc",\n    "sphinxcontrib.httpdomain",  # API pages\n    "myst_parser",\n]\nhtml_theme = "furo"\n');
    write(dir, 'docs/index.rst', 'Tool\n====\n\n.. toctree::\n\n   usage\n');
    write(dir, 'docs/usage.rst', 'Usage\n=====\n\nRun it.\n');
    const r = must(dir, ['init', '--yes']);
    expect(r.stderr).toMatch(/Sphinx: docs\/conf\.py uses the extension sphinxcontrib\.httpdomain and the theme furo, which docs\/requirements\.txt .* does not list/);
    expect(r.stderr).not.toMatch(/sphinx\.ext\.autodoc|myst_parser,/);
  });

  it('has nothing to add for a project on Sphinx\'s own extensions and theme', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Tool"\nextensions = ["sphinx.ext.todo"]\nhtml_theme = "alabaster"\n');
    write(dir, 'docs/index.rst', 'Tool\n====\n\n.. toctree::\n\n   usage\n');
    write(dir, 'docs/usage.rst', 'Usage\n=====\n\nRun it.\n');
    expect(must(dir, ['init', '--yes']).stderr).not.toContain('Sphinx:');
  });
});

describe('the style of the files docpact edits', () => {
  it('adds extensions to a single-quoted conf.py list in single quotes, changing nothing else', () => {
    const dir = tempRepo();
    const conf = "project = 'Tools'\nextensions = [\n    'myst_parser',\n    'sphinx.ext.autodoc',\n]\n";
    write(dir, 'docs/conf.py', conf);
    write(dir, 'docs/index.md', '# Tools\n\n```{toctree}\nintro\n```\n');
    write(dir, 'docs/intro.md', '# Intro\n\nHello.\n');
    must(dir, ['init', '--yes']);
    const after = read(dir, 'docs/conf.py');
    expect(after.startsWith("project = 'Tools'\nextensions = [\n    'myst_parser',\n    'sphinx.ext.autodoc',\n    'sphinx.ext.graphviz',\n    'docpact_sphinx',\n]\n")).toBe(true);
    expect(after).not.toMatch(/"sphinx\.ext\.graphviz"|"docpact_sphinx"/);
  });
});

describe('the nav docpact adds to mkdocs.yml', () => {
  it('indents its Governance block as the file indents its own nested sections', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Tool\nnav:\n  - Home:\n    - About: index.md\n    - Learn:\n      - Next: next.md\n');
    write(dir, 'docs/index.md', '# Tool\n\nHello.\n');
    write(dir, 'docs/next.md', '# Next\n\nOn.\n');
    must(dir, ['init', '--yes']);
    const yml = read(dir, 'mkdocs.yml');
    expect(yml.startsWith('site_name: Tool\nnav:\n  - Home:\n    - About: index.md\n    - Learn:\n      - Next: next.md\n  - Governance:\n    - Guides:\n      - guides/index.md\n')).toBe(true);
    expect(parseYaml(yml).nav[1].Governance[0]).toEqual({ Guides: ['guides/index.md', 'guides/getting-started.md'] });
  });
});
