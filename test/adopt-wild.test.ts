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
import { exists, ok, read, run, snapshot, tempRepo, withDate, write } from './helpers.js';

const must = (dir: string, args: string[]) => ok(run(dir, withDate(args)));
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
