/** How the bin reads its command line: global options anywhere, in every spelling git users type. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initRepo, read, run, tempRepo, write } from './helpers.js';

describe('global options', () => {
  it('are accepted before the command, in every spelling, as after it', () => {
    const repo = initRepo();
    const elsewhere = tempRepo(false);
    const rel = path.relative(elsewhere, repo);
    const clean = /no problems/;
    for (const args of [
      ['-C', rel, 'check'],
      ['--cwd', rel, 'check'],
      [`--cwd=${rel}`, 'check'],
      [`-C=${rel}`, 'check'],
      [`-C${rel}`, 'check'],
      ['--no-color', '-C', rel, 'check'],
      ['-C', rel, '--quiet', 'check', '--no-color'],
      ['check', `-C=${rel}`],
    ]) {
      const r = run(elsewhere, args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
      if (!args.includes('--quiet')) expect(r.stdout, args.join(' ')).toMatch(clean);
    }
    const json = run(elsewhere, ['--json', '-C', rel, 'adr', 'list']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('ADR-0001');
    expect(run(elsewhere, ['-C', rel, 'adr', 'new', 'Placed from afar', '--date', '2026-11-23']).code).toBe(0);
    expect(run(elsewhere, ['-C', rel, 'adr', 'list']).stdout).toMatch(/Placed from afar/);
    // Help and version after global options too.
    expect(run(elsewhere, ['--no-color', '--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(elsewhere, ['-C', rel, '--help']).stdout).toMatch(/Usage: docpact <command>/);
    expect(run(elsewhere, ['-C', rel, 'adr', '--help']).stdout).toMatch(/Usage: docpact adr/);
  });

  it('refuses an unknown option before the command with a did-you-mean, and a -C without its folder', () => {
    const dir = tempRepo(false);
    const typo = run(dir, ['--no-colour', 'check']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Unknown option --no-colour\. Did you mean --no-color\?/);
    const bare = run(dir, ['-C']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Option -C needs a value/);
  });
});

describe('configuration errors', () => {
  const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;

  it('name the line, the key, what was expected and what was found, with a did-you-mean for a mistyped key or value', () => {
    const dir = initRepo();
    const text = read(dir, 'docpact.yaml')
      .replace(/^ {2}digits: 4$/m, '  digits: four')
      .replace(/^project: /m, 'projct: ')
      .replace(/^ {2}format: docpact$/m, '  format: nygar')
      .replace(/^ {2}numbering: sequence$/m, '  numbring: sequence');
    write(dir, 'docpact.yaml', text);
    const r = run(dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^ {2}digits: four/)}: config/schema: adr.digits: expected a number, got "four"`);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^projct:/)}: config/schema: projct: unknown key; did you mean "project"?`);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^ {2}numbring:/)}: config/schema: adr.numbring: unknown key; did you mean "numbering"?`);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^ {2}format: nygar/)}: config/schema: adr.format: expected one of docpact, nygard, madr2, madr3, madr4, got "nygar"; did you mean "nygard"?`);
    // Every other command says the same, with the lines.
    const list = run(dir, ['adr', 'list']);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('docpact.yaml is invalid');
    expect(list.stderr).toContain(`  line ${lineOf(text, /^ {2}digits: four/)}: adr.digits: expected a number, got "four"`);
  });

  it('say what a number out of range, an empty name or a missing reason needs', () => {
    const dir = initRepo();
    write(dir, 'docpact.yaml', 'version: 1\nproject: ""\nadr:\n  digits: 9\ncheck:\n  ignore:\n    - rule: links/dead\n');
    const r = run(dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('docpact.yaml:2: config/schema: project: expected at least 1 character, got ""');
    expect(r.stdout).toContain('docpact.yaml:4: config/schema: adr.digits: expected at most 8, got 9');
    expect(r.stdout).toContain('docpact.yaml:7: config/schema: check.ignore.0.reason: every ignore entry needs a reason');
  });
});
