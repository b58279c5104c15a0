/** How the bin reads its command line: global options anywhere, in every spelling git users type. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initRepo, run, tempRepo } from './helpers.js';

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
