/**
 * Joining a site that has a Contributing page of its own: docpact's page
 * (the change workflow) is listed under a title of its own, so the site's
 * nav or sidebar does not show "Contributing" twice (tester2: hatch, dkan,
 * aws-sdk-pandas). Fixtures are written here.
 */
import { describe, expect, it } from 'vitest';
import { buildMkdocs, mkdocsBin, read, run, snapshot, sphinxBuild, sphinxWarnings, tempRepo, withDate, write } from './helpers.js';

function init(dir: string): void {
  const r = run(dir, withDate(['init', '--yes']));
  expect(r.code, r.stderr).toBe(0);
}

describe('a site with its own Contributing page', () => {
  it('MkDocs: docpact lists its page as "Change workflow" in the Governance nav, once; the build passes and a second init changes nothing', (ctx) => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Hatchling\nnav:\n  - Home: index.md\n  - Community:\n    - Contributing: community/contributing.md\n');
    write(dir, 'docs/index.md', '# Hatchling\n\nSee [contributing](community/contributing.md).\n');
    write(dir, 'docs/community/contributing.md', '# Contributing\n\nOpen a pull request.\n');
    init(dir);
    const yml = read(dir, 'mkdocs.yml');
    expect(yml).toMatch(/^ +- Change workflow: contributing\.md$/m);
    expect(yml.match(/Contributing:/g)).toHaveLength(1);
    const before = snapshot(dir);
    init(dir);
    expect(snapshot(dir)).toEqual(before);
    expect(run(dir, ['check']).code).toBe(0);
    if (!mkdocsBin()) return ctx.skip();
    const built = buildMkdocs(dir);
    expect(built.code, built.stderr).toBe(0);
  });

  it('Sphinx: the root toctree gets "Change workflow <contributing>", once; sphinx-build -W passes and a second init changes nothing', (ctx) => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "dkan"\nextensions = []\n');
    write(dir, 'docs/index.rst', 'dkan\n====\n\n.. toctree::\n   :maxdepth: 1\n\n   user-guide\n   Contributing <contributing/index>\n');
    write(dir, 'docs/user-guide.rst', 'User guide\n==========\n\nUse it.\n');
    write(dir, 'docs/contributing/index.rst', 'Contributing\n============\n\nOpen a pull request.\n');
    init(dir);
    const root = read(dir, 'docs/index.rst');
    expect(root).toMatch(/^ {3}Change workflow <contributing>$/m);
    expect(root).not.toMatch(/^ {3}contributing$/m);
    const before = snapshot(dir);
    init(dir);
    expect(snapshot(dir)).toEqual(before);
    expect(run(dir, ['check']).code).toBe(0);
    if (!sphinxBuild()) return ctx.skip();
    expect(sphinxWarnings(dir, 'docs')).toEqual({ code: 0, warnings: [] });
  });

  it('keeps "Contributing" for docpact\'s page where the site has none', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Plain\nnav:\n  - Home: index.md\n');
    write(dir, 'docs/index.md', '# Plain\n');
    init(dir);
    expect(read(dir, 'mkdocs.yml')).toMatch(/^ +- Contributing: contributing\.md$/m);
  });
});
